import type { INodeProperties } from 'n8n-workflow';

const show = { show: { operation: ['send'] } };

export const sendFields: INodeProperties[] = [
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Item per Recipient', value: 'recipient', description: 'Items from Sector Targeting: alertId, phone, text, sender' },
			{ name: 'One Item per Alert', value: 'alert', description: 'Compact: alertId, text, sender and a list of phones (or the recipients already stored in the ledger)' },
		],
		default: 'recipient',
		displayOptions: show,
	},
	{ displayName: 'Alert ID', name: 'alertId', type: 'string', default: '={{ $json.alertId }}', required: true, displayOptions: show },
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '={{ $json.phone }}',
		description: 'E.164 mobile number, e.g. +33612345678',
		displayOptions: { show: { operation: ['send'], inputMode: ['recipient'] } },
	},
	{
		displayName: 'Phones',
		name: 'phones',
		type: 'string',
		default: '={{ $json.recipients }}',
		description: 'List of E.164 numbers; leave empty to send to the recipients already stored in the ledger for this alert',
		displayOptions: { show: { operation: ['send'], inputMode: ['alert'] } },
	},
	{ displayName: 'SMS Text', name: 'text', type: 'string', default: '={{ $json.text }}', typeOptions: { rows: 3 }, displayOptions: show },
	{ displayName: 'Sender', name: 'sender', type: 'string', default: '={{ $json.sender }}', description: 'Alphanumeric sender ID (at most 11 letters and digits) or a number', displayOptions: show },
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only show what would be sent (segments, estimated cost) without calling the provider or writing the ledger',
		displayOptions: show,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 0, description: 'Calls in flight at once; 0 = the provider default' },
			{ displayName: 'Cost per Segment (EUR)', name: 'costPerSegment', type: 'number', typeOptions: { numberPrecision: 4 }, default: -1, description: 'For the dry-run estimate; -1 = an indicative price for the provider' },
			{ displayName: 'In-Doubt Grace (Seconds)', name: 'inDoubtGraceSeconds', type: 'number', default: 60, description: 'How long an SMS handed over by a worker that died waits for its receipt before being sent again' },
			{ displayName: 'Lease (Seconds)', name: 'leaseSeconds', type: 'number', default: 30, description: 'How long a worker holds recipients without renewing; a dead worker\'s recipients are taken over after it' },
			{ displayName: 'Max Attempts', name: 'maxAttempts', type: 'number', default: 5, description: 'Calls per recipient and provider before giving up (or failing over)' },
			{ displayName: 'Outbox File (Sandbox)', name: 'outboxPath', type: 'string', default: '', description: 'JSON-lines file of the Sandbox provider; empty = alerte-commerces-outbox.jsonl in the n8n folder' },
			{ displayName: 'Rate (SMS per Second)', name: 'rate', type: 'number', default: 0, description: 'Never more SMS than this in any one second; 0 = no limit' },
			{ displayName: 'Receipt Secret', name: 'receiptSecret', type: 'string', typeOptions: { password: true }, default: '', description: 'Added to the receipt URL and checked by Record Delivery Receipt (Kannel, OVH, Brevo)' },
			{ displayName: 'Receipt Webhook URL', name: 'receiptUrl', type: 'string', default: '', placeholder: 'https://n8n.example.org/webhook/sms-receipts', description: 'Public URL of the Webhook node feeding Record Delivery Receipt; empty = no receipts asked for' },
			{ displayName: 'Secondary Rate (SMS per Second)', name: 'secondaryRate', type: 'number', default: 0, description: 'Rate limit of the secondary provider; 0 = no limit' },
		],
	},
];
