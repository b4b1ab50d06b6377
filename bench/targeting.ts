/**
 * Targeting benchmark (`npm run bench`): plan once per alert, then select from 100k and 1M
 * generated members in memory, from SQLite and from PostgreSQL; and, as the baseline, the naive
 * approach (json-rules-engine run per member) on a 10,000-member sample, extrapolated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { Client } from 'pg';
import { createPgDatabase, pgClient } from '../test/support/postgres';
import type { Incident } from '../nodes/shared/incident';
import { nafMatches } from '../nodes/shared/naf';
import { registryOn } from '../nodes/shared/registry';
import type { Adherent } from '../nodes/shared/registry/types';
import { openDb, SqliteDb, type SqlDb } from '../nodes/shared/store';
import { defaultRuleset, incidentFacts, planTargeting, selectFromStore, selectRecipients, type TargetingPlan } from '../nodes/shared/targeting';
import { generateRegister, type GeneratedRegister } from './members';

const SIZES = [100_000, 1_000_000];
const SAMPLE = 10_000;
const NOW = new Date('2026-06-01T12:00:00+02:00');

const CASES: Array<[string, Incident]> = [
	['armed robbery, Clermont without coordinates (exposed professions of the département + the commune)', { type: 'vol_main_armee', communes: ['63113'], description: 'braquage', issuer: 'bench' }],
	['counterfeit notes, Issoire (agglomération, cash businesses)', { type: 'fausse_monnaie', communes: ['63178'], description: 'faux billets', issuer: 'bench' }],
	['burglary, Clermont with coordinates (1 km radius + arrondissement)', { type: 'cambriolage', communes: ['63113'], coordinates: { lat: 45.7772, lon: 3.0819 }, description: 'cambriolage', issuer: 'bench' }],
];

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const count = (n: number) => n.toLocaleString('en-US');

/** Median of `runs` timed calls after one warm-up. */
async function time(fn: () => unknown, runs = 3): Promise<number> {
	await fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = process.hrtime.bigint();
		await fn();
		times.push(ms(t0));
	}
	return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const ADHERENT_COLUMNS = ['siret', 'siren', 'name', 'naf', 'commune_insee', 'postal_code', 'city', 'departement', 'epci', 'arrondissement', 'lat', 'lon', 'status', 'member_until', 'created_at', 'updated_at'];

function adherentRow(a: Adherent, now: string): Array<string | number | null> {
	return [a.siret, a.siren, a.name, a.naf ?? null, a.communeInsee, a.postalCode ?? null, a.city, a.departement, a.epci ?? null, a.arrondissement ?? null, a.lat ?? null, a.lon ?? null, a.status, a.memberUntil ?? null, now, now];
}

function optedOutAt(a: Adherent, phone: string): string | null {
	return a.optOuts.find((o) => o.phone === phone)?.at ?? null;
}

/** Bulk load into SQLite with prepared statements in one transaction (generation speed, no validation). */
export async function loadSqlite(path: string, members: Adherent[]): Promise<SqliteDb> {
	const db = new SqliteDb(path);
	await registryOn(db);
	// A second connection of our own for the bulk load (the store keeps its statements private).
	const raw = new DatabaseSync(path);
	raw.exec('PRAGMA busy_timeout = 10000');
	const now = NOW.toISOString();
	const insertAdherent = raw.prepare(`INSERT INTO adherents (${ADHERENT_COLUMNS.join(', ')}) VALUES (${ADHERENT_COLUMNS.map(() => '?').join(', ')})`);
	const insertPhone = raw.prepare('INSERT OR IGNORE INTO adherent_phones (siret, phone, opted_out_at) VALUES (?, ?, ?)');
	const insertProfession = raw.prepare('INSERT INTO adherent_professions (siret, profession) VALUES (?, ?)');
	raw.exec('BEGIN');
	for (const a of members) {
		insertAdherent.run(...adherentRow(a, now));
		for (const phone of a.phones) insertPhone.run(a.siret, phone, optedOutAt(a, phone));
		for (const tag of a.professions) insertProfession.run(a.siret, tag);
	}
	raw.exec('COMMIT');
	raw.exec('ANALYZE');
	raw.close();
	return db;
}

/** Bulk load into a fresh PostgreSQL database with unnest() batches. */
async function loadPostgres(url: string, members: Adherent[]): Promise<SqlDb> {
	const name = `bench_targeting_${process.pid}_${members.length}`;
	const config = await createPgDatabase(url, name);
	const db = openDb(config);
	await registryOn(db);
	const client = pgClient(config);
	await client.connect();
	const now = NOW.toISOString();
	const types = ADHERENT_COLUMNS.map((c) => (c === 'lat' || c === 'lon' ? 'float8[]' : 'text[]'));
	for (let i = 0; i < members.length; i += 20_000) {
		const chunk = members.slice(i, i + 20_000);
		const rows = chunk.map((a) => adherentRow(a, now));
		await client.query(
			`INSERT INTO adherents (${ADHERENT_COLUMNS.join(', ')}) SELECT * FROM unnest(${types.map((t, k) => `$${k + 1}::${t}`).join(', ')})`,
			ADHERENT_COLUMNS.map((_, k) => rows.map((r) => r[k])),
		);
		const phones = chunk.flatMap((a) => a.phones.map((p) => [a.siret, p, optedOutAt(a, p)]));
		await client.query('INSERT INTO adherent_phones (siret, phone, opted_out_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING', [0, 1, 2].map((k) => phones.map((r) => r[k])));
		const tags = chunk.flatMap((a) => a.professions.map((t) => [a.siret, t]));
		await client.query('INSERT INTO adherent_professions (siret, profession) SELECT * FROM unnest($1::text[], $2::text[])', [0, 1].map((k) => tags.map((r) => r[k])));
	}
	await client.query('ANALYZE');
	await client.end();
	const close = db.close.bind(db);
	// Dropping the database when done keeps the cluster small between bench runs.
	return Object.assign(db, {
		close: async () => {
			await close();
			const again = new Client({ connectionString: url });
			await again.connect();
			await again.query(`DROP DATABASE IF EXISTS ${name}`);
			await again.end();
		},
	});
}

/** The naive approach: one json-rules-engine run per member (rules test the member's facts too). */
async function perMemberBaseline(incident: Incident, members: Adherent[]): Promise<{ ms: number; matched: number }> {
	const ruleset = defaultRuleset();
	const engine = new Engine([], { allowUndefinedFacts: true });
	for (const rule of ruleset.rules) {
		const tags = rule.event.params.professions ?? [];
		const who: TopLevelCondition = tags.includes('*')
			? { all: [] }
			: { any: [{ fact: 'memberProfessions', operator: 'someFact:in', value: tags } as never, { fact: 'memberNafMatches', operator: 'equal', value: true, params: { naf: rule.event.params.naf ?? [] } }] };
		engine.addRule({ name: rule.name, conditions: { all: [rule.conditions as TopLevelCondition, who] }, event: rule.event } as RuleProperties);
	}
	const facts = incidentFacts(incident, NOW);
	let matched = 0;
	const t0 = process.hrtime.bigint();
	for (const member of members) {
		const result = await engine.run({
			...facts,
			memberProfessions: member.professions,
			memberNafMatches: (params: { naf: string[] }) => params.naf.some((n) => member.naf !== undefined && nafMatches(member.naf, n)),
		});
		if (result.events.length) matched++;
	}
	return { ms: ms(t0), matched };
}

async function benchSize(size: number, report: (line: string) => void): Promise<void> {
	let t0 = process.hrtime.bigint();
	const register: GeneratedRegister = generateRegister(size, { seed: size });
	report(`\n${count(size)} members over ${register.communes.length} communes of département ${register.departement} (generated in ${fmt(ms(t0))} ms)`);

	const plans: Array<[string, Incident, TargetingPlan]> = [];
	for (const [label, incident] of CASES) plans.push([label, incident, await planTargeting(incident, defaultRuleset(), NOW)]);

	const dir = mkdtempSync(join(tmpdir(), 'bench-targeting-'));
	t0 = process.hrtime.bigint();
	const sqlite = await loadSqlite(join(dir, 'registry.sqlite'), register.members);
	report(`  SQLite loaded in ${fmt(ms(t0) / 1000)} s`);
	const pgUrl = process.env.ALERTE_BENCH_PG_URL;
	let pg: SqlDb | undefined;
	if (pgUrl) {
		t0 = process.hrtime.bigint();
		pg = await loadPostgres(pgUrl, register.members);
		report(`  PostgreSQL loaded in ${fmt(ms(t0) / 1000)} s`);
	}

	for (const [label, , plan] of plans) {
		const recipients = selectRecipients(plan, register.members, { now: NOW });
		const memory = await time(() => selectRecipients(plan, register.members, { now: NOW }), 5);
		const fromSqlite = await time(() => selectFromStore(plan, sqlite, { now: NOW }));
		const fromPg = pg ? await time(() => selectFromStore(plan, pg as SqlDb, { now: NOW })) : undefined;
		report(`  ${label}: ${count(recipients.length)} recipients (rules: ${plan.firedRules.join(', ')})`);
		report(`    selectRecipients in memory ${fmt(memory)} ms · SQLite ${fmt(fromSqlite)} ms · PostgreSQL ${fromPg === undefined ? 'skipped' : `${fmt(fromPg)} ms`}`);
	}

	const [label, incident, plan] = plans[0];
	const sample = register.members.slice(0, SAMPLE);
	const baseline = await perMemberBaseline(incident, sample);
	const extrapolated = (baseline.ms * size) / SAMPLE;
	const memory = await time(() => selectRecipients(plan, register.members, { now: NOW }), 5);
	report(`  baseline, json-rules-engine per member (${label.split(',')[0]}): ${count(SAMPLE)} members in ${fmt(baseline.ms)} ms (${(baseline.ms / SAMPLE).toFixed(3)} ms each) → ${count(size)} ≈ ${fmt(extrapolated / 1000)} s; plan once + select in memory is ${count(Math.round(extrapolated / memory))}× faster`);

	await sqlite.close();
	await pg?.close();
	rmSync(dir, { recursive: true, force: true });
}

/** Runs the targeting benchmark, printing one line at a time. */
export async function benchTargeting(report: (line: string) => void): Promise<void> {
	report('Sector targeting: plan once per alert, select members by precomputed sets');
	const incident = CASES[0][1];
	let t0 = process.hrtime.bigint();
	const first = await planTargeting(incident, defaultRuleset(), NOW);
	const cold = ms(t0);
	const warm = await time(() => planTargeting(incident, defaultRuleset(), NOW), 101);
	t0 = process.hrtime.bigint();
	report(`planTargeting: cold ${fmt(cold)} ms (loads reference data, compiles the engine), warm ${fmt(warm)} ms — ${first.firedRules.length} rules fired of ${defaultRuleset().rules.length}`);
	if (!process.env.ALERTE_BENCH_PG_URL) report('PostgreSQL: skipped (set ALERTE_BENCH_PG_URL=postgres://user@host:port/db to include it)');
	const sizes = process.env.ALERTE_BENCH_SIZES ? process.env.ALERTE_BENCH_SIZES.split(',').map(Number) : SIZES;
	for (const size of sizes) await benchSize(size, report);
}
