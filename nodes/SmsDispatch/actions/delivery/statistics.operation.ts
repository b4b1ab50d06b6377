import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { Ledger } from '../../../shared/dispatch';

const properties: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'periodFrom',
		type: 'dateTime',
		default: '={{ $now.minus({ years: 1 }).startOf("year").toISO() }}',
		description: 'Start of the period (included); by default 1 January of last year',
	},
	{
		displayName: 'To',
		name: 'periodTo',
		type: 'dateTime',
		default: '={{ $now.startOf("year").toISO() }}',
		description: 'End of the period (excluded); by default 1 January of this year',
	},
];

/** Statistics' fields: the period. */
export const description = updateDisplayOptions({ show: { operation: ['statistics'] } }, properties);

/** Statistics: one item with the ledger's counts over the period. */
export async function execute(this: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[]> {
	const from = Date.parse(String(this.getNodeParameter('periodFrom', 0)));
	const to = Date.parse(String(this.getNodeParameter('periodTo', 0)));
	if (Number.isNaN(from) || Number.isNaN(to) || to <= from) {
		throw new NodeOperationError(this.getNode(), 'Invalid period', { description: 'Give a start date before the end date, e.g. 2026-01-01 and 2027-01-01.' });
	}
	const stats = await ledger.periodStatistics(from, to);
	return [{ json: { ...stats, from: new Date(from).toISOString(), to: new Date(to).toISOString() } as unknown as IDataObject, pairedItem: { item: 0 } }];
}
