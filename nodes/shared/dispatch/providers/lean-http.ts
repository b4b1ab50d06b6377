import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { AnswerReader, type AnswerStep } from './http-answer';
import { FirstByteTimes, KEEP_ALIVE_IDLE_MS, TransportError, type HttpResponse } from './http';

/*
 * A minimal keep-alive HTTP/1.1 client for GET calls to one plain-http host (a Kannel smsbox on
 * the local network). At thousands of calls a second node:http's per-request machinery (agent,
 * ClientRequest, header objects, streams) is the largest cost left in the sending path, ≈ 25 % of
 * the throughput measured against Kannel. Same contract as httpCall: any status is a value, a
 * TransportError says whether the request may have reached the server (in doubt). Answers are read
 * by AnswerReader in every framing HTTP/1.1 allows (a gateway behind nginx answers chunked).
 */

interface Pending {
	request: string;
	timeoutMs: number;
	resolve: (response: HttpResponse) => void;
	reject: (error: TransportError) => void;
	/** Times the call was moved off a stale keep-alive connection (bounded by the pool size). */
	moves: number;
}

/** What a connection tells its pool. */
interface ConnectionEvents {
	idle: (connection: Connection) => void;
	gone: (connection: Connection) => void;
	/** The call met a stale keep-alive connection and provably never reached the server: send it again. */
	stale: (pending: Pending) => void;
}

/** One connection: at most one request in flight (no pipelining: smsbox does not answer it). */
class Connection {
	private reader: AnswerReader | undefined;
	private current: Pending | undefined;
	private timer: NodeJS.Timeout | undefined;
	private idleTimer: NodeJS.Timeout | undefined;
	private connected = false;
	private peerEnded = false;
	private closed = false;
	private writtenAt = 0;
	private idleMs = KEEP_ALIVE_IDLE_MS;
	/** Answers completed on this connection: a call on a connection with answers is on a reused socket. */
	private answers = 0;
	readonly socket: net.Socket;

	constructor(
		host: string,
		port: number,
		private readonly events: ConnectionEvents,
		private readonly firstBytes: FirstByteTimes,
	) {
		this.socket = net.connect({ host, port });
		this.socket.setNoDelay(true);
		this.socket.on('connect', () => {
			this.connected = true;
		});
		this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
		this.socket.on('end', () => this.onEnd());
		this.socket.on('error', (error: NodeJS.ErrnoException) => this.fail(error));
		this.socket.on('close', () => this.fail(undefined));
	}

	/** Free, and not closed by either side as far as we know. */
	get usable(): boolean {
		return !this.closed && !this.peerEnded && !this.socket.destroyed && this.current === undefined;
	}

	send(pending: Pending): void {
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = undefined;
		this.current = pending;
		this.reader = new AnswerReader();
		this.timer = setTimeout(() => {
			// Before the connection was up, the request never left.
			this.fail(new TransportError(`no answer within ${pending.timeoutMs} ms`, 'timeout', this.connected));
		}, pending.timeoutMs);
		this.writtenAt = performance.now();
		this.socket.write(pending.request, 'latin1');
	}

	private onData(chunk: Buffer): void {
		const reader = this.reader;
		// Bytes nobody asked for: the connection is out of step, it cannot carry another call.
		if (!this.current || !reader) return this.close();
		if (reader.received === 0) this.firstBytes.record(performance.now() - this.writtenAt);
		this.settle(reader.push(chunk));
	}

	/** The server closed its side: a close-delimited answer ends here, anything else in flight failed. */
	private onEnd(): void {
		this.peerEnded = true;
		if (this.current && this.reader) {
			if (this.reader.received === 0 && this.isStale()) return this.moveStale();
			this.settle(this.reader.end());
		}
		this.close();
	}

	private settle(step: AnswerStep): void {
		if (step.kind === 'more') return;
		if (step.kind === 'error') return this.fail(new TransportError(`the gateway answered ${step.message}`, 'network', true));
		const pending = this.current;
		this.finish();
		this.answers++;
		pending?.resolve({ status: step.answer.status, headers: step.answer.headers, body: step.answer.body });
		// Bytes after the answer (we never pipeline) or a server that will close: do not reuse.
		const hint = step.answer.keepAliveHintS;
		if (!step.answer.keepAlive || step.leftover.length > 0 || this.peerEnded || (hint !== undefined && hint <= 1)) return this.close();
		if (hint !== undefined) this.idleMs = Math.min(KEEP_ALIVE_IDLE_MS, hint * 1000 - 1000);
		if (this.closed) return;
		this.idleTimer = setTimeout(() => this.close(), this.idleMs);
		this.idleTimer.unref();
		this.events.idle(this);
	}

	/**
	 * The classic stale keep-alive race: the server closed an idle connection (its keep-alive
	 * timeout) while our request was on its way. That request provably never reached the server when
	 * all hold: the socket was reused, not one byte of answer came, and the close arrived sooner
	 * than any answer from this server ever began (its first-byte time includes the round trip a
	 * request needs to be read) — so the server's close left before our request arrived. Anything
	 * slower, or on a fresh connection, is in doubt: the server may have read it and then died.
	 */
	private isStale(): boolean {
		return this.answers > 0 && this.current !== undefined && this.current.moves < 8 && performance.now() - this.writtenAt < this.firstBytes.fastest;
	}

	private moveStale(): void {
		const pending = this.current;
		this.finish();
		if (pending) {
			pending.moves++;
			this.events.stale(pending);
		}
		this.close();
	}

	private finish(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.current = undefined;
		this.reader = undefined;
	}

	/** The connection is lost (error, close, timeout): the call in flight fails, the connection goes. */
	private fail(cause: TransportError | NodeJS.ErrnoException | undefined): void {
		const pending = this.current;
		if (pending && !this.closed && this.reader?.received === 0 && !(cause instanceof TransportError) && this.connected && this.isStale()) return this.moveStale();
		this.finish();
		this.close();
		if (!pending) return;
		if (cause instanceof TransportError) return pending.reject(cause);
		const code = cause?.code;
		// Never connected: the request never left.
		if (code === 'ECONNREFUSED') pending.reject(new TransportError('the provider refused the connection', 'connection-refused', false));
		else if (!this.connected) pending.reject(new TransportError(`cannot connect: ${code ?? 'closed'}`, 'network', false));
		else if (code === 'ECONNRESET' || code === 'EPIPE' || code === undefined) pending.reject(new TransportError('the connection was reset', 'connection-reset', true));
		else pending.reject(new TransportError(`network error ${code}`, 'network', true));
	}

	/** Closes the connection; a call still in flight (the pool is closing) is in doubt once connected. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		const pending = this.current;
		this.finish();
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = undefined;
		this.socket.destroy();
		this.events.gone(this);
		pending?.reject(new TransportError('the connection was closed', 'connection-reset', this.connected));
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
	private readonly firstBytes = new FirstByteTimes();
	private readonly events: ConnectionEvents;

	constructor(
		baseUrl: string,
		private readonly maxSockets: number,
	) {
		const url = new URL(baseUrl);
		if (url.protocol !== 'http:') throw new TypeError('LeanHttpPool speaks plain http only');
		this.host = url.hostname.replace(/^\[|\]$/g, '');
		this.port = Number(url.port || 80);
		this.hostHeader = url.host;
		this.events = {
			idle: (c) => {
				const next = this.waiting.shift();
				if (next) c.send(next);
				else this.idle.push(c);
			},
			gone: (c) => {
				this.all.delete(c);
				const at = this.idle.indexOf(c);
				if (at >= 0) this.idle.splice(at, 1);
				// A call waiting for a free connection gets a new one.
				const next = this.waiting.length && this.all.size < this.maxSockets ? this.waiting.shift() : undefined;
				if (next) this.open().send(next);
			},
			// First in line: it was sent before the calls still waiting. The connection's `gone` follows.
			stale: (pending) => this.waiting.unshift(pending),
		};
	}

	/** GET `path` (with its query string); resolves with any status, rejects only with a TransportError. */
	get(path: string, timeoutMs: number): Promise<HttpResponse> {
		return new Promise((resolve, reject) => {
			const pending: Pending = { request: `GET ${path} HTTP/1.1\r\nHost: ${this.hostHeader}\r\nConnection: keep-alive\r\n\r\n`, timeoutMs, resolve, reject, moves: 0 };
			const connection = this.takeIdle() ?? (this.all.size < this.maxSockets ? this.open() : undefined);
			if (connection) connection.send(pending);
			else this.waiting.push(pending);
		});
	}

	/** The most recently used idle connection still open; closed ones found on the way are dropped. */
	private takeIdle(): Connection | undefined {
		// Bounded by the number of idle connections.
		for (let c = this.idle.pop(); c; c = this.idle.pop()) {
			if (c.usable) return c;
			c.close();
		}
		return undefined;
	}

	private open(): Connection {
		const connection = new Connection(this.host, this.port, this.events, this.firstBytes);
		this.all.add(connection);
		return connection;
	}

	/** Closes every connection; calls still waiting fail as never sent. */
	close(): void {
		for (const pending of this.waiting.splice(0)) pending.reject(new TransportError('the provider was closed', 'network', false));
		for (const connection of [...this.all]) connection.close();
	}
}
