import type { LocalTime } from './dates';

/** The day a date starts with, and the text after it. */
export interface DayRead {
	year: number;
	month: number;
	day: number;
	/** False when the year was not written: the caller decides which year is meant. */
	explicitYear: boolean;
	/** False when the text names no day (a time alone): the reference day. */
	given: boolean;
	rest: string;
}

type DayReader = (text: string, today: LocalTime) => DayRead | undefined;

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
const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?(?=$|[ ,]|[a-z])/;
const NAMED_DATE = /^(\d{1,2})(?:er)? ([a-z]+)\.?(?: (\d{4}))?(?=$|[ ,])/;

/** "samedi 14h", "ce samedi": the next such weekday (today included); not when a date follows the weekday. */
const nextWeekday: DayReader = (text, today) => {
	const weekday = NEXT_WEEKDAY.exec(text);
	if (!weekday) return undefined;
	const rest = text.slice(weekday[0].length).trim();
	// "samedi 05/12" and "samedi 5 décembre" give their date; the weekday is only a label there.
	if (/^\d{1,2}(?:[/.-]\d|(?:er)? [a-z]{3,})/.test(rest)) return undefined;
	const ahead = (WEEKDAYS.indexOf(weekday[1]) - new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 7) % 7;
	return { ...daysAfter(today, ahead), explicitYear: true, given: true, rest };
};

/** "hier", "ce matin", "après-demain soir": a day counted from the reference day. */
const relativeDay: DayReader = (text, today) => {
	const relative = RELATIVE_DAYS.find(([pattern]) => pattern.test(text));
	if (!relative) return undefined;
	const [pattern, back] = relative;
	return { ...daysAfter(today, -back), explicitYear: true, given: true, rest: text.replace(pattern, '').trim() };
};

/** "22/11/2026", "22.11.26", "22-11": day and month in digits, the year optional. */
const numericDate: DayReader = (text, today) => {
	const numeric = NUMERIC_DATE.exec(text);
	if (!numeric) return undefined;
	const [read, day, month, year] = numeric;
	const written = year ? (year.length === 2 ? 2000 + +year : +year) : undefined;
	return { day: +day, month: +month, ...yearOf(written, today), given: true, rest: text.slice(read.length).trim() };
};

/** "22 novembre 2026", "1er dec.": the month by its name or abbreviation, the year optional. */
const namedDate: DayReader = (text, today) => {
	const named = NAMED_DATE.exec(text);
	if (!named || MONTHS[named[2]] === undefined) return undefined;
	const [read, day, month, year] = named;
	return { day: +day, month: MONTHS[month], ...yearOf(year ? +year : undefined, today), given: true, rest: text.slice(read.length).trim() };
};

/** The readers of a written day, tried in order on the text without its weekday label. */
const DAY_READERS: DayReader[] = [relativeDay, numericDate, namedDate];

/**
 * The day a (folded) date starts with, and what follows it: for a planned event, a weekday alone
 * is the next one; otherwise a weekday is only a label, and the first reader that knows the day
 * gives it. A text that names no day means the reference day.
 */
export function readDay(text: string, today: LocalTime, future: boolean): DayRead {
	const weekday = future ? nextWeekday(text, today) : undefined;
	if (weekday) return weekday;
	const dated = text.replace(WEEKDAY, '');
	for (const reader of DAY_READERS) {
		const read = reader(dated, today);
		if (read) return read;
	}
	return { year: today.year, month: today.month, day: today.day, explicitYear: true, given: false, rest: dated };
}

/** The calendar day `days` after `today` (before it when negative), counted from noon so no clock change shifts it. */
function daysAfter(today: LocalTime, days: number): Pick<DayRead, 'year' | 'month' | 'day'> {
	const shifted = new Date(Date.UTC(today.year, today.month - 1, today.day, 12) + days * 86400000);
	return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** The year written, or the reference's, marked as not written. */
function yearOf(written: number | undefined, today: LocalTime): Pick<DayRead, 'year' | 'explicitYear'> {
	return written === undefined ? { year: today.year, explicitYear: false } : { year: written, explicitYear: true };
}
