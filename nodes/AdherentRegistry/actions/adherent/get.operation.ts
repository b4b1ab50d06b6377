import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { asJson } from './member';
import { requireSiret } from './parameters';

/** Get: one member by SIRET (field: siretField), or `found: false`. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const siret = requireSiret(this, index);
			const adherent = await store.get(siret);
			return adherent ? { ...asJson(adherent), found: true } : { siret, found: false };
		}),
	];
}
