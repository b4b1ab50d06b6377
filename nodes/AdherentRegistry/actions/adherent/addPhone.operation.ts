import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { maskPhone } from '../../../shared/phone';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { showFor } from '../../helpers/showFor';
import { changeSource, requirePhone, requireSiret, unknownMember } from './parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'New Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '06 12 34 56 78',
		description: 'The new mobile; confirm it first (a code sent to it), as the Mon adhésion workflow does',
	},
	{
		displayName: 'Replaces',
		name: 'replacePhone',
		type: 'string',
		default: '',
		placeholder: '06 12 34 56 78',
		description: 'One of the member\'s numbers that the new one replaces; leave empty to add the new one',
	},
];

/** Add Phone's own fields; it also shows siretField and changeSourceField. */
export const description = updateDisplayOptions(showFor('adherent', 'addPhone'), properties);

/** Add Phone: a mobile added to a member, or put in place of one of its numbers; journaled. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const siret = requireSiret(this, index);
			const phone = requirePhone(this, index);
			const replacing = String(this.getNodeParameter('replacePhone', index, '') ?? '').trim();
			const replaces = replacing ? requirePhone(this, index, 'replacePhone') : undefined;
			const result = await store.addPhone(siret, phone, changeSource(this, index), replaces);
			if (!result.ok && result.reason === 'unknownMember') throw unknownMember(this, index, siret);
			// A refusal is an answer the workflow shows the member, not a failure of the node.
			return result.ok
				? { siret, changed: true, action: result.change.action, phone: maskPhone(phone) }
				: { siret, changed: false, reason: result.reason, phone: maskPhone(phone) };
		}),
	];
}
