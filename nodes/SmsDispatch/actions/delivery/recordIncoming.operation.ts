import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { createProvider, PROVIDER_LIMITS, type Ledger, type ProviderName } from '../../../shared/dispatch';
import { RegistryStore } from '../../../shared/registry';
import { recordIncomingSms, REPLY_PROVIDERS } from '../../../shared/replies';
import { providerSetup } from '../../transport';
import { publicUrlProperty, webhookCallOf } from './webhookCall';

const properties: INodeProperties[] = [
	publicUrlProperty('incomingCallUrl'),
	{
		displayName: 'Answer STOP and START',
		name: 'sendConfirmation',
		type: 'boolean',
		default: true,
		description: 'Whether to confirm a STOP or START by one SMS (at most one of each per phone and day)',
	},
	{
		displayName: 'Confirmation Sender',
		name: 'confirmationSender',
		type: 'string',
		default: '',
		placeholder: '+33644630000',
		description: 'Sender of the confirmation. Empty = the number the member wrote to (Kannel and Twilio say it; Brevo does not: give it here).',
		displayOptions: { show: { sendConfirmation: [true] } },
	},
];

/** Record Incoming SMS's fields (besides the provider). */
export const description = updateDisplayOptions({ show: { operation: ['recordIncoming'] } }, properties);

/** Record Incoming SMS: one item per Webhook call; STOP/START applied to the registry, the rest reported for the CCI. */
export async function execute(this: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const providerName = this.getNodeParameter('provider', 0) as ProviderName;
	if (!(REPLY_PROVIDERS as readonly string[]).includes(providerName))
		throw new NodeOperationError(this.getNode(), `${providerName} cannot pass on the SMS members send`, {
			description: 'Choose Kannel, Brevo or Twilio: the provider whose number members reply to. An alphanumeric sender (CCI63) cannot receive replies.',
		});
	const setup = await providerSetup(this, providerName, {});
	const answer = this.getNodeParameter('sendConfirmation', 0, true) as boolean;
	const provider = answer ? createProvider(setup) : undefined;
	const registry = new RegistryStore(ledger.db);
	const out: INodeExecutionData[] = [];
	try {
		for (let index = 0; index < items.length; index++) {
			const outcome = await recordIncomingSms(
				{
					setup,
					registry,
					ledger,
					confirmation: provider && {
						lane: { provider, rate: 0, concurrency: Math.min(2, PROVIDER_LIMITS[providerName].concurrency) },
						sender: this.getNodeParameter('confirmationSender', index, '') as string,
					},
					log: (message) => this.logger.info(`SMS Dispatch (réponses) : ${message}`),
				},
				webhookCallOf(items[index].json, this.getNodeParameter('incomingCallUrl', index, '') as string),
			);
			out.push({ json: { ...outcome, provider: providerName } as unknown as IDataObject, pairedItem: { item: index } });
		}
	} finally {
		provider?.close();
	}
	return out;
}
