import * as http from 'node:http';
import {
	BrevoProvider,
	dispatchAlert,
	KannelProvider,
	OvhProvider,
	TwilioProvider,
	type Ledger,
	type SmsProvider,
} from '../../nodes/shared/dispatch';
import { AnswerReader, type AnswerStep } from '../../nodes/shared/dispatch/providers/http-answer';
import { httpCall, keepAliveAgent, TransportError } from '../../nodes/shared/dispatch/providers/http';
import { LeanHttpPool } from '../../nodes/shared/dispatch/providers/lean-http';
import type { SqlDb } from '../../nodes/shared/store';
import { rawHttpServer, split, type RawRequest, type Step } from '../support/raw-http';
import { countByPhone, freshStore, ledgerOn, recipients } from './helpers';

/** What a provider's API answers on success: status line, content type and body. */
interface Success {
	status: number;
	reason: string;
	type: string;
	body: string;
}

const headOf = (a: Success, lines: string[], version = '1.1') =>
	`HTTP/${version} ${a.status} ${a.reason}\r\nContent-Type: ${a.type}\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;
const withLength = (a: Success, extra: string[] = [], version = '1.1') =>
	headOf(a, [`Content-Length: ${Buffer.byteLength(a.body)}`, ...extra], version) + a.body;
const chunked = (a: Success) => {
	const body = Buffer.from(a.body, 'utf8');
	const cut = Math.floor(body.length / 2);
	const [p1, p2] = [body.subarray(0, cut), body.subarray(cut)];
	return Buffer.concat([
		Buffer.from(headOf(a, ['Transfer-Encoding: chunked']) + `${p1.length.toString(16)};name=value\r\n`, 'latin1'),
		p1,
		Buffer.from(`\r\n${p2.length.toString(16).toUpperCase()};quoted="a;b"\r\n`, 'latin1'),
		p2,
		Buffer.from('\r\n0\r\nX-Checksum: abc\r\nX-Trailer-Two: 2\r\n\r\n', 'latin1'),
	]);
};

/** Every answer shape HTTP/1.1 allows for a sendsms call, as the bytes a server writes. */
const SHAPES: Record<string, (a: Success, req: RawRequest) => Step[]> = {
	'Content-Length': (a) => [withLength(a)],
	'Content-Length, one byte per packet': (a) => split(withLength(a), 1, 1),
	'Content-Length, packets of 7 bytes (splits inside CRLFs and header names)': (a) => split(withLength(a), 7, 1),
	'chunked with extensions and trailers': (a) => [chunked(a)],
	'chunked, one byte per packet': (a) => split(chunked(a), 1, 1),
	'close-delimited with Connection: close': (a) => [headOf(a, ['Connection: close']), { pauseMs: 2 }, a.body, { pauseMs: 2 }, 'close'],
	'close-delimited, HTTP/1.1 without Connection header': (a) => [headOf(a, []) + a.body, { pauseMs: 2 }, 'close'],
	'Connection: close with Content-Length': (a) => [withLength(a, ['Connection: close']), 'close'],
	'HTTP/1.0 with Content-Length': (a) => [withLength(a, [], '1.0'), 'close'],
	'HTTP/1.0 with Content-Length and Connection: keep-alive': (a) => [withLength(a, ['Connection: keep-alive'], '1.0')],
	'HTTP/1.0 close-delimited': (a) => [headOf(a, [], '1.0') + a.body, 'close'],
	'100 Continue and 103 Early Hints before the answer': (a) => ['HTTP/1.1 100 Continue\r\n\r\n', { pauseMs: 2 }, 'HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n', withLength(a)],
	'Keep-Alive: timeout=1 (do not reuse)': (a) => [withLength(a, ['Keep-Alive: timeout=1'])],
	// The server closes each keep-alive connection right after answering, without saying so: the
	// next call meets a connection the server already closed. Answers on a fresh connection take
	// 60 ms, so a close seen sooner than that after writing is provably a stale connection.
	'keep-alive connection closed by the server between two requests': (a) => [{ pauseMs: 60 }, withLength(a), 'close'],
};

/** One provider against the raw server: how to build it, its success answer and the phones a request carries. */
interface ProviderCase {
	make: (url: string) => SmsProvider;
	success: (req: RawRequest, n: number) => Success;
	phones: (req: RawRequest) => string[];
}

const json = (status: number, reason: string, body: unknown): Success => ({ status, reason, type: 'application/json', body: JSON.stringify(body) });

const PROVIDERS: Record<string, ProviderCase> = {
	kannel: {
		make: (url) => new KannelProvider({ baseUrl: url, username: 'u', password: 'p', concurrency: 2, timeoutMs: 3000 }),
		success: () => ({ status: 202, reason: 'Accepted', type: 'text/html', body: '0: Accepted for delivery' }),
		phones: (req) => [new URL(req.path, 'http://x').searchParams.get('to') ?? ''],
	},
	ovh: {
		make: (url) => new OvhProvider({ endpoint: `${url}/1.0`, applicationKey: 'ak', applicationSecret: 'as', consumerKey: 'ck', serviceName: 'sms-ab1-1', receiptSecret: 'rs', timeoutMs: 3000 }),
		success: (req, n) => {
			if (req.path.endsWith('/auth/time')) return { status: 200, reason: 'OK', type: 'application/json', body: String(Math.floor(Date.now() / 1000)) };
			const receivers = (JSON.parse(req.body) as { receivers: string[] }).receivers;
			return json(200, 'OK', { totalCreditsRemoved: receivers.length, ids: receivers.map((_, i) => n * 1000 + i), validReceivers: receivers, invalidReceivers: [] });
		},
		phones: (req) => (req.path.endsWith('/jobs') ? (JSON.parse(req.body) as { receivers: string[] }).receivers : []),
	},
	brevo: {
		make: (url) => new BrevoProvider({ apiKey: 'k', baseUrl: `${url}/v3`, timeoutMs: 3000 }),
		success: (_req, n) => json(201, 'Created', { reference: `ref-${n}`, messageId: 1000 + n, smsCount: 1, usedCredits: 1 }),
		phones: (req) => [`+${(JSON.parse(req.body) as { recipient: string }).recipient}`],
	},
	twilio: {
		make: (url) => new TwilioProvider({ accountSid: 'AC1', authToken: 'tok', baseUrl: url, timeoutMs: 3000 }),
		success: (_req, n) => json(201, 'Created', { sid: `SM${n}`, status: 'queued' }),
		phones: (req) => [new URLSearchParams(req.body).get('To') ?? ''],
	},
};

describe('answer reader (http-answer.ts)', () => {
	const success: Success = { status: 202, reason: 'Accepted', type: 'text/plain', body: '0: Accepted for delivery — é' };

	/** Feeds bytes in the pieces given, then the close if asked; returns the last step. */
	function read(pieces: Buffer[], close: boolean): AnswerStep {
		const reader = new AnswerReader();
		let step: AnswerStep = { kind: 'more' };
		for (const piece of pieces) {
			step = reader.push(piece);
			if (step.kind !== 'more') return step;
		}
		return close ? reader.end() : step;
	}

	const cases: { name: string; bytes: Buffer; close: boolean; keepAlive: boolean }[] = [
		{ name: 'Content-Length', bytes: Buffer.from(withLength(success), 'utf8'), close: false, keepAlive: true },
		{ name: 'chunked with extensions and trailers', bytes: chunked(success), close: false, keepAlive: true },
		{ name: 'close-delimited', bytes: Buffer.from(headOf(success, ['Connection: close']) + success.body, 'utf8'), close: true, keepAlive: false },
		{ name: 'HTTP/1.0 close-delimited', bytes: Buffer.from(headOf(success, [], '1.0') + success.body, 'utf8'), close: true, keepAlive: false },
		{ name: '1xx then Content-Length', bytes: Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: <x>\r\n\r\n' + withLength(success), 'utf8'), close: false, keepAlive: true },
		{ name: 'bare LF line ends', bytes: Buffer.from(withLength(success).replace(/\r\n/g, '\n'), 'utf8'), close: false, keepAlive: true },
	];

	test.each(cases)('$name: the same answer whatever byte the packets split at', ({ bytes, close, keepAlive }) => {
		const whole = read([bytes], close);
		expect(whole).toMatchObject({ kind: 'done', answer: { status: 202, body: success.body, keepAlive } });
		for (let at = 1; at < bytes.length; at++) expect(read([bytes.subarray(0, at), bytes.subarray(at)], close)).toEqual(whole);
		expect(read([...bytes].map((b) => Buffer.from([b])), close)).toEqual(whole);
	});

	test('204 and 304 have no body; leftover bytes are handed back', () => {
		expect(read([Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')], false)).toMatchObject({ kind: 'done', answer: { status: 204, body: '' } });
		const step = read([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA')], false);
		expect(step).toMatchObject({ kind: 'done', answer: { body: 'ok' } });
		expect(step.kind === 'done' && step.leftover.toString()).toBe('EXTRA');
	});

	test.each([
		['not HTTP', 'garbage\r\n\r\n', false, /not an HTTP/],
		['conflicting Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok', false, /conflicting/],
		['an invalid chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', false, /chunk size/],
		['a body cut off', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nok', true, /cut off/],
		['a chunked body cut off', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n', true, /cut off/],
		['101 Switching Protocols', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n', false, /101/],
		['closed without a byte', '', true, /without an answer/],
	])('%s is an error (the caller holds the call in doubt)', (_name, bytes, close, message) => {
		expect(read(bytes ? [Buffer.from(bytes, 'latin1')] : [], close)).toMatchObject({ kind: 'error', message: expect.stringMatching(message) });
	});
});

describe('every answer shape, through each provider, against a raw server', () => {
	let db: SqlDb;
	let ledger: Ledger;
	beforeAll(async () => {
		({ db, ledger } = await ledgerOn(await freshStore('sqlite')));
	});
	afterAll(async () => db?.close());

	const matrix = Object.keys(PROVIDERS).flatMap((provider) => Object.keys(SHAPES).map((shape) => ({ provider, shape })));
	let alert = 0;

	test.each(matrix)('$provider, $shape: each phone once, all sent', async ({ provider: name, shape }) => {
		const spec = PROVIDERS[name];
		const server = await rawHttpServer((req, n) => ({ steps: SHAPES[shape](spec.success(req, n), req) }));
		const provider = spec.make(server.url);
		const alertId = `shape-${++alert}`;
		try {
			const list = recipients(alertId, 4, `Vol à l'étalage en bande, ${shape}.`);
			await ledger.enqueue(list);
			const summary = await dispatchAlert(alertId, { ledger, primary: { provider, rate: 0, concurrency: 2 }, inDoubtGraceMs: 60_000 });
			expect(summary).toMatchObject({ sent: 4, failed: 0, leftQueued: 0 });
			const counts = countByPhone(server.requests.flatMap((r) => spec.phones(r)));
			expect([...counts.entries()].sort()).toEqual(list.map((r) => [r.phone, 1]).sort());
			const rows = await ledger.rows(alertId);
			expect(rows.map((r) => [r.status, r.attempts, r.errorCode])).toEqual(rows.map(() => ['sent', 1, null]));
		} finally {
			provider.close();
			await server.close();
		}
	});
});

describe('a keep-alive connection the server closed: resent only when it provably never reached the server', () => {
	const ok = (body: string) => `HTTP/1.1 202 Accepted\r\nContent-Length: ${body.length}\r\n\r\n${body}`;

	test('lean pool: a call written onto a connection the server closed right after its last answer is resent on a new one', async () => {
		// Three calls on one connection: the second and third are written as soon as the answer before
		// them arrives, onto a socket whose close is already on its way (the classic race).
		const server = await rawHttpServer((req) => ({ steps: [{ pauseMs: 60 }, ok(`0: Accepted ${req.path}`), 'close'] }));
		const pool = new LeanHttpPool(server.url, 1);
		try {
			const answers = await Promise.all(['/1', '/2', '/3'].map((path) => pool.get(path, 3000)));
			expect(answers.map((a) => a.body)).toEqual(['0: Accepted /1', '0: Accepted /2', '0: Accepted /3']);
			expect(server.requests.map((r) => r.path)).toEqual(['/1', '/2', '/3']);
			expect(server.connections()).toBe(3);
		} finally {
			pool.close();
			await server.close();
		}
	});

	test('node:http: the same race through a keep-alive agent', async () => {
		const server = await rawHttpServer((req) => ({ steps: [{ pauseMs: 60 }, ok(`0: Accepted ${req.path}`), 'close'] }));
		const agent = keepAliveAgent(server.url, 1);
		try {
			const answers = await Promise.all(['/1', '/2', '/3'].map((path) => httpCall({ method: 'GET', url: `${server.url}${path}`, timeoutMs: 3000, agent })));
			expect(answers.map((a) => a.body)).toEqual(['0: Accepted /1', '0: Accepted /2', '0: Accepted /3']);
			// A call moved off a stale socket joins the agent's queue again: each once, in any order.
			expect(server.requests.map((r) => r.path).sort()).toEqual(['/1', '/2', '/3']);
		} finally {
			agent.destroy();
			await server.close();
		}
	});

	test('a server that read the call on a reused connection and closed later without answering: in doubt, not resent', async () => {
		const server = await rawHttpServer((req) => ({ steps: req.onConnection === 1 ? [ok('0: Accepted')] : [{ pauseMs: 300 }, 'close'] }));
		const pool = new LeanHttpPool(server.url, 1);
		const agent = keepAliveAgent(server.url, 1);
		try {
			expect((await pool.get('/lean-1', 3000)).status).toBe(202);
			const lean = await pool.get('/lean-2', 3000).catch((e: unknown) => e);
			expect(lean).toBeInstanceOf(TransportError);
			expect(lean).toMatchObject({ inDoubt: true });
			expect((await httpCall({ method: 'GET', url: `${server.url}/node-1`, timeoutMs: 3000, agent })).status).toBe(202);
			const viaNode = await httpCall({ method: 'GET', url: `${server.url}/node-2`, timeoutMs: 3000, agent }).catch((e: unknown) => e);
			expect(viaNode).toBeInstanceOf(TransportError);
			expect(viaNode).toMatchObject({ inDoubt: true });
			expect(server.requests.map((r) => r.path)).toEqual(['/lean-1', '/lean-2', '/node-1', '/node-2']);
		} finally {
			pool.close();
			agent.destroy();
			await server.close();
		}
	});

	test('bytes sent while the connection is idle: it is not reused', async () => {
		const server = await rawHttpServer(() => ({ steps: [ok('0: Accepted'), { pauseMs: 20 }, 'HTTP/1.1 200 OK\r\n'] }));
		const pool = new LeanHttpPool(server.url, 1);
		try {
			expect((await pool.get('/1', 3000)).status).toBe(202);
			await new Promise((resolve) => setTimeout(resolve, 100));
			expect((await pool.get('/2', 3000)).body).toBe('0: Accepted');
			expect(server.connections()).toBe(2);
		} finally {
			pool.close();
			await server.close();
		}
	});

	test('node:http reads the shapes too (a plain server behind the agent)', async () => {
		// A sanity check that the node:http path used by OVH, Brevo and Twilio is not bypassed by the agent settings.
		const plain = http.createServer((_req, res) => res.end('ok'));
		await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(plain.address() as { port: number }).port}`;
		const agent = keepAliveAgent(url, 2);
		try {
			const answers = await Promise.all(Array.from({ length: 5 }, () => httpCall({ method: 'GET', url, timeoutMs: 3000, agent })));
			expect(answers.map((a) => a.body)).toEqual(Array(5).fill('ok'));
		} finally {
			agent.destroy();
			plain.closeAllConnections();
			await new Promise<void>((resolve) => plain.close(() => resolve()));
		}
	});
});
