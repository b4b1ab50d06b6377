import * as net from 'node:net';

/**
 * A loopback HTTP server that writes exact bytes: each request is answered by a script of steps,
 * so a test chooses the framing, where the packets split, and how the connection ends.
 */

/** A request as the server read it. */
export interface RawRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: string;
	/** 1-based number of the request on its connection (2 and more: a reused keep-alive socket). */
	onConnection: number;
	/** When the server read it (epoch ms). */
	at: number;
}

/**
 * One step of an answer: bytes to write, a pause (so the next bytes leave in another packet), the
 * server closing the connection (`close`, FIN), resetting it (`reset`, RST), or never answering (`hang`).
 */
export type Step = string | Buffer | { pauseMs: number } | 'close' | 'reset' | 'hang';

/** How a request is answered; `count` false when the server plays one that never reached its application. */
export interface Reply {
	steps: Step[];
	count?: boolean;
}

export interface RawServer {
	url: string;
	/** Requests the server's application read and counted, in order. */
	requests: RawRequest[];
	/** Connections accepted. */
	connections: () => number;
	close: () => Promise<void>;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits bytes into pieces of `size` separated by pauses: an answer arriving packet by packet. */
export function split(bytes: string | Buffer, size: number, pauseMs = 2): Step[] {
	const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
	const steps: Step[] = [];
	for (let i = 0; i < buf.length; i += size) {
		if (i > 0) steps.push({ pauseMs });
		steps.push(buf.subarray(i, i + size));
	}
	return steps;
}

/** Starts the server on 127.0.0.1; `reply` decides each answer from the request and its number. */
export async function rawHttpServer(reply: (req: RawRequest, n: number) => Reply): Promise<RawServer> {
	const requests: RawRequest[] = [];
	const sockets = new Set<net.Socket>();
	let connections = 0;
	let seen = 0;
	const server = net.createServer((socket) => {
		connections++;
		sockets.add(socket);
		socket.setNoDelay(true);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		let buffer = Buffer.alloc(0);
		let onConnection = 0;
		// Requests on one connection are answered in order, one script at a time.
		let queue: Promise<void> = Promise.resolve();
		socket.on('data', (chunk: Buffer) => {
			buffer = Buffer.concat([buffer, chunk]);
			// Bounded: each pass consumes one complete request.
			for (;;) {
				const end = buffer.indexOf('\r\n\r\n');
				if (end < 0) return;
				const head = buffer.toString('latin1', 0, end).split('\r\n');
				const headers: Record<string, string> = {};
				for (const line of head.slice(1)) {
					const colon = line.indexOf(':');
					if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
				}
				const length = Number(headers['content-length'] ?? 0);
				if (buffer.length < end + 4 + length) return;
				const [method, path] = head[0].split(' ');
				const req: RawRequest = { method, path, headers, body: buffer.toString('utf8', end + 4, end + 4 + length), onConnection: ++onConnection, at: Date.now() };
				buffer = buffer.subarray(end + 4 + length);
				const answer = reply(req, ++seen);
				if (answer.count !== false) requests.push(req);
				queue = queue.then(() => play(socket, answer.steps));
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
		requests,
		connections: () => connections,
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

async function play(socket: net.Socket, steps: readonly Step[]): Promise<void> {
	for (const step of steps) {
		if (socket.destroyed) return;
		if (step === 'hang') return;
		if (step === 'close') socket.destroy();
		else if (step === 'reset') socket.resetAndDestroy();
		else if (typeof step === 'object' && 'pauseMs' in step) await delay(step.pauseMs);
		else socket.write(step);
	}
}
