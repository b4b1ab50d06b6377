import { capToken } from '../cap';
import type { Incident } from '../incident/types';
import { alertIdOfMessage } from './message-id';

/** The alert an update or an end of alert belongs to: its id, and the CAP `references` that name it. */
export interface Original {
	alertId: string;
	references: string;
}

/** The CAP `sender`: the option, else the incident's issuer when it is an address, else `alerte-commerces`. */
export function capSenderOf(incident: Incident, capSender: string | undefined): string {
	return capToken(capSender ?? (/^[^@\s]+@[^@\s]+$/.test(incident.issuer) ? incident.issuer : 'alerte-commerces'));
}

/**
 * The original alert named by the `references` option, an alert id (`AC-…`) or CAP references
 * (`sender,identifier,sent …`); undefined when it names none.
 */
export function originalOf(references: string | undefined, capSender: string): Original | undefined {
	const value = references?.trim();
	if (!value) return undefined;
	if (value.includes(',')) {
		const first = value.split(/\s+/)[0].split(',');
		if (first.length !== 3 || !first[1]) return undefined;
		return { alertId: alertIdOfMessage(first[1]), references: value };
	}
	const alertId = capToken(value);
	return { alertId, references: `${capToken(capSender)},${alertId}` };
}

/** `sender,identifier,sent`: how a later message's CAP `references` names this one. */
export function capReferenceOf(capSender: string, messageId: string, sent: string): string {
	return `${capSender},${capToken(messageId)},${sent}`;
}
