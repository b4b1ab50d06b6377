import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Where the member register (and the dispatch ledger beside it) is stored: the embedded SQLite
 * file (default, no server) or PostgreSQL (queue mode, several workers). Tested by the nodes'
 * `registryConnectionTest` method: a database is not an HTTP API.
 */
export class AlerteCommercesRegistry implements ICredentialType {
	name = 'alerteCommercesRegistry';

	displayName = 'Alerte Commerces Registry';

	icon: Icon = { light: 'file:registry.svg', dark: 'file:registry.dark.svg' };

	documentationUrl = 'https://github.com/alerte-commerces/n8n-nodes-alerte-commerces#adherent-registry';

	properties: INodeProperties[] = [
		{
			displayName: 'Storage',
			name: 'storage',
			type: 'options',
			options: [
				{ name: 'Embedded (SQLite File)', value: 'embedded', description: 'One file next to n8n, no server: for a single n8n instance' },
				{ name: 'PostgreSQL', value: 'postgres', description: 'For n8n in queue mode with several workers' },
			],
			default: 'embedded',
		},
		{
			displayName: 'File Path',
			name: 'path',
			type: 'string',
			default: '',
			placeholder: '/home/node/.n8n/alerte-commerces.sqlite',
			description: 'Leave empty for alerte-commerces.sqlite in the n8n user folder',
			displayOptions: { show: { storage: ['embedded'] } },
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			displayOptions: { show: { storage: ['postgres'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
			displayOptions: { show: { storage: ['postgres'] } },
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'alerte_commerces',
			displayOptions: { show: { storage: ['postgres'] } },
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: 'postgres',
			displayOptions: { show: { storage: ['postgres'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { storage: ['postgres'] } },
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable' },
				{ name: 'Require (Verify Certificate)', value: 'require' },
				{ name: 'Require (Allow Self-Signed)', value: 'allow-unauthorized' },
			],
			default: 'disable',
			displayOptions: { show: { storage: ['postgres'] } },
		},
	];
}
