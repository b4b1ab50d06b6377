import { toGsm7 } from './gsm7';

/** Dots a phone or a reader takes for a full stop, beyond those NFKD already unfolds (．→ . , ․ → .). */
const DOTS = /[\u00b7\u2027\u2219\u22c5\u3002\uff61\ufe12\u0701\u0702\u06d4]/gu;
const DASHES = /[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]/gu;
const INVISIBLE = /[\p{M}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * `text` as a reader of the SMS sees it: compatibility forms unfolded (full-width ０６ → 06, ｅｖｉｌ → evil),
 * accents, zero-width and other invisible characters removed, look-alike dots and dashes made
 * plain, every space one space. Letters of other scripts stay (a Cyrillic domain is still a domain).
 */
export function readableText(text: string): string {
	return text
		.normalize('NFKD')
		.replace(INVISIBLE, '')
		.replace(DOTS, '.')
		.replace(DASHES, '-')
		.replace(/\s+/gu, ' ');
}

/**
 * The forms in which `text` can reach a member: as a reader sees it (UCS-2, Keep Accents on) and
 * as transliterated to GSM-7. What the SMS may never carry is looked for in each.
 */
export function readableForms(text: string): string[] {
	const readable = readableText(text);
	const gsm = toGsm7(text);
	return gsm === readable ? [readable] : [readable, gsm];
}
