import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** A Brevo API key (transactional SMS). */
export class AlerteCommercesBrevoApi implements ICredentialType {
	name = 'alerteCommercesBrevoApi';

	displayName = 'Alerte Commerces Brevo API';

	icon: Icon = { light: 'file:brevo.svg', dark: 'file:brevo.dark.svg' };

	documentationUrl = 'https://github.com/alerte-commerces/n8n-nodes-alerte-commerces#sms-dispatch';

	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '', required: true },
		{ displayName: 'API URL', name: 'baseUrl', type: 'string', default: 'https://api.brevo.com/v3' },
		{
			displayName: 'Receipt Secret',
			name: 'receiptSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Random text added to the webhook URL Brevo calls back and checked when a receipt comes in. Leave empty to accept unsigned receipts.',
		},
	];

	authenticate: IAuthenticateGeneric = { type: 'generic', properties: { headers: { 'api-key': '={{$credentials.apiKey}}' } } };

	test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/account' } };
}
