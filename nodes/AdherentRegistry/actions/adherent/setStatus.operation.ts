import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { AdherentStatus, RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { showFor } from '../../helpers/showFor';
import { STATUS_OPTIONS } from './fields';
import { requireSiret } from './parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: STATUS_OPTIONS,
		default: 'active',
	},
];

export const description = updateDisplayOptions(showFor('adherent', 'setStatus'), properties);

/** Set Status: activate, suspend or mark a member pending. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const siret = requireSiret(this, index);
			const status = this.getNodeParameter('status', index) as AdherentStatus;
			const updated = await store.setStatus(siret, status);
			if (!updated) {
				throw new NodeOperationError(this.getNode(), `No member with SIRET ${siret}`, {
					itemIndex: index,
					description: 'Check the SIRET, or create the member first with Upsert.',
				});
			}
			return { siret, status };
		}),
	];
}
