import { fold } from '../text';

export { fold };

/**
 * A key for matching phrases: `fold` plus punctuation turned into spaces and a plural `s`/`x`
 * dropped from words of more than three letters, so "Vols à l'étalage" meets "vol a l etalage".
 */
export function phraseKey(text: string): string {
	return fold(text)
		.replace(/[^a-z0-9]+/g, ' ')
		.split(' ')
		.filter(Boolean)
		.map((word) => (word.length > 3 && /[sx]$/.test(word) ? word.slice(0, -1) : word))
		.join(' ');
}

/** Control, zero-width and bidirectional characters: in a log line they hide or reorder what follows. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/**
 * `text` cut to `max` characters with an ellipsis, for quoting input in error messages: spaces
 * collapsed, control and bidi characters shown as `?`, and never more than a slice of the input read.
 */
export function quote(text: string, max = 60): string {
	const single = text.slice(0, max * 4 + 16).replace(UNSAFE, '?').replace(/\s+/g, ' ').trim();
	return `"${single.length > max || text.length > max * 4 + 16 ? `${single.slice(0, max - 1)}…` : single}"`;
}

/**
 * Runs of spaces and tabs made one space, and any run of white space holding a line break made
 * one `\n`: fiche values then hold no long runs for a pattern to backtrack over.
 */
export function collapseSpaces(text: string): string {
	return text.replace(/[^\S\n]*\n\s*|[^\S\n]+/g, (run) => (run.includes('\n') ? '\n' : ' '));
}
