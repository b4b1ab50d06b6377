import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** The providers a delivery can go through. */
export const PROVIDER_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Sandbox (Outbox File, No SMS Sent)', value: 'sandbox' },
	{ name: 'Kannel Gateway', value: 'kannel' },
	{ name: 'OVHcloud SMS', value: 'ovh' },
	{ name: 'Brevo Transactional SMS', value: 'brevo' },
	{ name: 'Twilio', value: 'twilio' },
];

/** The provider: who sends (Send), and whose receipts or replies a Webhook node passes on. */
export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: PROVIDER_OPTIONS,
	default: 'sandbox',
	description: 'Who hands the SMS to the phone networks (Sandbox writes them to a file instead)',
	displayOptions: { show: { operation: ['send', 'recordReceipt', 'recordIncoming'] } },
};
