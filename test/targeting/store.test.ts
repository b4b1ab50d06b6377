import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDb, type SqlDb, type StoreConfig } from '../../nodes/shared/store';
import { defaultRuleset, openRulesetStore, RULESET_MIGRATIONS, StoredRulesetInvalidError, type RulesetStore } from '../../nodes/shared/targeting';
import { freshPgDatabase } from '../support/postgres';
import { counterfeitRuleset } from './fixtures';

const ruleset = (professions: string[]) => counterfeitRuleset(professions);

const AT = new Date('2026-12-02T20:00:00Z');

/** The same behaviour suite against the embedded SQLite store and PostgreSQL. */
const stores: Array<[string, () => Promise<StoreConfig>]> = [
	['SQLite', async () => ({ kind: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'rulesets-')), 'registry.sqlite') })],
	['PostgreSQL', () => freshPgDatabase('rulesets')],
];

describe.each(stores)('RulesetStore on %s', (_name, makeConfig) => {
	let config: StoreConfig;
	let db: SqlDb;
	let store: RulesetStore;

	beforeEach(async () => {
		config = await makeConfig();
		db = openDb(config);
		store = await openRulesetStore(db);
	});

	afterEach(async () => {
		await db.close();
	});

	describe('current', () => {
		it('is the package default, as version 0, until a version is published', async () => {
			expect(await store.current()).toEqual({ version: 0, ruleset: defaultRuleset(), author: 'Alerte Commerces package', reason: 'package default' });
			expect(await store.history()).toEqual([]);
		});

		it('is the latest published version', async () => {
			await store.publish({ ruleset: ruleset(['buraliste']), author: 'Claire (CCI)', reason: 'first', now: AT });
			await store.publish({ ruleset: JSON.stringify(ruleset(['bijouterie'])), author: 'Paul (CCI)', reason: 'jewellers instead' });
			const current = await store.current();
			expect(current).toMatchObject({ version: 2, author: 'Paul (CCI)', reason: 'jewellers instead' });
			expect(current.ruleset.rules[0].event.params.professions).toEqual(['bijouterie']);
		});

		it('refuses a stored version that no longer validates, naming it', async () => {
			await store.publish({ ruleset: ruleset(['buraliste']), author: 'Claire', reason: 'first' });
			await db.run("UPDATE ruleset_versions SET document = REPLACE(document, 'buraliste', 'astronaute')");
			const fresh = await openRulesetStore(db);
			await expect(fresh.current()).rejects.toThrow(StoredRulesetInvalidError);
			await expect(fresh.current()).rejects.toThrow(/version 1 .*unknown profession tag "astronaute"/);
		});
	});

	describe('publish', () => {
		it('records the version, author, reason and time', async () => {
			const result = await store.publish({ ruleset: ruleset(['buraliste']), author: ' Claire (CCI) ', reason: 'tabacs only', now: AT });
			expect(result).toEqual({ ok: true, version: { version: 1, ruleset: ruleset(['buraliste']), author: 'Claire (CCI)', reason: 'tabacs only', publishedAt: AT.toISOString() } });
			expect(await store.get(1)).toEqual(result.ok && result.version);
		});

		it('refuses an invalid ruleset with every error, and publishes nothing', async () => {
			const result = await store.publish({ ruleset: ruleset(['astronaute']), author: '', reason: '' });
			expect(result.ok).toBe(false);
			expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['author', 'reason', '/rules/0/event/params/professions/0']);
			expect(await store.publish({ ruleset: '{ not json', author: 'Claire', reason: 'x' })).toMatchObject({ ok: false, errors: [{ path: '/', message: expect.stringMatching(/not valid JSON/) }] });
			expect((await store.current()).version).toBe(0);
		});

		it('gives concurrent publishers distinct consecutive versions', async () => {
			// Each publisher on its own connection, as two n8n workers would be.
			const others = await Promise.all([1, 2, 3].map(() => openRulesetStore(openDb(config))));
			const results = await Promise.all(
				[store, ...others].flatMap((s, i) => [0, 1].map((k) => s.publish({ ruleset: ruleset(['buraliste']), author: `worker ${i}`, reason: `publish ${k}` }))),
			);
			await Promise.all(others.map((s) => s.db.close()));
			expect(results.map((r) => (r.ok ? r.version.version : 0)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
			expect((await store.history()).map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
		});
	});

	describe('history', () => {
		it('lists versions newest first, without their documents', async () => {
			await store.publish({ ruleset: ruleset(['buraliste']), author: 'Claire', reason: 'first', now: AT });
			await store.publish({ ruleset: defaultRuleset(), author: 'Paul', reason: 'back to the national rules', now: AT });
			expect(await store.history()).toEqual([
				{ version: 2, author: 'Paul', reason: 'back to the national rules', publishedAt: AT.toISOString(), rules: defaultRuleset().rules.length },
				{ version: 1, author: 'Claire', reason: 'first', publishedAt: AT.toISOString(), rules: 1 },
			]);
			expect(await store.history(1)).toHaveLength(1);
		});
	});

	describe('rollback', () => {
		it('publishes a copy of the previous version as a new version', async () => {
			await store.publish({ ruleset: ruleset(['buraliste']), author: 'Claire', reason: 'first' });
			await store.publish({ ruleset: ruleset(['bijouterie']), author: 'Paul', reason: 'second' });
			const result = await store.rollback({ author: 'Claire', now: AT });
			expect(result).toEqual({ ok: true, version: { version: 3, ruleset: ruleset(['buraliste']), author: 'Claire', reason: 'rollback to v1', publishedAt: AT.toISOString(), restores: 1 } });
			expect(await store.current()).toMatchObject({ version: 3, restores: 1, ruleset: ruleset(['buraliste']) });
			expect((await store.history()).map((v) => [v.version, v.reason])).toEqual([
				[3, 'rollback to v1'],
				[2, 'second'],
				[1, 'first'],
			]);
		});

		it('undoes itself: rolling back a rollback restores the version it replaced', async () => {
			await store.publish({ ruleset: ruleset(['buraliste']), author: 'Claire', reason: 'first' });
			await store.publish({ ruleset: ruleset(['bijouterie']), author: 'Paul', reason: 'second' });
			await store.rollback({ author: 'Claire' });
			expect(await store.rollback({ author: 'Paul', reason: 'the jewellers were right' })).toMatchObject({ ok: true, version: { version: 4, restores: 2, reason: 'the jewellers were right', ruleset: ruleset(['bijouterie']) } });
		});

		it('restores a chosen version, the package default being version 0', async () => {
			await store.publish({ ruleset: ruleset(['buraliste']), author: 'Claire', reason: 'first' });
			await store.publish({ ruleset: ruleset(['bijouterie']), author: 'Paul', reason: 'second' });
			expect(await store.rollback({ author: 'Claire', to: 0 })).toMatchObject({ ok: true, version: { version: 3, restores: 0, reason: 'rollback to v0', ruleset: defaultRuleset() } });
		});

		it('refuses when nothing was published, or the target is not an earlier version', async () => {
			expect(await store.rollback({ author: 'Claire' })).toMatchObject({ ok: false, errors: [{ path: 'version', message: expect.stringMatching(/nothing to roll back/) }] });
			await store.publish({ ruleset: ruleset(['buraliste']), author: 'Claire', reason: 'first' });
			expect(await store.rollback({ author: 'Claire', to: 1 })).toMatchObject({ ok: false, errors: [{ path: 'version', message: expect.stringMatching(/from 0 \(package default\) to 0/) }] });
			expect(await store.rollback({ author: '' })).toMatchObject({ ok: false, errors: [{ path: 'author' }] });
			expect((await store.current()).version).toBe(1);
		});
	});

	it('applies its migration once, however often it is opened', async () => {
		await openRulesetStore(db);
		expect(await migrate(db, 'ruleset', RULESET_MIGRATIONS)).toBe(0);
		const rows = await db.query<{ version: number }>("SELECT version FROM schema_migrations WHERE component = 'ruleset'");
		expect(rows.map((r) => Number(r.version))).toEqual(RULESET_MIGRATIONS.map((m) => m.version));
	});
});
