import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { compareMatrix, downloadMatrix } from './matrix';
import { rulesetStoreOf, StoredRulesetInvalidError, type RulesetError, type RulesetVersion } from '../../../shared/targeting';

type Outputs = INodeExecutionData[][];
export type RulesetOperation = 'publish' | 'get' | 'history' | 'rollback' | 'downloadMatrix' | 'compareMatrix';

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const asJson = (version: RulesetVersion) => version as unknown as IDataObject;

const errorText = (errors: RulesetError[]) => errors.map((e) => `${e.path}: ${e.message}`).join('\n');

/** The ruleset document of an item: the parameter, or a field of the item. */
function readDocument(ctx: IExecuteFunctions, item: INodeExecutionData, index: number): unknown {
	if (ctx.getNodeParameter('rulesetInput', index, 'parameter') === 'parameter') return ctx.getNodeParameter('rulesetJson', index);
	const field = ctx.getNodeParameter('rulesetField', index) as string;
	const value = field.split('.').reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), item.json);
	if (value === undefined) {
		throw new NodeOperationError(ctx.getNode(), `The item has no field "${field}"`, {
			itemIndex: index,
			description: 'Set "Ruleset Field" to the field that holds the ruleset document, or choose Ruleset From: Parameter.',
		});
	}
	return value;
}

/** Runs a per-item operation on the register's rulesets, honouring Continue On Fail. */
async function perItem(ctx: IExecuteFunctions, fn: (index: number, item: INodeExecutionData) => Promise<IDataObject[]>): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let index = 0; index < items.length; index++) {
		try {
			for (const json of await fn(index, items[index])) out.push({ json, pairedItem: { item: index } });
		} catch (error) {
			const wrapped =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, {
							itemIndex: index,
							description: error instanceof StoredRulesetInvalidError ? `${errorText(error.errors)}\nPublish a corrected ruleset, or roll back.` : undefined,
						});
			if (!ctx.continueOnFail()) throw wrapped;
			out.push({ json: { error: wrapped.message }, pairedItem: { item: index } });
		}
	}
	return out;
}

/** The Ruleset resource: the register's versioned targeting rules (nodes/shared/targeting/store.ts). */
export const rulesetOperations: Record<RulesetOperation, (ctx: IExecuteFunctions, store: RegistryStore) => Promise<Outputs>> = {
	downloadMatrix,
	compareMatrix,

	/** Published versions on the first output; refused rulesets, with every error, on the second (like Upsert's Invalid). */
	async publish(ctx, store) {
		const rulesets = await rulesetStoreOf(store.db);
		const invalid: INodeExecutionData[] = [];
		const published = await perItem(ctx, async (index, item) => {
			const author = ctx.getNodeParameter('author', index) as string;
			const reason = ctx.getNodeParameter('reason', index) as string;
			const result = await rulesets.publish({ ruleset: readDocument(ctx, item, index), author, reason });
			if (result.ok) return [asJson(result.version)];
			invalid.push({ json: { errors: result.errors as unknown as IDataObject[], message: errorText(result.errors), author, reason }, pairedItem: { item: index } });
			return [];
		});
		return [published, invalid];
	},

	async get(ctx, store) {
		const rulesets = await rulesetStoreOf(store.db);
		return [
			await perItem(ctx, async (index) => {
				const { version } = ctx.getNodeParameter('getOptions', index, {}) as { version?: number };
				const found = version === undefined ? await rulesets.current() : await rulesets.get(version);
				if (!found) {
					throw new NodeOperationError(ctx.getNode(), `The register has no ruleset version ${version}`, {
						itemIndex: index,
						description: 'See the published versions with Ruleset → History; version 0 is the package default.',
					});
				}
				return [asJson(found)];
			}),
		];
	},

	async history(ctx, store) {
		const rulesets = await rulesetStoreOf(store.db);
		const limit = ctx.getNodeParameter('limit', 0, 50) as number;
		return [(await rulesets.history(limit)).map((v) => ({ json: v as unknown as IDataObject, pairedItem: { item: 0 } }))];
	},

	async rollback(ctx, store) {
		const rulesets = await rulesetStoreOf(store.db);
		return [
			await perItem(ctx, async (index) => {
				const author = ctx.getNodeParameter('author', index) as string;
				const options = ctx.getNodeParameter('rollbackOptions', index, {}) as { reason?: string; toVersion?: number };
				const result = await rulesets.rollback({ author, reason: options.reason, to: options.toVersion });
				if (!result.ok) {
					throw new NodeOperationError(ctx.getNode(), `Cannot roll back: ${result.errors[0].message}`, { itemIndex: index, description: errorText(result.errors) });
				}
				return [asJson(result.version)];
			}),
		];
	},
};
