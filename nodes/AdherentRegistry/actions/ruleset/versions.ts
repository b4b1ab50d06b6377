import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { rulesetStoreOf, StoredRulesetInvalidError, type RulesetError, type RulesetStore, type RulesetVersion } from '../../../shared/targeting';
import { perItem } from '../../helpers/perItem';

/** A ruleset version as an output item's JSON. */
export const asJson = (version: RulesetVersion) => version as unknown as IDataObject;

/** Every error of a ruleset, one per line, with where it is. */
export const errorText = (errors: RulesetError[]) => errors.map((e) => `${e.path}: ${e.message}`).join('\n');

/**
 * Runs `fn` for every input item on the register's rulesets (see perItem); when the stored
 * ruleset is invalid, the error says what is wrong in it and the way out.
 */
export async function perRulesetItem(
	ctx: IExecuteFunctions,
	store: RegistryStore,
	fn: (rulesets: RulesetStore, index: number, item: INodeExecutionData) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const rulesets = await rulesetStoreOf(store.db);
	return perItem(
		ctx,
		(index, item) => fn(rulesets, index, item),
		(error) => (error instanceof StoredRulesetInvalidError ? `${errorText(error.errors)}\nPublish a corrected ruleset, or roll back.` : undefined),
	);
}

/** The version in force, or a NodeOperationError a CCI can act on. */
export async function currentVersion(ctx: IExecuteFunctions, store: RegistryStore): Promise<RulesetVersion> {
	try {
		return await (await rulesetStoreOf(store.db)).current();
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Cannot read the register's ruleset: ${(error as Error).message}`, {
			description: 'Publish a corrected ruleset, or roll back, with Adherent Registry → Ruleset; then download the matrix again.',
		});
	}
}
