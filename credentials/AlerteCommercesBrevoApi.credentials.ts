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
			description: 'Random text (32 characters or more) that signs each SMS\'s webhook URL, so nobody else can mark an SMS delivered. The secret itself never leaves n8n: each URL carries only its own message\'s signature. Leave empty to accept unsigned receipts.',
		},
	];

	authenticate: IAuthenticateGeneric = { type: 'generic', properties: { headers: { 'api-key': '={{$credentials.apiKey}}' } } };

	test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.baseUrl}}', url: '/account' } };
}
