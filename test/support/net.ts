import { createServer } from 'node:net';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/**
 * Polls `check` every `every` ms until it returns true; fails after `timeoutMs` (a bounded wait, not
 * a timing assertion). `state` describes what was reached, for the failure message.
 */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, every = 250, state?: () => Promise<string> | string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			if (await check()) return;
		} catch (error) {
			lastError = error;
			if ((error as Error).message?.startsWith('n8n exited')) throw error;
		}
		await new Promise((r) => setTimeout(r, every));
	}
	const reached = state ? await Promise.resolve(state()).catch((error: unknown) => `state unknown: ${(error as Error).message}`) : '';
	throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}${reached ? `\n${reached}` : ''}`);
}
