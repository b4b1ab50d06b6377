import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { decompileRuleset, defaultRuleset, type VisualRuleset } from '../../../../shared/targeting';

const showFor = (source: string) => ({ show: { rulesetSource: [source] } });

/** Form values meaning "at any hour" (see read.ts). */
export const ANY_HOUR = { from: 0, to: 24 };

/**
 * The package default as the form holds it, so Visual Rules open filled with the rules in force
 * rather than empty: changing one rule no longer means rebuilding sixteen.
 */
function packageDefaultForm(): VisualRuleset {
	const decompiled = decompileRuleset(defaultRuleset());
	// A default the form cannot show (a test keeps it showable) opens empty rather than wrong.
	return decompiled.ok ? decompiled.visual : { rules: [] };
}

const FORM_DEFAULT = packageDefaultForm();

const defaultRules: INodeParameters = {
	rule: FORM_DEFAULT.rules.map((r) => ({
		name: r.name,
		description: r.description ?? '',
		incidentTypes: r.incidentTypes,
		professions: r.professions,
		areaLevel: r.areaLevel,
		radiusKm: r.radiusKm ?? 2,
		zones: r.zones ?? [],
		hoursFrom: r.hours?.from ?? ANY_HOUR.from,
		hoursTo: r.hours?.to ?? ANY_HOUR.to,
	})),
};

const defaultZones: INodeParameters = Object.keys(FORM_DEFAULT.zones ?? {}).length
	? { zone: Object.entries(FORM_DEFAULT.zones ?? {}).map(([name, communes]) => ({ name, communeCodes: communes, communes: '' })) }
	: {};

/** Where the targeting rules come from, and the visual rules form a CCI staffer fills. */
export const rulesetProperties: INodeProperties[] = [
	{
		displayName: 'Rules',
		name: 'rulesetSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'From the Register (Current Version)',
				value: 'register',
				description:
					'The ruleset the CCI published in the member register (Adherent Registry → Ruleset → Publish), shared by every workflow; the package default until one is published',
			},
			{ name: 'Package Default', value: 'default', description: 'The national default ruleset shipped with the package' },
			{ name: 'Visual Rules', value: 'visual', description: 'Rules built in this form: incident types, professions, area' },
			{ name: 'JSON', value: 'json', description: 'A ruleset document (pasted, or from an expression)' },
		],
		default: 'register',
	},
	{
		displayName:
			'Members from a field or another node have no register: these workflows use the package default rules (version 0) and say so in a hint. Read members from the Adherent Registry to use the rules the CCI published.',
		name: 'registerRulesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { rulesetSource: ['register'], membersSource: ['field', 'node'] } },
	},
	{
		displayName: 'Rules',
		name: 'visualRules',
		placeholder: 'Add Rule',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: defaultRules,
		displayOptions: showFor('visual'),
		description: 'Opens with the package default rules: change, add or remove rules from there',
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
					{
						displayName: 'From Hour',
						name: 'hoursFrom',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 23 },
						default: ANY_HOUR.from,
						description: 'Only for incidents from this hour (Paris time, 0–23). With To Hour 24, the default, the rule applies at any hour.',
					},
					{
						displayName: 'To Hour',
						name: 'hoursTo',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: 24 },
						default: ANY_HOUR.to,
						description: 'Until this hour, excluded (1–24). Before From Hour, the window spans midnight: from 22 to 6 is the night. The same hour as From Hour means any hour.',
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
		default: defaultZones,
		displayOptions: showFor('visual'),
		description: 'Sectors the CCI defines, as lists of communes',
		options: [
			{
				displayName: 'Zone',
				name: 'zone',
				values: [
					{ displayName: 'Zone Name', name: 'name', type: 'string', default: '', placeholder: 'centre-ville' },
					{
						displayName: 'Commune Names or IDs',
						name: 'communeCodes',
						type: 'multiOptions',
						typeOptions: { loadOptionsMethod: 'getCommunes' },
						default: [],
						description:
							'Communes of the register’s département, by name (INSEE code shown). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
					{
						// Kept under its first name so zones saved before the list existed still load and apply.
						displayName: 'Other Communes (INSEE Codes)',
						name: 'communes',
						type: 'string',
						default: '',
						placeholder: '63113, 63014',
						description: 'Only for communes outside the register’s département: INSEE codes separated by commas (not postal codes). Added to the communes chosen above.',
					},
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
		default: FORM_DEFAULT.areaPolicy ?? 'police',
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
