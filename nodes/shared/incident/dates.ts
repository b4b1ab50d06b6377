import { fold } from './text';

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

const MONTHS: Record<string, number> = {
	janvier: 1, janv: 1, jan: 1,
	fevrier: 2, fevr: 2, fev: 2,
	mars: 3,
	avril: 4, avr: 4,
	mai: 5,
	juin: 6,
	juillet: 7, juil: 7,
	aout: 8,
	septembre: 9, sept: 9, sep: 9,
	octobre: 10, oct: 10,
	novembre: 11, nov: 11,
	decembre: 12, dec: 12,
};

/** Days before the reference day that French relative words mean (negative: after it). */
const RELATIVE_DAYS: Array<[RegExp, number]> = [
	[/^apres[- ]demain(?: (?:matin|midi|apres[- ]midi|soir))?/, -2],
	[/^demain(?: (?:matin|midi|apres[- ]midi|soir))?/, -1],
	[/^(?:avant[- ]hier)(?: (?:matin|midi|apres[- ]midi|soir))?/, 2],
	[/^hier(?: (?:matin|midi|apres[- ]midi|soir))?/, 1],
	[/^(?:aujourd'? ?hui|ce jour|ce matin|ce midi|cet apres[- ]midi|ce soir|cette nuit|la nuit derniere)/, 0],
];

const WEEKDAY = /^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\.? /;
const WEEKDAYS = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
/** A weekday alone ("samedi 14h", "ce samedi", "samedi prochain"): the next one, for a planned event. */
const NEXT_WEEKDAY = /^(?:ce |cette )?(dimanche|lundi|mardi|mercredi|jeudi|vendredi|samedi)(?: prochain)?(?= |$)/;

export interface DateOptions {
	/**
	 * The date may be ahead (a planned event): a date without its year is the nearest one, before
	 * or after the reference, and a weekday alone is the next one. Otherwise "22/11" read in early
	 * January means last November.
	 */
	future?: boolean;
}
const TIME = /^(\d{1,2}) ?(?:h|:) ?(\d{2})?(?: ?(?:min|mn))?(?::(\d{2}))?$/;

export type DateParse = { ok: true; ms: number; hasTime: boolean } | { ok: false; message: string };

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Reads a date of facts as French police write it — `22/11/2026 14h30`, `22/11/2026 à 14:30`,
 * `le 22 novembre à 14h`, `aujourd'hui 14h30`, `hier 23h10`, `demain 14h`, `14h30`, or ISO 8601 —
 * in Paris time (with `options.future`, also `samedi 14h`: the next Saturday).
 * Relative words and missing years are taken from `reference` (the email's date).
 */
export function parseFrenchDate(input: string, reference: number, options: DateOptions = {}): DateParse {
	const raw = input.trim();
	const fail = (): DateParse => ({
		ok: false,
		message: `Cannot read the date "${raw}"; write it like 22/11/2026 14h30 or aujourd'hui 14h30`,
	});
	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(raw);
	if (iso) {
		const [, y, mo, d, h, mi, s, zone] = iso;
		if (!validDate(+y, +mo, +d) || (h !== undefined && !validTime(+h, +mi))) return fail();
		if (zone) {
			const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
			return Number.isNaN(ms) ? fail() : { ok: true, ms, hasTime: true };
		}
		const ms = fromParisTime({ year: +y, month: +mo, day: +d, hour: +(h ?? 0), minute: +(mi ?? 0), second: +(s ?? 0) });
		return { ok: true, ms, hasTime: h !== undefined };
	}

	let text = fold(raw)
		.replace(/[.,;]+$/, '')
		.replace(/\b(?:environ|env\.?)$/, '')
		.replace(/^(?:le|la|vers|depuis|a|aux alentours de|dans la nuit du|nuit du|au cours de la nuit du)\s+/, '')
		.trim();
	let weekday = options.future ? NEXT_WEEKDAY.exec(text) : null;
	// "samedi 05/12" and "samedi 5 décembre" give their date; the weekday is only a label there.
	if (weekday && /^\d{1,2}(?:[/.-]\d|(?:er)? [a-z]{3,})/.test(text.slice(weekday[0].length).trim())) weekday = null;
	if (!weekday) text = text.replace(WEEKDAY, '');
	const today = parisTime(reference);
	let year = today.year;
	let month = today.month;
	let day = today.day;
	let explicitYear = true;
	let dayGiven = false;

	const relative = RELATIVE_DAYS.find(([pattern]) => pattern.test(text));
	if (weekday) {
		const ahead = (WEEKDAYS.indexOf(weekday[1]) - new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 7) % 7;
		const shifted = new Date(Date.UTC(year, month - 1, day, 12) + ahead * 86400000);
		year = shifted.getUTCFullYear();
		month = shifted.getUTCMonth() + 1;
		day = shifted.getUTCDate();
		text = text.slice(weekday[0].length).trim();
		dayGiven = true;
	} else if (relative) {
		const [pattern, back] = relative;
		text = text.replace(pattern, '').trim();
		const noonUtc = Date.UTC(year, month - 1, day, 12) - back * 86400000;
		const shifted = new Date(noonUtc);
		year = shifted.getUTCFullYear();
		month = shifted.getUTCMonth() + 1;
		day = shifted.getUTCDate();
		dayGiven = true;
	} else {
		const numeric = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?(?=$|[ ,]|[a-z])/.exec(text);
		const named = /^(\d{1,2})(?:er)? ([a-z]+)\.?(?: (\d{4}))?(?=$|[ ,])/.exec(text);
		if (numeric) {
			day = +numeric[1];
			month = +numeric[2];
			if (numeric[3]) year = numeric[3].length === 2 ? 2000 + +numeric[3] : +numeric[3];
			else explicitYear = false;
			text = text.slice(numeric[0].length).trim();
			dayGiven = true;
		} else if (named && MONTHS[named[2]] !== undefined) {
			day = +named[1];
			month = MONTHS[named[2]];
			if (named[3]) year = +named[3];
			else explicitYear = false;
			text = text.slice(named[0].length).trim();
			dayGiven = true;
		}
	}
	text = text
		.replace(/^[,-]\s*/, '')
		.replace(/^(?:a|vers|des|aux alentours de|entre)\s+/, '')
		.replace(/\s+(?:environ|env\.?)$/, '')
		.trim();

	let hour = 0;
	let minute = 0;
	let hasTime = false;
	if (text) {
		const time = TIME.exec(text);
		if (!time) return fail();
		hour = +time[1];
		minute = time[2] === undefined ? 0 : +time[2];
		hasTime = true;
	} else if (!dayGiven) {
		return fail();
	}
	if (!validDate(year, month, day) || !validTime(hour, minute)) return fail();
	let ms = fromParisTime({ year, month, day, hour, minute });
	if (!explicitYear && options.future) {
		// A planned event: the nearest 5/12, so "05/12" read on 30 December is not eleven months ago.
		const candidates = [year - 1, year, year + 1].filter((y) => validDate(y, month, day)).map((y) => fromParisTime({ year: y, month, day, hour, minute }));
		ms = candidates.reduce((best, candidate) => (Math.abs(candidate - reference) < Math.abs(best - reference) ? candidate : best), ms);
	} else if (!explicitYear && ms > reference + 24 * 3600000) {
		// "22/11" read in early January means last November, not next.
		ms = fromParisTime({ year: year - 1, month, day, hour, minute });
	}
	return { ok: true, ms, hasTime };
}

function validDate(year: number, month: number, day: number): boolean {
	return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function validTime(hour: number, minute: number): boolean {
	return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
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
