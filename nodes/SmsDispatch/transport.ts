import type { IExecuteFunctions } from 'n8n-workflow';
import type { ProviderName, ProviderSetup } from '../shared/dispatch';

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

/** Builds a provider's settings from its n8n credential and the node options. */
export async function providerSetup(ctx: IExecuteFunctions, name: ProviderName, options: ProviderOptions): Promise<ProviderSetup> {
	const type = PROVIDER_CREDENTIAL[name];
	const c = type ? await ctx.getCredentials(type) : {};
	// The credential keeps the secret out of workflow files; the node option (older workflows) overrides it.
	const receiptSecret = options.receiptSecret || optional(c.receiptSecret);
	switch (name) {
		case 'kannel':
			return {
				name,
				config: {
					baseUrl: text(c.baseUrl),
					username: text(c.username),
					password: text(c.password),
					smsc: optional(c.smsc),
					receiptUrl: options.receiptUrl,
					receiptSecret,
					concurrency: options.concurrency,
				},
			};
		case 'ovh':
			return {
				name,
				config: {
					endpoint: text(c.endpoint),
					applicationKey: text(c.applicationKey),
					applicationSecret: text(c.applicationSecret),
					consumerKey: text(c.consumerKey),
					serviceName: text(c.serviceName),
					receiptSecret,
				},
			};
		case 'brevo':
			return { name, config: { apiKey: text(c.apiKey), baseUrl: optional(c.baseUrl), receiptUrl: options.receiptUrl, receiptSecret } };
		case 'twilio':
			return {
				name,
				config: {
					accountSid: text(c.accountSid),
					authToken: text(c.authToken),
					messagingServiceSid: optional(c.messagingServiceSid),
					baseUrl: optional(c.baseUrl),
					receiptUrl: options.receiptUrl,
				},
			};
		case 'sandbox':
			return { name, config: { outboxPath: options.outboxPath } };
	}
}
