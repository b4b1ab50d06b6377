import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

/** Tests the Sender Code credential: a code the fiches can carry (no network to reach). */
export async function senderCodeTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const code = String(credential.data?.secret ?? '').trim();
	if (code.length < 8) return { status: 'Error', message: 'The shared code needs at least 8 characters' };
	if (/\s/.test(code)) return { status: 'Error', message: 'The shared code must not contain spaces' };
	return { status: 'OK', message: 'The shared code can be used' };
}
