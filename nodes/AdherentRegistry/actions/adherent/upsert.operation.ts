import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { asJson, invalidItem, readMember } from './member';

/** Upsert: one member per item, matched by SIRET (fields: memberSourceFields and writeOptionsField). Outputs: Stored, Invalid. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const stored: INodeExecutionData[] = [];
	const invalid: INodeExecutionData[] = [];
	const items = this.getInputData();
	for (let index = 0; index < items.length; index++) {
		const { input, result } = readMember(this, items[index], index);
		if (!result.ok) {
			invalid.push(invalidItem(index, input, result.errors));
			continue;
		}
		try {
			const { created } = await store.upsert(result.adherent);
			stored.push({ json: { ...asJson(result.adherent), action: created ? 'created' : 'updated' }, pairedItem: { item: index } });
		} catch (error) {
			if (!this.continueOnFail()) throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
			stored.push({ json: { error: (error as Error).message }, pairedItem: { item: index } });
		}
	}
	return [stored, invalid];
}
