/**
 * Dates of the register as people type them. `new Date('2026-02-30')` answers 2 March without a
 * word, so the calendar is checked here before any Date is made: an impossible day is refused.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
/** `2026-01-01T10:00`, seconds and fraction optional, `Z` or an offset (`+01:00`, `+0100`) optional. */
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The timestamp's parts when its calendar day, time and offset all exist; otherwise undefined. */
function timestampParts(value: string): { date: string } | undefined {
	const m = ISO_TIMESTAMP.exec(value);
	if (!m) return undefined;
	const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
	if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
	if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return undefined;
	return { date: `${m[1]}-${m[2]}-${m[3]}` };
}

/**
 * A day: `2026-11-22`, `22/11/2026`, `22-11-2026`, `22.11.2026` or an ISO timestamp (its date as
 * written) → `2026-11-22`; undefined when it is not a day of the calendar (`2026-02-30`).
 */
export function normalizeDate(value: string): string | undefined {
	const v = value.trim();
	const iso = ISO_DATE.exec(v);
	if (iso) return isCalendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3])) ? v : undefined;
	const fr = FRENCH_DATE.exec(v);
	if (fr) {
		const [day, month, year] = [fr[1], fr[2], fr[3]].map(Number);
		return isCalendarDate(year, month, day) ? `${fr[3]}-${pad(month, 2)}-${pad(day, 2)}` : undefined;
	}
	return timestampParts(v)?.date;
}

/**
 * A moment: an ISO timestamp → its UTC ISO form (`2026-01-01T10:00:00+01:00` →
 * `2026-01-01T09:00:00.000Z`; no offset means local time); a day alone → `YYYY-MM-DD` as
 * normalizeDate; undefined when the day or the time does not exist.
 */
export function normalizeDateTime(value: string): string | undefined {
	const v = value.trim();
	if (!timestampParts(v)) return normalizeDate(v);
	const at = new Date(v.replace(' ', 'T'));
	return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** The forms normalizeDate and normalizeDateTime accept, for messages that refuse a date. */
export const DATE_FORMS = 'use YYYY-MM-DD or DD/MM/YYYY (or an ISO 8601 timestamp) with a day that exists in that month';
