import { parisTime } from '../incident/dates';
import { fill, TEMPLATES } from './templates';

/** When the facts happened ("le 22/11 à 14h30") or, for a planned event, when it is expected ("samedi 05/12 dès 14h"). */
export function timeText(occurredAt: string | undefined, short: boolean, anticipated: boolean): string | undefined {
	if (!occurredAt) return undefined;
	const t = parisTime(Date.parse(occurredAt));
	const date = `${String(t.day).padStart(2, '0')}/${String(t.month).padStart(2, '0')}`;
	const dateOnly = t.hour === 0 && t.minute === 0;
	const hour = `${t.hour}h${t.minute ? String(t.minute).padStart(2, '0') : ''}`;
	const wording = anticipated ? TEMPLATES.anticipation : TEMPLATES;
	const template = short ? (dateOnly ? wording.timeShortDateOnly : wording.timeShort) : dateOnly ? wording.timeDateOnly : wording.time;
	const weekday = TEMPLATES.anticipation.weekdays[new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()];
	return fill(template, { date, hour, weekday });
}
