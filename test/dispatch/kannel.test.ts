import { dispatchAlert, KannelProvider, receiptSignature, type KannelConfig } from '../../nodes/shared/dispatch';
import type { SqlDb } from '../../nodes/shared/store';
import { KannelGateway, kannelInstalled, waitUntil } from '../support/kannel';
import { countByPhone, freshStore, ledgerOn, receiptServer, recipients } from './helpers';
import type { Ledger } from '../../nodes/shared/dispatch';

const describeKannel = kannelInstalled() ? describe : describe.skip;

describeKannel('SMS Dispatch through a real Kannel (bearerbox + smsbox + fake SMSC)', () => {
	let gateway: KannelGateway;
	let db: SqlDb;
	let ledger: Ledger;
	let receipts: Awaited<ReturnType<typeof receiptServer>>;
	let provider: KannelProvider;

	const kannelConfig = (): KannelConfig => ({
		baseUrl: gateway.baseUrl,
		username: gateway.username,
		password: gateway.password,
		receiptUrl: receipts.url,
		receiptSecret: 'dlr-secret',
		concurrency: 8,
		timeoutMs: 3000,
	});

	beforeAll(async () => {
		gateway = await KannelGateway.start();
		({ db, ledger } = await ledgerOn(await freshStore('sqlite')));
		receipts = await receiptServer(ledger, () => [provider]);
		provider = new KannelProvider(kannelConfig());
	});

	afterAll(async () => {
		provider?.close();
		await receipts?.close();
		await gateway?.close();
		await db?.close();
	});

	test('each phone exactly once, right text and coding, long texts concatenated, receipts back in the ledger', async () => {
		const alertId = 'kannel-basic';
		const texts = [
			'Faux billets agglomération d\'Issoire. Ne pas intervenir, ne pas transférer SMS.',
			'Vol à main armée – bijouterie, rue « Gambetta ». Fermez à clé.',
			'Cambriolages en série dans la zone artisanale. Vérifiez vos alarmes et signalez tout véhicule suspect au 17. '.repeat(2).trim(),
			'Escroquerie au faux conseiller bancaire : ne donnez jamais vos codes ; prévenez vos employés, même à l\'accueil. Ne rappelez pas le numéro affiché.',
		];
		const list = texts.flatMap((text, t) => recipients(alertId, 5, text, t * 100));
		await ledger.enqueue(list);
		const summary = await dispatchAlert(alertId, { ledger, primary: { provider, rate: 0, concurrency: 8 } });
		expect(summary.sent).toBe(20);

		await waitUntil(() => gateway.messages().filter((m) => m.to.startsWith('+3361')).length >= 20, 15_000, 'the SMSC to receive 20 messages');
		const messages = gateway.messages().filter((m) => list.some((r) => r.phone === m.to));
		expect([...countByPhone(messages.map((m) => m.to)).values()].every((n) => n === 1)).toBe(true);
		expect(messages).toHaveLength(20);
		for (const r of list) {
			const got = messages.find((m) => m.to === r.phone);
			expect(got?.text).toBe(r.text);
			expect(got?.from).toBe('CCI63');
		}
		const byText = (i: number) => messages.find((m) => m.to === list[i * 5].phone);
		expect(byText(0)).toMatchObject({ coding: 'gsm', parts: 1 });
		expect(byText(1)).toMatchObject({ coding: 'ucs2', parts: 1 });
		expect(byText(2)).toMatchObject({ coding: 'gsm', parts: 2 });
		expect(byText(3)).toMatchObject({ coding: 'ucs2', parts: 3 });

		await waitUntil(async () => (await ledger.status(alertId)).counts.delivered === 20, 15_000, 'delivery receipts');
		const status = await ledger.status(alertId);
		expect(status.counts).toMatchObject({ delivered: 20, queued: 0, failed: 0 });
		expect(status.timeToLastDeliveryMs).not.toBeNull();

		// A re-run sends nothing.
		const again = await dispatchAlert(alertId, { ledger, primary: { provider, rate: 0, concurrency: 8 } });
		expect(again.sent).toBe(0);
		expect(gateway.messages().filter((m) => list.some((r) => r.phone === m.to))).toHaveLength(20);
	});

	test('a forged dlr-url call (wrong signature, bare secret or unknown ref) changes nothing', async () => {
		const [row, other] = await ledger.rows('kannel-basic');
		const forged = await fetch(`${receipts.url}?provider=kannel&ref=${row.ref}&sig=${receiptSignature('dlr-secret', other.ref)}&type=2`);
		expect(forged.status).toBe(403);
		const bare = await fetch(`${receipts.url}?provider=kannel&ref=${row.ref}&s=dlr-secret&type=2`);
		expect(bare.status).toBe(403);
		const unknown = await fetch(`${receipts.url}?provider=kannel&ref=${'0'.repeat(32)}&sig=${receiptSignature('dlr-secret', '0'.repeat(32))}&type=2`);
		expect(unknown.status).toBe(403);
		expect(receipts.calls).toContainEqual({ ok: false, reason: expect.stringContaining('signature does not match this message') });
		expect(receipts.calls).toContainEqual({ ok: false, reason: expect.stringContaining('only messages sent before signed receipt URLs') });
		expect(receipts.calls).toContainEqual({ ok: false, reason: 'no message of this ledger matches the receipt' });
		expect((await ledger.rows('kannel-basic'))[0].status).toBe('delivered');
	});

	test('the gateway stopped mid-run then restarted: every phone handed over once, none twice', async () => {
		const IN_FLIGHT = 4;
		const alertId = 'kannel-restart';
		const list = recipients(alertId, 300, 'Vol de matériel agricole secteur Nord. Fermez vos hangars.', 1000);
		await ledger.enqueue(list);
		const run = dispatchAlert(alertId, {
			ledger,
			primary: { provider, rate: 0, concurrency: IN_FLIGHT },
			retry: { maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 500, maxRetryAfterMs: 5000 },
			leaseMs: 2000,
			inDoubtGraceMs: 3000,
		});
		const atSmsc = () => gateway.received().filter((p) => list.some((r) => r.phone === p.to)).length;
		await waitUntil(() => atSmsc() >= 60, 20_000, 'the first messages at the SMSC');
		await gateway.stop();
		await gateway.restart();
		const summary = await run;
		expect(summary.leftQueued).toBe(0);
		// Kannel resends what it had stored once it is back: wait until the SMSC count settles.
		let settled = -1;
		await waitUntil(() => {
			const now = atSmsc();
			const done = now === 300 || (now === settled && now >= 300 - IN_FLIGHT);
			settled = now;
			return done;
		}, 60_000, 'the messages at the SMSC to settle', 3000);
		const counts = countByPhone(gateway.messages().filter((m) => list.some((r) => r.phone === m.to)).map((m) => m.to));
		// Never twice: our side hands each phone over once, Kannel's store resends only what it had not sent.
		expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
		// Every phone was handed to the gateway once. The fake SMSC protocol has no acknowledgement
		// (a real SMSC answers each submit over SMPP, and Kannel resends what it did not ack), so a
		// message bearerbox was writing to it at the very moment it stopped can be lost: at most the
		// calls in flight. Seen once in about 40 runs on a loaded machine; never a duplicate.
		const rows = await ledger.rows(alertId);
		expect(rows.filter((r) => r.status === 'queued' || r.sentAt === null)).toEqual([]);
		expect(300 - counts.size).toBeLessThanOrEqual(IN_FLIGHT);
	});
});

describeKannel('a dispatch process killed mid-run, then run again', () => {
	const GRACE_MS = 6000;
	test.each(['sqlite', 'postgres'] as const)('%s: the SMSC gets every recipient exactly once', async (kind) => {
		const { spawn } = await import('node:child_process');
		const { join } = await import('node:path');
		const gateway = await KannelGateway.start();
		const store = await freshStore(kind);
		const { db, ledger } = await ledgerOn(store);
		let provider: KannelProvider | undefined;
		const receipts = await receiptServer(ledger, () => (provider ? [provider] : []));
		try {
			const alertId = `kill-${kind}`;
			const list = recipients(alertId, 400, 'Démarchage frauduleux: faux agents des impôts. Ne payez rien.', 5000);
			await ledger.enqueue(list);
			const kannel: KannelConfig = {
				baseUrl: gateway.baseUrl, username: gateway.username, password: gateway.password,
				receiptUrl: receipts.url, receiptSecret: 's3cret', concurrency: 4, timeoutMs: 3000,
			};
			provider = new KannelProvider(kannel);
			// The grace is how long a message handed over without an answer waits for its receipt before
			// one re-send (60 s by default): 6 s here, so that a receipt slowed by a busy test process
			// still arrives within it.
			const childConfig = { store, kannel, alertId, concurrency: 4, leaseMs: 1000, inDoubtGraceMs: GRACE_MS };
			const child = spawn(process.execPath, ['-r', join(__dirname, '../support/ts-register.js'), join(__dirname, 'fixtures/crash-child.ts'), JSON.stringify(childConfig)], {
				stdio: ['ignore', 'pipe', 'inherit'],
			});
			const exited = new Promise((resolve) => child.on('exit', resolve));
			const atSmsc = () => gateway.received().filter((p) => p.to.startsWith('+33610005') || p.to.startsWith('+33610004')).length;
			await waitUntil(() => atSmsc() >= 100 || child.exitCode !== null, 30_000, 'the child to send a part');
			child.kill('SIGKILL');
			await exited;
			expect(atSmsc()).toBeLessThan(400);

			// The re-run: in this process, with the same lease and grace.
			const summary = await dispatchAlert(alertId, { ledger, primary: { provider, rate: 0, concurrency: 4 }, leaseMs: 1000, inDoubtGraceMs: GRACE_MS });
			expect(summary.leftQueued).toBe(0);
			await waitUntil(() => atSmsc() >= 400, 30_000, 'all messages at the SMSC');
			await waitUntil(async () => (await ledger.status(alertId)).counts.delivered === 400, 30_000, 'every receipt');
			const counts = countByPhone(gateway.messages().filter((m) => list.some((r) => r.phone === m.to)).map((m) => m.to));
			expect(counts.size).toBe(400);
			expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
		} finally {
			provider?.close();
			await receipts.close();
			await gateway.close();
			await db.close();
		}
	});
});
