import type { INodeProperties } from 'n8n-workflow';
import { alertStatusFields } from './alertStatus';
import { statisticsFields } from './statistics';
import { recordIncomingFields } from './recordIncoming';
import { recordReceiptFields } from './recordReceipt';
import { sendFields } from './send';

const PROVIDERS = [
	{ name: 'Sandbox (Outbox File, No SMS Sent)', value: 'sandbox' },
	{ name: 'Kannel Gateway', value: 'kannel' },
	{ name: 'OVHcloud SMS', value: 'ovh' },
	{ name: 'Brevo Transactional SMS', value: 'brevo' },
	{ name: 'Twilio', value: 'twilio' },
];

export const deliveryOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['delivery'] } },
	options: [
		{ name: 'Send', value: 'send', action: 'Send the alert SMS', description: 'Send each recipient its SMS once, with throttling, retries and failover' },
		{ name: 'Record Delivery Receipt', value: 'recordReceipt', action: 'Record a delivery receipt', description: 'Apply a provider receipt received by a Webhook node to the ledger' },
		{ name: 'Record Incoming SMS', value: 'recordIncoming', action: 'Record an incoming SMS', description: 'Apply a member\'s STOP or START reply received by a Webhook node to the registry, and confirm it once' },
		{ name: 'Alert Status', value: 'alertStatus', action: 'Get the delivery status of an alert', description: 'Counts by status, failures with reasons, time to last delivery' },
		{ name: 'Statistics', value: 'statistics', action: 'Get sending statistics for a period', description: 'Alerts sent, SMS by status and delivery rate over a period (yearly review)' },
	],
	default: 'send',
};

export const deliveryFields: INodeProperties[] = [
	{
		displayName: 'Provider',
		name: 'provider',
		type: 'options',
		noDataExpression: true,
		options: PROVIDERS,
		default: 'sandbox',
		description: 'Who hands the SMS to the phone networks (Sandbox writes them to a file instead)',
		displayOptions: { show: { operation: ['send', 'recordReceipt', 'recordIncoming'] } },
	},
	{
		displayName: 'Secondary Provider',
		name: 'secondaryProvider',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'None', value: 'none' }, ...PROVIDERS],
		default: 'none',
		description: 'Takes the recipients the provider refused or could not reach after its retries',
		displayOptions: { show: { operation: ['send'] } },
	},
	...sendFields,
	...recordReceiptFields,
	...recordIncomingFields,
	...statisticsFields,
	...alertStatusFields,
];
