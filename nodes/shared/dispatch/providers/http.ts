import * as http from 'node:http';
import * as https from 'node:https';

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

/** A keep-alive agent for one provider base URL. */
export function keepAliveAgent(baseUrl: string, maxSockets: number): http.Agent {
	const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, keepAliveMsecs: 10_000 };
	return baseUrl.startsWith('https:') ? new https.Agent(options) : new http.Agent(options);
}

/** One HTTP call; resolves with any status, rejects only with a TransportError. */
export function httpCall(call: HttpCall): Promise<HttpResponse> {
	return new Promise((resolve, reject) => {
		const url = new URL(call.url);
		const transport = url.protocol === 'https:' ? https : http;
		const headers: Record<string, string> = { ...call.headers };
		if (call.body !== undefined) headers['content-length'] = String(Buffer.byteLength(call.body));
		let written = false;
		let settled = false;
		const fail = (error: TransportError) => {
			if (settled) return;
			settled = true;
			reject(error);
		};
		const req = transport.request(url, { method: call.method, headers, agent: call.agent }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				if (settled) return;
				settled = true;
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
			});
			res.on('error', () => fail(new TransportError('the answer was cut off', 'connection-reset', true)));
		});
		req.setTimeout(call.timeoutMs, () => {
			fail(new TransportError(`no answer within ${call.timeoutMs} ms`, 'timeout', true));
			req.destroy();
		});
		req.on('finish', () => {
			written = true;
		});
		req.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ECONNREFUSED') fail(new TransportError('the provider refused the connection', 'connection-refused', false));
			else if (error.code === 'ECONNRESET' || error.code === 'EPIPE')
				fail(new TransportError('the connection was reset', 'connection-reset', written));
			else fail(new TransportError(`network error ${error.code ?? error.message}`, 'network', written));
		});
		req.end(call.body);
	});
}
