import type { DecisionGroup, DecisionSummary } from './decision';
import { communeByCode } from '../geo';
import { decisionMap } from './decision-map';
import { decisionMapParameter } from './map-link';
import type { ExclusionReason } from './types';

/** Why a matched member is not alerted, as the person deciding reads it. */
export const EXCLUSION_LABELS: Readonly<Record<ExclusionReason, string>> = {
	expired: 'adhésion expirée',
	opted_out: 'numéro désinscrit',
	pending: 'adhésion en attente',
	suspended: 'adhésion suspendue',
};

export interface DecisionTextOptions {
	/** Groups listed per breakdown before "… et N autres" (default 10): a département has hundreds of communes. */
	maxGroups?: number;
	/** Excluded members listed by name in the HTML (default 10). */
	maxExcluded?: number;
	/** Draw the map in the HTML when the summary has a place (default true). */
	map?: boolean;
	/**
	 * Show the map as an image from this address (workflow 12's webhook, `…/webhook/alerte-commerces/carte`)
	 * instead of inline SVG, for n8n form pages and emails, which drop inline SVG.
	 */
	mapUrl?: string;
}

const integer = new Intl.NumberFormat('fr-FR');
const euros = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const unitEuros = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 4 });

function plural(n: number, one: string, many: string): string {
	return `${integer.format(n)} ${n > 1 ? many : one}`;
}

function rulesOf(group: DecisionGroup): string {
	return group.rules.length ? `${group.rules.length > 1 ? 'règles' : 'règle'} ${group.rules.join(', ')}` : 'sans règle';
}

/** The line a person checks first: « Destinataires : 57 commerces, 58 SMS (2 segments chacun) — coût estimé 6,96 € ». */
function headline(summary: DecisionSummary): string {
	const segments = summary.sms.segments;
	const each = summary.messages > 1 ? `${plural(segments, 'segment', 'segments')} chacun` : plural(segments, 'segment', 'segments');
	return (
		`Destinataires : ${plural(summary.members, 'commerce', 'commerces')}, ${integer.format(summary.messages)} SMS (${each})` +
		` — coût estimé ${euros.format(summary.cost.total)} € (${unitEuros.format(summary.cost.unitPrice)} € par segment)`
	);
}

function smsLine(summary: DecisionSummary): string {
	const from = summary.sms.sender ? ` de ${summary.sms.sender}` : '';
	return `SMS${from} (${summary.sms.encoding}, ${plural(summary.sms.characters, 'caractère', 'caractères')}, ${plural(summary.sms.segments, 'segment', 'segments')}) :`;
}

/** The groups shown, and what is left: « … et 12 autres (40 SMS) ». */
function shown(groups: readonly DecisionGroup[], max: number): { groups: readonly DecisionGroup[]; rest: string | undefined } {
	if (groups.length <= max) return { groups, rest: undefined };
	const others = groups.slice(max);
	const sms = others.reduce((sum, g) => sum + g.sms, 0);
	return { groups: groups.slice(0, max), rest: `… et ${integer.format(others.length)} autres (${integer.format(sms)} SMS)` };
}

function excludedCounts(summary: DecisionSummary): string {
	const reasons = (Object.keys(EXCLUSION_LABELS) as ExclusionReason[])
		.filter((reason) => summary.excluded.byReason[reason])
		.map((reason) => `${EXCLUSION_LABELS[reason]} ${integer.format(summary.excluded.byReason[reason] ?? 0)}`);
	return `Non alertés : ${integer.format(summary.excluded.total)}${reasons.length ? ` (${reasons.join(', ')})` : ''}`;
}

const BREAKDOWNS = [
	{ title: 'Par profession', groups: (s: DecisionSummary) => s.byProfession },
	{ title: 'Par commune', groups: (s: DecisionSummary) => s.byCommune },
] as const;

/** The summary as a few French lines a person reads before confirming a send. */
export function decisionSummaryText(summary: DecisionSummary, options: DecisionTextOptions = {}): string {
	const max = options.maxGroups ?? 10;
	const lines = [smsLine(summary), `« ${summary.sms.text} »`, '', headline(summary)];
	for (const breakdown of BREAKDOWNS) {
		const { groups, rest } = shown(breakdown.groups(summary), max);
		const items = groups.map((g) => `${g.label} ${integer.format(g.sms)} (${rulesOf(g)})`);
		if (rest) items.push(rest);
		lines.push(`${breakdown.title} : ${items.length ? items.join(' ; ') : 'aucun'}`);
	}
	lines.push(excludedCounts(summary));
	return lines.join('\n');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** What the map shows, in words: it stays where a mail client or n8n's form strips the picture. */
function mapLegend(summary: DecisionSummary): string {
	const place = summary.place;
	if (!place) return '';
	const first = place.incident[0];
	const where = first === undefined ? undefined : (communeByCode(first)?.name ?? first);
	const items = [`épingle rouge : lieu de l'incident${where ? ` (${where})` : ''}`, `en orange : ${plural(place.reached.length, 'commune couverte', 'communes couvertes')}`];
	if (place.circles.length) items.push(`cercle pointillé : rayon de ${place.circles.map((c) => `${integer.format(c.radiusKm)} km`).join(', ')}`);
	items.push('disques bleus : SMS par commune');
	return items.join(' ; ') + '.';
}

/** The map as an `<img>` from the map webhook: its link carries the drawing's data (map-link.ts). */
function mapImage(summary: DecisionSummary, url: string): string {
	const parameter = decisionMapParameter(summary);
	if (!parameter) return '';
	const src = `${url}${url.includes('?') ? '&' : '?'}carte=${parameter}`;
	return `<img src="${escapeHtml(src)}" alt="${escapeHtml(`Carte : ${plural(summary.place?.reached.length ?? 0, 'commune couverte', 'communes couvertes')}, ${plural(summary.messages, 'SMS', 'SMS')}`)}" width="100%">`;
}

/**
 * The summary as HTML for an n8n form page or completion message (whose sanitizer keeps `b`,
 * `ul`, `li`, `br`). Every value is escaped: member names and the SMS text come from people. No
 * newline: n8n shows the description with `white-space: pre-line`, so each would add a blank line.
 */
export function decisionSummaryHtml(summary: DecisionSummary, options: DecisionTextOptions = {}): string {
	const max = options.maxGroups ?? 10;
	const maxExcluded = options.maxExcluded ?? 10;
	const list = (items: string[]) => (items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : '');
	const parts = [`${escapeHtml(smsLine(summary))}<br>« ${escapeHtml(summary.sms.text)} »<br><br>`, `<b>${escapeHtml(headline(summary))}</b><br>`];
	for (const breakdown of BREAKDOWNS) {
		const { groups, rest } = shown(breakdown.groups(summary), max);
		const items = groups.map(
			(g) => `${escapeHtml(g.label)} : ${escapeHtml(plural(g.sms, 'SMS', 'SMS'))}, ${escapeHtml(plural(g.members, 'commerce', 'commerces'))} — ${escapeHtml(rulesOf(g))}`,
		);
		if (rest) items.push(escapeHtml(rest));
		parts.push(`<b>${breakdown.title}</b>${items.length ? list(items) : ' : aucun<br>'}`);
	}
	const excluded = summary.excluded.list.slice(0, maxExcluded).map((e) => {
		const phone = e.phone ? `, ${e.phone}` : '';
		return `${escapeHtml(e.name)} (${escapeHtml(e.siret)}${escapeHtml(phone)}) — ${escapeHtml(EXCLUSION_LABELS[e.reason])}`;
	});
	if (summary.excluded.total > maxExcluded) excluded.push(`… et ${integer.format(summary.excluded.total - maxExcluded)} autres`);
	parts.push(`<b>${escapeHtml(excludedCounts(summary))}</b>${excluded.length ? list(excluded) : ''}`);
	const map = options.map === false ? '' : options.mapUrl ? mapImage(summary, options.mapUrl) : decisionMap(summary);
	if (map) parts.push(`<br><b>Carte</b><br>${escapeHtml(mapLegend(summary))}<br>${map}`);
	return parts.join('');
}
