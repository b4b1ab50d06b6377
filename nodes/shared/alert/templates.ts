import type { IncidentType } from '../incident/types';
import type { Severity } from '../incident/vocabulary';

/** The shape of rules/templates.json: the SMS wording, editable without code. */
export interface Templates {
	label: string;
	instruction: string;
	sms: string;
	parts: Record<'prefix' | 'exercise' | 'update' | 'location' | 'time' | 'description' | 'suspects' | 'instruction', string>;
	cancel: { sms: string; instruction: string };
	place: string;
	placeJoin: { separator: string; last: string };
	elisions: Array<[string, string]>;
	time: string;
	timeDateOnly: string;
	timeShort: string;
	timeShortDateOnly: string;
	/** An alert that warns of a planned event: its facts and when it is expected. */
	anticipation: {
		facts: string;
		time: string;
		timeDateOnly: string;
		timeShort: string;
		timeShortDateOnly: string;
		/** Sunday first, as Date.getUTCDay counts. */
		weekdays: string[];
	};
	ellipsis: string;
	abbreviations: Record<string, string>;
	cap: { restriction: string; audience: string; senderName: string; cancelHeadline: string };
	types: Record<IncidentType, { facts: string; severity: Severity; event?: string; sms?: string; anticipation?: { facts: string } }>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const TEMPLATES = require('../../../rules/templates.json') as Templates;

/** `template` with each `{name}` replaced by `values[name]` (missing names become empty). */
export function fill(template: string, values: Record<string, string | undefined>): string {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

/** A wrapper part (`" ({location})"`) filled with its value, or nothing when the value is empty. */
export function part(template: string, name: string, value: string | undefined): string {
	return value ? fill(template, { [name]: value }) : '';
}
