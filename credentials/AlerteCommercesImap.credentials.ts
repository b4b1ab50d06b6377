import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The police mailbox over IMAP, read by the Police Mail Trigger. The same fields as n8n's own IMAP
 * credential, which a community node may not reference. Tested by the trigger's
 * `imapConnectionTest` method: IMAP is not an HTTP API.
 */
export class AlerteCommercesImap implements ICredentialType {
	name = 'alerteCommercesImap';

	displayName = 'Alerte Commerces IMAP';

	icon: Icon = { light: 'file:imap.svg', dark: 'file:imap.dark.svg' };

	documentationUrl = 'https://github.com/alerte-commerces/n8n-nodes-alerte-commerces#police-mail-trigger';

	properties: INodeProperties[] = [
		{ displayName: 'User', name: 'user', type: 'string', default: '', required: true },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '', required: true },
		{ displayName: 'Host', name: 'host', type: 'string', default: '', required: true, placeholder: 'imap.cci63.fr' },
		{ displayName: 'Port', name: 'port', type: 'number', default: 993 },
		{ displayName: 'SSL/TLS', name: 'secure', type: 'boolean', default: true, description: 'Whether to connect with TLS from the start (port 993); when off, STARTTLS is used if the server offers it' },
		// A yes/no switch named as in n8n's own IMAP credential, not a secret.
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field
		{ displayName: 'Allow Self-Signed Certificates', name: 'allowUnauthorizedCerts', type: 'boolean', default: false, description: 'Whether to connect even if the server certificate cannot be verified' },
	];
}
