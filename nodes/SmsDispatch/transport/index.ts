import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { createProvider, PROVIDER_LIMITS, type ProviderConfigs, type ProviderLane, type ProviderName, type ProviderSetup, type SmsProvider } from '../../shared/dispatch';

/** Node options that shape a provider (receipt URL and secret, concurrency, outbox). */
export interface ProviderOptions {
	receiptUrl?: string;
	receiptSecret?: string;
	concurrency?: number;
	outboxPath?: string;
}

/** The credential type of each provider (Sandbox needs none). */
export const PROVIDER_CREDENTIAL: Readonly<Record<ProviderName, string | undefined>> = {
	kannel: 'alerteCommercesKannelApi',
	ovh: 'alerteCommercesOvhApi',
	brevo: 'alerteCommercesBrevoApi',
	twilio: 'alerteCommercesTwilioApi',
	sandbox: undefined,
};

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
const optional = (value: unknown): string | undefined => text(value) || undefined;
// The credential keeps the secret out of workflow files; the node option (older workflows) overrides it.
const receiptSecretOf = (c: ICredentialDataDecryptedObject, options: ProviderOptions) => options.receiptSecret || optional(c.receiptSecret);

/** How each provider's settings are read from its credential's data and the node options. */
export const PROVIDER_CONFIG: { readonly [K in ProviderName]: (c: ICredentialDataDecryptedObject, options: ProviderOptions) => ProviderConfigs[K] } = {
	kannel: (c, options) => ({
		baseUrl: text(c.baseUrl),
		username: text(c.username),
		password: text(c.password),
		smsc: optional(c.smsc),
		receiptUrl: options.receiptUrl,
		receiptSecret: receiptSecretOf(c, options),
		concurrency: options.concurrency,
	}),
	ovh: (c, options) => ({
		endpoint: text(c.endpoint),
		applicationKey: text(c.applicationKey),
		applicationSecret: text(c.applicationSecret),
		consumerKey: text(c.consumerKey),
		serviceName: text(c.serviceName),
		receiptSecret: receiptSecretOf(c, options),
	}),
	brevo: (c, options) => ({ apiKey: text(c.apiKey), baseUrl: optional(c.baseUrl), receiptUrl: options.receiptUrl, receiptSecret: receiptSecretOf(c, options) }),
	twilio: (c, options) => ({
		accountSid: text(c.accountSid),
		authToken: text(c.authToken),
		messagingServiceSid: optional(c.messagingServiceSid),
		baseUrl: optional(c.baseUrl),
		receiptUrl: options.receiptUrl,
	}),
	sandbox: (_c, options) => ({ outboxPath: options.outboxPath }),
};

/** Builds a provider's settings from its n8n credential and the node options. */
export async function providerSetup(ctx: IExecuteFunctions, name: ProviderName, options: ProviderOptions): Promise<ProviderSetup> {
	const type = PROVIDER_CREDENTIAL[name];
	const c = type ? await ctx.getCredentials(type) : {};
	// The table gives each name its own settings' type; TypeScript cannot follow that through `name`.
	return { name, config: PROVIDER_CONFIG[name](c, options) } as ProviderSetup;
}

/** The provider itself, from its credential and the node options (close it when done). */
export async function openProvider(ctx: IExecuteFunctions, name: ProviderName, options: ProviderOptions): Promise<SmsProvider> {
	return createProvider(await providerSetup(ctx, name, options));
}

/** A provider with its send rate (0 = the provider's own limit) and concurrency (0 or none = the provider's). */
export async function providerLane(ctx: IExecuteFunctions, name: ProviderName, options: ProviderOptions, rate: number): Promise<ProviderLane> {
	const provider = await openProvider(ctx, name, options);
	return { provider, rate: rate > 0 ? rate : PROVIDER_LIMITS[name].rate, concurrency: options.concurrency || provider.limits.concurrency };
}
