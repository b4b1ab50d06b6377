/**
 * Generated members for benchmarks and the relevance test: valid-looking, fast to make, spread
 * over a real département's communes in proportion to their population. Communes get a
 * pseudo-centroid (the reference data has no coordinates) so radius areas have members in them.
 */
import { communesOfDepartement, type Commune } from '../nodes/shared/geo';
import { professionsForNaf } from '../nodes/shared/naf';
import type { Adherent, OptOut } from '../nodes/shared/registry/types';
import { communeByPopulation, seededRandom, weightedPicker } from '../nodes/shared/targeting';

/** Share of members by NAF code: a CCI register is mostly shops, cafés, craftsmen, some farms. */
export const NAF_MIX: ReadonlyArray<[string, number]> = [
	['47.11C', 4], ['47.24Z', 4], ['47.26Z', 6], ['47.62Z', 2], ['47.73Z', 4], ['47.77Z', 2],
	['47.30Z', 1.5], ['64.19Z', 2], ['47.71Z', 6], ['47.78A', 2], ['47.52A', 2], ['47.41Z', 1.5],
	['47.29Z', 3], ['47.22Z', 2], ['47.59B', 6], ['56.30Z', 6], ['56.10A', 8], ['55.10Z', 2],
	['96.02A', 6], ['45.20A', 4], ['01.11Z', 8], ['43.21A', 6], ['49.41A', 2], ['69.20Z', 4],
	['86.21Z', 2], ['25.62B', 2],
];

/** A small deterministic PRNG, so runs are comparable. */
export const random = seededRandom;

function hash(text: string): number {
	let h = 2166136261;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
	return (h >>> 0) / 4294967296;
}

export interface GeneratedRegister {
	departement: string;
	communes: Commune[];
	/** Pseudo-centroid of each commune. */
	centroids: Map<string, { lat: number; lon: number }>;
	/** Picks a commune in proportion to population (where incidents and members are). */
	pickCommune: (r: number) => Commune;
	members: Adherent[];
}

/** Pseudo-centroid of a commune within ±0.5° lat / ±0.7° lon of the département centre. */
export function centroidOf(code: string, center: { lat: number; lon: number }): { lat: number; lon: number } {
	return { lat: center.lat + (hash(`${code}a`) - 0.5), lon: center.lon + (hash(`${code}o`) - 0.5) * 1.4 };
}

const NO_OPT_OUTS: OptOut[] = [];
const NO_ZONES: string[] = [];

/** `count` members across the communes of `departement` (default Puy-de-Dôme, 63). */
export function generateRegister(count: number, options: { departement?: string; seed?: number; center?: { lat: number; lon: number } } = {}): GeneratedRegister {
	const departement = options.departement ?? '63';
	const center = options.center ?? { lat: 45.72, lon: 3.1 };
	const rnd = random(options.seed ?? 63);
	const communes = communesOfDepartement(departement);
	const pickCommune = communeByPopulation(departement);
	const pickNaf = weightedPicker(NAF_MIX);
	const centroids = new Map(communes.map((c) => [c.code, centroidOf(c.code, center)]));
	const members: Adherent[] = new Array<Adherent>(count);
	let previousPhone = '+33600000000';
	for (let i = 0; i < count; i++) {
		const commune = pickCommune(rnd());
		const naf = pickNaf(rnd());
		const siren = String(300000000 + i * 7);
		const phone = rnd() < 0.01 ? previousPhone : `+336${String(10000000 + ((i * 7919) % 89999999)).padStart(8, '0')}`;
		previousPhone = phone;
		const phones = rnd() < 0.1 ? [phone, `+337${String(10000000 + i).padStart(8, '0')}`] : [phone];
		const c = centroids.get(commune.code) ?? center;
		const statusRoll = rnd();
		// Most members are geocoded, around their commune's centroid (±1.5 km).
		const geocoded = rnd() < 0.9;
		const lat = geocoded ? c.lat + (rnd() - 0.5) * 0.027 : undefined;
		const lon = geocoded ? c.lon + (rnd() - 0.5) * 0.038 : undefined;
		members[i] = {
			siret: `${siren}00012`,
			siren,
			name: `Entreprise ${i}`,
			naf,
			professions: professionsForNaf(naf),
			phones,
			communeInsee: commune.code,
			postalCode: commune.postalCodes[0],
			city: commune.name,
			departement,
			epci: commune.epci,
			arrondissement: commune.arrondissement,
			lat,
			lon,
			zones: NO_ZONES,
			status: statusRoll < 0.95 ? 'active' : statusRoll < 0.98 ? 'suspended' : 'pending',
			memberUntil: rnd() < 0.03 ? '2020-12-31' : undefined,
			optOuts: rnd() < 0.01 ? [{ phone, at: '2026-01-01T00:00:00Z' }] : NO_OPT_OUTS,
		};
	}
	return { departement, communes, centroids, pickCommune, members };
}
