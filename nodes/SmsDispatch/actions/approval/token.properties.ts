import type { INodeProperties } from 'n8n-workflow';

/** The link's token, read by Check Link and by Decide. */
export const approvalTokenProperty: INodeProperties = {
	displayName: 'Token',
	name: 'approvalToken',
	type: 'string',
	typeOptions: { password: true },
	default: '={{ $json.jeton }}',
	required: true,
	description: 'The token of the link (the approval form\'s hidden field "jeton")',
	displayOptions: { show: { resource: ['approval'], operation: ['check', 'decide'] } },
};
