import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { KannelProvider, OvhProvider } from '../../shared/dispatch';
import { PROVIDER_CONFIG } from '../transport';

/** Asks the provider whether it accepts the credential, as n8n's "Test" button does. */
async function verified(provider: KannelProvider | OvhProvider): Promise<INodeCredentialTestResult> {
	const check = await provider.verify();
	provider.close();
	return { status: check.ok ? 'OK' : 'Error', message: check.message };
}

/** Kannel: sendsms accepts the username and password. */
export async function kannelConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return verified(new KannelProvider(PROVIDER_CONFIG.kannel(credential.data ?? {}, {})));
}

/** OVHcloud: the API keys reach the SMS service. */
export async function ovhConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return verified(new OvhProvider(PROVIDER_CONFIG.ovh(credential.data ?? {}, {})));
}
