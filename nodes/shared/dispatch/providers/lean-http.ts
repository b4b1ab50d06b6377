import * as net from 'node:net';
import { TransportError, type HttpResponse } from './http';

/*
 * A minimal keep-alive HTTP/1.1 client for GET calls to one plain-http host (a Kannel smsbox on
 * the local network). At thousands of calls a second node:http's per-request machinery (agent,
 * ClientRequest, header objects, streams) is the largest cost left in the sending path, ≈ 25 % of
 * the throughput measured against Kannel. Same contract as httpCall: any status is a value, a
 * TransportError says whether the request may have reached the server (in doubt).
 */

interface Pending {
	request: string;
	timeoutMs: number;
	resolve: (response: HttpResponse) => void;
	reject: (error: TransportError) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One connection: at most one request in flight (no pipelining: smsbox does not answer it). */
class Connection {
	private buffer: Buffer = Buffer.alloc(0);
	private current: Pending | undefined;
	private written = false;
	private timer: NodeJS.Timeout | undefined;
	private closed = false;
	readonly socket: net.Socket;

	constructor(
		host: string,
		port: number,
		private readonly onIdle: (connection: Connection) => void,
		private readonly onGone: (connection: Connection) => void,
	) {
		this.socket = net.connect({ host, port });
		this.socket.setNoDelay(true);
		this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
		this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
		this.socket.on('close', () => this.fail(undefined));
	}

	get busy(): boolean {
		return this.current !== undefined;
	}

	send(pending: Pending): void {
		this.current = pending;
		this.written = false;
		this.timer = setTimeout(() => {
			this.fail(new TransportError(`no answer within ${pending.timeoutMs} ms`, 'timeout', true));
		}, pending.timeoutMs);
		this.socket.write(pending.request, 'latin1', () => {
			this.written = true;
		});
	}

	private onData(chunk: Buffer): void {
		this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
		if (!this.current) return;
		const headerEnd = this.buffer.indexOf(HEADER_END);
		if (headerEnd < 0) return;
		const head = this.buffer.toString('latin1', 0, headerEnd);
		const lines = head.split('\r\n');
		const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
		if (!status) return this.fail(new TransportError('not an HTTP answer', 'network', true));
		const headers: Record<string, string> = {};
		for (let i = 1; i < lines.length; i++) {
			const colon = lines[i].indexOf(':');
			if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
		}
		// smsbox always answers with a Content-Length; an answer without one is not read here, and the
		// request was processed, so the call is in doubt.
		const length = headers['content-length'] !== undefined && !headers['transfer-encoding'] ? Number(headers['content-length']) : NaN;
		if (!Number.isInteger(length) || length < 0) return this.fail(new TransportError('an answer without Content-Length', 'network', true));
		const bodyStart = headerEnd + HEADER_END.length;
		if (this.buffer.length < bodyStart + length) return;
		const body = this.buffer.toString('utf8', bodyStart, bodyStart + length);
		this.buffer = this.buffer.subarray(bodyStart + length);
		const pending = this.current;
		this.finish();
		pending.resolve({ status: Number(status[1]), headers, body });
		if (/close/i.test(headers.connection ?? '') || lines[0].startsWith('HTTP/1.0')) this.close();
		else if (!this.closed) this.onIdle(this);
	}

	private finish(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.current = undefined;
	}

	/** The connection is lost (error, close, timeout): the call in flight fails, the connection goes. */
	private fail(cause: TransportError | NodeJS.ErrnoException | undefined): void {
		const pending = this.current;
		this.finish();
		this.close();
		if (!pending) return;
		if (cause instanceof TransportError) return pending.reject(cause);
		const code = cause?.code;
		if (code === 'ECONNREFUSED') pending.reject(new TransportError('the provider refused the connection', 'connection-refused', false));
		else if (code === 'ECONNRESET' || code === 'EPIPE' || code === undefined) pending.reject(new TransportError('the connection was reset', 'connection-reset', this.written));
		else pending.reject(new TransportError(`network error ${code}`, 'network', this.written));
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.socket.destroy();
		this.onGone(this);
	}
}

/** At most `maxSockets` connections to one host; calls beyond that wait in order. */
export class LeanHttpPool {
	private readonly host: string;
	private readonly port: number;
	private readonly hostHeader: string;
	private readonly idle: Connection[] = [];
	private readonly all = new Set<Connection>();
	private readonly waiting: Pending[] = [];

	constructor(
		baseUrl: string,
		private readonly maxSockets: number,
	) {
		const url = new URL(baseUrl);
		if (url.protocol !== 'http:') throw new TypeError('LeanHttpPool speaks plain http only');
		this.host = url.hostname.replace(/^\[|\]$/g, '');
		this.port = Number(url.port || 80);
		this.hostHeader = url.host;
	}

	/** GET `path` (with its query string); resolves with any status, rejects only with a TransportError. */
	get(path: string, timeoutMs: number): Promise<HttpResponse> {
		return new Promise((resolve, reject) => {
			const pending: Pending = { request: `GET ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nConnection: keep-alive\r\n\r\n`, timeoutMs, resolve, reject };
			const connection = this.idle.pop() ?? (this.all.size < this.maxSockets ? this.open() : undefined);
			if (connection) connection.send(pending);
			else this.waiting.push(pending);
		});
	}

	private open(): Connection {
		const connection = new Connection(
			this.host,
			this.port,
			(c) => {
				const next = this.waiting.shift();
				if (next) c.send(next);
				else this.idle.push(c);
			},
			(c) => {
				this.all.delete(c);
				const at = this.idle.indexOf(c);
				if (at >= 0) this.idle.splice(at, 1);
				// A call waiting for a free connection gets a new one.
				const next = this.waiting.length && this.all.size < this.maxSockets ? this.waiting.shift() : undefined;
				if (next) this.open().send(next);
			},
		);
		this.all.add(connection);
		return connection;
	}

	/** Closes every connection; calls still waiting fail as never sent. */
	close(): void {
		for (const pending of this.waiting.splice(0)) pending.reject(new TransportError('the provider was closed', 'network', false));
		for (const connection of [...this.all]) connection.close();
	}
}
