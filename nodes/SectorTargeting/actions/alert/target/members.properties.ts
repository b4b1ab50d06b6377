import type { INodeProperties } from 'n8n-workflow';

/** Where the members come from: the registry, or a register kept elsewhere (spreadsheet, CRM). */
export const membersProperties: INodeProperties[] = [
	{
		displayName: 'Members From',
		name: 'membersSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Adherent Registry', value: 'registry', description: 'The registry database (selection runs as indexed queries)' },
			{ name: 'A Field of the Input Item', value: 'field', description: 'An array of member records in each incoming item' },
			{ name: 'Another Node’s Items', value: 'node', description: 'Each output item of that node is a member record' },
		],
		default: 'registry',
	},
	{
		displayName: 'Members Field',
		name: 'membersField',
		type: 'string',
		default: 'adherents',
		required: true,
		displayOptions: { show: { membersSource: ['field'] } },
		description: 'Name of the field holding the member records (dots for nested fields). Column names of the CCI file are accepted.',
	},
	{
		displayName: 'Members Node',
		name: 'membersNode',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Read Members Sheet',
		displayOptions: { show: { membersSource: ['node'] } },
		description: 'Name of the node whose output items are the member records (it must have run before this one)',
	},
];
