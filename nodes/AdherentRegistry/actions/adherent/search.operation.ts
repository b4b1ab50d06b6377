import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { AdherentQuery, AdherentStatus, RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { showFor } from '../../helpers/showFor';
import { STATUS_OPTIONS } from './fields';
import { asJson } from './member';

const properties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Communes (INSEE Codes)', name: 'communes', type: 'string', default: '', placeholder: '63113, 63178' },
			{ displayName: 'Département', name: 'departements', type: 'string', default: '', placeholder: '63' },
			{ displayName: 'EPCI (SIREN)', name: 'epcis', type: 'string', default: '', placeholder: '246300701' },
			{
				displayName: 'Membership Ends Within (Days)',
				name: 'endsWithinDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				description: 'Members whose membership ends between today and this many days from now (renewal reminders)',
			},
			{ displayName: 'Name Contains', name: 'text', type: 'string', default: '' },
			{
				displayName: 'Professions',
				name: 'professions',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getProfessions' },
				default: [],
			},
			{ displayName: 'Status', name: 'statuses', type: 'multiOptions', options: STATUS_OPTIONS, default: [] },
			{ displayName: 'Zones', name: 'zones', type: 'string', default: '', placeholder: 'centre-ville' },
		],
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Number of members to skip (pagination)',
		displayOptions: { show: { returnAll: [false] } },
	},
];

export const description = updateDisplayOptions(showFor('adherent', 'search'), properties);

const splitList = (value: unknown): string[] =>
	String(value ?? '')
		.split(/[,;\s]+/)
		.map((v) => v.trim())
		.filter(Boolean);

/** The store query of the Filters collection. */
function queryOf(filters: IDataObject): AdherentQuery {
	const query: AdherentQuery = {
		communes: splitList(filters.communes),
		departements: splitList(filters.departements),
		epcis: splitList(filters.epcis),
		zones: String(filters.zones ?? '')
			.split(/[,;]/)
			.map((z) => z.trim())
			.filter(Boolean),
		professions: (filters.professions as string[] | undefined) ?? [],
		statuses: (filters.statuses as AdherentStatus[] | undefined) ?? [],
		text: (filters.text as string | undefined) || undefined,
	};
	if (typeof filters.endsWithinDays === 'number') {
		const today = new Date();
		query.memberUntilFrom = today.toISOString().slice(0, 10);
		query.memberUntilTo = new Date(today.getTime() + filters.endsWithinDays * 86_400_000).toISOString().slice(0, 10);
	}
	return query;
}

/** Search: members by commune, EPCI, département, profession, zone or status; a page, or all of them. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const query = queryOf(this.getNodeParameter('filters', index, {}) as IDataObject);
			if (!this.getNodeParameter('returnAll', index, false)) {
				const limit = this.getNodeParameter('limit', index, 50) as number;
				const offset = this.getNodeParameter('offset', index, 0) as number;
				return (await store.search({ ...query, limit, offset })).adherents.map(asJson);
			}
			const all: IDataObject[] = [];
			for (let offset = 0; ; offset += 1000) {
				const page = await store.search({ ...query, limit: 1000, offset });
				all.push(...page.adherents.map(asJson));
				if (page.adherents.length < 1000) return all;
			}
		}),
	];
}
