import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The code the police write in each fiche (`Code : …`) on top of the sender allowlist, so a
 * forged From address alone cannot trigger an alert. A credential, not a node parameter, so the
 * secret is stored encrypted and never exported with the workflow. There is no API to call:
 * the Alert Composer's `senderCodeTest` method checks the code is strong enough.
 */
export class AlerteCommercesSenderCode implements ICredentialType {
	name = 'alerteCommercesSenderCode';

	displayName = 'Alerte Commerces Sender Code';

	icon: Icon = { light: 'file:senderCode.svg', dark: 'file:senderCode.dark.svg' };

	documentationUrl = 'https://github.com/alerte-commerces/n8n-nodes-alerte-commerces#alert-composer';

	properties: INodeProperties[] = [
		{
			displayName: 'Shared Code',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Secret the operations centre writes in every fiche as "Code : …". At least 8 characters. It is checked, then never copied into the SMS or the alert.',
		},
	];
}
