import { communeByCode } from '../geo';
import { maskPhone } from '../phone';
import type { Exclusion, ExclusionReason, Recipient, Selection, TargetingPlan } from './types';

/** What a dry run reports: what the rules decided, who would be alerted, who is left out. */
export interface TargetingSummary {
	dryRun: true;
	incidentType: string;
	communes: string[];
	areaPolicy: string;
	rules: Array<{ rule: string; description: string; professions: string[]; naf: string[]; area: string; areaSource: string }>;
	recipients: number;
	members: number;
	byRule: Record<string, number>;
	byProfession: Record<string, number>;
	byCommune: Record<string, number>;
	excluded: { total: number; byReason: Partial<Record<ExclusionReason, number>>; sample: Exclusion[] };
	sample: Recipient[];
	maxRecipients?: number;
	overLimit: boolean;
}

function count(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

function sortedByCount(counts: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}

/** Recipients sharing one key (a commune, a member's professions): who they are and why. */
export interface RecipientGroup {
	key: string;
	/** Distinct members (SIRET). */
	members: number;
	/** Phones, i.e. SMS. */
	sms: number;
	/** Rules that selected these recipients, in order of first sight. */
	rules: string[];
	/** Areas of those rules' reasons (a commune list, a zone, a radius), in order of first sight. */
	areas: string[];
}

/**
 * Recipients grouped by `keyOf`, largest group first. Each recipient is counted in exactly one
 * group, so the groups' `sms` sum to the recipients; `keyOf` must give one key per SIRET for the
 * `members` to sum to the distinct members.
 */
export function groupRecipients(recipients: readonly Recipient[], keyOf: (recipient: Recipient) => string): RecipientGroup[] {
	const groups = new Map<string, RecipientGroup & { sirets: Set<string>; seen: Set<readonly unknown[]> }>();
	for (const recipient of recipients) {
		const key = keyOf(recipient);
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { key, members: 0, sms: 0, rules: [], areas: [], sirets: new Set(), seen: new Set() }));
		group.sms++;
		group.sirets.add(recipient.siret);
		// Recipients often share one reasons array (collect.ts): each is read once per group.
		if (group.seen.has(recipient.reasons)) continue;
		group.seen.add(recipient.reasons);
		for (const reason of recipient.reasons) {
			if (!group.rules.includes(reason.rule)) group.rules.push(reason.rule);
			if (!group.areas.includes(reason.area)) group.areas.push(reason.area);
		}
	}
	return [...groups.values()]
		.map(({ key, sms, rules, areas, sirets }) => ({ key, members: sirets.size, sms, rules, areas }))
		.sort((a, b) => b.sms - a.sms || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A commune as the dry run shows it: `63178 Issoire` (the code alone if unknown). */
function communeLabel(code: string): string {
	const commune = communeByCode(code);
	return commune ? `${commune.code} ${commune.name}` : code;
}

/** Excluded members (or phones) per reason. */
export function countExclusions(excluded: readonly Exclusion[]): Partial<Record<ExclusionReason, number>> {
	const byReason: Partial<Record<ExclusionReason, number>> = {};
	for (const exclusion of excluded) byReason[exclusion.reason] = (byReason[exclusion.reason] ?? 0) + 1;
	return byReason;
}

/**
 * Recipients per rule (a recipient counts once per rule). Recipients often share one reasons
 * array (collect.ts), so each distinct array is read once.
 */
export function countByRule(recipients: readonly Recipient[]): Record<string, number> {
	const rulesOf = new Map<readonly unknown[], string[]>();
	const byRule: Record<string, number> = {};
	for (const recipient of recipients) {
		let rules = rulesOf.get(recipient.reasons);
		if (!rules) rulesOf.set(recipient.reasons, (rules = [...new Set(recipient.reasons.map((r) => r.rule))]));
		for (const rule of rules) byRule[rule] = (byRule[rule] ?? 0) + 1;
	}
	return sortedByCount(byRule);
}

/** Summarises a selection for a CCI staffer checking a rule change (phones masked). */
export function summarizeSelection(
	plan: TargetingPlan,
	selection: Selection,
	professionsOf: (siret: string) => readonly string[],
	options: { sampleSize?: number; maxRecipients?: number } = {},
): TargetingSummary {
	const sampleSize = options.sampleSize ?? 10;
	const byProfession: Record<string, number> = {};
	const members = new Set<string>();
	for (const recipient of selection.recipients) {
		if (!members.has(recipient.siret)) {
			members.add(recipient.siret);
			const tags = professionsOf(recipient.siret);
			if (tags.length === 0) count(byProfession, '(none)');
			for (const tag of tags) count(byProfession, tag);
		}
	}
	return {
		dryRun: true,
		incidentType: plan.incidentType,
		communes: plan.communes,
		areaPolicy: plan.areaPolicy,
		rules: plan.parts.map((p) => ({
			rule: p.rule,
			description: p.description,
			professions: p.professions ?? ['*'],
			naf: p.naf,
			area: p.area.label,
			areaSource: p.areaSource,
		})),
		recipients: selection.recipients.length,
		members: members.size,
		byRule: countByRule(selection.recipients),
		byProfession: sortedByCount(byProfession),
		byCommune: Object.fromEntries(groupRecipients(selection.recipients, (r) => r.communeInsee).map((g) => [communeLabel(g.key), g.sms])),
		excluded: { total: selection.excluded.length, byReason: countExclusions(selection.excluded), sample: selection.excluded.slice(0, sampleSize) },
		sample: selection.recipients.slice(0, sampleSize).map((r) => ({ ...r, phone: maskPhone(r.phone) })),
		maxRecipients: options.maxRecipients,
		overLimit: options.maxRecipients !== undefined && options.maxRecipients > 0 && selection.recipients.length > options.maxRecipients,
	};
}
