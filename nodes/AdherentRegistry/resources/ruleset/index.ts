import type { INodeProperties } from 'n8n-workflow';

const show = (...operation: string[]) => ({ show: { resource: ['ruleset'], operation } });

export const rulesetOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['ruleset'] } },
	options: [
		{
			name: 'Compare Matrix',
			value: 'compareMatrix',
			action: 'Compare an uploaded rules matrix',
			description:
				'Read a CSV matrix (incident types × professions → area): every invalid cell goes to the second output; a valid one gives the proposed rules and their effect over a year of alerts, before publishing',
		},
		{
			name: 'Download Matrix',
			value: 'downloadMatrix',
			action: 'Download the rules as a matrix',
			description: 'The version in force as a CSV matrix a spreadsheet opens: one row per incident type, one column per profession, the area in each cell',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get the register s ruleset',
			description: 'The version in force (or a chosen one), with its rules; version 0 is the package default',
		},
		{ name: 'History', value: 'history', action: 'List the ruleset s versions', description: 'Every published version, newest first: who, when, why' },
		{
			name: 'Publish',
			value: 'publish',
			action: 'Publish a new ruleset version',
			description: 'Validate a ruleset and make it the version every workflow reading this register uses; an invalid one goes to the second output',
		},
		{
			name: 'Roll Back',
			value: 'rollback',
			action: 'Restore an earlier ruleset version',
			description: 'Publish a copy of the previous version (or a chosen one) as a new version',
		},
	],
	default: 'get',
};

export const rulesetFields: INodeProperties[] = [
	{
		displayName:
			'The matrix has one row per incident type and one column per profession; each cell holds the area (commune, agglomération, arrondissement, département, « 2 km », « zone centre »), or nothing. Workflow 11 downloads it and compares an uploaded one before publishing.',
		name: 'matrixNotice',
		type: 'notice',
		default: '',
		displayOptions: show('downloadMatrix', 'compareMatrix'),
	},
	{
		displayName: 'Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Download: the binary field the CSV file is written to. Compare: the binary field holding the uploaded CSV (a form\'s file field is named after its label, e.g. Matrice_CSV).',
		displayOptions: show('downloadMatrix', 'compareMatrix'),
	},
	{
		displayName: 'Alerts to Replay',
		name: 'replay',
		type: 'options',
		options: [
			{ name: 'Journal, Else a Simulated Year', value: 'auto', description: 'The alerts sent in the last twelve months; a simulated year (80 alerts) when the journal has none' },
			{ name: 'Journal Only', value: 'journal', description: 'The alerts sent in the last twelve months; an error when there are none' },
			{ name: 'Simulated Year', value: 'simulated', description: '80 alerts in the articles\' mix, placed in the register\'s département by population' },
		],
		default: 'auto',
		displayOptions: show('compareMatrix'),
	},
	{
		displayName:
			'The ruleset is stored in the register, beside the members: Sector Targeting nodes with Rules "From the Register" use the version published last. Versions are never overwritten; a rollback publishes a copy.',
		name: 'rulesetNotice',
		type: 'notice',
		default: '',
		displayOptions: show('publish', 'rollback'),
	},
	{
		displayName: 'Ruleset From',
		name: 'rulesetInput',
		type: 'options',
		options: [
			{ name: 'Parameter', value: 'parameter', description: 'The ruleset document written below' },
			{ name: 'Field of the Input Item', value: 'field', description: 'A field holding the document (object or JSON text), e.g. from a form or Sector Targeting → Visual Rules' },
		],
		default: 'parameter',
		displayOptions: show('publish'),
	},
	{
		displayName: 'Ruleset (JSON)',
		name: 'rulesetJson',
		type: 'json',
		required: true,
		default: '{\n  "version": 1,\n  "zones": {},\n  "rules": []\n}',
		description: 'A ruleset document (see rules/ruleset.schema.json and docs/ruleset.md)',
		displayOptions: { show: { resource: ['ruleset'], operation: ['publish'], rulesetInput: ['parameter'] } },
	},
	{
		displayName: 'Ruleset Field',
		name: 'rulesetField',
		type: 'string',
		required: true,
		default: 'ruleset',
		description: 'Name of the item field holding the ruleset document (dots for nested fields)',
		displayOptions: { show: { resource: ['ruleset'], operation: ['publish'], rulesetInput: ['field'] } },
	},
	{
		displayName: 'Author',
		name: 'author',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Claire Martin, CCI Puy-de-Dôme',
		description: 'Who publishes, kept in the history. n8n gives no user identity to expressions: map the name field of your form, e.g. {{ $json.author }}.',
		displayOptions: show('publish', 'rollback'),
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Fewer SMS for shoplifting: commune only',
		description: 'Why the rules change, kept in the history',
		displayOptions: show('publish'),
	},
	{
		displayName: 'Options',
		name: 'rollbackOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('rollback'),
		options: [
			{
				displayName: 'Reason',
				name: 'reason',
				type: 'string',
				default: '',
				description: 'Why; without one the history says "rollback to vN"',
			},
			{
				displayName: 'Restore Version',
				name: 'toVersion',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'The version to restore (0 is the package default); without this option, the version before the current one',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'getOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show('get'),
		options: [
			{
				displayName: 'Version',
				name: 'version',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'A past version to read (0 is the package default); without this option, the version in force',
			},
		],
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: show('history'),
	},
];
