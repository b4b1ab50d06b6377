import type { INodeProperties } from 'n8n-workflow';

/** The Resource selector: what the node works on. */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Adherent', value: 'adherent' },
		{ name: 'Ruleset', value: 'ruleset', description: 'The targeting rules stored with the members: publish, history, roll back' },
	],
	default: 'adherent',
};
