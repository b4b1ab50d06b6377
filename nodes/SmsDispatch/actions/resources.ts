import type { INodeProperties } from 'n8n-workflow';
import * as approval from './approval/Approval.resource';
import * as delivery from './delivery/Delivery.resource';

/** The Resource selector: sending and its follow-up, or a second person's approval. */
export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [delivery.resourceOption, approval.resourceOption],
	default: 'delivery',
};
