import { maskPhone } from '../phone';
import type { Exclusion, ExclusionReason, Reason, Recipient, Selection } from './types';

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Gathers matches from any source (memory or SQL rows) into recipients: one per phone, owned by
 * the member with the smallest SIRET, with every (rule, area) that matched it. Reasons are kept
 * in plan order and recipients sorted by SIRET then phone, so both sources give identical results.
 * Built for large sends: one object per recipient and per reason, sorting only what needs it.
 */
export class RecipientCollector {
	private readonly byPhone = new Map<string, Recipient>();
	private readonly excluded = new Map<string, Exclusion>();
	/** Recipients whose reasons arrived out of plan order (shared phones, unordered SQL rows). */
	private readonly unordered = new Set<Recipient>();
	/** Rule → position of its first part in the plan. */
	private readonly rank: Map<string, number>;

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

	add(rule: string, area: string, distanceKm: number | undefined, siret: string, name: string, communeInsee: string, phone: string): void {
		const reason: Reason = distanceKm === undefined ? { rule, area } : { rule, area, distanceKm };
		const recipient = this.byPhone.get(phone);
		if (!recipient) {
			this.byPhone.set(phone, { siret, name, phone, communeInsee, reasons: [reason] });
			return;
		}
		if (siret < recipient.siret) {
			recipient.siret = siret;
			recipient.name = name;
			recipient.communeInsee = communeInsee;
		}
		const same = recipient.reasons.find((r) => r.rule === rule && r.area === area);
		if (same) {
			if (distanceKm !== undefined && (same.distanceKm === undefined || distanceKm < same.distanceKm)) same.distanceKm = distanceKm;
			return;
		}
		if (this.order(reason, recipient.reasons[recipient.reasons.length - 1]) < 0) this.unordered.add(recipient);
		recipient.reasons.push(reason);
	}

	exclude(reason: ExclusionReason, siret: string, name: string, communeInsee: string, phone?: string): void {
		if (!this.withExclusions) return;
		const key = `${siret} ${reason} ${phone ?? ''}`;
		if (!this.excluded.has(key)) {
			this.excluded.set(key, phone ? { siret, name, communeInsee, reason, phone: maskPhone(phone) } : { siret, name, communeInsee, reason });
		}
	}

	result(): Selection {
		for (const recipient of this.unordered) recipient.reasons.sort((a, b) => this.order(a, b));
		const recipients = [...this.byPhone.values()];
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
