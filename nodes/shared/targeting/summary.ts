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
	const byCommune: Record<string, number> = {};
	const members = new Set<string>();
	for (const recipient of selection.recipients) {
		const commune = communeByCode(recipient.communeInsee);
		count(byCommune, commune ? `${commune.code} ${commune.name}` : recipient.communeInsee);
		if (!members.has(recipient.siret)) {
			members.add(recipient.siret);
			const tags = professionsOf(recipient.siret);
			if (tags.length === 0) count(byProfession, '(none)');
			for (const tag of tags) count(byProfession, tag);
		}
	}
	const byReason: Partial<Record<ExclusionReason, number>> = {};
	for (const exclusion of selection.excluded) byReason[exclusion.reason] = (byReason[exclusion.reason] ?? 0) + 1;
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
		byCommune: sortedByCount(byCommune),
		excluded: { total: selection.excluded.length, byReason, sample: selection.excluded.slice(0, sampleSize) },
		sample: selection.recipients.slice(0, sampleSize).map((r) => ({ ...r, phone: maskPhone(r.phone) })),
		maxRecipients: options.maxRecipients,
		overLimit: options.maxRecipients !== undefined && options.maxRecipients > 0 && selection.recipients.length > options.maxRecipients,
	};
}
