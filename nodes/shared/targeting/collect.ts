import { maskPhone } from '../phone';
import { PhoneSlots } from './phones';
import type { Exclusion, ExclusionReason, Reason, Recipient, Selection } from './types';

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

const NO_REASONS: readonly Reason[] = Object.freeze([]);

/** What the collector keeps of a member: who it is and where (an Adherent or a registry row read as one). */
export interface CollectedMember {
	siret: string;
	name: string;
	communeInsee: string;
}

/** A reason several recipients can share: frozen, so nobody changes it under the others. */
export function sharedReason(rule: string, area: string): Reason {
	return Object.freeze({ rule, area });
}

/**
 * Gathers matches from any source (memory or SQL rows) into recipients: one per phone, owned by
 * the member with the smallest SIRET, with every (rule, area) that matched it. Reasons are kept
 * in plan order and recipients sorted by SIRET then phone, so both sources give identical results.
 *
 * Built for large sends (an armed robbery reaches 40 % of a register): recipients with the same
 * reasons share one frozen `reasons` array, so a recipient costs one object and a slot in a
 * table of phone numbers (phones.ts). Only reasons with a distance are per recipient; a shared
 * array is copied before it changes.
 */
export class RecipientCollector {
	/** Recipients by phone slot, in order of first sight. */
	private readonly recipients: Recipient[] = [];
	private readonly phones = new PhoneSlots();
	private readonly excluded = new Map<string, Exclusion>();
	/** Recipients whose own (unshared) reasons arrived out of plan order. */
	private readonly unordered = new Set<Recipient>();
	/** Rule → position of its first part in the plan. */
	private readonly rank: Map<string, number>;
	/** Shared reasons array + shared reason → the shared array with it added, in plan order. */
	private readonly extended = new Map<readonly Reason[], Map<Reason, Reason[]>>();

	constructor(
		rules: readonly string[],
		private readonly withExclusions = false,
	) {
		this.rank = new Map();
		rules.forEach((rule, i) => {
			if (!this.rank.has(rule)) this.rank.set(rule, i);
		});
	}

	private order(a: Reason, b: Reason): number {
		return (this.rank.get(a.rule) ?? 0) - (this.rank.get(b.rule) ?? 0) || compare(a.area, b.area);
	}

	/** The shared array of `reasons` plus `reason` (both shared), built once per combination. */
	private extend(reasons: readonly Reason[], reason: Reason): Reason[] {
		let next = this.extended.get(reasons);
		if (!next) this.extended.set(reasons, (next = new Map()));
		let combined = next.get(reason);
		if (!combined) {
			combined = Object.freeze([...reasons, reason].sort((a, b) => this.order(a, b))) as Reason[];
			next.set(reason, combined);
		}
		return combined;
	}

	/**
	 * Adds one match: `member`'s `phone` for `reason`, either shared (frozen, from `sharedReason`,
	 * reused for every recipient of a plan part) or this recipient's own (with a distance).
	 */
	add(reason: Reason, member: CollectedMember, phone: string): void {
		const { siret, name, communeInsee } = member;
		const shared = Object.isFrozen(reason);
		const slot = this.phones.slotOf(phone);
		if (slot === this.recipients.length) {
			this.recipients.push({ siret, name, phone, communeInsee, reasons: shared ? this.extend(NO_REASONS, reason) : [reason] });
			return;
		}
		const recipient = this.recipients[slot];
		if (siret < recipient.siret) {
			recipient.siret = siret;
			recipient.name = name;
			recipient.communeInsee = communeInsee;
		}
		const reasons = recipient.reasons;
		const at = reasons.findIndex((r) => r.rule === reason.rule && r.area === reason.area);
		if (at >= 0) {
			const same = reasons[at];
			const distanceKm = reason.distanceKm;
			if (distanceKm !== undefined && (same.distanceKm === undefined || distanceKm < same.distanceKm)) {
				const own = Object.isFrozen(reasons) ? (recipient.reasons = [...reasons]) : reasons;
				own[at] = { rule: same.rule, area: same.area, distanceKm };
			}
			return;
		}
		if (shared && Object.isFrozen(reasons)) {
			recipient.reasons = this.extend(reasons, reason);
			return;
		}
		const own = Object.isFrozen(reasons) ? (recipient.reasons = [...reasons]) : reasons;
		if (this.order(reason, own[own.length - 1]) < 0) this.unordered.add(recipient);
		own.push(reason);
	}

	/** Records why `member` (or only its `phone`) is not alerted, when exclusions are wanted. */
	exclude(reason: ExclusionReason, member: CollectedMember, phone?: string): void {
		if (!this.withExclusions) return;
		const { siret, name, communeInsee } = member;
		const key = `${siret} ${reason} ${phone ?? ''}`;
		if (!this.excluded.has(key)) {
			this.excluded.set(key, phone ? { siret, name, communeInsee, reason, phone: maskPhone(phone) } : { siret, name, communeInsee, reason });
		}
	}

	result(): Selection {
		for (const recipient of this.unordered) recipient.reasons.sort((a, b) => this.order(a, b));
		const recipients = this.recipients;
		const byMember = (a: Recipient, b: Recipient) => compare(a.siret, b.siret) || compare(a.phone, b.phone);
		// Members usually arrive sorted by SIRET (the registry's order): check before sorting.
		let sorted = true;
		for (let i = 1; i < recipients.length && sorted; i++) sorted = byMember(recipients[i - 1], recipients[i]) < 0;
		if (!sorted) recipients.sort(byMember);
		const excluded = [...this.excluded.values()].sort(
			(a, b) => compare(a.siret, b.siret) || compare(a.reason, b.reason) || compare(a.phone ?? '', b.phone ?? ''),
		);
		return { recipients, excluded };
	}
}

/** The date (YYYY-MM-DD) of an instant in Europe/Paris, for membership expiry. */
export function parisDate(at: Date): string {
	return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
}

/** Distances in reasons: rounded to 10 m so memory and SQL report the same figure. */
export function roundKm(km: number): number {
	return Math.round(km * 100) / 100;
}
