import { generateRegister } from '../../bench/members';
import { communeByCode } from '../../nodes/shared/geo';
import type { IncidentType } from '../../nodes/shared/incident';
import { isAlertable, type Adherent } from '../../nodes/shared/registry/types';
import { compareRulesets, defaultRuleset, parisDate, planTargeting, selectRecipients, simulatedYear, type RulesetComparison } from '../../nodes/shared/targeting';
import PREVIOUS_DEFAULT from '../fixtures/rules/default-2026-12.rules.json';

const NOW = new Date('2026-06-01T12:00:00+02:00');
const today = parisDate(NOW);
const eligible = (a: Adherent) => isAlertable(a, today) && a.phones.some((p) => !a.optOuts.some((o) => o.phone === p));
const has = (a: Adherent, tag: string) => a.professions.includes(tag);
const sameEpci = (a: Adherent, c: string[]) => a.epci === communeByCode(c[0])?.epci;
const sameArrondissement = (a: Adherent, c: string[]) => a.arrondissement === communeByCode(c[0])?.arrondissement;

/** Members the rules must reach, whatever else they do ("the obvious targets"). */
const OBVIOUS: Partial<Record<IncidentType, (a: Adherent, communes: string[]) => boolean>> = {
	vol_main_armee: (a) => has(a, 'bijouterie') || has(a, 'buraliste') || has(a, 'banque'),
	fausse_monnaie: (a, c) => has(a, 'buraliste') && sameEpci(a, c),
	vol_vehicule_materiel: (a, c) => has(a, 'agriculteur') && sameArrondissement(a, c),
	vol_marchandises: (a, c) => has(a, 'agriculteur') && sameArrondissement(a, c),
	vol_etalage: (a, c) => has(a, 'commerce-detail') && a.communeInsee === c[0],
	cheque_vole: (a, c) => has(a, 'superette') && a.communeInsee === c[0],
	escroquerie: (a, c) => has(a, 'banque') || has(a, 'services-entreprises') || a.communeInsee === c[0],
	cambriolage: (a, c) => has(a, 'buraliste') && sameArrondissement(a, c),
	troubles_ordre_public: (a, c) => has(a, 'banque') && a.communeInsee === c[0],
};

/** The simulated year of issue 14: 1,100 members of the Puy-de-Dôme placed by population, 80 alerts. */
describe('relevance of the default ruleset over a simulated year', () => {
	const register = generateRegister(1100, { seed: 2026 });
	const members = register.members;
	const incidents = simulatedYear({ departement: '63', until: NOW, centroids: register.centroids });
	let comparison: RulesetComparison;

	beforeAll(async () => {
		comparison = await compareRulesets({ incidents, members, current: PREVIOUS_DEFAULT, proposed: defaultRuleset(), now: NOW });
	});

	it('always reaches the obvious targets', async () => {
		const missed: string[] = [];
		for (const incident of incidents) {
			const obvious = OBVIOUS[incident.type];
			if (!obvious) continue;
			// A member is reached when one of its phones gets the SMS (a shared phone is listed under one SIRET).
			const phones = new Set(selectRecipients(await planTargeting(incident, defaultRuleset(), NOW), members, { now: NOW }).map((r) => r.phone));
			for (const a of members) {
				if (eligible(a) && obvious(a, incident.communes) && !a.phones.some((p) => phones.has(p))) missed.push(`${incident.type} ${incident.communes[0]}: ${a.siret} ${a.professions.join('/')}`);
			}
		}
		expect(missed.slice(0, 5)).toEqual([]);
	});

	it('sends the median member at most 16 of the 80 alerts, the 90th percentile at most 24', () => {
		const { current, proposed } = comparison;
		console.log(`alerts per member over ${incidents.length} (previous default → default): median ${current.median} → ${proposed.median}, p90 ${current.p90} → ${proposed.p90}, max ${current.max} → ${proposed.max}, SMS ${current.sms} → ${proposed.sms}`);
		expect(proposed.median).toBeLessThanOrEqual(16);
		expect(proposed.p90).toBeLessThanOrEqual(24);
	});

	it('was needed: the previous default sent the 90th percentile more than 24', () => {
		expect(comparison.current.p90).toBeGreaterThan(24);
		expect(comparison.proposed.sms).toBeLessThan(comparison.current.sms);
	});
});
