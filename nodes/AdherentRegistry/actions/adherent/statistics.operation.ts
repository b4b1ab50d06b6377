import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';

/** Statistics: members by commune, profession and status, in one item. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [[{ json: (await store.statistics()) as unknown as IDataObject, pairedItem: { item: 0 } }]];
}
