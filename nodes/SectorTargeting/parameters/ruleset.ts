import type { INodeProperties } from 'n8n-workflow';

const showFor = (source: string) => ({ show: { rulesetSource: [source] } });

/** Where the targeting rules come from, and the visual rules form a CCI staffer fills. */
export const rulesetProperties: INodeProperties[] = [
	{
		displayName: 'Rules',
		name: 'rulesetSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Package Default', value: 'default', description: 'The national default ruleset shipped with the package' },
			{ name: 'Visual Rules', value: 'visual', description: 'Rules built in this form: incident types, professions, area' },
			{ name: 'JSON', value: 'json', description: 'A ruleset document (pasted, or from an expression)' },
		],
		default: 'default',
	},
	{
		displayName: 'Rules',
		name: 'visualRules',
		placeholder: 'Add Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: showFor('visual'),
		options: [
			{
				displayName: 'Rule',
				name: 'rule',
				values: [
					{ displayName: 'Rule Name', name: 'name', type: 'string', default: '', required: true, placeholder: 'faux-billets-agglomeration' },
					{ displayName: 'Description', name: 'description', type: 'string', default: '', placeholder: 'Faux billets : commerces de l’agglomération' },
					{
						displayName: 'Incident Type Names or IDs',
						name: 'incidentTypes',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getIncidentTypes' },
						default: [],
						description: 'Incidents this rule applies to; none selected means every incident. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Profession Names or IDs',
						name: 'professions',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getProfessions' },
						default: [],
						description: 'Members to alert; none selected means every member. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						displayName: 'Area',
						name: 'areaLevel',
						type: 'options',
						options: [
							{ name: 'Agglomeration (EPCI)', value: 'epci' },
							{ name: 'Arrondissement', value: 'arrondissement' },
							{ name: 'Commune', value: 'commune' },
							{ name: 'Département', value: 'departement' },
							{ name: 'Named Zones', value: 'zones' },
							{ name: 'Radius Around the Incident', value: 'radius' },
						],
						default: 'commune',
						description: 'Around the incident communes',
					},
					{
						displayName: 'Radius (Km)',
						name: 'radiusKm',
						type: 'number',
						typeOptions: { minValue: 0.1, maxValue: 200, numberPrecision: 1 },
						default: 2,
						description: 'Used when the area is a radius; without incident coordinates the incident communes are alerted',
					},
					{
						displayName: 'Zone Names or IDs',
						name: 'zones',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getZones', loadOptionsDependsOn: ['zones'] },
						default: [],
						description: 'Used when the area is named zones (define them below). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
		],
	},
	{
		displayName: 'Zones',
		name: 'zones',
		placeholder: 'Add Zone',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: showFor('visual'),
		description: 'Sectors the CCI defines, as lists of communes',
		options: [
			{
				displayName: 'Zone',
				name: 'zone',
				values: [
					{ displayName: 'Zone Name', name: 'name', type: 'string', default: '', placeholder: 'centre-ville' },
					{ displayName: 'Communes (INSEE Codes)', name: 'communes', type: 'string', default: '', placeholder: '63113, 63014', description: 'INSEE codes separated by commas (not postal codes)' },
				],
			},
		],
	},
	{
		displayName: 'Police Perimeter',
		name: 'areaPolicy',
		type: 'options',
		displayOptions: showFor('visual'),
		options: [
			{ name: 'Replaces the Rules’ Areas', value: 'police' },
			{ name: 'Is Ignored (Rules’ Areas Kept)', value: 'rules' },
			{ name: 'Is Added (Widest of Both)', value: 'widest' },
		],
		default: 'police',
		description: 'What happens when the police ask for a perimeter',
	},
	{
		displayName: 'Ruleset (JSON)',
		name: 'rulesetJson',
		type: 'json',
		default: '{\n  "version": 1,\n  "zones": {},\n  "rules": []\n}',
		displayOptions: showFor('json'),
		description: 'A ruleset document (see rules/ruleset.schema.json); errors are shown with their path',
	},
];
