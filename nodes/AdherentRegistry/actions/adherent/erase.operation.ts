import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { ledgerOf } from '../../../shared/dispatch';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { showFor } from '../../helpers/showFor';
import { requireSiret } from './parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Change Source',
		name: 'changeSource',
		type: 'string',
		default: 'CCI',
		placeholder: 'Mon adhésion',
		description: 'Who asks for the erasure, recorded in the change journal (one line without personal data); leave empty to record nothing',
	},
];

/** Erase's own Change Source: optional, unlike the other journaled changes'. */
export const description = updateDisplayOptions(showFor('adherent', 'erase'), properties);

/** Erase (GDPR): the member and its numbers go; only anonymous counts remain. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const siret = requireSiret(this, index);
			const member = await store.get(siret);
			const source = String(this.getNodeParameter('changeSource', index, '') ?? '').trim();
			const erased = await store.erase(siret, source ? { source } : undefined);
			// The numbers also sit in the dispatch ledger: forget those no other member still uses.
			let ledgerRows = 0;
			for (const phone of member?.phones ?? []) {
				if ((await store.search({ phone, limit: 1 })).total === 0) ledgerRows += await (await ledgerOf(store.db)).forgetPhone(phone);
			}
			return { siret, erased, ledgerRowsAnonymised: ledgerRows };
		}),
	];
}
