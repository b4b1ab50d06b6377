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

/** `text` cut to `max` characters with an ellipsis, for quoting input in error messages. */
export function quote(text: string, max = 60): string {
	const single = text.replace(/\s+/g, ' ').trim();
	return `"${single.length > max ? `${single.slice(0, max - 1)}…` : single}"`;
}
