/**
 * Cells of the CSV files the package writes. A spreadsheet opening a CSV runs a cell that begins
 * with `=`, `+`, `-` or `@` as a formula (and tab or carriage return can hide one): a member's name
 * or a commune typed as `=HYPERLINK(…)` would run on the CCI's computer. OWASP's remedy: a leading
 * single quote, which spreadsheets show as text (`'+33612345678` reads as the number written).
 */

/** First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

const TRIGGERS = new Set(FORMULA_TRIGGERS);

/**
 * A value as a safe CSV cell: text that begins with a formula trigger gets a leading `'`; numbers,
 * booleans and empty values are kept as they are (a number is never read as a formula).
 * @param value one cell, as the row holds it
 */
export function csvCell<T>(value: T): T | string {
	if (typeof value !== 'string' || value.length === 0 || !TRIGGERS.has(value[0])) return value;
	return `'${value}`;
}
