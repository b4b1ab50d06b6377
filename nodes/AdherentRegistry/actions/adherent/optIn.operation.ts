import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { requirePhone } from './parameters';

/** Opt In: resume alerts to a number (field: phoneField). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const phone = requirePhone(this, index);
			const changed = await store.optIn(phone);
			return { phone, optedIn: changed > 0, changed };
		}),
	];
}
