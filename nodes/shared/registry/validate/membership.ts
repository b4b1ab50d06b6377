import { quoted } from '../../text';
import { DATE_FORMS, normalizeDate, normalizeDateTime } from '../dates';
import type { Faults } from './faults';
import { text, type AdherentInput } from './input';

const DATE_FIELDS = ['memberSince', 'memberUntil', 'consentAt'] as const;

/** The membership's days and the moment of consent, normalised. */
export type MembershipDates = Partial<Record<(typeof DATE_FIELDS)[number], string>>;

/** Dates that exist in the calendar, and a membership that does not end before it starts. */
export function checkDates(row: AdherentInput, faults: Faults): MembershipDates {
	const dates: MembershipDates = {};
	for (const field of DATE_FIELDS) {
		const raw = text(row[field]);
		if (!raw || faults.has(field)) continue;
		// Consent is a moment (the sign-up form's time); membership is counted in days.
		const date = field === 'consentAt' ? normalizeDateTime(raw) : normalizeDate(raw);
		if (date) dates[field] = date;
		else faults.add(field, `${quoted(raw)} is not a date of the calendar: ${DATE_FORMS}`);
	}
	if (dates.memberSince && dates.memberUntil && dates.memberUntil < dates.memberSince) {
		faults.add('memberUntil', `membership ends (${dates.memberUntil}) before it starts (${dates.memberSince})`);
	}
	return dates;
}
