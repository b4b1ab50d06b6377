import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_APPROVAL_MINUTES } from '../../../shared/dispatch/approvals';

const onRequest = { show: { resource: ['approval'], operation: ['request'] } };
const onLink = { show: { resource: ['approval'], operation: ['check', 'decide'] } };
const onDecide = { show: { resource: ['approval'], operation: ['decide'] } };

export const approvalOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['approval'] } },
	options: [
		{
			name: 'Request',
			value: 'request',
			action: 'Request a second person s approval',
			description: 'Store the alert and its decision summary in the journal; output a link that works once, until it expires',
		},
		{ name: 'Check Link', value: 'check', action: 'Check an approval link', description: 'Whether a link is open, already used (by whom, when), expired or unknown; with the summary to show' },
		{ name: 'Decide', value: 'decide', action: 'Record an approval decision', description: 'Record who approved or refused, once; an approved alert comes out to be sent' },
	],
	default: 'request',
};

export const approvalFields: INodeProperties[] = [
	{
		displayName: 'Approval Page URL',
		name: 'approvalPageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.cci63.fr/form/alerte-commerces/validation',
		description: 'Address of the approval form (a Form Trigger with a hidden field "jeton"); the link adds the token to it',
		displayOptions: onRequest,
	},
	{
		displayName: 'Link Validity (Minutes)',
		name: 'approvalMinutes',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: DEFAULT_APPROVAL_MINUTES,
		description: 'After this, the link says it has expired and sends nothing',
		displayOptions: onRequest,
	},
	{
		displayName: 'Reason',
		name: 'approvalReason',
		type: 'options',
		options: [
			{ name: 'Approval Required', value: 'required', description: 'The workflow asks a second person for every alert' },
			{ name: 'Above the Recipient Cap', value: 'over_cap', description: 'The alert reaches more phones than Sector Targeting\'s Maximum Recipients' },
		],
		default: 'required',
		description: 'Why this alert waits for a second person (shown to the approver and in Alert Status)',
		displayOptions: onRequest,
	},
	{
		displayName: 'Token',
		name: 'approvalToken',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.jeton }}',
		required: true,
		description: 'The token of the link (the approval form\'s hidden field "jeton")',
		displayOptions: onLink,
	},
	{
		displayName: 'Approver',
		name: 'approver',
		type: 'string',
		default: '',
		required: true,
		description: 'Who decides, as recorded in the journal and shown by Alert Status (e.g. the name typed on the approval page)',
		displayOptions: onDecide,
	},
	{
		displayName: 'Approve',
		name: 'approve',
		type: 'boolean',
		default: false,
		description: 'Whether the approver chose to send (false records a refusal)',
		displayOptions: onDecide,
	},
];
