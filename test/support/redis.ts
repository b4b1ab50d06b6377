/**
 * A throwaway Redis for tests (n8n's queue mode): Debian's redis-server on a free 127.0.0.1 port,
 * its working folder in a temp directory, nothing persisted (no RDB snapshots, no AOF).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './net';

const REDIS_SERVER = '/usr/bin/redis-server';

export interface RedisServer {
	host: string;
	port: number;
	/** What redis-server printed (for failure messages). */
	log(): string;
	/** Stops the server (SIGTERM, then SIGKILL after a bounded wait) and removes its folder. */
	stop(): Promise<void>;
}

/** True when redis-server is installed (apt-get install redis-server). Under CI it must be. */
export function redisInstalled(): boolean {
	return process.env.CI ? true : existsSync(REDIS_SERVER);
}

/** Sends PING over a raw socket; true when the server answers +PONG. */
function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk: Buffer) => {
			answer += chunk.toString('utf8');
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/** Starts redis-server on a free loopback port and waits until it answers PING. */
export async function startRedis(): Promise<RedisServer> {
	const dir = mkdtempSync(join(process.env.ALERTE_TEST_ROOT ?? tmpdir(), 'redis-'));
	const port = await freePort();
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''];
	const output: string[] = [];
	const child: ChildProcess = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
	child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
	const spawned: { error?: Error } = {};
	child.on('error', (error) => (spawned.error = error));
	const exited = () => child.exitCode !== null || child.signalCode !== null;

	const stop = async () => {
		if (!exited() && !spawned.error) {
			child.kill('SIGTERM');
			await waitFor(exited, 10_000, 50).catch(() => {
				child.kill('SIGKILL');
				return waitFor(exited, 5_000, 50).catch(() => undefined);
			});
		}
		rmSync(dir, { recursive: true, force: true });
	};

	// Bounded: PING every 100 ms for at most 15 s; a server that exits or cannot start fails at once.
	const deadline = Date.now() + 15_000;
	for (;;) {
		const failure = spawned.error
			? `redis-server could not start: ${spawned.error.message}`
			: exited()
				? `redis-server stopped (${child.exitCode ?? child.signalCode})`
				: Date.now() > deadline
					? 'redis-server did not answer PING within 15 s'
					: undefined;
		if (failure) {
			await stop();
			throw new Error(`${failure}:\n${output.join('').slice(-2000)}`);
		}
		if (await ping(port)) break;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return { host: '127.0.0.1', port, log: () => output.join(''), stop };
}
