import { mkdtempSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger, recordReceiptCall, type Ledger, type ReceiptCallResult, type SmsProvider, type DispatchRecipient } from '../../nodes/shared/dispatch';
import { openDb, type SqlDb, type StoreConfig } from '../../nodes/shared/store';
import { freshPgDatabase } from '../support/postgres';

export type DbKind = 'sqlite' | 'postgres';

/** A store configuration on a fresh database of either kind. */
export async function freshStore(kind: DbKind): Promise<StoreConfig> {
	if (kind === 'postgres') return freshPgDatabase('ledger');
	const dir = mkdtempSync(join(process.env.ALERTE_TEST_ROOT ?? tmpdir(), 'ledger-'));
	return { kind: 'embedded', path: join(dir, 'registry.sqlite') };
}

/** Opens a ledger on a store configuration. */
export async function ledgerOn(config: StoreConfig): Promise<{ db: SqlDb; ledger: Ledger }> {
	const db = openDb(config);
	return { db, ledger: await openLedger(db) };
}

/** `count` recipients of one alert with distinct French mobiles. */
export function recipients(alertId: string, count: number, text = 'Faux billets à Issoire. Ne pas intervenir.', start = 0): DispatchRecipient[] {
	return Array.from({ length: count }, (_, i) => ({
		alertId,
		phone: `+3361${String(start + i).padStart(7, '0')}`,
		text,
		sender: 'CCI63',
	}));
}

/** A loopback server playing the receipt webhook: parses calls and applies them to the ledger. */
export async function receiptServer(ledger: Ledger, providers: () => SmsProvider[]): Promise<{ url: string; calls: ReceiptCallResult[]; close: () => Promise<void> }> {
	const calls: ReceiptCallResult[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
			const query = Object.fromEntries(url.searchParams);
			const raw = Buffer.concat(chunks).toString('utf8');
			const type = String(req.headers['content-type'] ?? '');
			const body = type.includes('json') ? JSON.parse(raw || '{}') : type.includes('form') ? Object.fromEntries(new URLSearchParams(raw)) : raw;
			const provider = providers().find((p) => p.name === query.provider);
			const result: ReceiptCallResult = provider
				? await recordReceiptCall(ledger, provider, { method: req.method ?? 'GET', url: url.toString(), headers: req.headers, query, body })
				: { ok: false, reason: 'unknown provider' };
			calls.push(result);
			res.writeHead(result.ok ? 200 : 403).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}/receipt`,
		calls,
		close: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

/** How many times each phone appears. */
export function countByPhone(phones: readonly string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const phone of phones) counts.set(phone, (counts.get(phone) ?? 0) + 1);
	return counts;
}
