import { fromParisTime, parisTime } from './dates';
import { readDay, type DayRead } from './french-days';
import { fold } from './text';

export interface DateOptions {
	/**
	 * The date may be ahead (a planned event): a date without its year is the nearest one, before
	 * or after the reference, and a weekday alone is the next one. Otherwise "22/11" read in early
	 * January means last November.
	 */
	future?: boolean;
}

export type DateParse = { ok: true; ms: number; hasTime: boolean } | { ok: false; message: string };

type DateRead = Extract<DateParse, { ok: true }>;

interface TimeRead {
	hour: number;
	minute: number;
	hasTime: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TIME = /^(\d{1,2}) ?(?:h|:) ?(\d{2})?(?: ?(?:min|mn))?(?::(\d{2}))?$/;

/**
 * Reads a date of facts as French police write it — `22/11/2026 14h30`, `22/11/2026 à 14:30`,
 * `le 22 novembre à 14h`, `aujourd'hui 14h30`, `hier 23h10`, `demain 14h`, `14h30`, or ISO 8601 —
 * in Paris time (with `options.future`, also `samedi 14h`: the next Saturday).
 * Relative words and missing years are taken from `reference` (the email's date).
 */
export function parseFrenchDate(input: string, reference: number, options: DateOptions = {}): DateParse {
	const raw = input.trim();
	const iso = ISO.exec(raw);
	if (iso) return readIso(iso) ?? cannotRead(raw);
	const day = readDay(withoutFillers(fold(raw)), parisTime(reference), options.future === true);
	const time = readTime(day.rest);
	if (!time || (!time.hasTime && !day.given)) return cannotRead(raw);
	if (!validDate(day.year, day.month, day.day) || !validTime(time.hour, time.minute)) return cannotRead(raw);
	return { ok: true, ms: instantOfDay(day, time, reference, options.future === true), hasTime: time.hasTime };
}

function cannotRead(raw: string): DateParse {
	return { ok: false, message: `Cannot read the date "${raw}"; write it like 22/11/2026 14h30 or aujourd'hui 14h30` };
}

/** ISO 8601: with an offset, the instant it names; without, a time in Paris. Undefined when there is no such day or time. */
function readIso([, y, mo, d, h, mi, s, zone]: RegExpExecArray): DateRead | undefined {
	if (!validDate(+y, +mo, +d) || (h !== undefined && !validTime(+h, +mi))) return undefined;
	if (zone) {
		const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
		return Number.isNaN(ms) ? undefined : { ok: true, ms, hasTime: true };
	}
	const ms = fromParisTime({ year: +y, month: +mo, day: +d, hour: +(h ?? 0), minute: +(mi ?? 0), second: +(s ?? 0) });
	return { ok: true, ms, hasTime: h !== undefined };
}

/** The (folded) text without the words police put around a date: "le", "vers", "dans la nuit du", a closing "environ". */
function withoutFillers(text: string): string {
	return text
		.replace(/[.,;]+$/, '')
		.replace(/\b(?:environ|env\.?)$/, '')
		.replace(/^(?:le|la|vers|depuis|a|aux alentours de|dans la nuit du|nuit du|au cours de la nuit du)\s+/, '')
		.trim();
}

/** The time after the day ("à 14h30", "vers 9h environ"); midnight, without a time, when nothing follows; undefined when what follows is no time. */
function readTime(rest: string): TimeRead | undefined {
	const text = rest
		.replace(/^[,-]\s*/, '')
		.replace(/^(?:a|vers|des|aux alentours de|entre)\s+/, '')
		.replace(/\s+(?:environ|env\.?)$/, '')
		.trim();
	if (!text) return { hour: 0, minute: 0, hasTime: false };
	const time = TIME.exec(text);
	return time ? { hour: +time[1], minute: time[2] === undefined ? 0 : +time[2], hasTime: true } : undefined;
}

/** The instant of the day and time read; a date without its year takes the year that makes sense. */
function instantOfDay({ year, month, day, explicitYear }: DayRead, { hour, minute }: TimeRead, reference: number, future: boolean): number {
	const ms = fromParisTime({ year, month, day, hour, minute });
	if (explicitYear) return ms;
	if (future) {
		// A planned event: the nearest 5/12, so "05/12" read on 30 December is not eleven months ago.
		const candidates = [year - 1, year, year + 1].filter((y) => validDate(y, month, day)).map((y) => fromParisTime({ year: y, month, day, hour, minute }));
		return candidates.reduce((best, candidate) => (Math.abs(candidate - reference) < Math.abs(best - reference) ? candidate : best), ms);
	}
	// "22/11" read in early January means last November, not next.
	return ms > reference + 24 * 3600000 ? fromParisTime({ year: year - 1, month, day, hour, minute }) : ms;
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
	return year >= 2000 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function validTime(hour: number, minute: number): boolean {
	return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;
}
