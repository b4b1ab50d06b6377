import { distanceKm } from '../geo';
import type { Adherent } from '../registry/types';
import { parisDate, RecipientCollector, roundKm, sharedReason } from './collect';
import type { PlanPart, Reason, Recipient, Selection, SelectOptions, TargetingPlan } from './types';

/** The member fields selection reads (an Adherent has them all). */
export type SelectableAdherent = Pick<
	Adherent,
	'siret' | 'name' | 'naf' | 'professions' | 'phones' | 'communeInsee' | 'lat' | 'lon' | 'zones' | 'status' | 'memberUntil' | 'optOuts'
>;

const KM_PER_DEGREE = 111.2;

/** A plan part turned into sets and numbers once, so each member costs a few lookups. */
export interface CompiledPart {
	index: number;
	rule: string;
	label: string;
	everyone: boolean;
	tags: Set<string>;
	naf: string[];
	nafMemo: Map<string, boolean>;
	communes: Set<string>;
	zones: Set<string>;
	circle?: { lat: number; lon: number; km: number; dLat: number; dLon: number };
	noCoordinatesLabel: string;
	/** The part's reasons, made once and shared by every recipient it selects without a distance. */
	reason: Reason;
	noCoordinatesReason: Reason;
}

/** Precomputes a plan part's sets and bounding box. */
export function compilePart(part: PlanPart, index: number): CompiledPart {
	const area = part.area;
	const circle =
		area.level === 'radius'
			? {
					lat: area.center.lat,
					lon: area.center.lon,
					km: area.radiusKm,
					// A bounding box in degrees rejects most members before the haversine.
					dLat: area.radiusKm / KM_PER_DEGREE + 1e-6,
					dLon: area.radiusKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos((area.center.lat * Math.PI) / 180))) + 1e-6,
				}
			: undefined;
	return {
		index,
		rule: part.rule,
		label: area.label,
		everyone: part.professions === undefined,
		tags: new Set(part.professions ?? []),
		naf: part.naf,
		nafMemo: new Map(),
		communes: new Set(area.communes),
		zones: new Set(area.level === 'zones' ? (area.zones ?? []) : []),
		circle,
		noCoordinatesLabel: `${area.label} (member without coordinates: commune)`,
		reason: sharedReason(part.rule, area.label),
		noCoordinatesReason: sharedReason(part.rule, `${area.label} (member without coordinates: commune)`),
	};
}

function matchesWho(part: CompiledPart, member: SelectableAdherent): boolean {
	if (part.everyone) return true;
	for (const tag of member.professions) if (part.tags.has(tag)) return true;
	const naf = member.naf;
	if (!naf || part.naf.length === 0) return false;
	let hit = part.nafMemo.get(naf);
	if (hit === undefined) {
		hit = part.naf.some((prefix) => naf.startsWith(prefix));
		part.nafMemo.set(naf, hit);
	}
	return hit;
}

/** The area's verdict: NO, YES, YES_NO_COORDINATES, or the distance in km (≥ 0) inside a radius. */
export const NO = -1;
export const YES = -2;
export const YES_NO_COORDINATES = -3;

/** Whether a member lies in a part's area (numbers, not objects: this runs per member). */
export function areaVerdict(part: CompiledPart, member: Pick<SelectableAdherent, 'communeInsee' | 'zones' | 'lat' | 'lon'>): number {
	const circle = part.circle;
	if (!circle) {
		if (part.communes.has(member.communeInsee)) return YES;
		if (part.zones.size) for (const zone of member.zones) if (part.zones.has(zone)) return YES;
		return NO;
	}
	const lat = member.lat;
	if (typeof lat === 'number') {
		// Latitude alone rejects most members: read the longitude only for those left.
		const dLat = lat - circle.lat;
		if (dLat > circle.dLat || dLat < -circle.dLat) return NO;
	}
	const lon = member.lon;
	if (typeof lat !== 'number' || typeof lon !== 'number') {
		// Not geocoded: alerted when in an incident commune rather than silently missed.
		return part.communes.has(member.communeInsee) ? YES_NO_COORDINATES : NO;
	}
	const dLon = lon - circle.lon;
	if (dLon > circle.dLon || dLon < -circle.dLon) return NO;
	const km = distanceKm(circle, { lat, lon });
	return km <= circle.km ? roundKm(km) : NO;
}

/** Applies a compiled plan to members one at a time, feeding a collector. */
export class MemberMatcher {
	private readonly parts: CompiledPart[];
	private readonly today: string;

	constructor(
		plan: TargetingPlan,
		private readonly collector: RecipientCollector,
		now: Date,
	) {
		this.parts = plan.parts.map(compilePart);
		this.today = parisDate(now);
	}

	/** Feeds one member; returns true when the plan matched it (alerted or excluded). */
	offer(member: SelectableAdherent): boolean {
		let eligible: boolean | undefined;
		let matched = false;
		for (const part of this.parts) {
			const verdict = areaVerdict(part, member);
			if (verdict === NO || !matchesWho(part, member)) continue;
			matched = true;
			eligible ??= this.eligible(member);
			if (!eligible) return true;
			const reason = verdict >= 0 ? { rule: part.rule, area: part.label, distanceKm: verdict } : verdict === YES_NO_COORDINATES ? part.noCoordinatesReason : part.reason;
			for (const phone of member.phones) {
				if (member.optOuts.length && member.optOuts.some((o) => o.phone === phone)) {
					this.collector.exclude('opted_out', member, phone);
					continue;
				}
				this.collector.add(reason, member, phone);
			}
		}
		return matched;
	}

	private eligible(member: SelectableAdherent): boolean {
		if (member.status !== 'active') {
			this.collector.exclude(member.status, member);
			return false;
		}
		if (member.memberUntil && member.memberUntil < this.today) {
			this.collector.exclude('expired', member);
			return false;
		}
		return true;
	}
}

/** Recipients and exclusions for members held in memory (one pass, no rules engine per member). */
export function selectFromMembers(plan: TargetingPlan, adherents: Iterable<SelectableAdherent>, options: SelectOptions = {}): Selection {
	const collector = new RecipientCollector(plan.parts.map((p) => p.rule), options.withExclusions);
	const matcher = new MemberMatcher(plan, collector, options.now ?? new Date());
	for (const member of adherents) matcher.offer(member);
	return collector.result();
}

/** The recipients of a plan among members held in memory. */
export function selectRecipients(plan: TargetingPlan, adherents: Iterable<SelectableAdherent>, options: Omit<SelectOptions, 'withExclusions'> = {}): Recipient[] {
	return selectFromMembers(plan, adherents, options).recipients;
}
