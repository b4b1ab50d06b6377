import { communesOfArrondissement, communesOfEpci, distanceKm } from '../../nodes/shared/geo';
import type { Adherent } from '../../nodes/shared/registry/types';
import { loadRuleset, type Ruleset } from '../../nodes/shared/targeting';
import { AUBIERE, AURILLAC, CLERMONT, ISSOIRE, JAUDE, member, RIOM } from './fixtures';

/** A commune of Clermont's arrondissement (632) outside its EPCI: tells epci from arrondissement apart. */
export const OUTSIDE_EPCI = communesOfArrondissement('632').find((c) => !communesOfEpci('246300701').includes(c.code))?.code ?? '';

/** A point `km` kilometres north of Jaude. */
export function north(km: number): { lat: number; lon: number } {
	return { lat: JAUDE.lat + km / 111.195, lon: JAUDE.lon };
}

/** Members placed so each area level and each exclusion has someone just inside and just outside. */
export function scenarioMembers(): Record<string, Adherent> {
	const at = (km: number) => ({ lat: north(km).lat, lon: north(km).lon });
	const m = {
		jewellerClermont: member(CLERMONT, '47.77Z', { ...at(0.5), zones: [] }),
		jewellerAubiere: member(AUBIERE, '47.77Z', at(4)),
		jewellerOutsideEpci: member(OUTSIDE_EPCI, '32.12Z'),
		jewellerIssoire: member(ISSOIRE, '47.77Z'),
		jewellerAurillac: member(AURILLAC, '47.77Z'),
		jewellerRiomZone: member(RIOM, '47.77Z', { zones: ['centre'] }),
		bakerClermont: member(CLERMONT, '47.24Z', at(1)),
		// Geocoded 2.9 km away: inside a 3 km radius, outside 2 km.
		barClermontFar: member(CLERMONT, '56.30Z', at(2.9)),
		// Not geocoded, in the incident commune: the radius falls back to the commune for it.
		tabacClermontNoCoordinates: member(CLERMONT, '47.26Z'),
		tabacAubiereNoCoordinates: member(AUBIERE, '47.26Z'),
		suspended: member(CLERMONT, '47.77Z', { status: 'suspended', ...at(0.2) }),
		pending: member(CLERMONT, '47.77Z', { status: 'pending' }),
		expired: member(CLERMONT, '47.77Z', { memberUntil: '2026-03-14' }),
		lastDay: member(CLERMONT, '47.77Z', { memberUntil: '2026-03-15' }),
		optedOut: member(CLERMONT, '47.77Z'),
		// No profession tags: only a rule naming its NAF code reaches it.
		staleTags: member(CLERMONT, '47.26Z', { professions: [] }),
		// An explicit tag without a matching NAF code.
		explicitTag: member(CLERMONT, '70.22Z', { professions: ['bijouterie'] }),
		noPhone: member(CLERMONT, '47.77Z', { phones: [] }),
	};
	m.optedOut.phones.push('+33799999999');
	m.optedOut.optOuts = [{ phone: m.optedOut.phones[0], at: '2026-01-01T00:00:00Z' }];
	// The owner of two shops gave the same mobile for both: one SMS.
	const shared = member(CLERMONT, '47.26Z', { phones: [m.jewellerClermont.phones[0]] });
	return { ...m, sharedPhone: shared };
}

/** The alert date used with the scenario (expired ends the day before). */
export const NOW = new Date('2026-03-15T10:00:00+01:00');

/** Every area level (and a NAF-only and a whole-membership rule), for bijouteries. */
export function levelsRuleset(policy?: string): Ruleset {
	const areas: Array<Record<string, unknown>> = [
		{ level: 'commune' },
		{ level: 'epci' },
		{ level: 'arrondissement' },
		{ level: 'departement' },
		{ level: 'zones', zones: ['centre'] },
		{ level: 'radius', radiusKm: 3 },
	];
	const loaded = loadRuleset({
		version: 1,
		...(policy ? { areaPolicy: policy } : {}),
		zones: { centre: [AUBIERE] },
		rules: [
			...areas.map((area) => ({
				name: `bijouteries-${String(area.level)}`,
				description: `bijouteries, ${String(area.level)}`,
				conditions: { all: [{ fact: 'type', operator: 'equal', value: 'vol_main_armee' }] },
				event: { type: 'target', params: { professions: ['bijouterie'], area } },
			})),
			{
				name: 'tabacs-naf-radius',
				description: 'tabacs by NAF within 2 km',
				conditions: { all: [{ fact: 'type', operator: 'equal', value: 'cambriolage' }] },
				event: { type: 'target', params: { naf: ['47.26'], area: { level: 'radius', radiusKm: 2 } } },
			},
			{
				name: 'everyone-commune',
				description: 'everyone in the commune',
				conditions: { all: [{ fact: 'type', operator: 'in', value: ['cambriolage', 'agression'] }] },
				event: { type: 'target', params: { professions: ['*'], area: { level: 'commune' } } },
			},
		],
	});
	if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
	return loaded.ruleset;
}

export { distanceKm };
