/**
 * `npm run bench`: every benchmark in one run, figures and ratios against their baselines.
 * A throwaway PostgreSQL is started when ALERTE_BENCH_PG_URL is not set and the server is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { StoreConfig } from '../nodes/shared/store';
import { benchRegistry } from './registry';

const PG_SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'pg-throwaway.sh'); // from .tmp/bench/bench/

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

async function postgres(): Promise<{ url?: string; stop: () => void }> {
	if (process.env.ALERTE_BENCH_PG_URL) return { url: process.env.ALERTE_BENCH_PG_URL, stop: () => undefined };
	try {
		const dir = mkdtempSync(join(tmpdir(), 'bench-pg-'));
		chmodSync(dir, 0o755);
		const url = execFileSync('bash', [PG_SCRIPT, 'start', join(dir, 'pg'), String(await freePort())], { encoding: 'utf8' }).trim();
		return { url, stop: () => execFileSync('bash', [PG_SCRIPT, 'stop', join(dir, 'pg')]) };
	} catch (error) {
		console.log(`(no PostgreSQL: ${(error as Error).message.split('\n')[0]})`);
		return { stop: () => undefined };
	}
}

/** A new database on the benchmark cluster. */
async function database(url: string, name: string): Promise<StoreConfig> {
	const admin = new Client({ connectionString: url });
	await admin.connect();
	await admin.query(`DROP DATABASE IF EXISTS ${name}`);
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const parsed = new URL(url);
	return { kind: 'postgres', host: parsed.hostname, port: Number(parsed.port), database: name, user: decodeURIComponent(parsed.username || 'postgres') };
}

async function main(): Promise<void> {
	const report = (line: string) => console.log(line);
	console.log(`Benchmarks on Node ${process.version}, ${new Date().toISOString()}\n`);
	const pg = await postgres();
	try {
		await benchRegistry(report, pg.url ? await database(pg.url, 'bench_registry') : undefined);
	} finally {
		pg.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
