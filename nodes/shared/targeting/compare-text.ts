/**
 * The page a CCI reads before publishing new rules: what the change does over a year of alerts,
 * as figures, a chart of alerts per member, and the members who gain or lose the most.
 */
import { communeByCode } from '../geo';
import { incidentTypeLabel } from '../incident';
import type { RulesetComparison, RulesetFigures } from './compare';
import { escapeHtml } from './decision-text';
import { matrixColumnLabel, type MatrixChange } from './matrix';

/** What the page says of a member (from the register). */
export interface ComparedMember {
	name: string;
	communeInsee?: string;
}

export interface ComparisonPageInput {
	/** compareRulesets' answer, asked with `histogram: true` for the chart. */
	comparison: RulesetComparison;
	/** The cells the CCI changed (matrixChanges). */
	cells?: readonly MatrixChange[];
	/** The member behind a SIRET, for the gain and loss lists. */
	member?: (siret: string) => ComparedMember | undefined;
	/** How many alerts were replayed, and whether they are a simulated year (no journal yet). */
	incidents: { count: number; simulated: boolean };
	/** The version in force (0 = package default). */
	currentVersion: number;
	/** Members listed per direction (default 5), cells listed (default 20). */
	maxMembers?: number;
	maxCells?: number;
}

const integer = new Intl.NumberFormat('fr-FR');
/** The chart's longest bar, in characters. */
const BAR = 14;
/** Rows of the chart at most: counts are grouped in ranges beyond that. */
const BINS = 10;

const signed = (n: number) => (n > 0 ? `+${integer.format(n)}` : n < 0 ? `−${integer.format(-n)}` : '=');

const FIGURES: ReadonlyArray<[keyof RulesetFigures, string]> = [
	['sms', 'SMS envoyés dans l’année'],
	['recipients', 'Adhérents alertés au moins une fois'],
	['median', 'Alertes reçues par l’adhérent médian'],
	['p90', 'Alertes reçues au 90e centile'],
	['max', 'Alertes reçues par le plus alerté'],
];

function figuresTable(comparison: RulesetComparison, version: number): string {
	const head = `<tr><th></th><th>En vigueur (v${version})</th><th>Proposée</th><th>Écart</th></tr>`;
	const rows = FIGURES.map(([key, label]) => {
		const before = comparison.current[key];
		const after = comparison.proposed[key];
		return `<tr><td>${escapeHtml(label)}</td><td>${integer.format(before)}</td><td><b>${integer.format(after)}</b></td><td>${signed(after - before)}</td></tr>`;
	});
	return `<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A bar of block characters: n8n's form pages strip <svg>, `data:` images and style attributes, not text. */
const bar = (n: number, max: number) => (n > 0 ? '█'.repeat(Math.max(1, Math.round((n / max) * BAR))) : '');

/**
 * Members by alerts received, before and after, as rows of text bars: one row per number of
 * alerts, or per range when the most alerted member got more than BINS.
 */
export function comparisonChartHtml(histogram: { current: readonly number[]; proposed: readonly number[] }): string {
	const top = Math.max(histogram.current.length, histogram.proposed.length) - 1;
	if (top < 0) return '';
	const width = Math.max(1, Math.ceil((top + 1) / BINS));
	const rows: Array<{ label: string; before: number; after: number }> = [];
	for (let start = 0; start <= top; start += width) {
		const end = Math.min(top, start + width - 1);
		const sum = (h: readonly number[]) => h.slice(start, end + 1).reduce((s, n) => s + (n ?? 0), 0);
		rows.push({ label: start === end ? integer.format(start) : `${integer.format(start)} à ${integer.format(end)}`, before: sum(histogram.current), after: sum(histogram.proposed) });
	}
	const max = Math.max(1, ...rows.flatMap((r) => [r.before, r.after]));
	const cell = (n: number) => `<td><code>${bar(n, max)}</code> ${integer.format(n)}</td>`;
	const body = rows.map((r) => `<tr><td>${r.label}</td>${cell(r.before)}${cell(r.after)}</tr>`).join('');
	return `<table><thead><tr><th>Alertes reçues dans l’année</th><th>Adhérents, règles en vigueur</th><th>Adhérents, règles proposées</th></tr></thead><tbody>${body}</tbody></table>`;
}

function memberLine(input: ComparisonPageInput, change: { siret: string; current: number; proposed: number }): string {
	const member = input.member?.(change.siret);
	const commune = member?.communeInsee ? (communeByCode(member.communeInsee)?.name ?? member.communeInsee) : undefined;
	const who = member ? `${member.name}${commune ? ` (${commune})` : ''}` : change.siret;
	return `<li>${escapeHtml(who)} : ${integer.format(change.current)} → ${integer.format(change.proposed)} alertes (${signed(change.proposed - change.current)})</li>`;
}

function cellsList(cells: readonly MatrixChange[], max: number): string {
	if (!cells.length) return '<b>Cellules modifiées : aucune</b> (les règles proposées sont celles en vigueur)<br>';
	const items = cells
		.slice(0, max)
		.map((c) => `<li>${escapeHtml(incidentTypeLabel(c.incidentType))} × ${escapeHtml(matrixColumnLabel(c.column))} : ${escapeHtml(c.before || '(vide)')} → <b>${escapeHtml(c.after || '(vide)')}</b></li>`);
	if (cells.length > max) items.push(`<li>… et ${integer.format(cells.length - max)} autres</li>`);
	return `<b>Cellules modifiées : ${integer.format(cells.length)}</b><ul>${items.join('')}</ul>`;
}

/**
 * The confirmation page's HTML (n8n form description): changed cells, the replayed year, figures
 * before and after, the chart, and the members who gain or lose the most. Every value is escaped
 * (member names come from people); no newline (n8n shows descriptions with `white-space: pre-line`).
 */
export function rulesetComparisonHtml(input: ComparisonPageInput): string {
	const { comparison } = input;
	const maxMembers = input.maxMembers ?? 5;
	const source = input.incidents.simulated
		? `${integer.format(input.incidents.count)} alertes d’une année simulée (le journal des alertes n’a pas encore douze mois d’historique exploitable)`
		: `les ${integer.format(input.incidents.count)} alertes du journal des douze derniers mois`;
	const parts = [
		cellsList(input.cells ?? [], input.maxCells ?? 20),
		`<br><b>Effet sur une année</b> : ${escapeHtml(source)}, rejouées sur les adhérents actuels.<br>`,
		figuresTable(comparison, input.currentVersion),
	];
	if (comparison.histogram) parts.push(`<br><b>Alertes par adhérent</b><br>${comparisonChartHtml(comparison.histogram)}`);
	const gains = comparison.changes.filter((c) => c.proposed > c.current).slice(0, maxMembers);
	const losses = comparison.changes.filter((c) => c.proposed < c.current).slice(0, maxMembers);
	const more = comparison.changes.filter((c) => c.proposed > c.current).length;
	const fewer = comparison.changes.length - more;
	const members = (n: number) => `${integer.format(n)} ${n > 1 ? 'adhérents' : 'adhérent'}`;
	parts.push(`<br><b>Plus d’alertes : ${members(more)}</b>${gains.length ? `<ul>${gains.map((c) => memberLine(input, c)).join('')}</ul>` : '<br>'}`);
	parts.push(`<b>Moins d’alertes : ${members(fewer)}</b>${losses.length ? `<ul>${losses.map((c) => memberLine(input, c)).join('')}</ul>` : '<br>'}`);
	return parts.join('');
}
