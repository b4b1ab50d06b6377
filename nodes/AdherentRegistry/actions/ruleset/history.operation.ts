import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { rulesetStoreOf } from '../../../shared/targeting';
import { showFor } from '../../helpers/showFor';

const properties: INodeProperties[] = [
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
];

export const description = updateDisplayOptions(showFor('ruleset', 'history'), properties);

/** History: every published version, newest first: who, when, why. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const rulesets = await rulesetStoreOf(store.db);
	const limit = this.getNodeParameter('limit', 0, 50) as number;
	return [(await rulesets.history(limit)).map((v) => ({ json: v as unknown as IDataObject, pairedItem: { item: 0 } }))];
}
