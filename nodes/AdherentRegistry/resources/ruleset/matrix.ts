import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { ledgerOf } from '../../../shared/dispatch';
import { isIncidentType, type Incident } from '../../../shared/incident';
import type { Adherent, RegistryStore } from '../../../shared/registry';
import {
	centroidsOf,
	compareRulesets,
	matrixChanges,
	matrixToCsv,
	matrixToRuleset,
	rulesetComparisonHtml,
	rulesetStoreOf,
	rulesetToMatrix,
	simulatedYear,
	type MatrixError,
	type RulesetVersion,
} from '../../../shared/targeting';

type Outputs = INodeExecutionData[][];

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Members read per query when the whole register is replayed. */
const PAGE = 10_000;

/** Where an error of the matrix is, as the spreadsheet shows it. */
export function matrixErrorLine(error: MatrixError): string {
	if (error.row === undefined) return error.message;
	return `ligne ${error.row}, colonne ${error.column} (${error.cell}) : ${error.message}`;
}

/** The version in force, or a NodeOperationError a CCI can act on. */
async function currentVersion(ctx: IExecuteFunctions, store: RegistryStore): Promise<RulesetVersion> {
	try {
		return await (await rulesetStoreOf(store.db)).current();
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Cannot read the register's ruleset: ${(error as Error).message}`, {
			description: 'Publish a corrected ruleset, or roll back, with Adherent Registry → Ruleset; then download the matrix again.',
		});
	}
}

/** The version in force as a CSV matrix, in a binary field (one file per input item). */
export async function downloadMatrix(ctx: IExecuteFunctions, store: RegistryStore): Promise<Outputs> {
	const version = await currentVersion(ctx, store);
	const matrix = rulesetToMatrix(version.ruleset);
	const who = version.version === 0 ? 'règles par défaut du paquet (aucune version publiée)' : `version ${version.version}, publiée par ${version.author} le ${(version.publishedAt ?? '').slice(0, 10)}`;
	const csv = matrixToCsv(matrix, [`Règles en vigueur : ${who}.`]);
	const out: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let index = 0; index < items.length; index++) {
		const property = ctx.getNodeParameter('binaryPropertyName', index, 'data') as string;
		const binary = await ctx.helpers.prepareBinaryData(Buffer.from(csv, 'utf8'), `regles-alerte-commerces-v${version.version}.csv`, 'text/csv');
		out.push({
			json: { version: version.version, author: version.author, publishedAt: version.publishedAt ?? null, rows: matrix.rows.length, columns: matrix.columns.length, kept: matrix.kept },
			binary: { [property]: binary },
			pairedItem: { item: index },
		});
	}
	return [out];
}

/** Every member of the register, page by page (a comparison replays the whole register). */
async function allMembers(store: RegistryStore): Promise<Adherent[]> {
	const members: Adherent[] = [];
	for (let offset = 0; ; offset += PAGE) {
		const page = await store.search({ limit: PAGE, offset });
		members.push(...page.adherents);
		if (page.adherents.length < PAGE) return members;
	}
}

/** The département most members belong to: where a simulated year places its alerts. */
function mainDepartement(members: readonly Adherent[]): string | undefined {
	const counts = new Map<string, number>();
	for (const m of members) counts.set(m.departement, (counts.get(m.departement) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The journal's real alerts of the last twelve months, as incidents. */
async function journalYear(store: RegistryStore, now: Date): Promise<Incident[]> {
	const entries = await (await ledgerOf(store.db)).journalSince(now.getTime() - YEAR_MS);
	return entries
		.map((e) => e.incident as Partial<Incident>)
		.filter((i): i is Incident => isIncidentType(i.type) && Array.isArray(i.communes) && i.communes.length > 0);
}

/**
 * Reads an uploaded CSV matrix against the version in force: every invalid cell goes to the
 * second output with its row and column, nothing else happens; a valid matrix gives the proposed
 * ruleset and what it would change over a year of alerts (the journal's, or a simulated one),
 * ready for a confirmation page and Ruleset → Publish.
 */
export async function compareMatrix(ctx: IExecuteFunctions, store: RegistryStore): Promise<Outputs> {
	const items = ctx.getInputData();
	const compared: INodeExecutionData[] = [];
	const invalid: INodeExecutionData[] = [];
	const now = new Date();
	let members: Adherent[] | undefined;
	for (let index = 0; index < items.length; index++) {
		try {
			const property = ctx.getNodeParameter('binaryPropertyName', index, 'data') as string;
			const replay = ctx.getNodeParameter('replay', index, 'auto') as 'auto' | 'journal' | 'simulated';
			ctx.helpers.assertBinaryData(index, property);
			const text = (await ctx.helpers.getBinaryDataBuffer(index, property)).toString('utf8');
			const current = await currentVersion(ctx, store);
			const proposed = matrixToRuleset(text, { base: current.ruleset });
			if (!proposed.ok) {
				const lines = proposed.errors.map(matrixErrorLine);
				invalid.push({ json: { errors: proposed.errors as unknown as IDataObject[], message: lines.join('\n'), currentVersion: current.version }, pairedItem: { item: index } });
				continue;
			}
			members ??= await allMembers(store);
			const journal = replay === 'simulated' ? [] : await journalYear(store, now);
			if (replay === 'journal' && journal.length === 0) {
				throw new NodeOperationError(ctx.getNode(), 'The alert journal has no alert in the last twelve months', {
					itemIndex: index,
					description: 'Choose "Alerts to Replay: Journal, Else a Simulated Year" to try the rules on a simulated year.',
				});
			}
			const simulated = journal.length === 0;
			const departement = mainDepartement(members);
			if (simulated && !departement) {
				throw new NodeOperationError(ctx.getNode(), 'The register has no member to try the rules on', {
					itemIndex: index,
					description: 'Import the members first (workflow 4, or Adherent Registry → Import): the comparison replays a year of alerts over them.',
				});
			}
			const incidents = simulated ? simulatedYear({ departement: departement ?? '', until: now, centroids: centroidsOf(members) }) : journal;
			const comparison = await compareRulesets({ incidents, members, current: current.ruleset, proposed: proposed.ruleset, now, histogram: true });
			const cells = matrixChanges(rulesetToMatrix(current.ruleset), rulesetToMatrix(proposed.ruleset));
			const bySiret = new Map(members.map((m) => [m.siret, m]));
			const html = rulesetComparisonHtml({
				comparison,
				cells,
				member: (siret) => bySiret.get(siret),
				incidents: { count: incidents.length, simulated },
				currentVersion: current.version,
			});
			compared.push({
				json: {
					currentVersion: current.version,
					cells: cells as unknown as IDataObject[],
					current: comparison.current as unknown as IDataObject,
					proposed: comparison.proposed as unknown as IDataObject,
					changes: comparison.changes as unknown as IDataObject[],
					incidents: { count: incidents.length, simulated },
					html,
					ruleset: proposed.ruleset as unknown as IDataObject,
				},
				pairedItem: { item: index },
			});
		} catch (error) {
			const wrapped =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, {
							itemIndex: index,
							description: 'Upload the CSV matrix downloaded from this register (a file field of the form or an HTTP upload).',
						});
			if (!ctx.continueOnFail()) throw wrapped;
			compared.push({ json: { error: wrapped.message }, pairedItem: { item: index } });
		}
	}
	return [compared, invalid];
}
