import type { Incident } from '../incident/types';
import type { IncidentError } from '../incident/validate';
import { smsInfo, type SmsInfo } from '../sms';
import { identifiersOf } from './alert-id';
import { capDocumentOf } from './cap-document';
import { checkRequest, type Settings } from './checks';
import { wholeTextErrors } from './content';
import { fitText } from './fit';
import { capReferenceOf } from './references';
import { labelOf, textPartsOf, type TextParts } from './text';
import type { Alert, ComposeOptions, ComposeResult } from './types';

/** Thrown by `composeAlert` when the incident cannot become an alert; `errors` says why. */
export class AlertRefusedError extends Error {
	constructor(readonly errors: IncidentError[]) {
		super(errors.map((e) => e.message).join('; '));
		this.name = 'AlertRefusedError';
	}
}

/**
 * Composes the SMS and CAP document of an incident, or returns why it cannot (never throws for bad input):
 * the checks, the SMS parts, the text fitted to the segments, the ids, then the CAP document.
 */
export function tryComposeAlert(incident: Incident, options: ComposeOptions = {}): ComposeResult {
	const checked = checkRequest(incident, options);
	if (!checked.ok) return checked;
	const { settings } = checked;
	const parts = textPartsOf(incident, options, settings);
	const sms = smsOf(parts, settings);
	if (!sms.ok) return sms;
	const { alertId, messageId } = identifiersOf(incident, settings);
	const cap = capDocumentOf({ incident, settings, parts, label: labelOf(options), alertId, messageId });
	const { msgType, status, sender, sent, capSender } = settings;
	const { text, encoding, segments, characters, units } = sms.info;
	const alert: Alert = {
		alertId, messageId, msgType, status, text, encoding, segments, characters, units,
		dropped: sms.dropped,
		...(sender ? { sender } : {}),
		sent,
		capReference: capReferenceOf(capSender, messageId, sent),
		cap,
	};
	return { ok: true, alert };
}

/** The SMS that fits the segments allowed, checked whole once its parts are joined. */
function smsOf(parts: TextParts, settings: Settings): { ok: true; info: SmsInfo; dropped: Alert['dropped'] } | { ok: false; errors: IncidentError[] } {
	const fitted = fitText(parts, settings.maxSegments, settings.unicode);
	if (!fitted.ok) return fitted;
	const info = smsInfo(fitted.text, { unicode: settings.unicode });
	// The parts were checked one by one; the SMS as sent is checked whole, in case parts joined into something.
	const whole = wholeTextErrors(info.text);
	return whole.length ? { ok: false, errors: whole } : { ok: true, info, dropped: fitted.dropped };
}

/** Composes the SMS and CAP document of an incident; throws AlertRefusedError when it cannot. */
export function composeAlert(incident: Incident, options: ComposeOptions = {}): Alert {
	const result = tryComposeAlert(incident, options);
	if (!result.ok) throw new AlertRefusedError(result.errors);
	return result.alert;
}
