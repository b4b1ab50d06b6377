/**
 * `npm run bench`: every benchmark in one run, figures and ratios against their baselines
 * (`npm run bench -- relevance` or any subset of registry, targeting, relevance, map, dispatch, intake).
 * Runs the TypeScript sources (test/support/ts-register.js). A throwaway PostgreSQL is started
 * when ALERTE_BENCH_PG_URL is not set and the server is installed; n8n is installed into
 * .n8n-app/ if needed, for n8n's own HTTP Request node (the dispatch baseline).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreConfig } from '../nodes/shared/store';
import { freePort } from '../test/support/net';
import { createPgDatabase } from '../test/support/postgres';
import { benchDispatch } from './dispatch';
import { benchIntake } from './intake';
import { benchMap } from './map';
import { benchRegistry } from './registry';
import { benchRelevance } from './relevance';
import { benchTargeting } from './targeting';

const PG_SCRIPT = join(__dirname, '..', 'scripts', 'pg-throwaway.sh');

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

/** A new database on the benchmark cluster, with its URL for the benchmarks that take one. */
async function database(url: string, name: string): Promise<{ config: StoreConfig; url: string }> {
	const config = await createPgDatabase(url, name);
	const parsed = new URL(url);
	parsed.pathname = `/${name}`;
	return { config, url: parsed.toString() };
}

async function main(): Promise<void> {
	const report = (line: string) => console.log(line);
	const only = process.argv.slice(2);
	const wanted = (name: string) => only.length === 0 || only.includes(name);
	console.log(`Benchmarks on Node ${process.version}, ${new Date().toISOString()}\n`);
	// Only the registry and targeting benchmarks use PostgreSQL.
	const pg = wanted('registry') || wanted('targeting') ? await postgres() : { url: undefined, stop: () => undefined };
	try {
		if (wanted('registry')) await benchRegistry(report, pg.url ? (await database(pg.url, 'bench_registry')).config : undefined);
		if (wanted('targeting')) {
			if (pg.url && !process.env.ALERTE_BENCH_PG_URL) process.env.ALERTE_BENCH_PG_URL = (await database(pg.url, 'bench_targeting')).url;
			report('');
			await benchTargeting(report);
		}
		if (wanted('relevance')) {
			report('');
			await benchRelevance(report);
		}
		if (wanted('map')) {
			report('');
			await benchMap(report);
		}
		if (wanted('dispatch')) {
			require('../scripts/n8n-runtime.js').ensureN8n();
			report('');
			await benchDispatch(report);
		}
		if (wanted('intake')) {
			require('../scripts/n8n-runtime.js').ensureN8n();
			report('');
			await benchIntake(report);
		}
	} finally {
		pg.stop();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
