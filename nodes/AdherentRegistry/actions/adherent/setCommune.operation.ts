import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { resolveCommune } from '../../../shared/geo';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { showFor } from '../../helpers/showFor';
import { changeSource, requireMember } from './parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Postal Code',
		name: 'postalCode',
		type: 'string',
		default: '',
		placeholder: '63500',
	},
	{
		displayName: 'Commune',
		name: 'city',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Issoire',
		description: 'The commune\'s name; with the postal code it finds the INSEE code, the EPCI and the arrondissement',
	},
];

/** Set Commune's own fields; it also shows siretField and changeSourceField. */
export const description = updateDisplayOptions(showFor('adherent', 'setCommune'), properties);

/** Set Commune: a member moved to another commune of its département; journaled. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const member = await requireMember(this, store, index);
			const siret = member.siret;
			const postalCode = String(this.getNodeParameter('postalCode', index, '') ?? '').replace(/\s/g, '');
			const city = String(this.getNodeParameter('city', index, '') ?? '').trim();
			// The scheme is the département's: a member moves within it, the CCI handles the rest.
			const resolved = resolveCommune({ postalCode: postalCode || undefined, name: city }, [member.departement]);
			if (!resolved.ok) return { siret, changed: false, reason: 'unknownCommune', message: resolved.message };
			const c = resolved.commune;
			if (c.code === member.communeInsee) return { siret, changed: false, reason: 'sameCommune', communeInsee: c.code, city: c.name };
			const place = { communeInsee: c.code, postalCode: postalCode || (c.postalCodes.length === 1 ? c.postalCodes[0] : undefined), city: c.name, departement: c.departement, epci: c.epci, arrondissement: c.arrondissement };
			await store.setPlace(siret, place, changeSource(this, index));
			return { siret, changed: true, communeInsee: c.code, city: c.name, previousCity: member.city };
		}),
	];
}
