import { isCapDateTime } from '../cap';
import { instantOf, toParisIso } from '../incident/dates';
import type { Incident } from '../incident/types';
import type { IncidentError } from '../incident/validate';
import { validateSenderId } from '../sms';
import { contentErrors } from './content';
import { capSenderOf, originalOf, type Original } from './references';
import type { Alert, AlertMsgType, ComposeOptions } from './types';

/** The options once checked, with their defaults: what the text and the CAP document are written from. */
export interface Settings {
	maxSegments: number;
	unicode: boolean;
	/** The SMS sender ID as the provider takes it, when one was given. */
	sender?: string;
	msgType: AlertMsgType;
	exercise: boolean;
	status: Alert['status'];
	capSender: string;
	/** For an update or an end of alert: the alert it belongs to. */
	original?: Original;
	sentMs: number;
	/** `sentMs` in Paris time, ISO 8601 with its offset. */
	sent: string;
}

export type Checked = { ok: true; settings: Settings } | { ok: false; errors: IncidentError[] };

/** Checks the options and the texts of the incident that reach the SMS; every refusal at once, in a fixed order. */
export function checkRequest(incident: Incident, options: ComposeOptions): Checked {
	const maxSegments = options.maxSegments ?? 2;
	const sender = senderCheck(options.sender);
	const msgType = options.msgType ?? 'Alert';
	const capSender = capSenderOf(incident, options.capSender);
	const original = msgType === 'Alert' ? undefined : originalOf(options.references, capSender);
	const errors = [...maxSegmentsErrors(maxSegments), ...sender.errors, ...referencesErrors(msgType, original)];
	errors.push(...contentErrors(incident, options, msgType === 'Cancel'));
	// validateIncident gives a readable date; an incident built by hand may not (it would fail the alert id).
	if (incident.occurredAt && Number.isNaN(Date.parse(incident.occurredAt))) {
		errors.push({ field: 'occurredAt', message: `Cannot read the date of the facts "${incident.occurredAt}": give it in ISO 8601, e.g. 2026-11-22T14:30:00+01:00` });
	}
	const sentMs = instantOf(options.sent) ?? Date.now();
	const sent = toParisIso(sentMs);
	if (!isCapDateTime(sent)) errors.push({ field: 'sent', message: `Cannot write the sending time ${sent}` });
	if (errors.length) return { ok: false, errors };
	const exercise = options.exercise === true;
	const status = exercise ? 'Exercise' : 'Actual';
	const settings: Settings = { maxSegments, unicode: options.unicode === true, sender: sender.senderId, msgType, exercise, status, capSender, original, sentMs, sent };
	return { ok: true, settings };
}

function maxSegmentsErrors(maxSegments: number): IncidentError[] {
	if (Number.isInteger(maxSegments) && maxSegments >= 1 && maxSegments <= 10) return [];
	return [{ field: 'maxSegments', message: `Max segments must be a whole number from 1 to 10 (got ${maxSegments})` }];
}

/** The sender ID as the provider takes it; a blank one is no sender. */
function senderCheck(sender: string | undefined): { senderId?: string; errors: IncidentError[] } {
	if (sender === undefined || sender.trim() === '') return { errors: [] };
	const check = validateSenderId(sender);
	return check.ok ? { senderId: check.senderId, errors: [] } : { errors: [{ field: 'sender', message: check.message }] };
}

function referencesErrors(msgType: AlertMsgType, original: Original | undefined): IncidentError[] {
	if (msgType === 'Alert' || original) return [];
	const what = msgType === 'Update' ? 'update' : 'end-of-alert (Cancel)';
	return [{ field: 'references', message: `An ${what} needs the original alert's id (AC-…) or CAP reference (sender,identifier,sent)` }];
}
