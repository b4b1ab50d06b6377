import type { INodeProperties } from 'n8n-workflow';

const show = { show: { operation: ['recordReceipt'] } };

export const recordReceiptFields: INodeProperties[] = [
	{
		displayName: 'Public URL Called',
		name: 'receiptCallUrl',
		type: 'string',
		default:
			'={{ $json.webhookUrl + (Object.keys($json.query || {}).length ? "?" + Object.entries($json.query).map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v)).join("&") : "") }}',
		description: 'The exact URL the provider called, query included (Twilio signs it). Behind a proxy, rebuild it with the public host.',
		displayOptions: show,
	},
	{
		displayName: 'Receipt Secret',
		name: 'receiptSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'The secret given to Send (Kannel, Brevo) or written in the OVH callback URL as ?s=…',
		displayOptions: show,
	},
];
