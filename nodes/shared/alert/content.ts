import type { Incident } from '../incident/types';
import { SMS_FIELD_LABELS, smsContentErrors, type IncidentError } from '../incident/validate';
import type { ComposeOptions } from './types';

/** Names and kinds are looked for part by part (a template's words are not names); links, numbers and plates also in the whole SMS. */
const WHOLE_TEXT_KINDS = ['link', 'ip', 'phone', 'plate'] as const;

/**
 * What the texts that reach the SMS carry that they may not: the same refusals validateIncident
 * gives, so an incident built by hand and passed straight to composeAlert is held to them too.
 */
export function contentErrors(incident: Incident, options: ComposeOptions, cancel: boolean): IncidentError[] {
	const errors: IncidentError[] = [];
	for (const field of Object.keys(SMS_FIELD_LABELS) as Array<keyof typeof SMS_FIELD_LABELS>) {
		const text = incident[field];
		if (typeof text === 'string' && text.trim()) errors.push(...smsContentErrors(field, SMS_FIELD_LABELS[field], text));
	}
	if (!incident.instruction && options.instruction) errors.push(...smsContentErrors('instruction', 'default instruction (option)', options.instruction));
	if (cancel && options.endNote) errors.push(...smsContentErrors('endNote', 'end-of-alert note', options.endNote));
	if (options.label) errors.push(...smsContentErrors('label', 'label (option)', options.label, WHOLE_TEXT_KINDS));
	return errors;
}

/** What the SMS as sent carries that it may not: the parts were checked one by one, in case they joined into something. */
export function wholeTextErrors(text: string): IncidentError[] {
	return smsContentErrors('text', 'SMS', text, WHOLE_TEXT_KINDS);
}
