import { createHash } from 'node:crypto';
import * as http from 'node:http';
import {
	BrevoProvider,
	DispatchAuthError,
	dispatchAlert,
	OvhProvider,
	recordReceiptCall,
	TwilioProvider,
	twilioSignature,
	type Ledger,
} from '../../nodes/shared/dispatch';
import type { SqlDb } from '../../nodes/shared/store';
import { freshStore, ledgerOn, recipients } from './helpers';

type Reply = { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } | 'reset';
interface Seen {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A loopback API: `reply` decides each answer from the request and the call number. */
async function fakeApi(reply: (req: Seen, n: number) => Reply) {
	const seen: Seen[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const entry = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			seen.push(entry);
			const answer = reply(entry, seen.length);
			if (answer === 'reset') {
				req.socket.destroy();
				return;
			}
			const send = () => {
				if (res.destroyed) return;
				res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
				res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}));
			};
			if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
			else send();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
		seen,
		close: () => new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		}),
	};
}

const fastRetry = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5000 };

describe('HTTP providers against loopback servers in their documented shapes', () => {
	let db: SqlDb;
	let ledger: Ledger;
	beforeAll(async () => {
		({ db, ledger } = await ledgerOn(await freshStore('sqlite')));
	});
	afterAll(async () => db?.close());

	test('OVH: signed job with receivers list and noStopClause; 500 then 429 Retry-After then success; invalid receivers failed', async () => {
		const secret = 'app-secret';
		const api = await fakeApi((req, n) => {
			if (req.path === '/1.0/auth/time') return { status: 200, body: String(Math.floor(Date.now() / 1000)) };
			const ts = String(req.headers['x-ovh-timestamp']);
			const url = `${apiUrl}${req.path}`;
			const expected = '$1$' + createHash('sha1').update([secret, 'ck', req.method, url, req.body, ts].join('+')).digest('hex');
			if (req.headers['x-ovh-signature'] !== expected) return { status: 400, body: { message: 'Invalid signature' } };
			const jobs = seenJobs();
			if (jobs === 1) return { status: 500, body: { message: 'Internal server error' } };
			if (jobs === 2) return { status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too many requests' } };
			const receivers = (JSON.parse(req.body) as { receivers: string[] }).receivers;
			const valid = receivers.filter((r) => !r.endsWith('0000002'));
			return { status: 200, body: { totalCreditsRemoved: valid.length, ids: valid.map((_, i) => 1000 + i + n), validReceivers: valid, invalidReceivers: receivers.filter((r) => !valid.includes(r)) } };
		});
		const seenJobs = () => api.seen.filter((s) => s.path.endsWith('/jobs')).length;
		const apiUrl = api.url;
		const provider = new OvhProvider({ endpoint: `${api.url}/1.0`, applicationKey: 'ak', applicationSecret: secret, consumerKey: 'ck', serviceName: 'sms-ab1-1', receiptSecret: 'rs' });
		try {
			await ledger.enqueue(recipients('ovh', 5));
			const summary = await dispatchAlert('ovh', { ledger, primary: { provider, rate: 0, concurrency: 2 }, retry: fastRetry });
			expect(summary).toMatchObject({ sent: 4, failed: 1, leftQueued: 0 });
			const jobs = api.seen.filter((s) => s.path.endsWith('/jobs'));
			expect(jobs).toHaveLength(3);
			expect(jobs[0].path).toBe('/1.0/sms/sms-ab1-1/jobs');
			expect(JSON.parse(jobs[2].body)).toMatchObject({ noStopClause: true, senderForResponse: false, sender: 'CCI63', receivers: recipients('ovh', 5).map((r) => r.phone) });
			const rows = await ledger.rows('ovh');
			expect(rows.find((r) => r.phone.endsWith('0000002'))).toMatchObject({ status: 'failed', errorCode: 'invalid-receiver' });
			// The account's callback URL carries the secret; the receipt matches by OVH id.
			const sent = rows.find((r) => r.status === 'sent')!;
			const ok = await recordReceiptCall(ledger, provider, { method: 'GET', url: '', headers: {}, query: { s: 'rs', id: sent.providerMessageId, dlr: '1' }, body: {} });
			expect(ok).toMatchObject({ ok: true, results: [{ ok: true, changed: true }] });
			const forged = await recordReceiptCall(ledger, provider, { method: 'GET', url: '', headers: {}, query: { id: sent.providerMessageId, dlr: '2' }, body: {} });
			expect(forged.ok).toBe(false);
		} finally {
			provider.close();
			await api.close();
		}
	});

	test('Brevo: 429 without Retry-After is retried, a reset is in doubt and re-sent once after the grace; one invalid number failed; transactional, no STOP', async () => {
		const api = await fakeApi((req, n) => {
			if (n === 1) return { status: 429, body: { code: 'too_many_requests', message: 'Too many requests' } };
			if (n === 2) return 'reset';
			const body = JSON.parse(req.body) as { recipient: string };
			if (body.recipient.endsWith('0000001')) return { status: 400, body: { code: 'invalid_parameter', message: 'Invalid phone number' } };
			return { status: 201, body: { reference: 'ab1', messageId: 100 + n, smsCount: 1, usedCredits: 1 } };
		});
		const provider = new BrevoProvider({ apiKey: 'k', baseUrl: `${api.url}/v3` });
		try {
			await ledger.enqueue(recipients('brevo', 3));
			// The reset came after the request was read: in doubt, so it waits for the grace instead of a hot retry.
			const summary = await dispatchAlert('brevo', { ledger, primary: { provider, rate: 0, concurrency: 1 }, retry: fastRetry, inDoubtGraceMs: 300, leaseMs: 500 });
			expect(summary).toMatchObject({ sent: 2, failed: 1, leftQueued: 0 });
			const first = JSON.parse(api.seen[0].body) as Record<string, unknown>;
			expect(first).toMatchObject({ type: 'transactional', sender: 'CCI63', recipient: '33610000000' });
			expect(api.seen[0].headers['api-key']).toBe('k');
			expect((await ledger.rows('brevo')).find((r) => r.phone.endsWith('0000001'))).toMatchObject({ status: 'failed', errorCode: 'invalid_parameter' });
		} finally {
			provider.close();
			await api.close();
		}
	});

	test('an auth failure stops the run with a clear error; the recipients stay queued', async () => {
		const api = await fakeApi(() => ({ status: 401, body: { code: 'unauthorized', message: 'Key not found' } }));
		const provider = new BrevoProvider({ apiKey: 'wrong', baseUrl: `${api.url}/v3` });
		try {
			await ledger.enqueue(recipients('auth', 20));
			await expect(dispatchAlert('auth', { ledger, primary: { provider, rate: 0, concurrency: 2 }, retry: fastRetry })).rejects.toThrow(DispatchAuthError);
			expect(api.seen.length).toBeLessThanOrEqual(2);
			const status = await ledger.status('auth');
			expect(status.counts.queued).toBe(20);
			// None is left in doubt (stamped ahead but never sent): a re-run with the right key sends them at once.
			expect((await ledger.rows('auth')).filter((r) => r.handedAt !== null)).toEqual([]);
		} finally {
			provider.close();
			await api.close();
		}
	});

	test('Twilio: a slow answer times out and is retried, a permanent error fails over to the secondary; signed status callbacks', async () => {
		const twilio = await fakeApi((req, n) => {
			const form = new URLSearchParams(req.body);
			if (n === 1) return { status: 201, body: { sid: 'SMslow' }, delayMs: 1500 };
			if (form.get('To')!.endsWith('0000001')) return { status: 400, body: { code: 21408, message: "Permission to send an SMS has not been enabled for the region indicated by the 'To' number" } };
			if (n === 2) return { status: 503, body: { code: 20500, message: 'Service unavailable' } };
			return { status: 201, body: { sid: `SM${n}`, status: 'queued' } };
		});
		const brevo = await fakeApi(() => ({ status: 201, body: { messageId: 777 } }));
		const receiptUrl = 'https://n8n.example.org/webhook/sms-receipts';
		const primary = new TwilioProvider({ accountSid: 'AC1', authToken: 'tok', baseUrl: twilio.url, receiptUrl, timeoutMs: 300 });
		const secondary = new BrevoProvider({ apiKey: 'k', baseUrl: `${brevo.url}/v3` });
		try {
			await ledger.enqueue(recipients('twilio', 3));
			const summary = await dispatchAlert('twilio', {
				ledger,
				primary: { provider: primary, rate: 0, concurrency: 1 },
				secondary: { provider: secondary, rate: 0, concurrency: 1 },
				retry: fastRetry,
				inDoubtGraceMs: 200,
				leaseMs: 500,
			});
			expect(summary).toMatchObject({ sent: 3, failed: 0, failedOver: 1, leftQueued: 0 });
			const rows = await ledger.rows('twilio');
			expect(rows.find((r) => r.phone.endsWith('0000001'))).toMatchObject({ status: 'sent', provider: 'brevo', providerMessageId: '777' });
			const form = new URLSearchParams(twilio.seen[0].body);
			expect(twilio.seen[0].headers.authorization).toBe('Basic ' + Buffer.from('AC1:tok').toString('base64'));
			expect(form.get('StatusCallback')).toMatch(/^https:\/\/n8n\.example\.org\/webhook\/sms-receipts\?provider=twilio&ref=[0-9a-f]{32}$/);

			const row = rows.find((r) => r.provider === 'twilio')!;
			const url = `${receiptUrl}?provider=twilio&ref=${row.ref}`;
			const params = { AccountSid: 'AC1', MessageSid: row.providerMessageId!, MessageStatus: 'delivered', To: row.phone };
			const good = await recordReceiptCall(ledger, primary, { method: 'POST', url, headers: { 'x-twilio-signature': twilioSignature('tok', url, params) }, query: {}, body: params });
			expect(good).toMatchObject({ ok: true, results: [{ ok: true, changed: true, row: { status: 'delivered' } }] });
			const forgedParams = { ...params, MessageStatus: 'failed' };
			const forged = await recordReceiptCall(ledger, primary, { method: 'POST', url, headers: { 'x-twilio-signature': twilioSignature('tok', url, params) }, query: {}, body: forgedParams });
			expect(forged).toEqual({ ok: false, reason: expect.stringContaining('X-Twilio-Signature') });
			expect((await ledger.rows('twilio')).find((r) => r.id === row.id)?.status).toBe('delivered');
		} finally {
			primary.close();
			secondary.close();
			await twilio.close();
			await brevo.close();
		}
	});
});
