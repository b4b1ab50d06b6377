import type { INodeProperties } from 'n8n-workflow';

const show = { show: { operation: ['recordIncoming'] } };

export const recordIncomingFields: INodeProperties[] = [
	{
		displayName: 'Public URL Called',
		name: 'incomingCallUrl',
		type: 'string',
		default:
			'={{ $json.webhookUrl + (Object.keys($json.query || {}).length ? "?" + Object.entries($json.query).map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v)).join("&") : "") }}',
		description: 'The exact URL the provider called, query included (Twilio signs it). Behind a proxy, rebuild it with the public host.',
		displayOptions: show,
	},
	{
		displayName: 'Answer STOP and START',
		name: 'sendConfirmation',
		type: 'boolean',
		default: true,
		description: 'Whether to confirm a STOP or START by one SMS (at most one of each per phone and day)',
		displayOptions: show,
	},
	{
		displayName: 'Confirmation Sender',
		name: 'confirmationSender',
		type: 'string',
		default: '',
		placeholder: '+33644630000',
		description: 'Sender of the confirmation. Empty = the number the member wrote to (Kannel and Twilio say it; Brevo does not: give it here).',
		displayOptions: { show: { operation: ['recordIncoming'], sendConfirmation: [true] } },
	},
];
