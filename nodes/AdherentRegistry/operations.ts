import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { ledgerOf } from '../shared/dispatch';
import { normalizeMobile } from '../shared/phone';
import {
	adherentFromRow,
	checkSiret,
	nafTransitionOf,
	validateAdherent,
	type Adherent,
	type AdherentInput,
	type AdherentQuery,
	type AdherentStatus,
	type FieldError,
	type NafTransitionRow,
	type RegistryStore,
} from '../shared/registry';

export type Outputs = INodeExecutionData[][];
export type Operation = 'upsert' | 'import' | 'get' | 'search' | 'optOut' | 'optIn' | 'erase' | 'setStatus' | 'statistics' | 'nafTransition';

const splitList = (value: unknown): string[] =>
	String(value ?? '')
		.split(/[,;\s]+/)
		.map((v) => v.trim())
		.filter(Boolean);

/** Reads a member from an item (whole item or one field) and validates it with the write options. */
function readMember(ctx: IExecuteFunctions, item: INodeExecutionData, index: number): { input: AdherentInput; result: ReturnType<typeof validateAdherent> } {
	const field = (ctx.getNodeParameter('memberField', index, '') as string).trim();
	const source = (field ? item.json[field] : item.json) as IDataObject | undefined;
	const input = adherentFromRow(typeof source === 'object' && source !== null ? source : {});
	const options = ctx.getNodeParameter('writeOptions', index, {}) as { status?: AdherentStatus; consentNow?: boolean };
	if (options.status) input.status = options.status;
	if (options.consentNow && !input.consentAt) input.consentAt = new Date().toISOString();
	return { input, result: validateAdherent(input) };
}

function invalidItem(index: number, input: AdherentInput, errors: FieldError[]): INodeExecutionData {
	return {
		json: { errors, message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), row: input as IDataObject },
		pairedItem: { item: index },
	};
}

const asJson = (adherent: Adherent) => adherent as unknown as IDataObject;

export function requireSiret(ctx: IExecuteFunctions, index: number): string {
	const raw = ctx.getNodeParameter('siret', index) as string;
	const check = checkSiret(String(raw));
	if (!check.ok) {
		throw new NodeOperationError(ctx.getNode(), `Invalid SIRET: ${check.message}`, {
			itemIndex: index,
			description: 'A SIRET has 14 digits; copy it from the member record or the company\'s INSEE notice.',
		});
	}
	return check.siret;
}

export function requirePhone(ctx: IExecuteFunctions, index: number, parameter = 'phone'): string {
	const raw = ctx.getNodeParameter(parameter, index) as string;
	const check = normalizeMobile(raw);
	if (!check.ok) {
		throw new NodeOperationError(ctx.getNode(), `Invalid phone number: ${check.message}`, {
			itemIndex: index,
			description: 'Give the mobile number as the member wrote it, e.g. 06 12 34 56 78 or +33 6 12 34 56 78.',
		});
	}
	return check.e164;
}

/** Runs a per-item operation, honouring Continue On Fail. */
export async function perItem(
	ctx: IExecuteFunctions,
	fn: (index: number, item: INodeExecutionData) => Promise<IDataObject | IDataObject[]>,
): Promise<Outputs> {
	const out: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let index = 0; index < items.length; index++) {
		try {
			const result = await fn(index, items[index]);
			for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: index } });
		} catch (error) {
			if (!ctx.continueOnFail()) {
				throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: index });
			}
			out.push({ json: { error: (error as Error).message }, pairedItem: { item: index } });
		}
	}
	return [out];
}

export const operations: Record<Operation, (ctx: IExecuteFunctions, store: RegistryStore) => Promise<Outputs>> = {
	async upsert(ctx, store) {
		const stored: INodeExecutionData[] = [];
		const invalid: INodeExecutionData[] = [];
		const items = ctx.getInputData();
		for (let index = 0; index < items.length; index++) {
			const { input, result } = readMember(ctx, items[index], index);
			if (!result.ok) {
				invalid.push(invalidItem(index, input, result.errors));
				continue;
			}
			try {
				const { created } = await store.upsert(result.adherent);
				stored.push({ json: { ...asJson(result.adherent), action: created ? 'created' : 'updated' }, pairedItem: { item: index } });
			} catch (error) {
				if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: index });
				stored.push({ json: { error: (error as Error).message }, pairedItem: { item: index } });
			}
		}
		return [stored, invalid];
	},

	async import(ctx, store) {
		const items = ctx.getInputData();
		const batchSize = ctx.getNodeParameter('batchSize', 0, 500) as number;
		const invalid: INodeExecutionData[] = [];
		const valid: Array<{ index: number; adherent: Adherent }> = [];
		const rowOfSiret = new Map<string, number>();
		for (let index = 0; index < items.length; index++) {
			const { input, result } = readMember(ctx, items[index], index);
			if (!result.ok) {
				invalid.push(invalidItem(index, input, result.errors));
				continue;
			}
			const earlier = rowOfSiret.get(result.adherent.siret);
			if (earlier !== undefined) {
				// The same establishment twice in one file: keep the last row, report the earlier one.
				const dropped = valid.findIndex((v) => v.index === earlier);
				valid.splice(dropped, 1);
				invalid.push(invalidItem(earlier, adherentFromRow(items[earlier].json), [
					{ field: 'siret', message: `duplicate SIRET in this import: item ${index + 1} replaces this one` },
				]));
			}
			rowOfSiret.set(result.adherent.siret, index);
			valid.push({ index, adherent: result.adherent });
		}
		const stored: INodeExecutionData[] = [];
		for (let start = 0; start < valid.length; start += batchSize) {
			const batch = valid.slice(start, start + batchSize);
			try {
				const { createdSirets } = await store.upsertMany(batch.map((v) => v.adherent));
				for (const { index, adherent } of batch) {
					stored.push({
						json: { siret: adherent.siret, name: adherent.name, communeInsee: adherent.communeInsee, action: createdSirets.has(adherent.siret) ? 'created' : 'updated' },
						pairedItem: { item: index },
					});
				}
			} catch (error) {
				if (!ctx.continueOnFail()) {
					throw new NodeOperationError(ctx.getNode(), error as Error, {
						itemIndex: batch[0].index,
						description: `Rows ${batch[0].index + 1}–${batch[batch.length - 1].index + 1} were not stored (earlier batches were). Fix the cause and run the import again: it updates what is already there.`,
					});
				}
				for (const { index } of batch) stored.push({ json: { error: (error as Error).message }, pairedItem: { item: index } });
			}
		}
		return [stored, invalid.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item)];
	},

	get: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const adherent = await store.get(siret);
			return adherent ? { ...asJson(adherent), found: true } : { siret, found: false };
		}),

	search: (ctx, store) =>
		perItem(ctx, async (index) => {
			const filters = ctx.getNodeParameter('filters', index, {}) as IDataObject;
			const query: AdherentQuery = {
				communes: splitList(filters.communes),
				departements: splitList(filters.departements),
				epcis: splitList(filters.epcis),
				zones: String(filters.zones ?? '')
					.split(/[,;]/)
					.map((z) => z.trim())
					.filter(Boolean),
				professions: (filters.professions as string[] | undefined) ?? [],
				statuses: (filters.statuses as AdherentStatus[] | undefined) ?? [],
				text: (filters.text as string | undefined) || undefined,
			};
			if (typeof filters.endsWithinDays === 'number') {
				const today = new Date();
				query.memberUntilFrom = today.toISOString().slice(0, 10);
				query.memberUntilTo = new Date(today.getTime() + filters.endsWithinDays * 86_400_000).toISOString().slice(0, 10);
			}
			if (!ctx.getNodeParameter('returnAll', index, false)) {
				const limit = ctx.getNodeParameter('limit', index, 50) as number;
				const offset = ctx.getNodeParameter('offset', index, 0) as number;
				return (await store.search({ ...query, limit, offset })).adherents.map(asJson);
			}
			const all: IDataObject[] = [];
			for (let offset = 0; ; offset += 1000) {
				const page = await store.search({ ...query, limit: 1000, offset });
				all.push(...page.adherents.map(asJson));
				if (page.adherents.length < 1000) return all;
			}
		}),

	optOut: (ctx, store) =>
		perItem(ctx, async (index) => {
			const phone = requirePhone(ctx, index);
			const changed = await store.optOut(phone);
			const known = changed > 0 || (await store.search({ phone, limit: 1 })).total > 0;
			return { phone, optedOut: known, changed, ...(known ? {} : { message: 'No member has this phone number' }) };
		}),

	optIn: (ctx, store) =>
		perItem(ctx, async (index) => {
			const phone = requirePhone(ctx, index);
			const changed = await store.optIn(phone);
			return { phone, optedIn: changed > 0, changed };
		}),

	erase: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const member = await store.get(siret);
			const source = String(ctx.getNodeParameter('changeSource', index, '') ?? '').trim();
			const erased = await store.erase(siret, source ? { source } : undefined);
			// The numbers also sit in the dispatch ledger: forget those no other member still uses.
			let ledgerRows = 0;
			for (const phone of member?.phones ?? []) {
				if ((await store.search({ phone, limit: 1 })).total === 0) ledgerRows += await (await ledgerOf(store.db)).forgetPhone(phone);
			}
			return { siret, erased, ledgerRowsAnonymised: ledgerRows };
		}),

	setStatus: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const status = ctx.getNodeParameter('status', index) as AdherentStatus;
			const updated = await store.setStatus(siret, status);
			if (!updated) {
				throw new NodeOperationError(ctx.getNode(), `No member with SIRET ${siret}`, {
					itemIndex: index,
					description: 'Check the SIRET, or create the member first with Upsert.',
				});
			}
			return { siret, status };
		}),

	async nafTransition(ctx, store) {
		const onlyTagChanges = ctx.getNodeParameter('onlyTagChanges', 0, false) as boolean;
		const rows: NafTransitionRow[] = [];
		// Read page by page: a register has thousands of members, the report a row per rév. 2 member.
		for (let offset = 0; ; offset += 1000) {
			const page = await store.search({ limit: 1000, offset });
			for (const adherent of page.adherents) {
				const row = nafTransitionOf(adherent);
				if (row && (!onlyTagChanges || row.tagsWouldChange)) rows.push(row);
			}
			if (page.adherents.length < 1000) break;
		}
		return [rows.map((row) => ({ json: row as unknown as IDataObject, pairedItem: { item: 0 } }))];
	},

	async statistics(_ctx, store) {
		return [[{ json: (await store.statistics()) as unknown as IDataObject, pairedItem: { item: 0 } }]];
	},
};
