import type { INodeProperties } from 'n8n-workflow';
import { ADHERENT_STATUSES } from '../../../shared/registry';

const show = (...operation: string[]) => ({ show: { resource: ['adherent'], operation } });

const STATUS_OPTIONS = ADHERENT_STATUSES.map((s) => ({
	name: { active: 'Active', suspended: 'Suspended', pending: 'Pending (Awaiting Confirmation)' }[s],
	value: s,
}));

export const adherentOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['adherent'] } },
	options: [
		{ name: 'Erase (GDPR)', value: 'erase', action: 'Erase a member s personal data', description: 'Remove a member and their phone numbers; only anonymous counts remain' },
		{ name: 'Get', value: 'get', action: 'Get a member', description: 'Get one member by SIRET' },
		{ name: 'Import', value: 'import', action: 'Import members', description: 'Store many rows (e.g. the CCI CSV) in batches; invalid rows go to the second output' },
		{ name: 'Opt In', value: 'optIn', action: 'Resume alerts to a phone number' },
		{ name: 'Opt Out', value: 'optOut', action: 'Stop alerts to a phone number' },
		{ name: 'Search', value: 'search', action: 'Search members', description: 'Find members by commune, EPCI, département, profession, zone or status' },
		{ name: 'Set Status', value: 'setStatus', action: 'Set a member s status', description: 'Activate, suspend or mark pending' },
		{ name: 'Statistics', value: 'statistics', action: 'Get register statistics', description: 'Members by commune, profession and status' },
		{ name: 'Upsert', value: 'upsert', action: 'Create or update a member', description: 'One member per input item, matched by SIRET; invalid items go to the second output' },
	],
	default: 'upsert',
};

export const adherentFields: INodeProperties[] = [
	{
		displayName:
			'Each input item is one member. Column names of the CCI export are recognised (siret, raison_sociale, code_naf or ape, telephone, code_postal, commune, code_insee…).',
		name: 'mappingNotice',
		type: 'notice',
		default: '',
		displayOptions: show('upsert', 'import'),
	},
	{
		displayName: 'Member Field',
		name: 'memberField',
		type: 'string',
		default: '',
		placeholder: 'member',
		description: 'Name of the item field that holds the member; leave empty to use the whole item',
		displayOptions: show('upsert', 'import'),
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5000 },
		default: 500,
		description: 'Members stored per transaction',
		displayOptions: show('import'),
	},
	{
		displayName: 'Options',
		name: 'writeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('upsert', 'import'),
		options: [
			{
				displayName: 'Force Status',
				name: 'status',
				type: 'options',
				options: STATUS_OPTIONS,
				default: 'pending',
				description: 'Store every member with this status (e.g. Pending for a sign-up form)',
			},
			{
				displayName: 'Consent Given Now',
				name: 'consentNow',
				type: 'boolean',
				default: false,
				description: 'Whether to record the current time as the consent date when the item has none (a sign-up form with a consent box)',
			},
		],
	},
	{
		displayName: 'SIRET',
		name: 'siret',
		type: 'string',
		required: true,
		default: '',
		placeholder: '732 829 320 00074',
		displayOptions: show('get', 'erase', 'setStatus'),
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: STATUS_OPTIONS,
		default: 'active',
		displayOptions: show('setStatus'),
	},
	{
		displayName: 'Phone Number',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: '06 12 34 56 78',
		displayOptions: show('optOut', 'optIn'),
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('search'),
		options: [
			{ displayName: 'Communes (INSEE Codes)', name: 'communes', type: 'string', default: '', placeholder: '63113, 63178' },
			{ displayName: 'Département', name: 'departements', type: 'string', default: '', placeholder: '63' },
			{ displayName: 'EPCI (SIREN)', name: 'epcis', type: 'string', default: '', placeholder: '246300701' },
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
		displayOptions: show('search'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['adherent'], operation: ['search'], returnAll: [false] } },
	},
	{
		displayName: 'Offset',
		name: 'offset',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Number of members to skip (pagination)',
		displayOptions: { show: { resource: ['adherent'], operation: ['search'], returnAll: [false] } },
	},
];
