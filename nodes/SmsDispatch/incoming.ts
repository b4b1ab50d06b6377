import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { createProvider, PROVIDER_LIMITS, type Ledger, type ProviderName } from '../shared/dispatch';
import { RegistryStore } from '../shared/registry';
import { recordIncomingSms, REPLY_PROVIDERS } from '../shared/replies';
import { providerSetup } from './transport';

/** Record Incoming SMS: one item per Webhook call; STOP/START applied to the registry, the rest reported for the CCI. */
export async function executeRecordIncoming(ctx: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const providerName = ctx.getNodeParameter('provider', 0) as ProviderName;
	if (!(REPLY_PROVIDERS as readonly string[]).includes(providerName))
		throw new NodeOperationError(ctx.getNode(), `${providerName} cannot pass on the SMS members send`, {
			description: 'Choose Kannel, Brevo or Twilio: the provider whose number members reply to. An alphanumeric sender (CCI63) cannot receive replies.',
		});
	const setup = await providerSetup(ctx, providerName, {});
	const answer = ctx.getNodeParameter('sendConfirmation', 0, true) as boolean;
	const provider = answer ? createProvider(setup) : undefined;
	const registry = new RegistryStore(ledger.db);
	const out: INodeExecutionData[] = [];
	try {
		for (let index = 0; index < items.length; index++) {
			const json = items[index].json;
			const outcome = await recordIncomingSms(
				{
					setup,
					registry,
					ledger,
					confirmation: provider && {
						lane: { provider, rate: 0, concurrency: Math.min(2, PROVIDER_LIMITS[providerName].concurrency) },
						sender: ctx.getNodeParameter('confirmationSender', index, '') as string,
					},
					log: (message) => ctx.logger.info(`SMS Dispatch (réponses) : ${message}`),
				},
				{
					method: String(json.method ?? (json.body && Object.keys(json.body as object).length ? 'POST' : 'GET')),
					url: ctx.getNodeParameter('incomingCallUrl', index, '') as string,
					headers: (json.headers ?? {}) as Record<string, string>,
					query: (json.query ?? {}) as Record<string, unknown>,
					body: json.body ?? {},
				},
			);
			out.push({ json: { ...outcome, provider: providerName } as unknown as IDataObject, pairedItem: { item: index } });
		}
	} finally {
		provider?.close();
	}
	return [out];
}
