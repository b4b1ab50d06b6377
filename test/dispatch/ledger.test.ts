import { dispatchAlert, LedgerWriter, type Ledger, type LedgerRow, type OutgoingSms, type SendOutcome, type SmsProvider } from '../../nodes/shared/dispatch';
import { registryOn } from '../../nodes/shared/registry';
import type { SqlDb } from '../../nodes/shared/store';
import { countByPhone, freshStore, ledgerOn, recipients, type DbKind } from './helpers';

/** An in-process provider that records every SMS it is handed. */
class RecordingProvider implements SmsProvider {
	readonly name = 'sandbox' as const;
	readonly limits = { maxBatch: 1, concurrency: 8, rate: 0, costPerSegment: 0 };
	readonly settlesInDoubt = false;
	readonly sent: OutgoingSms[] = [];
	constructor(private readonly latencyMs = 1) {}
	async send(batch: readonly OutgoingSms[]): Promise<SendOutcome[]> {
		await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
		this.sent.push(...batch);
		return batch.map((sms) => ({ kind: 'accepted', providerMessageId: `rec-${sms.ref}` }));
	}
	parseReceipt() {
		return { ok: false as const, reason: 'not used' };
	}
	close() {}
}

describe.each(['sqlite', 'postgres'] as DbKind[])('dispatch ledger on %s', (kind) => {
	let db: SqlDb;
	let ledger: Ledger;
	let config: Awaited<ReturnType<typeof freshStore>>;

	beforeAll(async () => {
		config = await freshStore(kind);
		({ db, ledger } = await ledgerOn(config));
	});
	afterAll(async () => db?.close());

	test('period statistics count alerts, SMS by status and the delivery rate', async () => {
		const from = Date.now() - 1000;
		await ledger.enqueue([...recipients('stats-a', 3), ...recipients('stats-b', 2)]);
		await dispatchAlert('stats-a', { ledger, primary: { provider: new RecordingProvider(), rate: 0, concurrency: 2 } });
		const stats = await ledger.periodStatistics(from, Date.now() + 1000);
		expect(stats).toMatchObject({ alerts: 2, recipients: 5, counts: { queued: 2, sent: 3, delivered: 0, failed: 0, expired: 0 }, deliveryRate: null });
		expect((await ledger.periodStatistics(from - 10_000, from)).recipients).toBe(0);
	});

	test('the alert journal keeps the first recording of each message; an alert id finds its first message', async () => {
		const incident = { type: 'cambriolage', communes: ['63014'] };
		const base = { alertId: 'AC-J1', msgType: 'Alert', status: 'Actual', text: 'Cambriolage à Aubière.', sender: 'CCI63', incident };
		expect(await ledger.recordAlert({ ...base, messageId: 'AC-J1' }, 1000)).toBe(true);
		expect(await ledger.recordAlert({ ...base, messageId: 'AC-J1', text: 'changed' }, 2000)).toBe(false);
		expect(await ledger.recordAlert({ ...base, messageId: 'AC-J1-MAJ-1', msgType: 'Update', text: 'MAJ' }, 3000)).toBe(true);
		expect(await ledger.journalEntry('AC-J1')).toEqual({ ...base, messageId: 'AC-J1', recordedAt: 1000 });
		expect(await ledger.journalEntry('AC-J1-MAJ-1')).toMatchObject({ alertId: 'AC-J1', msgType: 'Update', text: 'MAJ' });
		expect(await ledger.journalEntry('AC-NONE')).toBeUndefined();
	});

	test('reached phones: sent, delivered or expired for the alert and its updates; not failed, queued, erased or opted out', async () => {
		const [a, b, c, d, e, f] = recipients('AC-R', 6);
		await ledger.enqueue([a, b, c, d, e, f, { ...recipients('AC-R-MAJ-77', 1, 'MAJ', 6)[0] }, { ...recipients('AC-R2', 1, 'autre', 7)[0] }]);
		const set = (status: string, phones: string[], alertId = 'AC-R') =>
			db.run(`UPDATE dispatch_ledger SET status = ? WHERE message_id = ? AND phone IN (${phones.map(() => '?').join(', ')})`, [status, alertId, ...phones]);
		await set('sent', [a.phone]);
		await set('delivered', [b.phone, e.phone, f.phone]);
		await set('expired', [c.phone]);
		await set('failed', [d.phone]);
		await set('delivered', ['+33610000006'], 'AC-R-MAJ-77');
		await set('delivered', ['+33610000007'], 'AC-R2');
		await ledger.forgetPhone(e.phone);
		// No registry tables on this database: nothing to read opt-outs from.
		expect(await ledger.reachedPhones('AC-R')).toEqual([a.phone, b.phone, c.phone, f.phone, '+33610000006'].sort());
		await registryOn(db);
		await db.run("INSERT INTO adherents (siret, siren, name, commune_insee, city, departement, status, created_at, updated_at) VALUES ('73282932000074', '732829320', 'Tabac', '63113', 'Clermont-Ferrand', '63', 'active', 'x', 'x')");
		await db.run("INSERT INTO adherent_phones (siret, phone, opted_out_at) VALUES ('73282932000074', ?, '2026-01-01')", [f.phone]);
		expect(await ledger.reachedPhones('AC-R')).toEqual([a.phone, b.phone, c.phone, '+33610000006'].sort());
		expect(await ledger.reachedPhones('AC-R-MAJ')).toEqual([]);
	});

	test('enqueue is idempotent per (alert, phone)', async () => {
		const list = recipients('enq', 10);
		expect(await ledger.enqueue(list)).toBe(10);
		expect(await ledger.enqueue([...list, ...recipients('enq', 2, 'x', 10)])).toBe(2);
		expect((await ledger.rows('enq')).map((r) => r.status)).toEqual(Array(12).fill('queued'));
	});

	test('claims are exclusive, expire, and a lost claim is never handed', async () => {
		await ledger.enqueue(recipients('claim', 6));
		const now = Date.now();
		const a = await ledger.claim('claim', 'worker-a', 4, 1000, 0, now);
		const b = await ledger.claim('claim', 'worker-b', 4, 60_000, 0, now);
		expect(a).toHaveLength(4);
		expect(b).toHaveLength(2);
		expect(new Set([...a, ...b].map((r) => r.id)).size).toBe(6);
		// After A's lease expires, C takes A's rows; A can no longer hand them.
		const later = now + 5000;
		const c = await ledger.claim('claim', 'worker-c', 10, 1000, 0, later);
		expect(c.map((r) => r.id).sort()).toEqual(a.map((r) => r.id).sort());
		expect((await ledger.markHanding(a.map((r) => r.id), 'worker-a', 'sandbox', later)).size).toBe(0);
		expect((await ledger.markHanding(c.map((r) => r.id), 'worker-c', 'sandbox', later)).size).toBe(4);
	});

	test('an in-doubt row waits for a receipt during the grace, then is re-taken', async () => {
		await ledger.enqueue(recipients('doubt', 2));
		const now = Date.now();
		const rows = await ledger.claim('doubt', 'w1', 10, 1000, 10_000, now);
		await ledger.markHanding(rows.map((r) => r.id), 'w1', 'kannel', now);
		// w1 dies. Lease expired but grace not over: nobody takes them.
		expect(await ledger.claim('doubt', 'w2', 10, 1000, 10_000, now + 2000)).toHaveLength(0);
		// A receipt settles the first one.
		const settled = await ledger.recordReceipt({ provider: 'kannel', ref: rows[0].ref, status: 'sent' });
		expect(settled).toMatchObject({ ok: true, changed: true, row: { status: 'sent' } });
		const retaken = await ledger.claim('doubt', 'w2', 10, 1000, 10_000, now + 11_000);
		expect(retaken.map((r) => r.id)).toEqual([rows[1].id]);
	});

	test('receipts move forward only; unknown or foreign receipts are rejected', async () => {
		await ledger.enqueue(recipients('rcpt', 1));
		const [row] = await ledger.claim('rcpt', 'w', 1, 10_000, 0);
		await ledger.markHanding([row.id], 'w', 'twilio');
		await ledger.markSent(row.id, 'twilio', 'SM123');
		expect(await ledger.recordReceipt({ provider: 'twilio', providerMessageId: 'SM123', status: 'delivered' })).toMatchObject({ ok: true, changed: true });
		expect(await ledger.recordReceipt({ provider: 'twilio', providerMessageId: 'SM123', status: 'failed' })).toMatchObject({ ok: true, changed: false, row: { status: 'delivered' } });
		expect(await ledger.recordReceipt({ provider: 'twilio', providerMessageId: 'SM999', status: 'failed' })).toMatchObject({ ok: false });
		expect(await ledger.recordReceipt({ provider: 'brevo', ref: row.ref, status: 'failed' })).toMatchObject({ ok: false });
		expect((await ledger.rows('rcpt'))[0].status).toBe('delivered');
	});

	test('alert status: counts, failures with reasons, time to last delivery', async () => {
		await ledger.enqueue(recipients('stat', 3));
		const rows = await ledger.claim('stat', 'w', 3, 10_000, 0);
		await ledger.markHanding(rows.map((r) => r.id), 'w', 'sandbox');
		await ledger.markSent(rows[0].id, 'sandbox', 'm0', true);
		await ledger.markSent(rows[1].id, 'sandbox', 'm1');
		await ledger.markFailed(rows[2].id, 'sandbox', '21211', 'invalid To');
		const status = await ledger.status('stat');
		expect(status.counts).toEqual({ queued: 0, sent: 1, delivered: 1, failed: 1, expired: 0 });
		expect(status.failures).toEqual([{ phone: rows[2].phone, status: 'failed', errorCode: '21211', error: 'invalid To' }]);
		expect(status.timeToLastDeliveryMs).toBeGreaterThanOrEqual(0);
	});

	test('two workers sending the same alert at once: every phone exactly once', async () => {
		const list = recipients('race', 600);
		await ledger.enqueue(list);
		// Two connections, as two n8n workers would have.
		const other = await ledgerOn(config);
		const p1 = new RecordingProvider();
		const p2 = new RecordingProvider();
		const options = { leaseMs: 5000, inDoubtGraceMs: 5000, claimBatch: 50 };
		const [s1, s2] = await Promise.all([
			dispatchAlert('race', { ledger, primary: { provider: p1, rate: 0, concurrency: 8 }, ...options }),
			dispatchAlert('race', { ledger: other.ledger, primary: { provider: p2, rate: 0, concurrency: 8 }, ...options }),
		]);
		await other.db.close();
		const all = [...p1.sent, ...p2.sent].map((s) => s.phone);
		expect(all).toHaveLength(600);
		expect(countByPhone(all).size).toBe(600);
		expect(s1.sent + s2.sent).toBe(600);
		if (kind === 'postgres') expect(Math.min(p1.sent.length, p2.sent.length)).toBeGreaterThan(0);
		expect((await ledger.status('race')).counts.sent).toBe(600);
	});


	describe('batched writes (ledger-writer.ts)', () => {
		const accepted = (row: LedgerRow, at: number) => ({ id: row.id, provider: 'kannel', providerMessageId: null, delivered: false, at });

		test('a crash between the provider accepting and the batched "sent" write: no duplicate, no loss on re-run', async () => {
			await ledger.enqueue(recipients('crash', 10));
			const now = Date.now();
			const rows = await ledger.claim('crash', 'dead-worker', 10, 1000, 60_000, now);
			const writer = new LedgerWriter(ledger, 'dead-worker', { flushMs: 60_000, maxBuffered: 1000 });
			// Claim before send: the hand-over is committed for the whole group before any call.
			expect((await writer.hand('kannel', rows.map((r) => ({ id: r.id, at: now })))).size).toBe(10);
			// The provider accepts all 10; 4 acceptances are written, then the worker dies with 6 buffered.
			for (const row of rows.slice(0, 4)) writer.sent(accepted(row, now));
			await writer.flush();
			for (const row of rows.slice(4)) writer.sent(accepted(row, now));
			expect(writer.buffered).toBe(6);
			writer.abandon();

			// The 6 are in doubt: queued with handed_at. Past the lease but within the grace, nobody takes them.
			const inDoubt = (await ledger.rows('crash')).filter((r) => r.status === 'queued');
			expect(inDoubt.map((r) => r.id)).toEqual(rows.slice(4).map((r) => r.id));
			expect(inDoubt.every((r) => r.handedAt === now)).toBe(true);
			expect(await ledger.claim('crash', 'other', 10, 1000, 60_000, now + 5000)).toHaveLength(0);
			// Their receipts (our ref in Kannel's dlr-url) settle them; the re-run then sends nothing.
			for (const row of inDoubt) expect(await ledger.recordReceipt({ provider: 'kannel', ref: row.ref, status: 'sent' })).toMatchObject({ ok: true, changed: true });
			const provider = new RecordingProvider();
			const summary = await dispatchAlert('crash', { ledger, primary: { provider, rate: 0, concurrency: 2 }, leaseMs: 1000, inDoubtGraceMs: 60_000 });
			expect(provider.sent).toHaveLength(0);
			expect(summary).toMatchObject({ sent: 0, leftQueued: 0 });
			expect((await ledger.status('crash')).counts).toMatchObject({ sent: 10, queued: 0 });
		});

		test('a run writes every buffered acceptance before it releases its claims', async () => {
			await ledger.enqueue(recipients('flush', 40));
			const provider = new RecordingProvider(0);
			// Nothing would be written by size or time during the run: only the final flush writes.
			const summary = await dispatchAlert('flush', { ledger, primary: { provider, rate: 0, concurrency: 4 }, writes: { flushMs: 600_000, maxBuffered: 100_000 } });
			expect(summary).toMatchObject({ sent: 40, leftQueued: 0 });
			expect(provider.sent).toHaveLength(40);
			const rows = await ledger.rows('flush');
			expect(rows.every((r) => r.status === 'sent' && r.claimToken === null && r.handedAt !== null && r.attempts === 1)).toBe(true);
			expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(40);
		});

		test('hand-overs asked for in the same turn share one commit, and a lost claim is not handed', async () => {
			await ledger.enqueue(recipients('group', 6));
			const now = Date.now();
			const ours = await ledger.claim('group', 'w-ours', 4, 60_000, 0, now);
			const theirs = await ledger.claim('group', 'w-theirs', 4, 60_000, 0, now);
			const writer = new LedgerWriter(ledger, 'w-ours');
			const [a, b] = await Promise.all([
				writer.hand('sandbox', ours.slice(0, 2).map((r) => ({ id: r.id, at: now }))),
				writer.hand('sandbox', [...ours.slice(2), ...theirs].map((r) => ({ id: r.id, at: now + 1 }))),
			]);
			expect(a).toBe(b);
			expect([...a].sort()).toEqual(ours.map((r) => r.id).sort());
			const rows = await ledger.rows('group');
			expect(rows.filter((r) => r.handedAt !== null).map((r) => r.id).sort()).toEqual(ours.map((r) => r.id).sort());
			expect(rows.find((r) => r.id === ours[3].id)?.handedAt).toBe(now + 1);
		});
	});
});
