import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';

/*
 * node:http rather than axios: thousands of small calls a second need one keep-alive agent per
 * provider with a bounded socket pool (Kannel's sendsms port has a listen queue of 10), a per-call
 * timeout, every status code returned as a value (429/5xx are routine here, not exceptions), and
 * to know whether a failed request had been written out (in doubt) or never left (safe to retry).
 */

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A call that got no HTTP answer; `inDoubt` when the request may have reached the server. */
export class TransportError extends Error {
	constructor(
		message: string,
		readonly code: 'timeout' | 'connection-refused' | 'connection-reset' | 'network',
		readonly inDoubt: boolean,
	) {
		super(message);
	}
}

export interface HttpCall {
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: string;
	timeoutMs: number;
	agent?: http.Agent;
}

/**
 * How long an idle keep-alive connection is kept: shorter than common servers' own keep-alive
 * timeouts (nginx 75 s, Apache 5 s), as undici does (4 s), so that we, not the server, close it and
 * a request seldom meets a connection the server is closing. A `Keep-Alive: timeout=N` answer
 * shortens it to N − 1 s (node:http's agent and the lean pool both read it).
 */
export const KEEP_ALIVE_IDLE_MS = 4000;

/** A keep-alive agent for one provider base URL. */
export function keepAliveAgent(baseUrl: string, maxSockets: number): http.Agent {
	// `timeout` is the idle socket's timeout between calls; each call sets its own while in flight.
	const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, keepAliveMsecs: 10_000, timeout: KEEP_ALIVE_IDLE_MS };
	return baseUrl.startsWith('https:') ? new https.Agent(options) : new http.Agent(options);
}

/** The fastest first byte of an answer seen from one server, in ms: the bound of the stale keep-alive test. */
export class FirstByteTimes {
	fastest = Number.POSITIVE_INFINITY;

	/** Notes the time from a request written to the first byte of its answer. */
	record(ms: number): void {
		if (ms < this.fastest) this.fastest = ms;
	}
}

const firstByteTimes = new WeakMap<http.Agent, FirstByteTimes>();

/**
 * Sockets that already carried a complete answer. node:http's `req.reusedSocket` misses a socket
 * the agent passes straight from one call to the next waiting one, the very case of the race below.
 */
const answeredSockets = new WeakSet<object>();

/** Tries of one call on stale keep-alive connections before the last one's failure is reported. */
const STALE_TRIES = 3;

/** A call that met a stale keep-alive connection and provably never reached the server. */
class StaleConnection extends Error {}

/**
 * One HTTP call; resolves with any status, rejects only with a TransportError. node:http reads
 * every answer framing (Content-Length, chunked, close-delimited, 1xx, HTTP/1.0); a call that met a
 * stale keep-alive connection is sent again on another (see `attempt` for when that is safe).
 */
export async function httpCall(call: HttpCall): Promise<HttpResponse> {
	let times = call.agent ? firstByteTimes.get(call.agent) : undefined;
	if (call.agent && !times) firstByteTimes.set(call.agent, (times = new FirstByteTimes()));
	for (let tries = 1; ; tries++) {
		try {
			return await attempt(call, times ?? new FirstByteTimes(), tries < STALE_TRIES);
		} catch (error) {
			if (!(error instanceof StaleConnection)) throw error;
		}
	}
}

/**
 * One try. A request written on a reused keep-alive socket that the server had already closed gets
 * no byte back and a reset or end at once: node:http reports it as ECONNRESET ("socket hang up")
 * (with `reusedSocket` only when it took the socket from its free list), and leaves it to the
 * caller to know whether sending again is safe. It is
 * here when not one byte of answer came and the close arrived sooner than any answer from this
 * server ever began (its first-byte time includes the round trip a request needs to be read): the
 * server's close then left before our request reached it. Anything slower is in doubt.
 */
function attempt(call: HttpCall, times: FirstByteTimes, mayMove: boolean): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		const url = new URL(call.url);
		const transport = url.protocol === 'https:' ? https : http;
		const headers: Record<string, string> = { ...call.headers };
		if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
		let written = false;
		let writtenAt = 0;
		let answered = false;
		let reused = false;
		let socket: object | undefined;
		let settled = false;
		const fail = (error: Error) => {
			if (settled) return;
			settled = true;
			reject(error);
		};
		const req = transport.request(url, { method: call.method, headers, agent: call.agent }, (res) => {
			answered = true;
			if (written) times.record(performance.now() - writtenAt);
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				if (socket) answeredSockets.add(socket);
				if (settled) return;
				settled = true;
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
			});
			res.on('error', () => fail(new TransportError('the answer was cut off', 'connection-reset', true)));
		});
		req.setTimeout(call.timeoutMs, () => {
			// Not written out: the request never left (a connection that would not open).
			fail(new TransportError(`no answer within ${call.timeoutMs} ms`, 'timeout', written));
			req.destroy();
		});
		req.on('socket', (assigned) => {
			socket = assigned;
			reused = answeredSockets.has(assigned);
		});
		req.on('finish', () => {
			written = true;
			writtenAt = performance.now();
		});
		req.on('error', (error: NodeJS.ErrnoException) => {
			const closed = error.code === 'ECONNRESET' || error.code === 'EPIPE';
			if (closed && mayMove && written && !answered && reused && performance.now() - writtenAt < times.fastest)
				return fail(new StaleConnection());
			if (error.code === 'ECONNREFUSED') fail(new TransportError('the provider refused the connection', 'connection-refused', false));
			else if (closed) fail(new TransportError('the connection was reset', 'connection-reset', written));
			else fail(new TransportError(`network error ${error.code ?? error.message}`, 'network', written));
		});
		req.end(call.body);
	});
}
