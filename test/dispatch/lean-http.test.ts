import * as net from 'node:net';
import { LeanHttpPool } from '../../nodes/shared/dispatch/providers/lean-http';
import { TransportError } from '../../nodes/shared/dispatch/providers/http';

/** A loopback TCP server answering each request line with `answer` (raw HTTP, or 'reset' / 'hang'). */
async function rawServer(answer: (n: number) => string | 'reset' | 'hang') {
	let n = 0;
	const sockets = new Set<net.Socket>();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		let buffer = '';
		socket.on('data', (chunk) => {
			buffer += chunk.toString('latin1');
			while (buffer.includes('\r\n\r\n')) {
				buffer = buffer.slice(buffer.indexOf('\r\n\r\n') + 4);
				const reply = answer(++n);
				if (reply === 'reset') socket.resetAndDestroy();
				else if (reply !== 'hang') socket.write(reply);
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
		calls: () => n,
		close: () => new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy();
			server.close(() => resolve());
		}),
	};
}

const ok = (body: string, extra = '') => `HTTP/1.1 202 Accepted\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

describe('lean keep-alive HTTP client (Kannel sendsms)', () => {
	test('answers over reused keep-alive connections; Connection: close opens a new one', async () => {
		const server = await rawServer((n) => (n === 3 ? ok('0: Accepted', 'Connection: close\r\n') : ok(`0: Accepted for delivery ${n}`)));
		const pool = new LeanHttpPool(server.url, 2);
		try {
			const answers = await Promise.all(Array.from({ length: 6 }, () => pool.get('/cgi-bin/sendsms?to=%2B33612345678', 2000)));
			expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
			expect(answers.filter((a) => a.body.startsWith('0: Accepted'))).toHaveLength(6);
			expect(server.calls()).toBe(6);
		} finally {
			pool.close();
			await server.close();
		}
	});

	test('refused: not in doubt; reset after the request went out, timeout, no Content-Length: in doubt', async () => {
		const refused = new LeanHttpPool('http://127.0.0.1:1', 1);
		await expect(refused.get('/x', 1000)).rejects.toMatchObject({ code: 'connection-refused', inDoubt: false });
		refused.close();

		const server = await rawServer((n) => (n === 1 ? 'reset' : n === 2 ? 'hang' : n === 3 ? 'HTTP/1.1 200 OK\r\n\r\nno length' : ok('0: Accepted')));
		const pool = new LeanHttpPool(server.url, 1);
		try {
			const reset = await pool.get('/a', 2000).catch((e: unknown) => e);
			expect(reset).toBeInstanceOf(TransportError);
			expect(reset).toMatchObject({ code: 'connection-reset', inDoubt: true });
			await expect(pool.get('/b', 200)).rejects.toMatchObject({ code: 'timeout', inDoubt: true });
			await expect(pool.get('/c', 2000)).rejects.toMatchObject({ inDoubt: true });
			expect(await pool.get('/d', 2000)).toMatchObject({ status: 202, body: '0: Accepted' });
		} finally {
			pool.close();
			await server.close();
		}
	});
});
