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

/** Plain text of an HTML body: one line per `<br>`/block, links without their target, quotes as `>` lines. */
export function htmlToText(html: string): string {
	return convert(html, {
		wordwrap: false,
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

const KEY_LINE = /^\s*(?:[-*•]\s+)?([^:：\t]{1,48}?)\s*(?:[:：]+|\t+)\s*(.*)$/;
const SEPARATOR =
	/^\s*[-_=*]{2,}\s*(?:original message|message d'origine|forwarded message|message transf[ée]r[ée]|courriel original|message original)\s*[-_=*]{2,}\s*$/i;
const FORWARD_INTRO = /^\s*(?:d[ée]but du message (?:r[ée]exp[ée]di[ée]|transf[ée]r[ée])|begin forwarded message)\s*:?\s*$/i;
const REPLY_INTRO = /(?:a [ée]crit|wrote)\s*:\s*$/i;
const RULE = /^\s*[_]{8,}\s*$/;
const SIGNATURE = /^--\s*$/;

function splitKey(line: string): { key: string; value: string } | undefined {
	const match = KEY_LINE.exec(line);
	return match ? { key: match[1].trim(), value: match[2].trim() } : undefined;
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
	const rawLines = body.replace(/\r\n?/g, '\n').split('\n');
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

/** The fiche lines of one message: known keys, and continuation lines for multi-line fields. */
function readFiche(lines: string[]): FicheLines {
	const fields: FicheLines = {};
	let open: FicheField | undefined;
	for (const line of lines) {
		if (!line.trim()) {
			open = undefined;
			continue;
		}
		const pair = splitKey(line);
		const field = pair ? ficheField(pair.key) : undefined;
		if (pair && field) {
			(fields[field] ??= []).push(pair.value);
			open = MULTILINE_FIELDS.has(field) ? field : undefined;
			continue;
		}
		if (open) {
			const values = fields[open] ?? [];
			values[values.length - 1] = `${values[values.length - 1]} ${line.trim()}`.trim();
		}
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
