import { convert, type FormatCallback } from 'html-to-text';
import { ficheField, headerKind, MULTILINE_FIELDS, type FicheField } from './keys';

/** The `Clé : valeur` lines of one fiche, by field, as written (continuation lines joined). */
export type FicheLines = Partial<Record<FicheField, string[]>>;

export interface Fiche {
	fields: FicheLines;
	/** Subject of the forwarded message the fiche came from, when an Outlook/Gmail header block gave one. */
	subject?: string;
}

/** A table cell after the first in its row is written ` : cell`, so `<td>Type</td><td>Vol</td>` reads as a fiche line. */
const formatCell: FormatCallback = (elem, walk, builder) => {
	const siblings = elem.parent?.children ?? [];
	const isFirst = siblings.filter((node) => node.type === 'tag')[0] === elem;
	if (!isFirst) builder.addInline(' : ');
	walk(elem.children, builder);
};

/**
 * Longest email text read, in characters, after HTML conversion: 64 Ki. A fiche is about 1,000
 * characters and every field the SMS uses fits in 3,000; a forwarded chain of ten messages with
 * signatures and legal notices stays under 20,000. Anything longer is not a fiche, and refusing it
 * keeps every scan of the body short.
 */
export const MAX_BODY_TEXT = 65536;
/**
 * Longest HTML converted to text, in characters, once styles, scripts, comments and images are
 * removed: 256 Ki (Outlook's markup is ten times its text). Converting costs about 0.4 µs a
 * character, so this bounds the conversion to about 100 ms where 1 MB took 0.3 s and more.
 */
export const MAX_BODY_HTML = 262144;

/**
 * Most tags converted: 20,000. Converting costs per element (about 5 µs, deep nesting more): a
 * fiche's Outlook markup has a few thousand, 256 KB of bare `<div>` fifty thousand.
 */
export const MAX_BODY_TAGS = 20000;

/** Parts of an HTML body that never hold text: removed in one pass before the (costlier) conversion. */
const NOISE_TAGS = ['style', 'script', 'head', 'title', 'xml'];

/**
 * `html` without its comments, `<style>`, `<script>`, `<head>` blocks and `<img>` tags (inline
 * images as `data:` URLs can weigh hundreds of KB). One pass with `indexOf`: each character is
 * looked at a bounded number of times, whatever the markup (unclosed blocks run to the end).
 */
export function stripHtmlNoise(html: string): string {
	const lower = html.toLowerCase();
	const find = finder(lower);
	const kept: string[] = [];
	let keptFrom = 0;
	let open = lower.indexOf('<');
	while (open >= 0) {
		const end = noiseEnd(lower, open, find);
		if (end === undefined) {
			open = lower.indexOf('<', open + 1);
			continue;
		}
		kept.push(html.slice(keptFrom, open));
		keptFrom = end;
		open = end < html.length ? lower.indexOf('<', end) : -1;
	}
	kept.push(html.slice(keptFrom));
	return kept.join('');
}

type Find = (needle: string, from: number) => number;

/**
 * `indexOf` that remembers its last answer for each needle: searches start further on each time,
 * so a needle found far ahead (or not at all) is never looked for again over the same text.
 */
function finder(text: string): Find {
	const last = new Map<string, number>();
	return (needle, from) => {
		const known = last.get(needle);
		if (known !== undefined && (known < 0 || known >= from)) return known;
		const found = text.indexOf(needle, from);
		last.set(needle, found);
		return found;
	};
}

/** Where the comment, noise block or `<img>` opening at `open` ends (the end of `lower` when never closed), or undefined. */
function noiseEnd(lower: string, open: number, find: Find): number | undefined {
	const past = (index: number, length: number): number => (index < 0 ? lower.length : index + length);
	if (lower.startsWith('<!--', open)) return past(find('-->', open + 4), 3);
	const isTag = (name: string): boolean => lower.startsWith(name, open + 1) && /[\s/>]/.test(lower[open + 1 + name.length] ?? '>');
	if (isTag('img')) return past(find('>', open), 1);
	const name = NOISE_TAGS.find(isTag);
	if (!name) return undefined;
	const close = find(`</${name}`, open);
	// A <head> left open ends where the <body> starts, as browsers read it.
	const body = name === 'head' ? find('<body', open) : -1;
	if (body >= 0 && (close < 0 || body < close)) return body;
	return close < 0 ? lower.length : past(find('>', close), 1);
}

/** Plain text of an HTML body: one line per `<br>`/block, links without their target, quotes as `>` lines. */
export function htmlToText(html: string): string {
	return convert(html, {
		wordwrap: false,
		// A DOM nested deeper than any mail client writes is cut, not walked (recursion).
		limits: { maxDepth: 256, ellipsis: '' },
		formatters: { fieldCell: formatCell },
		selectors: [
			{ selector: 'a', options: { ignoreHref: true } },
			{ selector: 'img', format: 'skip' },
			{ selector: 'style', format: 'skip' },
			{ selector: 'script', format: 'skip' },
			{ selector: 'head', format: 'skip' },
			{ selector: 'table', format: 'block' },
			{ selector: 'tr', format: 'block' },
			{ selector: 'td', format: 'fieldCell' },
			{ selector: 'th', format: 'fieldCell' },
			{ selector: 'h1', options: { uppercase: false } },
			{ selector: 'h2', options: { uppercase: false } },
			{ selector: 'h3', options: { uppercase: false } },
			{ selector: 'h4', options: { uppercase: false } },
			{ selector: 'h5', options: { uppercase: false } },
			{ selector: 'h6', options: { uppercase: false } },
			{ selector: 'ul', options: { itemPrefix: ' ' } },
		],
	});
}

interface Segment {
	depth: number;
	order: number;
	lines: string[];
	subject?: string;
}

const SEPARATOR =
	/^\s*[-_=*]{2,}\s*(?:original message|message d'origine|forwarded message|message transf[ée]r[ée]|courriel original|message original)\s*[-_=*]{2,}\s*$/i;
const FORWARD_INTRO = /^\s*(?:d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])|begin forwarded message)\s*:?\s*$/i;
const REPLY_INTRO = /(?:a [ée]crit|wrote)\s*:\s*$/i;
const RULE = /^\s*[_]{8,}\s*$/;
const SIGNATURE = /^--\s*$/;
/** Longest key of a `Clé : valeur` line, in characters. */
const MAX_KEY = 48;
const isSpace = (char: string | undefined): boolean => char === ' ' || (char !== undefined && /\s/.test(char));

/**
 * `Clé : valeur` (or `Clé<tab>valeur`, `- Clé : valeur`) read in one pass: the key runs to the
 * first `:`, `：` or tab and has 1 to 48 characters. A scan, not a pattern: a pattern with
 * adjacent quantifiers over spaces took seconds on a line of 12,000 spaces.
 */
function splitKey(line: string): { key: string; value: string } | undefined {
	let start = 0;
	while (start < line.length && isSpace(line[start])) start++;
	if ((line[start] === '-' || line[start] === '*' || line[start] === '•') && isSpace(line[start + 1])) {
		start++;
		while (start < line.length && isSpace(line[start])) start++;
	}
	let end = start;
	while (end < line.length && line[end] !== ':' && line[end] !== '：' && line[end] !== '\t') {
		end++;
	}
	if (end >= line.length) return undefined;
	const key = line.slice(start, end).trim();
	if (!key || key.length > MAX_KEY) return undefined;
	let at = end;
	while (at < line.length && isSpace(line[at])) at++;
	if (line[at] === ':' || line[at] === '：') {
		while (line[at] === ':' || line[at] === '：') at++;
	} else if (!line.slice(end, at).includes('\t')) {
		return undefined;
	}
	return { key, value: line.slice(at).trim() };
}

/** Quote depth (`> > text` is 2) and the line without its quote marks. */
function dequote(line: string): { depth: number; text: string } {
	const match = /^((?:\s*>)+)\s?/.exec(line);
	if (!match) return { depth: 0, text: line };
	return { depth: (match[1].match(/>/g) ?? []).length, text: line.slice(match[0].length) };
}

/**
 * Cuts a body into messages: the new text, then each forwarded or quoted one (Outlook header
 * blocks, "-----Message d'origine-----", "Le … a écrit :", `>` quotes). Signatures (after `-- `)
 * are dropped from each.
 */
function segment(body: string): Segment[] {
	const rawLines = body.split(/\r\n?|\n|\u2028|\u2029/);
	const segments: Segment[] = [];
	let current: Segment = { depth: 0, order: 0, lines: [] };
	let inSignature = false;
	const start = (depth: number) => {
		if (current.lines.some((line) => line.trim())) segments.push(current);
		current = { depth, order: segments.length, lines: [] };
		inSignature = false;
	};
	const quoted = rawLines.map(dequote);
	for (let i = 0; i < quoted.length; i++) {
		const { depth, text } = quoted[i];
		if (text.trim() && depth !== current.depth) start(depth);
		if (SEPARATOR.test(text) || FORWARD_INTRO.test(text) || REPLY_INTRO.test(text)) {
			start(depth);
			continue;
		}
		if (RULE.test(text)) continue;
		const pair = splitKey(text);
		if (pair && headerKind(pair.key) === 'from' && isHeaderBlock(quoted, i)) {
			start(depth);
			// Consume the header lines; a wrapped To/Cc line has no key and is skipped with them.
			while (i < quoted.length && quoted[i].text.trim()) {
				const header = splitKey(quoted[i].text);
				if (header && headerKind(header.key) === 'subject') current.subject = header.value;
				if (header && !headerKind(header.key) && ficheField(header.key)) break;
				i++;
			}
			i--;
			continue;
		}
		if (SIGNATURE.test(text)) inSignature = true;
		if (!inSignature) current.lines.push(text);
	}
	start(0);
	return segments;
}

/** True when the `De :`/`From:` line at `index` starts a header block (another header within the next lines). */
function isHeaderBlock(lines: Array<{ text: string }>, index: number): boolean {
	for (let j = index + 1; j < Math.min(lines.length, index + 7); j++) {
		const pair = splitKey(lines[j].text);
		const kind = pair ? headerKind(pair.key) : undefined;
		if (kind === 'subject' || kind === 'other') return true;
		if (!lines[j].text.trim()) return false;
	}
	return false;
}

/**
 * The fiche lines of one message: known keys, and continuation lines for multi-line fields.
 * Continuations are gathered then joined once (joining as they came was quadratic: 47 s for 1 MB).
 */
function readFiche(lines: string[]): FicheLines {
	const parts: Partial<Record<FicheField, string[][]>> = {};
	let open: string[] | undefined;
	for (const line of lines) {
		const trimmed = line.trim();
		if (!trimmed) {
			open = undefined;
			continue;
		}
		const pair = splitKey(line);
		const field = pair ? ficheField(pair.key) : undefined;
		if (pair && field) {
			const value = [pair.value];
			(parts[field] ??= []).push(value);
			open = MULTILINE_FIELDS.has(field) ? value : undefined;
			continue;
		}
		open?.push(trimmed);
	}
	const fields: FicheLines = {};
	for (const [field, values] of Object.entries(parts) as Array<[FicheField, string[][]]>) {
		fields[field] = values.map((value) => value.filter(Boolean).join(' ').replace(/\s+/g, ' '));
	}
	return fields;
}

/** True when these lines are a fiche rather than a comment about one: they name a type or a commune. */
function isFiche(fields: FicheLines): boolean {
	return Boolean(fields.type || fields.communes);
}

/**
 * The newest fiche in a body: the first one met reading the messages from the newest
 * (unquoted text first, then forwarded and quoted messages, deeper quotes last).
 */
export function findFiche(body: string): Fiche | undefined {
	const ordered = segment(body).sort((a, b) => a.depth - b.depth || a.order - b.order);
	for (const part of ordered) {
		const fields = readFiche(part.lines);
		if (isFiche(fields)) return { fields, subject: part.subject };
	}
	return undefined;
}

export type BodyFiche = { ok: true; fiche?: Fiche } | { ok: false; message: string };

const kb = (chars: number): string => `${Math.ceil(chars / 1024).toLocaleString('en')} KB`;

/**
 * The fiche of an email: from its text, else from its HTML, each read only within its bound
 * (`MAX_BODY_TEXT`, `MAX_BODY_HTML`); beyond it the email is refused with the reason.
 */
export function findEmailFiche(text: string, html: string): BodyFiche {
	if (text.length > MAX_BODY_TEXT) {
		return { ok: false, message: `The email text is ${kb(text.length)}; an alert email is refused beyond ${kb(MAX_BODY_TEXT)} (a fiche is about 1 KB)` };
	}
	const fiche = text.trim() ? findFiche(text) : undefined;
	if (fiche || !html.trim()) return { ok: true, fiche };
	const markup = stripHtmlNoise(html);
	if (markup.length > MAX_BODY_HTML) {
		return { ok: false, message: `The email's HTML is ${kb(markup.length)} without its styles and images; an alert email is refused beyond ${kb(MAX_BODY_HTML)}` };
	}
	let tags = 0;
	for (let at = markup.indexOf('<'); at >= 0 && tags <= MAX_BODY_TAGS; at = markup.indexOf('<', at + 1)) tags++;
	if (tags > MAX_BODY_TAGS) {
		return { ok: false, message: `The email's HTML has more than ${MAX_BODY_TAGS.toLocaleString('en')} tags once styles and images are removed; an alert email has a few thousand at most` };
	}
	const converted = htmlToText(markup);
	if (converted.length > MAX_BODY_TEXT) {
		return { ok: false, message: `The email's HTML holds ${kb(converted.length)} of text; an alert email is refused beyond ${kb(MAX_BODY_TEXT)} (a fiche is about 1 KB)` };
	}
	return { ok: true, fiche: findFiche(converted) };
}
