/** At most this many values of one header are read: a real message has a handful. */
const MAX_VALUES = 100;
/** One value of a header: its text, and whether it was given as a whole `Name: value` line. */
export interface HeaderText {
	text: string;
	wholeLine: boolean;
}

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * The values of header `name` (lower case), top of the message first, from an object of
 * header names (any case), a `Map`, or mailparser's `headerLines`. Anything else gives none.
 */
export function headerValues(headers: unknown, name: string): unknown[] {
	return headerList(headers, name).values;
}

/** `headerValues`, and whether they came as a list (an array, or `headerLines`) rather than one value. */
export function headerList(headers: unknown, name: string): { values: unknown[]; listed: boolean } {
	if (!headers || typeof headers !== 'object') return { values: [], listed: false };
	let found: unknown;
	if (Array.isArray(headers)) {
		found = headers
			.slice(0, 10000)
			.filter((entry): entry is { key: unknown; line: unknown } => Boolean(entry) && typeof entry === 'object' && String((entry as { key?: unknown }).key).toLowerCase() === name)
			.map((entry) => entry.line);
	} else if (typeof (headers as { get?: unknown }).get === 'function') {
		found = (headers as { get(key: string): unknown }).get(name);
	} else if (own(headers, name)) {
		found = (headers as Record<string, unknown>)[name];
	} else {
		const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
		found = key === undefined ? undefined : (headers as Record<string, unknown>)[key];
	}
	const list = Array.isArray(found) ? found : found === undefined || found === null ? [] : [found];
	return { values: list.slice(0, MAX_VALUES), listed: Array.isArray(found) };
}

/**
 * The text of one header value, without the `Name:` that a whole line (n8n's Resolved format,
 * mailparser's `headerLines`) starts with, unfolded; undefined when it is not text. Never cut:
 * a cut header could read as another one, so callers refuse what is too long.
 */
export function headerText(value: unknown, name: string): HeaderText | undefined {
	if (typeof value !== 'string') return undefined;
	const wholeLine = value.slice(0, name.length + 1).toLowerCase() === `${name}:`;
	return { text: (wholeLine ? value.slice(name.length + 1) : value).replace(/\r?\n(?=[ \t])/g, '').trim(), wholeLine };
}
