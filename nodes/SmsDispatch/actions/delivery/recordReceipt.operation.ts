import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { recordReceiptCall, type Ledger, type ProviderName } from '../../../shared/dispatch';
import { maskPhone } from '../../../shared/phone';
import { openProvider } from '../../transport';
import { publicUrlProperty, webhookCallOf } from './webhookCall';

const properties: INodeProperties[] = [
	publicUrlProperty('receiptCallUrl'),
	{
		displayName: 'Receipt Secret',
		name: 'receiptSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Leave empty to use the provider credential\'s Receipt Secret (recommended: a value here is saved in the workflow file). Only for workflows made before the credential had it.',
	},
];

/** Record Delivery Receipt's fields (besides the provider). */
export const description = updateDisplayOptions({ show: { operation: ['recordReceipt'] } }, properties);

/** Record Delivery Receipt: one item per Webhook call; forged or unknown calls are reported and change nothing. */
export async function execute(this: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const providerName = this.getNodeParameter('provider', 0) as ProviderName;
	const receiptSecret = (this.getNodeParameter('receiptSecret', 0, '') as string) || undefined;
	const provider = await openProvider(this, providerName, { receiptSecret, receiptUrl: 'receipt' });
	const out: INodeExecutionData[] = [];
	try {
		for (let index = 0; index < items.length; index++) {
			const url = this.getNodeParameter('receiptCallUrl', index, '') as string;
			const result = await recordReceiptCall(ledger, provider, webhookCallOf(items[index].json, url));
			if (!result.ok) {
				out.push({ json: { accepted: false, reason: result.reason }, pairedItem: { item: index } });
				continue;
			}
			for (const r of result.results)
				out.push({
					json: r.ok
						? { accepted: true, changed: r.changed, alertId: r.row.alertId, phone: maskPhone(r.row.phone), status: r.row.status }
						: { accepted: false, reason: r.reason },
					pairedItem: { item: index },
				});
		}
	} finally {
		provider.close();
	}
	return out;
}
