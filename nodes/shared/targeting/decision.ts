import { PROVIDER_LIMITS, type ProviderName } from '../dispatch/providers';
import { isProfession, nafForProfession, professionCatalog } from '../naf';
import { maskPhone } from '../phone';
import { smsInfo, type SmsEncoding } from '../sms';
import { communeByCode } from '../geo';
import type { DecisionPlace } from './decision-map';
import { countExclusions, groupRecipients, type RecipientGroup } from './summary';
import type { Exclusion, ExclusionReason, Recipient, Selection } from './types';

/** The price of one SMS segment: given, or the provider's indicative price (PROVIDER_LIMITS). */
export type DecisionPrice = { unitPrice: number; provider?: ProviderName } | { provider: ProviderName; unitPrice?: undefined };

/** What the decision summary is computed from. */
export type DecisionInput = DecisionPrice & {
	/** The alert as composed: the SMS text and its sender. */
	alert: { text: string; sender?: string };
	/** A dry run's selection, with its exclusions. */
	selection: Selection;
	/** A member's profession tags (from the registry, or the members given to the node). */
	professionsOf: (siret: string) => readonly string[];
	/** Where the alert goes (decisionPlace of the plan), for the map; no map without it. */
	place?: DecisionPlace;
};

/** One group of a breakdown, with a label for people (a commune's name, professions' French names). */
export interface DecisionGroup extends RecipientGroup {
	label: string;
}

/** What a person sees before confirming an irreversible send: what, to whom, why, for how much. */
export interface DecisionSummary {
	sms: { text: string; sender?: string; encoding: SmsEncoding; characters: number; segments: number };
	/** Distinct businesses (SIRET). */
	members: number;
	/** SMS to send: distinct phones (one message each, of `sms.segments` segments). */
	messages: number;
	/** One group per member's most precise professions (key: tags, label: their French names): sums to the recipients. */
	byProfession: DecisionGroup[];
	/** One group per member's commune (key: INSEE code, label: its name): sums to the recipients. */
	byCommune: DecisionGroup[];
	/** Matched but not alerted, and why (phones masked). */
	excluded: { total: number; byReason: Partial<Record<ExclusionReason, number>>; list: Exclusion[] };
	/** Segments × messages × unit price, in euros (rounded to 1/100 of a cent). */
	cost: { unitPrice: number; segments: number; total: number; currency: 'EUR' };
	/** The incident's place and the plan's areas, for decisionMap. */
	place?: DecisionPlace;
}

/** Key and label of a member without profession tags (the rule matched its NAF code, or `*`). */
export const NO_PROFESSION = 'sans profession';

/** Separator of the tags (and labels) of a member counted under several professions. */
const COMBINATION = ' + ';

const precisions = new Map<string, number>();

/** How precise a profession is: its longest NAF code or prefix (sub-class 47.26Z: 6, division 47: 2). */
function precision(tag: string): number {
	let value = precisions.get(tag);
	if (value === undefined) {
		const naf = nafForProfession(tag);
		precisions.set(tag, (value = Math.max(0, ...[...naf.rev2, ...naf.naf2025].map((code) => code.length))));
	}
	return value;
}

/**
 * The one profession group of a member: its most precise tags, sorted (`buraliste`, or
 * `buraliste + presse` when both are as precise). A broad tag such as `commerce-detail` (all of
 * NAF 47) shows only for members with nothing more precise, and each SIRET has exactly one key.
 */
function professionGroup(tags: readonly string[]): string {
	const distinct = [...new Set(tags)];
	if (distinct.length === 0) return NO_PROFESSION;
	const best = Math.max(...distinct.map(precision));
	return distinct
		.filter((tag) => precision(tag) === best)
		.sort()
		.join(COMBINATION);
}

/** `buraliste + presse` → `Buralistes (tabac) + Marchands de journaux, papeteries`. */
function professionLabel(key: string): string {
	if (key === NO_PROFESSION) return key;
	const catalog = professionCatalog();
	return key
		.split(COMBINATION)
		.map((tag) => (isProfession(tag) ? catalog[tag].label : tag))
		.join(COMBINATION);
}

/** Collector masks opted-out phones; a phone from elsewhere is masked here, never shown whole. */
function masked(exclusion: Exclusion): Exclusion {
	return exclusion.phone === undefined || exclusion.phone.includes('•') ? { ...exclusion } : { ...exclusion, phone: maskPhone(exclusion.phone) };
}

/**
 * The decision summary of a dry run: the SMS and its segments, businesses and SMS counted,
 * breakdowns by profession and by commune (each with the rules that selected it),
 * who is left out and why, and the estimated cost.
 */
export function decisionSummary(input: DecisionInput): DecisionSummary {
	const { alert, selection, professionsOf } = input;
	// Encoded as SMS Dispatch sends it (the text as it stands), so the segments are the ones billed.
	const info = smsInfo(alert.text, { unicode: true });
	const recipients = selection.recipients;
	const professions = new Map<string, string>();
	const professionOf = (recipient: Recipient): string => {
		let key = professions.get(recipient.siret);
		if (key === undefined) professions.set(recipient.siret, (key = professionGroup(professionsOf(recipient.siret))));
		return key;
	};
	const byCommune = groupRecipients(recipients, (r) => r.communeInsee).map((group) => ({ ...group, label: communeByCode(group.key)?.name ?? group.key }));
	const byProfession = groupRecipients(recipients, professionOf).map((group) => ({ ...group, label: professionLabel(group.key) }));
	const unitPrice = input.unitPrice ?? PROVIDER_LIMITS[input.provider].costPerSegment;
	const messages = recipients.length;
	return {
		sms: { text: alert.text, ...(alert.sender === undefined ? {} : { sender: alert.sender }), encoding: info.encoding, characters: info.characters, segments: info.segments },
		members: new Set(recipients.map((r) => r.siret)).size,
		messages,
		byProfession,
		byCommune,
		excluded: { total: selection.excluded.length, byReason: countExclusions(selection.excluded), list: selection.excluded.map(masked) },
		cost: { unitPrice, segments: info.segments * messages, total: Math.round(info.segments * messages * unitPrice * 10000) / 10000, currency: 'EUR' },
		...(input.place ? { place: input.place } : {}),
	};
}

/**
 * The default recipient cap, in phones, sized for the largest département. The articles count
 * about 6,000 eligible businesses in Saône-et-Loire (550,310 inhabitants in INSEE's populations
 * shipped with @etalab/decoupage-administratif); at the same density the Nord (2,615,635, the most
 * populous) has about 28,500, and a register of 10,000 members measured 10,037 phones (1.004 per
 * member): about 28,600 phones, rounded up to 30,000. Above it a person confirms; it never blocks.
 */
export const DEFAULT_MAX_RECIPIENTS = 30_000;
