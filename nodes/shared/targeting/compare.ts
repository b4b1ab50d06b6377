/**
 * The effect of a ruleset change before it is published: the same incidents replayed over the
 * same members under both rulesets, with the alerts each member would have received.
 */
import type { Incident } from '../incident';
import { isAlertable } from '../registry/types';
import { parisDate } from './collect';
import { loadRuleset } from './load';
import { planTargeting } from './plan';
import { selectRecipients, type SelectableAdherent } from './select';
import type { Ruleset, RulesetError, RulesetLoad } from './types';

/** What one ruleset does over the incidents: SMS sent, and alerts per member. */
export interface RulesetFigures {
	/** SMS sent: one per phone per incident (a phone shared by two members gets one). */
	sms: number;
	/** Members reached at least once. */
	recipients: number;
	/** Alerts received by the median member (members never reached count 0). */
	median: number;
	/** Alerts received by the member at the 90th percentile. */
	p90: number;
	/** Alerts received by the most alerted member. */
	max: number;
}

/** A member whose number of alerts differs between the two rulesets. */
export interface MemberChange {
	siret: string;
	current: number;
	proposed: number;
}

export interface RulesetComparison {
	current: RulesetFigures;
	proposed: RulesetFigures;
	/** Every member whose count changes: largest change first (gain or loss), then by SIRET. */
	changes: MemberChange[];
	/** With `histogram: true` only: members by number of alerts received (index = alerts), for a chart. */
	histogram?: { current: number[]; proposed: number[] };
}

/** A ruleset as loadRuleset takes it (object or JSON text), a loaded one, or loadRuleset's answer. */
export type RulesetInput = Ruleset | RulesetLoad | string | object;

export interface CompareRulesetsInput {
	/** The alerts to replay: the journal's last twelve months, or `simulatedYear(…)`. */
	incidents: readonly Incident[];
	/** The register, in memory. */
	members: readonly SelectableAdherent[];
	/** The ruleset in use. */
	current: RulesetInput;
	/** The ruleset about to be published. */
	proposed: RulesetInput;
	/** The day membership is judged on (expiry), and the hour of incidents without `occurredAt` (default: now). */
	now?: Date;
	/** Also count the members by number of alerts received, under each ruleset (for a chart). */
	histogram?: boolean;
}

/** Members by number of alerts: `result[n]` members received `n` alerts. */
function histogramOf(alerts: Int32Array): number[] {
	const counts: number[] = [];
	for (const a of alerts) counts[a] = (counts[a] ?? 0) + 1;
	return Array.from(counts, (n) => n ?? 0);
}

/** A ruleset given to compareRulesets is not valid; `errors` says where and why. */
export class InvalidRulesetError extends Error {
	constructor(
		readonly which: 'current' | 'proposed',
		readonly errors: RulesetError[],
	) {
		super(`The ${which} ruleset is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
		this.name = 'InvalidRulesetError';
	}
}

function isLoadResult(input: unknown): input is RulesetLoad {
	return typeof input === 'object' && input !== null && 'ok' in input && typeof (input as { ok: unknown }).ok === 'boolean';
}

/** The ruleset behind any RulesetInput, validated, or an InvalidRulesetError. */
function rulesetOf(input: RulesetInput, which: 'current' | 'proposed'): Ruleset {
	const loaded = isLoadResult(input) ? input : loadRuleset(input);
	if (!loaded.ok) throw new InvalidRulesetError(which, loaded.errors);
	return loaded.ruleset;
}

/** The value at rank ⌊q·(n−1)⌋ of ascending `sorted` (the lower middle one for an even median), 0 when empty. */
function quantile(sorted: Int32Array, q: number): number {
	return sorted.length ? sorted[Math.floor(q * (sorted.length - 1))] : 0;
}

/** Members that can be alerted on `today`, and each phone's members (a phone may be shared). */
function reachable(members: readonly SelectableAdherent[], today: string): { counted: SelectableAdherent[]; byPhone: Map<string, number[]> } {
	const counted: SelectableAdherent[] = [];
	const byPhone = new Map<string, number[]>();
	for (const member of members) {
		const phones = member.phones.filter((phone) => !member.optOuts.some((o) => o.phone === phone));
		if (!isAlertable(member, today) || phones.length === 0) continue;
		for (const phone of phones) {
			const owners = byPhone.get(phone);
			if (owners) owners.push(counted.length);
			else byPhone.set(phone, [counted.length]);
		}
		counted.push(member);
	}
	return { counted, byPhone };
}

/** Replays the incidents under one ruleset: SMS sent, and alerts per counted member. */
async function replay(
	ruleset: Ruleset,
	incidents: readonly Incident[],
	members: readonly SelectableAdherent[],
	reach: { counted: readonly SelectableAdherent[]; byPhone: Map<string, number[]> },
	now: Date,
): Promise<{ sms: number; alerts: Int32Array }> {
	const alerts = new Int32Array(reach.counted.length);
	// The incident that last counted a member: a member with two phones counts once per incident.
	const seen = new Int32Array(alerts.length).fill(-1);
	let sms = 0;
	for (let i = 0; i < incidents.length; i++) {
		const plan = await planTargeting(incidents[i], ruleset, now);
		const recipients = selectRecipients(plan, members, { now });
		sms += recipients.length;
		for (const recipient of recipients) {
			for (const member of reach.byPhone.get(recipient.phone) ?? []) {
				if (seen[member] === i) continue;
				seen[member] = i;
				alerts[member]++;
			}
		}
	}
	return { sms, alerts };
}

function figuresOf(sms: number, alerts: Int32Array): RulesetFigures {
	const sorted = alerts.slice().sort();
	return {
		sms,
		recipients: alerts.reduce((n, a) => n + (a > 0 ? 1 : 0), 0),
		median: quantile(sorted, 0.5),
		p90: quantile(sorted, 0.9),
		max: quantile(sorted, 1),
	};
}

/**
 * Replays `incidents` over `members` under the current and the proposed ruleset (planTargeting
 * once per incident and ruleset, selection in memory) and compares what members would receive.
 *
 * - `sms` counts messages: one per phone per incident, as Sector Targeting sends them.
 * - A member is reached by an incident when one of its phones gets the SMS, even as another
 *   member's recipient (a phone shared by two members reaches both).
 * - `recipients`, `median`, `p90`, `max` and `changes` count only the members that can be
 *   alerted on `now`: active, membership not expired, and at least one phone not opted out.
 *   Suspended, pending or expired members, and those who opted out everywhere, can never be
 *   reached: counting them as 0 would only lower the median. Members never reached count 0.
 * - `median` and `p90` are the values at rank ⌊q·(n−1)⌋ of the ascending counts (for an even
 *   number of members, the lower of the two middle ones).
 * - `changes` lists each counted member whose count differs, by the size of the change
 *   (|proposed − current|, largest first), then by SIRET.
 *
 * Throws InvalidRulesetError, naming the ruleset and its errors, when either is invalid.
 */
export async function compareRulesets(input: CompareRulesetsInput): Promise<RulesetComparison> {
	const current = rulesetOf(input.current, 'current');
	const proposed = rulesetOf(input.proposed, 'proposed');
	const now = input.now ?? new Date();
	const reach = reachable(input.members, parisDate(now));
	const before = await replay(current, input.incidents, input.members, reach, now);
	const after = await replay(proposed, input.incidents, input.members, reach, now);
	const changes: MemberChange[] = [];
	reach.counted.forEach((member, i) => {
		if (before.alerts[i] !== after.alerts[i]) changes.push({ siret: member.siret, current: before.alerts[i], proposed: after.alerts[i] });
	});
	changes.sort((a, b) => Math.abs(b.proposed - b.current) - Math.abs(a.proposed - a.current) || (a.siret < b.siret ? -1 : a.siret > b.siret ? 1 : 0));
	const result: RulesetComparison = { current: figuresOf(before.sms, before.alerts), proposed: figuresOf(after.sms, after.alerts), changes };
	if (input.histogram) result.histogram = { current: histogramOf(before.alerts), proposed: histogramOf(after.alerts) };
	return result;
}
