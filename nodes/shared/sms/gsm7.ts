/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet: the 7-bit character set every handset reads.
 * A character of the basic table costs one septet; one of the extension table costs two (an
 * ESC septet then the character). Anything else forces the whole SMS into UCS-2.
 */

/** The 128 characters of the basic table, in code order (0x1B, the escape to the extension, is left out). */
export const GSM7_BASIC: readonly string[] = [
	// 0x00–0x0F
	'@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å',
	// 0x10–0x1F (0x1B is the escape)
	'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', 'Æ', 'æ', 'ß', 'É',
	// 0x20–0x2F
	' ', '!', '"', '#', '¤', '%', '&', "'", '(', ')', '*', '+', ',', '-', '.', '/',
	// 0x30–0x3F
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
	// 0x40–0x5F
	'¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O',
	'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§',
	// 0x60–0x7F
	'¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à',
];

/** The printable characters of the extension table (each sent as ESC + code: two septets). */
export const GSM7_EXTENSION: readonly string[] = ['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'];

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

/** Septets a character costs in GSM-7: 1 (basic table), 2 (extension table) or undefined (not GSM-7). */
export function gsm7Septets(char: string): 1 | 2 | undefined {
	if (BASIC.has(char)) return 1;
	if (EXTENSION.has(char)) return 2;
	return undefined;
}

/** True when every character of `text` is in the GSM-7 basic or extension table. */
export function isGsm7(text: string): boolean {
	for (const char of text) if (gsm7Septets(char) === undefined) return false;
	return true;
}

/**
 * Closest GSM-7 form of characters people type in French text that the table lacks. Checked
 * before the generic accent stripping, which handles the rest (â → a, Ê → E…).
 */
const TRANSLITERATIONS: Record<string, string> = {
	ç: 'c',
	œ: 'oe',
	Œ: 'OE',
	ÿ: 'y',
	Ÿ: 'Y',
	'«': '"',
	'»': '"',
	'‹': '"',
	'›': '"',
	'“': '"',
	'”': '"',
	'„': '"',
	'‟': '"',
	'’': "'",
	'‘': "'",
	'‚': "'",
	'‛': "'",
	'`': "'",
	'´': "'",
	'′': "'",
	'″': '"',
	'…': '...',
	'–': '-',
	'—': '-',
	'―': '-',
	'‐': '-',
	'‑': '-',
	'−': '-',
	'•': '-',
	'·': '.',
	'\u00a0': ' ',
	'\u202f': ' ',
	'\u2009': ' ',
	'\u2007': ' ',
	'\t': ' ',
	'°': 'o',
	'º': 'o',
	'ª': 'a',
	'×': 'x',
	'÷': '/',
	'½': '1/2',
	'¼': '1/4',
	'¾': '3/4',
	'©': '(c)',
	'®': '(R)',
	'™': 'TM',
	'¢': 'c',
	'đ': 'd',
	'Đ': 'D',
	'ł': 'l',
	'Ł': 'L',
	'ı': 'i',
	'þ': 'th',
	'Þ': 'Th',
	'ð': 'd',
	'Ð': 'D',
};

/** Characters dropped rather than replaced: invisible ones and emoji modifiers. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\ufe0e\ufe0f\u00ad]/u;

function transliterateChar(char: string): string {
	if (gsm7Septets(char) !== undefined) return char;
	const mapped = TRANSLITERATIONS[char];
	if (mapped !== undefined) return mapped;
	if (INVISIBLE.test(char)) return '';
	// NFKD splits accents off their letter and unfolds compatibility forms (ﬁ, ², fullwidth letters).
	const decomposed = char.normalize('NFKD').replace(/\p{M}/gu, '');
	if (decomposed && decomposed !== char && [...decomposed].every((c) => gsm7Septets(c) !== undefined || TRANSLITERATIONS[c] !== undefined)) {
		return [...decomposed].map((c) => TRANSLITERATIONS[c] ?? c).join('');
	}
	// A line separator or other space-like character still separates words.
	if (/\s/u.test(char)) return ' ';
	if (/\p{Extended_Pictographic}/u.test(char)) return '';
	return '?';
}

/** `text` with every character outside the GSM-7 tables replaced by its closest GSM-7 form. */
export function toGsm7(text: string): string {
	let out = '';
	for (const char of text.replace(/\r\n/g, '\n')) out += transliterateChar(char);
	return out;
}
