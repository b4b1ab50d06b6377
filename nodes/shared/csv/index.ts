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

/** A parsed CSV file: its rows of cells, and the delimiter it used. */
export interface CsvTable {
	rows: string[][];
	delimiter: string;
}

/** The delimiter a spreadsheet most likely used: the most frequent of `;`, `,` and tab outside quotes in the first line. */
function guessDelimiter(text: string): string {
	const counts = new Map<string, number>([[';', 0], [',', 0], ['\t', 0]]);
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) break;
		else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
	}
	const [best, count] = [...counts].sort((a, b) => b[1] - a[1])[0];
	return count > 0 ? best : ';';
}

/**
 * Reads a CSV file as spreadsheets write it (RFC 4180 quotes, CRLF or LF, a UTF-8 byte-order
 * mark). The delimiter is guessed from the first line unless given: French Excel writes `;`,
 * LibreOffice often `,`. Rows keep their spreadsheet order (row 1 is `rows[0]`); blank lines stay
 * as rows of one empty cell, so row numbers match what the spreadsheet shows.
 * @param text the file's text
 * @param delimiter `;`, `,` or tab; guessed when absent
 */
export function parseCsv(text: string, delimiter?: string): CsvTable {
	const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	const sep = delimiter ?? guessDelimiter(body);
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < body.length; i++) {
		const char = body[i];
		if (quoted) {
			if (char === '"' && body[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (char === '"') quoted = false;
			else cell += char;
		} else if (char === '"') quoted = true;
		else if (char === sep) {
			row.push(cell);
			cell = '';
		} else if (char === '\n' || char === '\r') {
			if (char === '\r' && body[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += char;
	}
	if (cell !== '' || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return { rows, delimiter: sep };
}

/**
 * Writes rows as CSV for a spreadsheet: `;`-separated by default (French Excel), cells quoted when
 * they hold the delimiter, a quote or a line break, formula triggers neutralised (csvCell), CRLF
 * line ends and a UTF-8 byte-order mark so Excel reads the accents.
 * @param rows the cells, row by row
 * @param delimiter `;` unless told
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string>>, delimiter = ';'): string {
	const quote = (value: string) => {
		const safe = String(csvCell(value));
		return /["\r\n]/.test(safe) || safe.includes(delimiter) ? `"${safe.replace(/"/g, '""')}"` : safe;
	};
	return `\ufeff${rows.map((row) => row.map(quote).join(delimiter)).join('\r\n')}\r\n`;
}
