import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { DEFAULT_RETRY, dispatchAlert, DispatchAuthError, type Ledger, type ProviderName, type SmsProvider } from '../../../../shared/dispatch';
import { providerLane, type ProviderOptions } from '../../../transport';

/** Send's Options collection. */
export interface SendOptions extends ProviderOptions {
	summaryPerAlert?: boolean;
	rate?: number;
	secondaryRate?: number;
	maxAttempts?: number;
	leaseSeconds?: number;
	inDoubtGraceSeconds?: number;
	costPerSegment?: number;
}

/** What sending the queued alerts needs. */
export interface AlertsToDispatch {
	ledger: Ledger;
	alertIds: readonly string[];
	providerName: ProviderName;
	secondaryName: ProviderName | 'none';
	options: SendOptions;
}

/**
 * Sends each alert's queued recipients through the provider (and the secondary one for those it
 * refused), then closes the providers. A refused credential or a failure stops the node with what to do.
 */
export async function dispatchAlerts(ctx: IExecuteFunctions, { ledger, alertIds, providerName, secondaryName, options }: AlertsToDispatch): Promise<void> {
	const primary = await providerLane(ctx, providerName, options, options.rate ?? 0);
	const secondary = secondaryName !== 'none' && secondaryName !== providerName ? await providerLane(ctx, secondaryName, options, options.secondaryRate ?? 0) : undefined;
	const providers: SmsProvider[] = [primary.provider, ...(secondary ? [secondary.provider] : [])];
	try {
		for (const alertId of alertIds) {
			try {
				await dispatchAlert(alertId, {
					ledger,
					primary,
					secondary,
					retry: { ...DEFAULT_RETRY, maxAttempts: options.maxAttempts || DEFAULT_RETRY.maxAttempts },
					leaseMs: (options.leaseSeconds || 30) * 1000,
					inDoubtGraceMs: (options.inDoubtGraceSeconds ?? 60) * 1000,
					log: (message) => ctx.logger.info(`SMS Dispatch ${alertId}: ${message}`),
				});
			} catch (error) {
				if (error instanceof DispatchAuthError)
					throw new NodeOperationError(ctx.getNode(), `${error.provider} refused the credentials: ${error.message}`, {
						description: `No more SMS were sent for alert ${alertId}. Check the ${error.provider} credential (key, token or password), then run again: recipients already sent are not sent twice.`,
					});
				throw new NodeOperationError(ctx.getNode(), `Sending alert ${alertId} stopped: ${(error as Error).message}`, {
					description: 'Recipients already sent are recorded in the ledger and are not sent twice: run the workflow again once the cause is fixed.',
				});
			}
		}
	} finally {
		for (const provider of providers) provider.close();
	}
}
