import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * A Kannel gateway's sendsms interface (smsbox). Tested by SMS Dispatch's `kannelConnectionTest`:
 * sendsms has no "who am I" call, so the test asks for an SMS without a receiver and reads the
 * refusal (403 wrong user, 400 missing receiver = credentials accepted).
 */
export class AlerteCommercesKannelApi implements ICredentialType {
	name = 'alerteCommercesKannelApi';

	displayName = 'Alerte Commerces Kannel API';

	icon: Icon = { light: 'file:kannel.svg', dark: 'file:kannel.dark.svg' };

	documentationUrl = 'https://github.com/alerte-commerces/n8n-nodes-alerte-commerces#sms-dispatch';

	properties: INodeProperties[] = [
		{
			displayName: 'Sendsms URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:13013',
			required: true,
			description: 'Base URL of the smsbox sendsms port (without /cgi-bin/sendsms)',
		},
		{ displayName: 'Username', name: 'username', type: 'string', default: '', required: true, description: 'A sendsms-user of kannel.conf (give it max-messages = 10 and concatenation = true)' },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '', required: true },
		{ displayName: 'SMSC Route', name: 'smsc', type: 'string', default: '', description: 'Optional smsc-id to route through' },
		{
			displayName: 'Receipt Secret',
			name: 'receiptSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Random text (32 characters or more) that signs each SMS\'s delivery-report URL, so nobody else can mark an SMS delivered. The secret itself never leaves n8n: each URL carries only its own message\'s signature. Leave empty to accept unsigned receipts.',
		},
	];
}
