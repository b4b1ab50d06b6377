import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** A Twilio account (Account SID + Auth Token; the token also verifies X-Twilio-Signature on status callbacks). */
export class AlerteCommercesTwilioApi implements ICredentialType {
	name = 'alerteCommercesTwilioApi';

	displayName = 'Alerte Commerces Twilio API';

	icon: Icon = { light: 'file:twilio.svg', dark: 'file:twilio.dark.svg' };

	documentationUrl = 'https://github.com/alerte-commerces/n8n-nodes-alerte-commerces#sms-dispatch';

	properties: INodeProperties[] = [
		{ displayName: 'Account SID', name: 'accountSid', type: 'string', default: '', required: true },
		{ displayName: 'Auth Token', name: 'authToken', type: 'string', typeOptions: { password: true }, default: '', required: true },
		{ displayName: 'Messaging Service SID', name: 'messagingServiceSid', type: 'string', default: '', description: 'Send through a Messaging Service instead of the sender of each item' },
		{ displayName: 'API URL', name: 'baseUrl', type: 'string', default: 'https://api.twilio.com' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { auth: { username: '={{$credentials.accountSid}}', password: '={{$credentials.authToken}}' } },
	};

	test: ICredentialTestRequest = { request: { baseURL: '={{$credentials.baseUrl}}', url: '=/2010-04-01/Accounts/{{$credentials.accountSid}}.json' } };
}
