import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRegister } from '../../bench/members';
import { INCIDENT_TYPES } from '../../nodes/shared/incident';
import { openRegistry, type RegistryStore } from '../../nodes/shared/registry';
import type { Adherent } from '../../nodes/shared/registry/types';
import type { StoreConfig } from '../../nodes/shared/store';
import { defaultRuleset, planTargeting, selectFromMembers, selectFromStore, selectRecipientsFromStore, type TargetingPlan } from '../../nodes/shared/targeting';
import { freshPgDatabase } from '../support/postgres';
import { CLERMONT, incident, ISSOIRE, JAUDE, RIOM } from './fixtures';
import { levelsRuleset, NOW, scenarioMembers } from './scenario';

const scenario = Object.values(scenarioMembers());
const generated = generateRegister(3000, { seed: 7 }).members;
const members: Adherent[] = [...scenario, ...generated];

/** Plans covering every area level, each policy, NAF-only and whole-membership rules, the default ruleset. */
async function plans(): Promise<Array<[string, TargetingPlan]>> {
	const list: Array<[string, TargetingPlan]> = [];
	for (const policy of ['police', 'rules', 'widest']) {
		for (const type of ['vol_main_armee', 'cambriolage'] as const) {
			list.push([`levels ${policy} ${type}`, await planTargeting(incident(type, [CLERMONT], { coordinates: JAUDE, area: { level: 'epci' } }), levelsRuleset(policy))]);
		}
	}
	list.push(['levels, no coordinates', await planTargeting(incident('cambriolage', [CLERMONT]), levelsRuleset())]);
	for (const type of INCIDENT_TYPES) {
		const commune = [CLERMONT, ISSOIRE, RIOM][INCIDENT_TYPES.indexOf(type) % 3];
		list.push([`default ${type}`, await planTargeting(incident(type, [commune], { coordinates: type === 'cambriolage' ? JAUDE : undefined, occurredAt: '2026-03-15T23:00:00+01:00' }), defaultRuleset())]);
	}
	return list;
}

function suite(name: string, config: () => Promise<StoreConfig>) {
	describe(`selection pushed down to ${name}`, () => {
		let store: RegistryStore;
		let cases: Array<[string, TargetingPlan]>;

		beforeAll(async () => {
			store = await openRegistry(await config());
			await store.upsertMany(members);
			cases = await plans();
		}, 120000);

		afterAll(async () => store?.close());

		it('gives exactly the in-memory recipients and exclusions for every plan', async () => {
			let total = 0;
			for (const [label, plan] of cases) {
				const fromMemory = selectFromMembers(plan, members, { now: NOW, withExclusions: true });
				const fromStore = await selectFromStore(plan, store, { now: NOW, withExclusions: true });
				expect({ label, ...fromStore }).toEqual({ label, ...fromMemory });
				const plain = await selectRecipientsFromStore(plan, store.db, { now: NOW });
				expect({ label, plain }).toEqual({ label, plain: fromMemory.recipients });
				total += plain.length;
			}
			expect(total).toBeGreaterThan(1000);
		});

		it('returns nothing for an empty plan', async () => {
			const plan = await planTargeting(incident('escroquerie', [CLERMONT]), levelsRuleset());
			expect(await selectRecipientsFromStore(plan, store, { now: NOW })).toEqual([]);
		});
	});
}

suite('SQLite', async () => ({ kind: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'targeting-')), 'registry.sqlite') }));
suite('PostgreSQL', () => freshPgDatabase('targeting'));
