/**
 * A simulated year of alerts, for trying a ruleset when there is no alert journal yet: the
 * articles' mix of incident types, placed in the communes of a département in proportion to
 * their population (where the shops, and the offences, are). Seeded, so a comparison shown to a
 * CCI today gives the same figures tomorrow.
 */
import { communesOfDepartement, type Commune } from '../geo';
import { toParisIso, type Coordinates, type Incident, type IncidentType } from '../incident';

/** A département's year as the articles describe it: ~80 alerts, local offences first. */
export const ARTICLES_YEAR: ReadonlyArray<readonly [IncidentType, number]> = [
	['cambriolage', 16], ['vol_etalage', 10], ['fausse_monnaie', 10], ['vol_ruse', 7], ['vol_vehicule_materiel', 8],
	['escroquerie', 6], ['vol_main_armee', 5], ['vol_marchandises', 4], ['cheque_vole', 4], ['agression', 4],
	['demarchage_frauduleux', 3], ['troubles_ordre_public', 3],
];

/** Communes with no (or a tiny) population still get a few alerts and members: hamlets, industrial zones. */
const MIN_WEIGHT = 50;
/** The police give an address for about half their alerts. */
const LOCATED_SHARE = 0.5;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** mulberry32: a small seeded PRNG, so a simulation (or a benchmark, a fuzz case) can be replayed. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Picks an entry in proportion to its weight, from a number in [0, 1). */
export function weightedPicker<T>(entries: ReadonlyArray<readonly [T, number]>): (r: number) => T {
	const total = entries.reduce((s, [, w]) => s + w, 0);
	const cumulative: number[] = [];
	let sum = 0;
	for (const [, w] of entries) cumulative.push((sum += w / total));
	return (r) => {
		let lo = 0;
		let hi = cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (cumulative[mid] < r) lo = mid + 1;
			else hi = mid;
		}
		return entries[lo][0];
	};
}

/** Picks a commune of `departement` in proportion to its population. */
export function communeByPopulation(departement: string): (r: number) => Commune {
	const communes = communesOfDepartement(departement);
	if (communes.length === 0) throw new Error(`unknown département "${departement}": give its code, e.g. "63" or "2A"`);
	return weightedPicker(communes.map((c) => [c, Math.max(MIN_WEIGHT, c.population ?? 0)] as const));
}

/** The mean position of each commune's geocoded members: where a simulated alert is placed when located. */
export function centroidsOf(members: Iterable<{ communeInsee: string; lat?: number; lon?: number }>): Map<string, Coordinates> {
	const sums = new Map<string, { lat: number; lon: number; n: number }>();
	for (const m of members) {
		if (typeof m.lat !== 'number' || typeof m.lon !== 'number') continue;
		const sum = sums.get(m.communeInsee) ?? { lat: 0, lon: 0, n: 0 };
		sum.lat += m.lat;
		sum.lon += m.lon;
		sum.n++;
		sums.set(m.communeInsee, sum);
	}
	return new Map([...sums].map(([code, s]) => [code, { lat: s.lat / s.n, lon: s.lon / s.n }]));
}

export interface SimulatedYearOptions {
	/** Département (e.g. "63") whose communes receive the alerts, in proportion to their population. */
	departement: string;
	/** End of the year simulated: each alert occurs at a drawn instant of the 365 days before it. */
	until: Date;
	/** The draw's seed: the same options give the same year (default 80). */
	seed?: number;
	/** Alerts per incident type (default: ARTICLES_YEAR, 80 alerts). */
	mix?: ReadonlyArray<readonly [IncidentType, number]>;
	/** A point per commune (e.g. `centroidsOf(members)`): half the alerts, those the police locate, get it as coordinates. */
	centroids?: ReadonlyMap<string, Coordinates>;
}

/**
 * A year of plain incidents (what planTargeting takes), in time order. The time of day is drawn
 * uniformly, so rules on the hour (night) fire as often as the clock allows; alerts without a
 * centroid have no coordinates, and radius rules fall back to the commune for them.
 */
export function simulatedYear(options: SimulatedYearOptions): Incident[] {
	const rnd = seededRandom(options.seed ?? 80);
	const pickCommune = communeByPopulation(options.departement);
	const start = options.until.getTime() - YEAR_MS;
	const drawn: Array<{ at: number; incident: Incident }> = [];
	for (const [type, count] of options.mix ?? ARTICLES_YEAR) {
		for (let i = 0; i < count; i++) {
			const commune = pickCommune(rnd()).code;
			const located = rnd() < LOCATED_SHARE;
			const coordinates = located ? options.centroids?.get(commune) : undefined;
			const at = start + Math.floor(rnd() * YEAR_MS);
			const incident: Incident = { type, communes: [commune], description: `Simulation : ${type}`, issuer: 'simulated year' };
			if (coordinates) incident.coordinates = { lat: coordinates.lat, lon: coordinates.lon };
			drawn.push({ at, incident });
		}
	}
	drawn.sort((a, b) => a.at - b.at);
	return drawn.map(({ at, incident }, i) => ({ ...incident, occurredAt: toParisIso(at), reference: `SIM-${String(i + 1).padStart(3, '0')}` }));
}
