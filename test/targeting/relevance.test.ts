import { generateRegister, random } from '../../bench/members';
import { communeByCode } from '../../nodes/shared/geo';
import type { IncidentType } from '../../nodes/shared/incident';
import type { Adherent } from '../../nodes/shared/registry/types';
import { defaultRuleset, parisDate, planTargeting, selectRecipients } from '../../nodes/shared/targeting';
import { incident } from './fixtures';

/** A year of ~80 alerts in one département, by type (local offences dominate, as in the articles). */
const YEAR: Array<[IncidentType, number]> = [
	['cambriolage', 16], ['vol_etalage', 10], ['fausse_monnaie', 10], ['vol_ruse', 7], ['vol_vehicule_materiel', 8],
	['escroquerie', 6], ['vol_main_armee', 5], ['vol_marchandises', 4], ['cheque_vole', 4], ['agression', 4],
	['demarchage_frauduleux', 3], ['troubles_ordre_public', 3],
];

const NOW = new Date('2026-06-01T12:00:00+02:00');
const today = parisDate(NOW);
const eligible = (a: Adherent) => a.status === 'active' && (!a.memberUntil || a.memberUntil >= today) && a.phones.some((p) => !a.optOuts.some((o) => o.phone === p));
const has = (a: Adherent, tag: string) => a.professions.includes(tag);

/** Members the rules must reach, whatever else they do ("the obvious targets"). */
const OBVIOUS: Partial<Record<IncidentType, (a: Adherent, communes: string[]) => boolean>> = {
	vol_main_armee: (a) => has(a, 'bijouterie') || has(a, 'buraliste') || has(a, 'banque'),
	fausse_monnaie: (a, c) => has(a, 'buraliste') && a.epci === communeByCode(c[0])?.epci,
	vol_vehicule_materiel: (a, c) => has(a, 'agriculteur') && a.arrondissement === communeByCode(c[0])?.arrondissement,
	vol_etalage: (a, c) => has(a, 'commerce-detail') && a.communeInsee === c[0],
	escroquerie: () => true,
	cambriolage: (a, c) => has(a, 'buraliste') && a.arrondissement === communeByCode(c[0])?.arrondissement,
	troubles_ordre_public: (a, c) => has(a, 'banque') && a.communeInsee === c[0],
};

describe('relevance of the default ruleset over a simulated year', () => {
	const register = generateRegister(6000, { seed: 2026 });
	const members = register.members;
	const received = new Map<string, number>();
	const missed: string[] = [];
	let alerts = 0;

	beforeAll(async () => {
		const rnd = random(80);
		for (const [type, count] of YEAR) {
			for (let i = 0; i < count; i++) {
				const commune = register.pickCommune(rnd()).code;
				const centroid = register.centroids.get(commune);
				const coordinates = rnd() < 0.5 ? centroid : undefined;
				const plan = await planTargeting(incident(type, [commune], { coordinates }), defaultRuleset(), NOW);
				// A member is reached when one of its phones gets the SMS (a shared phone is listed under one SIRET).
				const phones = new Set(selectRecipients(plan, members, { now: NOW }).map((r) => r.phone));
				const reached = new Set(members.filter((a) => a.phones.some((p) => phones.has(p))).map((a) => a.siret));
				alerts++;
				for (const siret of reached) received.set(siret, (received.get(siret) ?? 0) + 1);
				const obvious = OBVIOUS[type];
				for (const a of obvious ? members : []) {
					if (eligible(a) && obvious?.(a, [commune]) && !reached.has(a.siret)) missed.push(`${type} ${commune}: ${a.siret} ${a.professions.join('/')}`);
				}
			}
		}
	});

	it('always reaches the obvious targets', () => {
		expect(alerts).toBe(80);
		expect(missed.slice(0, 5)).toEqual([]);
	});

	it('sends a typical member at most a fifth of the year’s alerts', () => {
		const shares = members.filter(eligible).map((a) => (received.get(a.siret) ?? 0) / alerts).sort((x, y) => x - y);
		const at = (q: number) => shares[Math.floor(q * (shares.length - 1))];
		const mean = shares.reduce((s, x) => s + x, 0) / shares.length;
		console.log(`alerts per member over ${alerts}: median ${(at(0.5) * 100).toFixed(1)} %, mean ${(mean * 100).toFixed(1)} %, p90 ${(at(0.9) * 100).toFixed(1)} %, max ${(at(1) * 100).toFixed(1)} %`);
		expect(at(0.5)).toBeLessThanOrEqual(0.2);
		expect(mean).toBeLessThanOrEqual(0.2);
	});
});
