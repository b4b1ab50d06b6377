import { communesOfArrondissement, communesOfDepartement, communesOfEpci } from '../geo';
import type { Area, Coordinates } from '../incident';
import type { ResolvedArea, TargetingFacts } from './types';

type CommuneLevel = 'commune' | 'epci' | 'arrondissement' | 'departement';

/** How each administrative level turns the incident facts into communes: data, not branches. */
const COMMUNES_OF: Record<CommuneLevel, (facts: TargetingFacts) => { codes: string[]; communes: string[] }> = {
	commune: (f) => ({ codes: f.communes, communes: f.communes }),
	epci: (f) => ({ codes: f.epcis, communes: f.epcis.flatMap(communesOfEpci) }),
	arrondissement: (f) => ({
		codes: f.arrondissements,
		communes: f.arrondissements.flatMap((a) => communesOfArrondissement(a).map((c) => c.code)),
	}),
	departement: (f) => ({
		codes: f.departements,
		communes: f.departements.flatMap((d) => communesOfDepartement(d).map((c) => c.code)),
	}),
};

function sorted(codes: Iterable<string>): string[] {
	return [...new Set(codes)].sort();
}

/**
 * Turns an area (relative to the incident) into concrete communes or a circle. Communes outside
 * any EPCI or arrondissement (rare) still count: the incident communes are always included.
 */
export function resolveArea(
	area: Area,
	facts: TargetingFacts,
	coordinates: Coordinates | undefined,
	zones: Record<string, string[]>,
): ResolvedArea {
	if (area.level === 'radius') {
		const radiusKm = area.radiusKm ?? 0;
		if (!coordinates) {
			return {
				level: 'radius-fallback',
				label: `radius ${radiusKm} km (no incident coordinates: commune ${facts.communes.join(', ')})`,
				radiusKm,
				communes: sorted(facts.communes),
			};
		}
		return { level: 'radius', label: `radius ${radiusKm} km`, center: coordinates, radiusKm, communes: sorted(facts.communes) };
	}
	if (area.level === 'zones') {
		const names = area.zones ?? [];
		return {
			level: 'zones',
			label: `zones ${names.join(', ')}`,
			communes: sorted(names.flatMap((name) => zones[name] ?? [])),
			zones: [...names],
		};
	}
	const { codes, communes } = COMMUNES_OF[area.level](facts);
	return {
		level: area.level,
		label: `${area.level} ${codes.join(', ') || '(none)'}`,
		communes: sorted([...communes, ...facts.communes]),
	};
}
