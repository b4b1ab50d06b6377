import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type SqlDb, type StoreConfig } from '../../nodes/shared/store';
import { openRulesetStore, proposalRefusal, rulesetProposalsOf, samePerson, type RulesetProposals, type RulesetStore } from '../../nodes/shared/targeting';
import { freshPgDatabase } from '../support/postgres';
import { counterfeitRuleset } from './fixtures';

const ruleset = (professions: string[]) => counterfeitRuleset(professions);

const T0 = Date.parse('2026-12-03T09:00:00Z');
const HOUR = 3_600_000;

const stores: Array<[string, () => Promise<StoreConfig>]> = [
	['SQLite', async () => ({ kind: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'proposals-')), 'registry.sqlite') })],
	['PostgreSQL', () => freshPgDatabase('proposals')],
];

describe.each(stores)('RulesetProposals on %s', (_name, makeConfig) => {
	let db: SqlDb;
	let store: RulesetStore;
	let proposals: RulesetProposals;

	beforeEach(async () => {
		db = openDb(await makeConfig());
		store = await openRulesetStore(db);
		proposals = await rulesetProposalsOf(db);
	});

	afterEach(async () => {
		await db.close();
	});

	const propose = async (professions = ['bijouterie'], author = 'Claire Martin, CCI') => {
		const result = await proposals.propose({ ruleset: ruleset(professions), author, reason: 'bijouteries aussi', summaryHtml: '<p>+12 SMS</p>', validityMs: HOUR }, T0);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		return result;
	};

	it('refuses a proposal without author, reason or a valid ruleset, with every error, and stores nothing', async () => {
		const result = await proposals.propose({ ruleset: { version: 1, rules: [{ name: 'x' }] }, author: ' ', reason: '' }, T0);
		expect(result.ok).toBe(false);
		const paths = result.ok ? [] : result.errors.map((e) => e.path);
		expect(paths).toEqual(expect.arrayContaining(['author', 'reason']));
		expect(paths.length).toBeGreaterThan(2);
		expect(await db.query('SELECT * FROM ruleset_proposals')).toEqual([]);
	});

	it('stores a proposal against the version in force, keeping the hash of its token only', async () => {
		await store.publish({ ruleset: ruleset(['buraliste']), author: 'Paul', reason: 'first' });
		const { token, proposal } = await propose();
		expect(token).toMatch(/^[\w-]{32}$/);
		expect(proposal).toMatchObject({ author: 'Claire Martin, CCI', reason: 'bijouteries aussi', basedOn: 1, requestedAt: T0, expiresAt: T0 + HOUR });
		expect(JSON.stringify(await db.query('SELECT * FROM ruleset_proposals'))).not.toContain(token);
		const check = await proposals.check(token, T0 + 1000);
		expect(check.state).toBe('open');
		expect(check.state === 'open' && check.proposal.summaryHtml).toBe('<p>+12 SMS</p>');
		expect((await store.current()).version).toBe(1);
	});

	it('publishes the proposal when a second person approves: the proposer as author, the approver recorded', async () => {
		const { token } = await propose();
		const outcome = await proposals.decide(token, true, 'Luc Bernard', T0 + 60_000);
		expect(outcome.state).toBe('published');
		const current = await store.current();
		expect(current).toMatchObject({ version: 1, author: 'Claire Martin, CCI', reason: 'bijouteries aussi', approvedBy: 'Luc Bernard' });
		expect(current.ruleset.rules[0].event.params.professions).toEqual(['bijouterie']);
		expect((await store.history())[0]).toMatchObject({ version: 1, approvedBy: 'Luc Bernard' });
		// The link worked once.
		const again = await proposals.decide(token, true, 'Luc Bernard', T0 + 120_000);
		expect(again.state).toBe('used');
		expect(again.state === 'used' && proposalRefusal(again)).toMatch(/^Ce lien a déjà servi : proposition validée par Luc Bernard le 03\/12\/2026 à 10:01 \(version 1\)/);
		expect((await store.current()).version).toBe(1);
	});

	it('does not let the proposer approve their own change, and keeps the link open for someone else', async () => {
		const { token } = await propose();
		const own = await proposals.decide(token, true, '  claire MARTIN (cci) ', T0 + 60_000);
		expect(own.state).toBe('same-person');
		expect(own.state === 'same-person' && proposalRefusal(own)).toMatch(/Claire Martin, CCI a proposé ce changement : une seconde personne doit le valider/);
		expect((await store.current()).version).toBe(0);
		expect((await proposals.check(token, T0 + 61_000)).state).toBe('open');
		expect((await proposals.decide(token, true, 'Luc Bernard', T0 + 62_000)).state).toBe('published');
	});

	it('records a refusal, publishes nothing, and the link is used', async () => {
		await store.publish({ ruleset: ruleset(['buraliste']), author: 'Paul', reason: 'first' });
		const { token } = await propose();
		const outcome = await proposals.decide(token, false, 'Luc Bernard', T0 + 60_000);
		expect(outcome.state).toBe('rejected');
		expect(outcome.state === 'rejected' && proposalRefusal(outcome)).toBe('Proposition refusée par Luc Bernard le 03/12/2026 à 10:01. Les règles en vigueur restent inchangées.');
		expect((await store.current()).version).toBe(1);
		expect((await proposals.check(token, T0 + 61_000)).state).toBe('used');
	});

	it('refuses an expired link and an unknown one', async () => {
		const { token } = await propose();
		const late = await proposals.decide(token, true, 'Luc Bernard', T0 + HOUR);
		expect(late.state).toBe('expired');
		expect(late.state === 'expired' && proposalRefusal(late)).toMatch(/^Ce lien a expiré le 03\/12\/2026 à 11:00\. Les règles en vigueur restent inchangées\./);
		expect((await proposals.decide(`${token}x`, true, 'Luc Bernard', T0)).state).toBe('unknown');
		expect((await proposals.check('', T0)).state).toBe('unknown');
		expect((await store.current()).version).toBe(0);
	});

	it('refuses to publish a proposal compared with rules that have changed since, and retires its link', async () => {
		const { token } = await propose();
		await store.publish({ ruleset: ruleset(['buraliste']), author: 'Paul', reason: 'urgent change' });
		const check = await proposals.check(token, T0 + 1000);
		expect(check).toMatchObject({ state: 'stale', current: 1 });
		const outcome = await proposals.decide(token, true, 'Luc Bernard', T0 + 2000);
		expect(outcome.state).toBe('stale');
		expect(outcome.state === 'stale' && proposalRefusal(outcome)).toMatch(/version 1 en vigueur, la comparaison avait été faite avec la version 0/);
		expect(await store.current()).toMatchObject({ version: 1, author: 'Paul' });
		const after = await proposals.check(token, T0 + 3000);
		expect(after.state === 'used' && proposalRefusal(after)).toMatch(/proposition périmée le /);
	});

	it('publishes once when two approvers click at the same moment', async () => {
		const { token } = await propose();
		const outcomes = await Promise.all(['Luc Bernard', 'Anne Roux', 'Marc Petit'].map((name) => proposals.decide(token, true, name, T0 + 60_000)));
		expect(outcomes.map((o) => o.state).sort()).toEqual(['published', 'used', 'used']);
		expect((await store.history()).map((v) => v.version)).toEqual([1]);
	});
});

describe('samePerson', () => {
	it.each([
		['Claire Martin, CCI', 'claire martin cci', true],
		['Hélène Noël', 'helene noel', true],
		['c.martin@cci63.fr', 'C.Martin@CCI63.fr', true],
		['Claire Martin', 'Claire Marti', false],
		['', '', false],
		['---', '...', false],
	])('%j and %j: %s', (a, b, same) => {
		expect(samePerson(a, b)).toBe(same);
	});
});
