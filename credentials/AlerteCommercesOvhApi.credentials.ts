import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * OVHcloud SMS API keys (https://eu.api.ovh.com/createToken/ with GET/POST on /sms/*). Requests
 * are signed per call (`$1$` + SHA-1), which a declarative credential cannot do: SMS Dispatch's
 * `ovhConnectionTest` signs a GET /sms/{serviceName}.
 */
export class AlerteCommercesOvhApi implements ICredentialType {
	name = 'alerteCommercesOvhApi';

	displayName = 'Alerte Commerces OVHcloud SMS API';

	icon: Icon = { light: 'file:ovh.svg', dark: 'file:ovh.dark.svg' };

	documentationUrl = 'https://github.com/alerte-commerces/n8n-nodes-alerte-commerces#sms-dispatch';

	properties: INodeProperties[] = [
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'options',
			options: [
				{ name: 'OVHcloud Europe', value: 'https://eu.api.ovh.com/1.0' },
				{ name: 'OVHcloud Canada', value: 'https://ca.api.ovh.com/1.0' },
			],
			default: 'https://eu.api.ovh.com/1.0',
		},
		{ displayName: 'Application Key', name: 'applicationKey', type: 'string', default: '', required: true },
		{ displayName: 'Application Secret', name: 'applicationSecret', type: 'string', typeOptions: { password: true }, default: '', required: true },
		// The consumer key authorises API calls on the account: a secret despite its name.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{ displayName: 'Consumer Key', name: 'consumerKey', type: 'string', typeOptions: { password: true }, default: '', required: true },
		{ displayName: 'SMS Account', name: 'serviceName', type: 'string', default: '', placeholder: 'sms-ab12345-1', required: true },
		{
			displayName: 'Receipt Secret',
			name: 'receiptSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Random text you also write in the OVHcloud callback URL as ?s=…; receipts without it are rejected. OVHcloud calls one URL for the whole account, so it cannot be signed per SMS: use a secret of its own (not the Kannel or Brevo one).',
		},
	];
}
