import { BrevoProvider, dispatchAlert, KannelProvider, type Ledger, type SmsProvider } from '../../nodes/shared/dispatch';
import type { SqlDb } from '../../nodes/shared/store';
import { rawHttpServer, type RawRequest, type Reply } from '../support/raw-http';
import { countByPhone, freshStore, ledgerOn, receiptServer, recipients } from './helpers';

const GRACE_MS = 1500;
const ok = (body: string, status = '202 Accepted') => `HTTP/1.1 ${status}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const kannelPhone = (req: RawRequest) => new URL(req.path, 'http://x').searchParams.get('to') ?? '';
const brevoPhone = (req: RawRequest) => `+${(JSON.parse(req.body) as { recipient: string }).recipient}`;

/** Odd gateways: each request read, then an answer nobody can read, or none. */
const ODD: Record<string, Reply['steps']> = {
	'closes the connection after reading the request': ['close'],
	'answers garbage': ['SMS OK\r\n\r\n', 'close'],
	'resets after reading the request': ['reset'],
};

describe('"in doubt" is never retried hot', () => {
	let db: SqlDb;
	let ledger: Ledger;
	/** The first handed_at of each row, noted when it went in doubt (what the grace counts from). */
	const firstHanded = new Map<number, number>();
	beforeAll(async () => {
		({ db, ledger } = await ledgerOn(await freshStore('sqlite')));
		const markInDoubt = ledger.markInDoubt.bind(ledger);
		ledger.markInDoubt = async (id, code, error, now) => {
			const [handedAt] = (await ledger.db.query<{ handed_at: number | string }>('SELECT handed_at FROM dispatch_ledger WHERE id = ?', [id])).map((r) => Number(r.handed_at));
			if (!firstHanded.has(id)) firstHanded.set(id, handedAt);
			return markInDoubt(id, code, error, now);
		};
	});
	afterAll(async () => db?.close());

	/** Per phone: the calls the server read before the row's grace ended (must be ≤ 1) and in all. */
	async function perPhone(alertId: string, requests: RawRequest[], phoneOf: (r: RawRequest) => string) {
		const rows = await ledger.rows(alertId);
		return rows.map((row) => {
			const calls = requests.filter((r) => phoneOf(r) === row.phone);
			const graceEnd = (firstHanded.get(row.id) ?? Number.POSITIVE_INFINITY) + GRACE_MS;
			return { phone: row.phone, withinGrace: calls.filter((c) => c.at < graceEnd).length, total: calls.length, row };
		});
	}

	const lanes: { name: string; make: (url: string) => SmsProvider; phoneOf: (r: RawRequest) => string; success: string }[] = [
		{ name: 'Kannel (lean client)', make: (url) => new KannelProvider({ baseUrl: url, username: 'u', password: 'p', concurrency: 4, timeoutMs: 2000 }), phoneOf: kannelPhone, success: ok('0: Accepted for delivery') },
		{ name: 'Brevo (node:http)', make: (url) => new BrevoProvider({ apiKey: 'k', baseUrl: `${url}/v3`, timeoutMs: 2000 }), phoneOf: brevoPhone, success: ok('{"messageId":1}', '201 Created') },
	];
	const cases = lanes.flatMap((lane) => Object.keys(ODD).map((odd) => ({ ...lane, odd })));
	let n = 0;

	test.each(cases)('$name, a gateway that $odd: each phone once within the grace, re-sent once after it, then given up', async ({ make, phoneOf, odd }) => {
		const server = await rawHttpServer(() => ({ steps: ODD[odd] }));
		const provider = make(server.url);
		const alertId = `odd-${++n}`;
		try {
			await ledger.enqueue(recipients(alertId, 20));
			const summary = await dispatchAlert(alertId, { ledger, primary: { provider, rate: 0, concurrency: 4 }, inDoubtGraceMs: GRACE_MS, leaseMs: 1000 });
			expect(summary).toMatchObject({ sent: 0, failed: 20, leftQueued: 0 });
			const phones = await perPhone(alertId, server.requests, phoneOf);
			expect(phones.filter((p) => p.withinGrace > 1)).toEqual([]);
			expect(phones.map((p) => p.total)).toEqual(Array(20).fill(2));
			// The ledger says what happened: in doubt, re-sent once after the grace, in doubt again, given up.
			expect(phones.map((p) => [p.row.status, p.row.errorCode, p.row.attempts])).toEqual(Array(20).fill(['failed', 'in-doubt', 2]));
			expect(phones[0].row.error).toMatch(/in doubt twice/);
		} finally {
			provider.close();
			await server.close();
		}
	});

	test.each(lanes)('$name, a gateway that cuts the first answer off and answers the re-send: each phone twice at most, all sent', async ({ make, phoneOf, success }) => {
		const seen = new Set<string>();
		const server = await rawHttpServer((req) => {
			const phone = phoneOf(req);
			if (seen.has(phone)) return { steps: [success] };
			seen.add(phone);
			return { steps: [success.slice(0, 20), 'close'] };
		});
		const provider = make(server.url);
		const alertId = `cut-${++n}`;
		try {
			await ledger.enqueue(recipients(alertId, 20));
			const summary = await dispatchAlert(alertId, { ledger, primary: { provider, rate: 0, concurrency: 4 }, inDoubtGraceMs: GRACE_MS, leaseMs: 1000 });
			expect(summary).toMatchObject({ sent: 20, failed: 0, leftQueued: 0 });
			const phones = await perPhone(alertId, server.requests, phoneOf);
			expect(phones.filter((p) => p.withinGrace > 1)).toEqual([]);
			expect(phones.map((p) => [p.total, p.row.status, p.row.attempts])).toEqual(Array(20).fill([2, 'sent', 2]));
		} finally {
			provider.close();
			await server.close();
		}
	});

	test('Kannel with receipts, a gateway that delivers then closes without answering: settled by the receipts, each phone once', async () => {
		const receipts = await receiptServer(ledger, () => [provider]);
		// Kannel-like: the message goes out and its delivery report calls the dlr-url back; the answer is lost.
		const server = await rawHttpServer((req) => {
			const dlr = new URL(req.path, 'http://x').searchParams.get('dlr-url');
			if (dlr) void fetch(dlr.replace('%d', '1').replace('%A', 'id%3A1+stat%3ADELIVRD').replace('%T', String(Math.floor(Date.now() / 1000)))).catch(() => undefined);
			return { steps: ['close'] };
		});
		const provider = new KannelProvider({ baseUrl: server.url, username: 'u', password: 'p', receiptUrl: receipts.url, receiptSecret: 'dlr-secret', concurrency: 4, timeoutMs: 2000 });
		const alertId = `receipts-${++n}`;
		try {
			await ledger.enqueue(recipients(alertId, 20));
			// A grace long enough for every receipt on a loaded machine: the run ends once they have settled every row.
			const summary = await dispatchAlert(alertId, { ledger, primary: { provider, rate: 0, concurrency: 4 }, inDoubtGraceMs: 30_000, leaseMs: 1000 });
			expect(summary).toMatchObject({ sent: 0, failed: 0, leftQueued: 0 });
			expect([...countByPhone(server.requests.map(kannelPhone)).values()]).toEqual(Array(20).fill(1));
			expect((await ledger.rows(alertId)).map((r) => [r.status, r.attempts])).toEqual(Array(20).fill(['delivered', 1]));
		} finally {
			provider.close();
			await server.close();
			await receipts.close();
		}
	});
});
