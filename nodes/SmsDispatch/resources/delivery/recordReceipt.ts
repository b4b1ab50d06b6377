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
		description: 'Leave empty to use the provider credential\'s Receipt Secret (recommended: a value here is saved in the workflow file). Only for workflows made before the credential had it.',
		displayOptions: show,
	},
];
