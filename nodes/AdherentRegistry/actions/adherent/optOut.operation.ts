import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { requirePhone } from './parameters';

/** Opt Out: stop alerts to a number, for every member that has it (field: phoneField). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const phone = requirePhone(this, index);
			const changed = await store.optOut(phone);
			const known = changed > 0 || (await store.search({ phone, limit: 1 })).total > 0;
			return { phone, optedOut: known, changed, ...(known ? {} : { message: 'No member has this phone number' }) };
		}),
	];
}
