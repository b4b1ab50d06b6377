/** The scheme's time zone: fiches give local times, alerts carry explicit offsets. */
export const TIME_ZONE = 'Europe/Paris';

const PARTS = new Intl.DateTimeFormat('en-GB', {
	timeZone: TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
});

export interface LocalTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

/** Wall-clock time in Paris at instant `ms`. */
export function parisTime(ms: number): LocalTime {
	const values: Record<string, number> = {};
	for (const part of PARTS.formatToParts(new Date(ms))) {
		if (part.type !== 'literal') values[part.type] = Number(part.value);
	}
	return {
		year: values.year,
		month: values.month,
		day: values.day,
		hour: values.hour,
		minute: values.minute,
		second: values.second,
	};
}

/** Offset of Paris from UTC at instant `ms`, in minutes (60 in winter, 120 in summer). */
export function parisOffsetMinutes(ms: number): number {
	const t = parisTime(ms);
	const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
	return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The instant a Paris wall-clock time denotes (a time the clocks skip or repeat still gets a valid instant). */
export function fromParisTime(t: Omit<LocalTime, 'second'> & { second?: number }): number {
	const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second ?? 0);
	let ms = wall - parisOffsetMinutes(wall - 60 * 60000) * 60000;
	const corrected = wall - parisOffsetMinutes(ms) * 60000;
	if (corrected !== ms && parisOffsetMinutes(corrected) * 60000 === wall - corrected) ms = corrected;
	return ms;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO 8601 in Paris time with its offset, e.g. `2026-11-22T14:30:00+01:00` (never `Z`). */
export function toParisIso(ms: number): string {
	const t = parisTime(ms);
	const offset = parisOffsetMinutes(ms);
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * A moment as epoch milliseconds, from a Date, a number or a date string (ISO 8601, RFC 2822);
 * undefined when it is missing or unreadable. Strings over 200 characters are not parsed (no date
 * is that long; it bounds what a sender can make Date.parse read).
 */
export function instantOf(value: Date | number | string | undefined): number | undefined {
	if (value === undefined || (typeof value === 'string' && value.length > 200)) return undefined;
	const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

const PARIS_SHORT = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });

/** `01/12/2026 14:05`: a moment as a French reader writes it, in Paris time. */
export function parisDateTime(at: number | Date): string {
	return PARIS_SHORT.format(at);
}

/** `01/12/2026 à 14:05`, in Paris time: when a link expires, when a decision was taken. */
export function frenchDateTime(epochMs: number): string {
	return parisDateTime(epochMs).replace(' ', ' à ');
}
