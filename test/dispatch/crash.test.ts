import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { join } from 'node:path';
import { KannelProvider, type DispatchSummary, type KannelConfig } from '../../nodes/shared/dispatch';
import { waitUntil } from '../support/kannel';
import { freshStore, ledgerOn, receiptServer, recipients, type DbKind } from './helpers';

const CONCURRENCY = 20;
const RECIPIENTS = 400;
const KILL_AT = 150;
const GRACE_MS = 2000;
const LEASE_MS = 1000;

/**
 * A Kannel-compatible sendsms gateway on 127.0.0.1 that counts per phone what reached it: answers
 * "0: Accepted for delivery" after `delayMs`, and when the call carries a dlr-url, calls it back
 * with a delivery report shortly after, even if the caller died meanwhile (as Kannel does).
 */
async function countingGateway(delayMs: number, onRequest: (received: number) => void) {
	const perPhone = new Map<string, number>();
	let received = 0;
	let answered = 0;
	const reports = new Set<Promise<unknown>>();
	const server = http.createServer((req, res) => {
		const query = new URL(req.url ?? '/', 'http://x').searchParams;
		const phone = query.get('to') ?? '';
		perPhone.set(phone, (perPhone.get(phone) ?? 0) + 1);
		received++;
		const dlr = query.get('dlr-url');
		if (dlr) {
			const report = new Promise((resolve) => setTimeout(resolve, 30))
				.then(() => fetch(dlr.replace('%d', '1').replace('%A', 'id%3A1+stat%3ADELIVRD').replace('%T', String(Math.floor(Date.now() / 1000)))))
				.catch(() => undefined);
			reports.add(report);
			void report.finally(() => reports.delete(report));
		}
		setTimeout(() => {
			answered++;
			if (!res.destroyed) res.writeHead(202, { 'content-type': 'text/html', 'content-length': '24' }).end('0: Accepted for delivery');
		}, delayMs);
		onRequest(received);
	});
	server.keepAliveTimeout = 30_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
		perPhone,
		received: () => received,
		unanswered: () => received - answered,
		reportsDone: async () => {
			// Bounded: reports are only added while requests come in, and none come after the re-run.
			for (let i = 0; i < 100 && reports.size; i++) await Promise.all([...reports]);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Runs the crash child; resolves with its summary, or undefined when it was killed. */
function runChild(config: object, onSpawn: (kill: () => void) => void = () => undefined): Promise<DispatchSummary | undefined> {
	const child = spawn(
		process.execPath,
		['--no-experimental-strip-types', '-r', join(__dirname, '../support/ts-register.js'), join(__dirname, 'fixtures/crash-child.ts'), JSON.stringify(config)],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	let out = '';
	child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
	onSpawn(() => child.kill('SIGKILL'));
	return new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			if (signal === 'SIGKILL') return resolve(undefined);
			if (code !== 0) throw new Error(`the dispatch child exited with ${code}`);
			resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as DispatchSummary);
		});
	});
}

describe('a sending process SIGKILLed mid-run, then the same alert run again', () => {
	const cases = (['sqlite', 'postgres'] as DbKind[]).flatMap((kind) => [
		{ kind, receipts: false },
		{ kind, receipts: true },
	]);

	test.each(cases)('$kind, receipts $receipts: every phone at least once; duplicates only the calls in flight at the kill, none with receipts', async ({ kind, receipts: withReceipts }) => {
		const store = await freshStore(kind);
		const { db, ledger } = await ledgerOn(store);
		let provider: KannelProvider | undefined;
		const receipts = await receiptServer(ledger, () => (provider ? [provider] : []));
		let kill: () => void = () => undefined;
		let inFlightAtKill = -1;
		const gateway = await countingGateway(10, (received) => {
			if (received === KILL_AT) {
				kill();
				inFlightAtKill = gateway.unanswered();
			}
		});
		try {
			const alertId = `crash-${kind}-${withReceipts ? 'receipts' : 'plain'}`;
			const list = recipients(alertId, RECIPIENTS, 'Vol à la portière sur le parking du centre commercial. Fermez vos véhicules.', 7000);
			await ledger.enqueue(list);
			const kannel: KannelConfig = {
				baseUrl: gateway.url, username: 'u', password: 'p', concurrency: CONCURRENCY, timeoutMs: 5000,
				...(withReceipts ? { receiptUrl: receipts.url, receiptSecret: 'dlr-secret' } : {}),
			};
			provider = new KannelProvider(kannel);
			const config = { store, kannel, alertId, concurrency: CONCURRENCY, leaseMs: LEASE_MS, inDoubtGraceMs: GRACE_MS };

			expect(await runChild(config, (k) => (kill = k))).toBeUndefined();
			const atKill = gateway.received();
			expect(atKill).toBeLessThan(RECIPIENTS);
			// The re-run waits for the lease of the dead run's claims, and for the grace of the rows it left in doubt.
			const summary = await runChild(config);
			expect(summary).toMatchObject({ leftQueued: 0, failed: 0 });
			await gateway.reportsDone();
			if (withReceipts) await waitUntil(async () => (await ledger.status(alertId)).counts.delivered === RECIPIENTS, 20_000, 'every receipt');

			const counts = list.map((r) => gateway.perPhone.get(r.phone) ?? 0);
			const duplicates = counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
			if (process.env.ALERTE_CRASH_FIGURES)
				process.stderr.write(`crash ${kind} receipts=${withReceipts}: killed after ${atKill} calls at the gateway, ${inFlightAtKill} unanswered at the kill; duplicates after the re-run: ${duplicates}\n`);
			expect(counts.filter((n) => n < 1)).toEqual([]);
			expect(duplicates).toBeLessThanOrEqual(withReceipts ? 0 : CONCURRENCY);
			expect((await ledger.status(alertId)).counts.queued).toBe(0);
		} finally {
			provider?.close();
			await receipts.close();
			await gateway.close();
			await db.close();
		}
	});
});
