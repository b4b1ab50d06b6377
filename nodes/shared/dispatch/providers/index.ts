import { BrevoProvider, BREVO_LIMITS, type BrevoConfig } from './brevo';
import { KannelProvider, KANNEL_LIMITS, type KannelConfig } from './kannel';
import { OvhProvider, OVH_LIMITS, type OvhConfig } from './ovh';
import { SandboxProvider, SANDBOX_LIMITS, type SandboxConfig } from './sandbox';
import { TwilioProvider, TWILIO_LIMITS, type TwilioConfig } from './twilio';
import type { ProviderLimits, ProviderName, SmsProvider } from './types';

export * from './types';
export * from './http';
export * from './classify';
export * from './receipt-signature';
export * from './kannel';
export * from './ovh';
export * from './brevo';
export * from './twilio';
export * from './sandbox';

/** Settings of each provider, by name. */
export interface ProviderConfigs {
	kannel: KannelConfig;
	ovh: OvhConfig;
	brevo: BrevoConfig;
	twilio: TwilioConfig;
	sandbox: SandboxConfig;
}

/** A provider and its settings, as the node builds it from a credential. */
export type ProviderSetup = { [K in ProviderName]: { name: K; config: ProviderConfigs[K] } }[ProviderName];

/** Limits and indicative costs of every provider (one table, read by the dry run and the node). */
export const PROVIDER_LIMITS: Readonly<Record<ProviderName, ProviderLimits>> = {
	kannel: KANNEL_LIMITS,
	ovh: OVH_LIMITS,
	brevo: BREVO_LIMITS,
	twilio: TWILIO_LIMITS,
	sandbox: SANDBOX_LIMITS,
};

/** Builds a provider from its settings. */
export function createProvider(setup: ProviderSetup): SmsProvider {
	switch (setup.name) {
		case 'kannel':
			return new KannelProvider(setup.config);
		case 'ovh':
			return new OvhProvider(setup.config);
		case 'brevo':
			return new BrevoProvider(setup.config);
		case 'twilio':
			return new TwilioProvider(setup.config);
		case 'sandbox':
			return new SandboxProvider(setup.config);
	}
}
