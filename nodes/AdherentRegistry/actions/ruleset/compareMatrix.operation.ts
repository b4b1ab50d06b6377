import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { Incident } from '../../../shared/incident';
import type { Adherent, RegistryStore } from '../../../shared/registry';
import { centroidsOf, compareRulesets, matrixChanges, matrixToRuleset, rulesetComparisonHtml, rulesetToMatrix, simulatedYear, type MatrixError } from '../../../shared/targeting';
import { perItem } from '../../helpers/perItem';
import { showFor } from '../../helpers/showFor';
import { allMembers, journalYear, mainDepartement } from './replay';
import { currentVersion } from './versions';

type Replay = 'auto' | 'journal' | 'simulated';

const properties: INodeProperties[] = [
	{
		displayName: 'Alerts to Replay',
		name: 'replay',
		type: 'options',
		options: [
			{ name: 'Journal, Else a Simulated Year', value: 'auto', description: 'The alerts sent in the last twelve months; a simulated year (80 alerts) when the journal has none' },
			{ name: 'Journal Only', value: 'journal', description: 'The alerts sent in the last twelve months; an error when there are none' },
			{ name: 'Simulated Year', value: 'simulated', description: '80 alerts in the articles\' mix, placed in the register\'s département by population' },
		],
		default: 'auto',
	},
];

/** Compare Matrix's own field; it shares matrixFields with Download Matrix. */
export const description = updateDisplayOptions(showFor('ruleset', 'compareMatrix'), properties);

/** Where an error of the matrix is, as the spreadsheet shows it. */
export function matrixErrorLine(error: MatrixError): string {
	if (error.row === undefined) return error.message;
	return `ligne ${error.row}, colonne ${error.column} (${error.cell}) : ${error.message}`;
}

/** The alerts the rules are replayed on: the journal's year, else (or by choice) a simulated one in the members' main département. */
async function incidentsToReplay(
	ctx: IExecuteFunctions,
	index: number,
	input: { store: RegistryStore; members: Adherent[]; replay: Replay; now: Date },
): Promise<{ incidents: Incident[]; simulated: boolean }> {
	const { store, members, replay, now } = input;
	const journal = replay === 'simulated' ? [] : await journalYear(store, now);
	if (replay === 'journal' && journal.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'The alert journal has no alert in the last twelve months', {
			itemIndex: index,
			description: 'Choose "Alerts to Replay: Journal, Else a Simulated Year" to try the rules on a simulated year.',
		});
	}
	if (journal.length > 0) return { incidents: journal, simulated: false };
	const departement = mainDepartement(members);
	if (!departement) {
		throw new NodeOperationError(ctx.getNode(), 'The register has no member to try the rules on', {
			itemIndex: index,
			description: 'Import the members first (workflow 4, or Adherent Registry → Import): the comparison replays a year of alerts over them.',
		});
	}
	return { incidents: simulatedYear({ departement, until: now, centroids: centroidsOf(members) }), simulated: true };
}

/**
 * Compare Matrix: reads an uploaded CSV matrix against the version in force. Every invalid cell
 * goes to the second output with its row and column, nothing else happens; a valid matrix gives
 * the proposed ruleset and what it would change over a year of alerts, ready for a confirmation
 * page and Ruleset → Publish.
 */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const invalid: INodeExecutionData[] = [];
	const now = new Date();
	let members: Adherent[] | undefined;
	const compared = await perItem(
		this,
		async (index) => {
			const property = this.getNodeParameter('binaryPropertyName', index, 'data') as string;
			const replay = this.getNodeParameter('replay', index, 'auto') as Replay;
			this.helpers.assertBinaryData(index, property);
			const text = (await this.helpers.getBinaryDataBuffer(index, property)).toString('utf8');
			const current = await currentVersion(this, store);
			const proposed = matrixToRuleset(text, { base: current.ruleset });
			if (!proposed.ok) {
				const lines = proposed.errors.map(matrixErrorLine);
				invalid.push({ json: { errors: proposed.errors as unknown as IDataObject[], message: lines.join('\n'), currentVersion: current.version }, pairedItem: { item: index } });
				return [];
			}
			members ??= await allMembers(store);
			const { incidents, simulated } = await incidentsToReplay(this, index, { store, members, replay, now });
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
			return {
				currentVersion: current.version,
				cells: cells as unknown as IDataObject[],
				current: comparison.current as unknown as IDataObject,
				proposed: comparison.proposed as unknown as IDataObject,
				changes: comparison.changes as unknown as IDataObject[],
				incidents: { count: incidents.length, simulated },
				html,
				ruleset: proposed.ruleset as unknown as IDataObject,
			};
		},
		() => 'Upload the CSV matrix downloaded from this register (a file field of the form or an HTTP upload).',
	);
	return [compared, invalid];
}
