/** Values as people type them: blanks, padded text, lists in one cell, decimal commas. */

/** Undefined, null or only spaces. */
export const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The value as trimmed text; undefined when blank. */
export const text = (value: unknown) => (blank(value) ? undefined : String(value).trim());

/** An array, or one string of items separated by `,` `;` `|` or new lines: trimmed, without blanks or repeats. */
export function list(value: unknown): string[] {
	if (blank(value)) return [];
	const items = Array.isArray(value) ? value : String(value).split(/[,;|\n]/);
	return [...new Set(items.map((v) => String(v).trim()).filter(Boolean))];
}

/** A number (`45,77` too); undefined when blank, NaN when it is not one. */
export function toNumber(value: unknown): number | undefined {
	if (blank(value)) return undefined;
	const n = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
	return Number.isFinite(n) ? n : Number.NaN;
}

/** What validateAdherent accepts: the Adherent fields, loosely typed as people type them. */
export type AdherentInput = Record<string, unknown>;
