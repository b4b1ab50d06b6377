import type { INodeProperties } from 'n8n-workflow';

export const alertStatusFields: INodeProperties[] = [
	{
		displayName: 'Alert ID',
		name: 'statusAlertId',
		type: 'string',
		default: '={{ $json.alertId }}',
		required: true,
		displayOptions: { show: { operation: ['alertStatus'] } },
	},
];
