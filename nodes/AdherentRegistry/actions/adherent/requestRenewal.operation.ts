import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { changeSource, requireMember, unknownMember } from './parameters';

/** Request Renewal: a member's request journaled for the CCI to handle (fields: siretField, changeSourceField). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const member = await requireMember(this, store, index);
			const siret = member.siret;
			const change = await store.recordChange(siret, 'renewalRequested', changeSource(this, index), member.memberUntil ? `adhésion jusqu'au ${member.memberUntil.split('-').reverse().join('/')}` : undefined);
			if (!change) throw unknownMember(this, index, siret);
			return { siret, recorded: true, memberUntil: member.memberUntil ?? null };
		}),
	];
}
