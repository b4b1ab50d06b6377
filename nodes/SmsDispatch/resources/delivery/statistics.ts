import type { INodeProperties } from 'n8n-workflow';

const show = { show: { operation: ['statistics'] } };

export const statisticsFields: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'periodFrom',
		type: 'dateTime',
		default: '={{ $now.minus({ years: 1 }).startOf("year").toISO() }}',
		description: 'Start of the period (included); by default 1 January of last year',
		displayOptions: show,
	},
	{
		displayName: 'To',
		name: 'periodTo',
		type: 'dateTime',
		default: '={{ $now.startOf("year").toISO() }}',
		description: 'End of the period (excluded); by default 1 January of this year',
		displayOptions: show,
	},
];
