import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import {
	BrevoProvider,
	checkReceiptSignature,
	KannelProvider,
	kannelDlrUrl,
	LEDGER_MIGRATIONS,
	Ledger,
	openLedger,
	receiptSignature,
	recordReceiptCall,
	signedReceiptQuery,
	type LedgerRow,
	type SmsProvider,
} from '../../nodes/shared/dispatch';
import { migrate, openDb, type SqlDb } from '../../nodes/shared/store';
import { freshStore, recipients, type DbKind } from './helpers';

const SECRET = 'kannel-receipt-secret-0123456789abcdef';
const REF_A = 'a'.repeat(32);
const REF_B = 'b'.repeat(32);
const DAY = 24 * 3600_000;

describe('receiptSignature', () => {
	test('is 22 URL-safe characters, the same for the same ref and secret', () => {
		const signature = receiptSignature(SECRET, REF_A);
		expect(signature).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(receiptSignature(SECRET, REF_A)).toBe(signature);
	});

	test('is the first 128 bits of HMAC-SHA256("receipt:" + ref) under the secret', () => {
		const expected = createHmac('sha256', SECRET).update(`receipt:${REF_A}`).digest().subarray(0, 16).toString('base64url');
		expect(receiptSignature(SECRET, REF_A)).toBe(expected);
	});

	test('differs for another message or another secret', () => {
		expect(receiptSignature(SECRET, REF_B)).not.toBe(receiptSignature(SECRET, REF_A));
		expect(receiptSignature(`${SECRET}x`, REF_A)).not.toBe(receiptSignature(SECRET, REF_A));
	});
});

describe('signedReceiptQuery', () => {
	test('carries the ref and its signature, never the secret', () => {
		expect(signedReceiptQuery(REF_A, SECRET)).toBe(`ref=${REF_A}&sig=${receiptSignature(SECRET, REF_A)}`);
		expect(signedReceiptQuery(REF_A, SECRET)).not.toContain(SECRET);
	});

	test('without a secret carries the ref alone', () => {
		expect(signedReceiptQuery(REF_A, undefined)).toBe(`ref=${REF_A}`);
	});
});

describe('checkReceiptSignature', () => {
	test("accepts the message's own signature", () => {
		expect(checkReceiptSignature({ ref: REF_A, sig: receiptSignature(SECRET, REF_A) }, REF_A, SECRET)).toEqual({ ok: true, legacySecret: false });
	});

	test.each([
		['a wrong signature', { sig: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'does not match this message'],
		["another message's signature", { sig: receiptSignature(SECRET, REF_B) }, 'does not match this message'],
		['a signature made with another secret', { sig: receiptSignature('another-secret', REF_A) }, 'does not match this message'],
		['a wrong signature beside the right legacy secret', { sig: 'AAAAAAAAAAAAAAAAAAAAAA', s: SECRET }, 'does not match this message'],
		['no signature at all', {}, 'not signed'],
		['a wrong legacy secret', { s: 'guess' }, 'wrong Receipt Secret'],
	])('refuses %s', (_, query, reason) => {
		const auth = checkReceiptSignature({ ref: REF_A, ...query }, REF_A, SECRET);
		expect(auth).toEqual({ ok: false, reason: expect.stringContaining(reason) });
		if (!auth.ok) expect(auth.reason).not.toContain(SECRET);
	});

	test('accepts the legacy shared secret, flagged for the ledger to decide', () => {
		expect(checkReceiptSignature({ ref: REF_A, s: SECRET }, REF_A, SECRET)).toEqual({ ok: true, legacySecret: true });
	});

	test('without a Receipt Secret configured, accepts unsigned calls as before', () => {
		expect(checkReceiptSignature({ ref: REF_A }, REF_A, undefined)).toEqual({ ok: true, legacySecret: false });
	});
});

describe('receipt URLs given to the providers', () => {
	test('Kannel: each dlr-url carries its own message signature and never the secret', () => {
		const provider = new KannelProvider({ baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', receiptUrl: 'https://n8n.example.org/webhook/accuses', receiptSecret: SECRET });
		try {
			const url = new URL(provider.sendUrl({ ref: REF_A, phone: '+33612345678', text: 'Test', sender: 'CCI63', encoding: 'GSM-7' }));
			const dlr = new URL(url.searchParams.get('dlr-url') ?? '');
			expect(Object.fromEntries(dlr.searchParams)).toEqual({ provider: 'kannel', ref: REF_A, sig: receiptSignature(SECRET, REF_A), type: '%d', answer: '%A', ts: '%T' });
			expect(url.toString()).not.toContain(encodeURIComponent(SECRET));
			expect(url.toString()).not.toContain(SECRET);
		} finally {
			provider.close();
		}
	});

	test('Kannel: kannelDlrUrl keeps a receipt URL that already has a query', () => {
		expect(kannelDlrUrl('https://h/w?x=1', REF_A, SECRET)).toBe(`https://h/w?x=1&provider=kannel&ref=${REF_A}&sig=${receiptSignature(SECRET, REF_A)}&type=%d&answer=%A&ts=%T`);
	});

	test('Brevo: each webUrl carries its own message signature and never the secret', async () => {
		const bodies: string[] = [];
		const server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				bodies.push(Buffer.concat(chunks).toString('utf8'));
				res.writeHead(201, { 'content-type': 'application/json' }).end('{"messageId":1}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const provider = new BrevoProvider({ apiKey: 'k', baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/v3`, receiptUrl: 'https://n8n.example.org/webhook/accuses', receiptSecret: SECRET });
		try {
			await provider.send([{ ref: REF_B, phone: '+33612345678', text: 'Test', sender: 'CCI63', encoding: 'GSM-7' }]);
			const { webUrl } = JSON.parse(bodies[0]) as { webUrl: string };
			expect(Object.fromEntries(new URL(webUrl).searchParams)).toEqual({ provider: 'brevo', ref: REF_B, sig: receiptSignature(SECRET, REF_B) });
			expect(bodies[0]).not.toContain(SECRET);
		} finally {
			provider.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

/** Marks rows as handed to `provider` and accepted, `ago` ms ago. */
async function markSent(db: SqlDb, alertId: string, provider: string, ago = 1000): Promise<void> {
	const at = Date.now() - ago;
	await db.run("UPDATE dispatch_ledger SET status = 'sent', provider = ?, handed_at = ?, sent_at = ?, attempts = 1 WHERE message_id = ?", [provider, at, at, alertId]);
}

/** A Kannel receipt call for `ref` with the given authentication parameters. */
const kannelCall = (ref: string, auth: Record<string, string>, type = '1') => ({
	method: 'GET',
	url: '',
	headers: {},
	query: { provider: 'kannel', ref, ...auth, type, answer: 'id:1 stat:DELIVRD' },
	body: {},
});

describe.each(['sqlite', 'postgres'] as DbKind[])('recordReceiptCall with signed receipt URLs on %s', (kind) => {
	let db: SqlDb;
	let ledger: Ledger;
	let kannel: SmsProvider;
	let legacyRows: LedgerRow[];

	beforeAll(async () => {
		db = openDb(await freshStore(kind));
		// A ledger as it was before signatures, with messages sent then (their URLs carried `s=`); its
		// key column already has migration 5's name, so today's Ledger can write the rows.
		await migrate(db, 'ledger', LEDGER_MIGRATIONS.filter((m) => m.version < 3 || m.version === 5));
		const before = new Ledger(db);
		await before.enqueue(recipients('legacy', 3));
		await markSent(db, 'legacy', 'kannel');
		await db.run("UPDATE dispatch_ledger SET handed_at = ? WHERE message_id = 'legacy' AND phone = ?", [Date.now() - 8 * DAY, recipients('legacy', 3)[2].phone]);
		// A message queued but not yet handed over at the upgrade: it is sent with a signed URL.
		await before.enqueue(recipients('upgrade-queued', 1, undefined, 50));
		ledger = await openLedger(db);
		await markSent(db, 'upgrade-queued', 'kannel');
		legacyRows = await ledger.rows('legacy');
		kannel = new KannelProvider({ baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', receiptUrl: 'https://h/w', receiptSecret: SECRET });
	});

	afterAll(async () => {
		kannel?.close();
		await db?.close();
	});

	test("a receipt signed for its message is applied", async () => {
		await ledger.enqueue(recipients('signed', 1, undefined, 100));
		await markSent(db, 'signed', 'kannel');
		const [row] = await ledger.rows('signed');
		const result = await recordReceiptCall(ledger, kannel, kannelCall(row.ref, { sig: receiptSignature(SECRET, row.ref) }));
		expect(result).toMatchObject({ ok: true, results: [{ ok: true, changed: true, row: { status: 'delivered' } }] });
	});

	test('a forged receipt (wrong signature, signature of another message, none, the bare secret) is refused and changes nothing', async () => {
		await ledger.enqueue(recipients('forged', 2, undefined, 200));
		await markSent(db, 'forged', 'kannel');
		const rows = await ledger.rows('forged');
		const [target, other] = rows;
		const attempts: Array<[Record<string, string>, string]> = [
			[{ sig: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'does not match this message'],
			[{ sig: receiptSignature(SECRET, other.ref) }, 'does not match this message'],
			[{ sig: receiptSignature('guessed-secret', target.ref) }, 'does not match this message'],
			[{}, 'not signed'],
			[{ s: 'guess' }, 'wrong Receipt Secret'],
			// The shared secret leaked from an old URL: refused for a message sent after the change.
			[{ s: SECRET }, 'only messages sent before signed receipt URLs'],
		];
		for (const [auth, reason] of attempts) {
			const result = await recordReceiptCall(ledger, kannel, kannelCall(target.ref, auth, '2'));
			expect(result).toEqual({ ok: false, reason: expect.stringContaining(reason) });
			if (!result.ok) expect(result.reason).not.toContain(SECRET);
		}
		expect(await ledger.rows('forged')).toEqual(rows);
	});

	test('a message queued at the upgrade but sent after it takes no receipt carrying the bare secret', async () => {
		const [row] = await ledger.rows('upgrade-queued');
		const result = await recordReceiptCall(ledger, kannel, kannelCall(row.ref, { s: SECRET }));
		expect(result).toEqual({ ok: false, reason: expect.stringContaining('only messages sent before signed receipt URLs') });
		expect(await ledger.rows('upgrade-queued')).toEqual([row]);
	});

	test('a message sent before the change still takes its receipt carrying the shared secret (legacy URL)', async () => {
		const result = await recordReceiptCall(ledger, kannel, kannelCall(legacyRows[0].ref, { s: SECRET }));
		expect(result).toMatchObject({ ok: true, results: [{ ok: true, changed: true, row: { status: 'delivered' } }] });
	});

	test('a message sent before the change also takes a signed receipt', async () => {
		const result = await recordReceiptCall(ledger, kannel, kannelCall(legacyRows[1].ref, { sig: receiptSignature(SECRET, legacyRows[1].ref) }));
		expect(result).toMatchObject({ ok: true, results: [{ ok: true, changed: true, row: { status: 'delivered' } }] });
	});

	test('a legacy receipt more than 7 days after the hand-over is refused and changes nothing', async () => {
		const old = legacyRows[2];
		const result = await recordReceiptCall(ledger, kannel, kannelCall(old.ref, { s: SECRET }));
		expect(result).toEqual({ ok: false, reason: expect.stringContaining('within 7 days') });
		expect((await ledger.rows('legacy'))[2]).toEqual(old);
	});

	test('Brevo: a signed webhook call is applied, an unsigned one refused', async () => {
		const brevo = new BrevoProvider({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v3', receiptUrl: 'https://h/w', receiptSecret: SECRET });
		try {
			await ledger.enqueue(recipients('brevo-signed', 2, undefined, 300));
			await markSent(db, 'brevo-signed', 'brevo');
			const [row, unsigned] = await ledger.rows('brevo-signed');
			const call = (ref: string, query: Record<string, string>) => ({ method: 'POST', url: '', headers: {}, query: { provider: 'brevo', ref, ...query }, body: { msg_status: 'delivered', messageId: 5 } });
			expect(await recordReceiptCall(ledger, brevo, call(row.ref, { sig: receiptSignature(SECRET, row.ref) }))).toMatchObject({ ok: true, results: [{ ok: true, changed: true }] });
			expect(await recordReceiptCall(ledger, brevo, call(unsigned.ref, {}))).toEqual({ ok: false, reason: expect.stringContaining('not signed') });
			expect(await recordReceiptCall(ledger, brevo, call(unsigned.ref, { sig: receiptSignature(SECRET, row.ref) }))).toEqual({ ok: false, reason: expect.stringContaining('does not match') });
			expect((await ledger.rows('brevo-signed'))[1]).toEqual(unsigned);
		} finally {
			brevo.close();
		}
	});
});
