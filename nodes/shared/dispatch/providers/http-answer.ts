/*
 * An HTTP/1.x answer read from bytes as they arrive, for the lean client (lean-http.ts). Every
 * framing RFC 9112 §6.3 allows for an answer to GET: Content-Length, chunked (extensions and
 * trailers), close-delimited (the body ends when the server closes), no body (204, 304), with 1xx
 * interim answers skipped; split across packets at any byte. Lines end in CRLF, or a bare LF as
 * RFC 9112 §2.2 lets a recipient accept. Anything else is an error: the request was answered with
 * something we cannot read, which the caller treats as in doubt.
 */

/** A complete answer. */
export interface Answer {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** The connection may carry another request (HTTP/1.1 without `Connection: close`, framed body). */
	keepAlive: boolean;
	/** Seconds from `Keep-Alive: timeout=N`, when the server says how long it keeps an idle connection. */
	keepAliveHintS?: number;
}

/** What the bytes so far amount to. */
export type AnswerStep = { kind: 'more' } | { kind: 'done'; answer: Answer; leftover: Buffer } | { kind: 'error'; message: string };

/** Bounds against a broken or hostile server: a gateway answer is a line of text. */
const LIMITS = { headBytes: 64 * 1024, lineBytes: 4096, bodyBytes: 1024 * 1024 };

const LF = 0x0a;
const CR = 0x0d;
const MORE: AnswerStep = { kind: 'more' };

type Framing = { kind: 'length'; remaining: number } | { kind: 'chunked' } | { kind: 'close' } | { kind: 'none' };
type State = 'head' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

/** End of the head (index after its blank line) at or after `from`, or -1. */
function headEnd(buf: Buffer, from: number): number {
	for (let i = buf.indexOf(LF, from); i >= 0; i = buf.indexOf(LF, i + 1)) {
		if (buf[i + 1] === LF) return i + 2;
		if (buf[i + 1] === CR && buf[i + 2] === LF) return i + 3;
	}
	return -1;
}

/** One line at `from` without its CRLF or LF, and the index after it; undefined when incomplete. */
function line(buf: Buffer, from: number): { text: string; next: number } | undefined {
	const lf = buf.indexOf(LF, from);
	if (lf < 0) return undefined;
	const end = lf > from && buf[lf - 1] === CR ? lf - 1 : lf;
	return { text: buf.toString('latin1', from, end), next: lf + 1 };
}

/** True when a comma-separated header holds `token` (case-insensitive). */
function hasToken(value: string | undefined, token: string): boolean {
	return value !== undefined && value.split(',').some((part) => part.trim().toLowerCase() === token);
}

/** Reads one answer; feed it with `push`, and `end` when the server closed. */
export class AnswerReader {
	private buf: Buffer = Buffer.alloc(0);
	private pos = 0;
	private state: State = 'head';
	private status = 0;
	private version = '1.1';
	private headers: Record<string, string> = {};
	private framing: Framing = { kind: 'none' };
	private chunkLeft = 0;
	private trailerBytes = 0;
	private readonly body: Buffer[] = [];
	private bodyBytes = 0;
	/** Bytes received for this answer, interim answers included. */
	received = 0;

	/** Takes the next bytes from the server. */
	push(chunk: Buffer): AnswerStep {
		this.received += chunk.length;
		this.buf = this.pos < this.buf.length ? Buffer.concat([this.buf.subarray(this.pos), chunk]) : chunk;
		this.pos = 0;
		return this.run();
	}

	/** The server closed: a close-delimited body is complete; anything else unfinished is cut off. */
	end(): AnswerStep {
		if (this.state === 'until-close') {
			this.state = 'done';
			return this.done();
		}
		if (this.received === 0) return { kind: 'error', message: 'the connection closed without an answer' };
		return { kind: 'error', message: 'the answer was cut off' };
	}

	private run(): AnswerStep {
		// Bounded: each pass consumes bytes or returns.
		for (;;) {
			switch (this.state) {
				case 'head': {
					const end = headEnd(this.buf, this.pos);
					if (end < 0) return this.buf.length - this.pos > LIMITS.headBytes ? { kind: 'error', message: 'an answer head too large' } : MORE;
					const error = this.readHead(end);
					if (error) return { kind: 'error', message: error };
					break;
				}
				case 'body': {
					const framing = this.framing as { kind: 'length'; remaining: number };
					const take = Math.min(framing.remaining, this.buf.length - this.pos);
					this.keep(this.pos, this.pos + take);
					this.pos += take;
					framing.remaining -= take;
					if (framing.remaining > 0) return this.tooLarge() ?? MORE;
					this.state = 'done';
					return this.done();
				}
				case 'chunk-size': {
					const next = line(this.buf, this.pos);
					if (!next) return this.buf.length - this.pos > LIMITS.lineBytes ? { kind: 'error', message: 'a chunk size line too long' } : MORE;
					// chunk-size [ BWS ";" chunk-ext ]
					const size = next.text.split(';', 1)[0].trim();
					if (!/^[0-9A-Fa-f]{1,8}$/.test(size)) return { kind: 'error', message: `an invalid chunk size "${next.text.slice(0, 40)}"` };
					this.pos = next.next;
					this.chunkLeft = parseInt(size, 16);
					this.state = this.chunkLeft === 0 ? 'trailers' : 'chunk-data';
					break;
				}
				case 'chunk-data': {
					const take = Math.min(this.chunkLeft, this.buf.length - this.pos);
					this.keep(this.pos, this.pos + take);
					this.pos += take;
					this.chunkLeft -= take;
					if (this.chunkLeft > 0) return this.tooLarge() ?? MORE;
					this.state = 'chunk-end';
					break;
				}
				case 'chunk-end': {
					if (this.buf.length - this.pos < 1) return MORE;
					if (this.buf[this.pos] === LF) this.pos += 1;
					else if (this.buf[this.pos] === CR) {
						if (this.buf.length - this.pos < 2) return MORE;
						if (this.buf[this.pos + 1] !== LF) return { kind: 'error', message: 'a chunk not followed by CRLF' };
						this.pos += 2;
					} else return { kind: 'error', message: 'a chunk longer than its size' };
					this.state = 'chunk-size';
					break;
				}
				case 'trailers': {
					const next = line(this.buf, this.pos);
					if (!next) return this.buf.length - this.pos > LIMITS.lineBytes ? { kind: 'error', message: 'a trailer line too long' } : MORE;
					this.trailerBytes += next.next - this.pos;
					this.pos = next.next;
					if (this.trailerBytes > LIMITS.headBytes) return { kind: 'error', message: 'trailers too large' };
					if (next.text === '') {
						this.state = 'done';
						return this.done();
					}
					break;
				}
				case 'until-close':
					this.keep(this.pos, this.buf.length);
					this.pos = this.buf.length;
					return this.tooLarge() ?? MORE;
				case 'done':
					return this.done();
			}
		}
	}

	/** Parses the head ending at `end`; returns an error message, or undefined. */
	private readHead(end: number): string | undefined {
		const lines = this.buf.toString('latin1', this.pos, end).split('\n');
		this.pos = end;
		const statusLine = /^HTTP\/(1\.[01]) (\d{3})(?:[ \t].*)?\r?$/.exec(lines[0]);
		if (!statusLine) return 'not an HTTP/1.x answer';
		const status = Number(statusLine[2]);
		const headers: Record<string, string> = {};
		let last: string | undefined;
		for (let i = 1; i < lines.length; i++) {
			const text = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
			if (text === '') continue;
			// obs-fold: a continuation of the previous field's value.
			if ((text[0] === ' ' || text[0] === '\t') && last) {
				headers[last] += ` ${text.trim()}`;
				continue;
			}
			const colon = text.indexOf(':');
			if (colon <= 0 || /[\s]/.test(text.slice(0, colon))) return `an invalid header line "${text.slice(0, 40)}"`;
			const name = text.slice(0, colon).toLowerCase();
			const value = text.slice(colon + 1).trim();
			headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
			last = name;
		}
		if (status >= 100 && status < 200) {
			// 101 would switch protocols, which a sendsms GET never asks for; other 1xx precede the answer.
			if (status === 101) return 'an unexpected 101 Switching Protocols';
			return undefined;
		}
		this.status = status;
		this.version = statusLine[1];
		this.headers = headers;
		const framing = this.framingOf(headers);
		if (typeof framing === 'string') return framing;
		this.framing = framing;
		this.state = framing.kind === 'length' ? (framing.remaining > 0 ? 'body' : 'done') : framing.kind === 'chunked' ? 'chunk-size' : framing.kind === 'close' ? 'until-close' : 'done';
		return undefined;
	}

	/** RFC 9112 §6.3, for an answer to GET. */
	private framingOf(headers: Record<string, string>): Framing | string {
		if (this.status === 204 || this.status === 304) return { kind: 'none' };
		const te = headers['transfer-encoding'];
		if (te !== undefined) {
			const codings = te.split(',').map((c) => c.trim().toLowerCase());
			// Not ending in chunked: the body runs until the server closes.
			return codings[codings.length - 1] === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
		}
		const cl = headers['content-length'];
		if (cl === undefined) return { kind: 'close' };
		const values = new Set(cl.split(',').map((v) => v.trim()));
		if (values.size !== 1) return `conflicting Content-Length values "${cl}"`;
		const [only] = values;
		if (!/^\d{1,15}$/.test(only)) return `an invalid Content-Length "${cl}"`;
		const length = Number(only);
		if (length > LIMITS.bodyBytes) return `an answer of ${length} bytes, more than a gateway answer`;
		return { kind: 'length', remaining: length };
	}

	private keep(from: number, to: number): void {
		if (to <= from) return;
		this.body.push(this.buf.subarray(from, to));
		this.bodyBytes += to - from;
	}

	private tooLarge(): AnswerStep | undefined {
		return this.bodyBytes > LIMITS.bodyBytes ? { kind: 'error', message: 'an answer body larger than a gateway answer' } : undefined;
	}

	private done(): AnswerStep {
		const connection = this.headers.connection;
		const framed = this.framing.kind !== 'close';
		// A body framed by both Transfer-Encoding and Content-Length must not be followed by another answer (RFC 9112 §6.1).
		const smuggled = this.headers['transfer-encoding'] !== undefined && this.headers['content-length'] !== undefined;
		const keepAlive = framed && !smuggled && (this.version === '1.1' ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive'));
		const hint = /(?:^|[,\s])timeout\s*=\s*(\d+)/i.exec(this.headers['keep-alive'] ?? '');
		const body = this.body.length === 1 ? this.body[0].toString('utf8') : Buffer.concat(this.body).toString('utf8');
		return {
			kind: 'done',
			answer: { status: this.status, headers: this.headers, body, keepAlive, ...(hint ? { keepAliveHintS: Number(hint[1]) } : {}) },
			leftover: this.buf.subarray(this.pos),
		};
	}
}
