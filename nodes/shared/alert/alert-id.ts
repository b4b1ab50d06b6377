import { createHash } from 'node:crypto';
import { fold } from '../incident/text';
import type { Incident } from '../incident/types';
import { messageIdOf } from './message-id';
import type { Original } from './references';
import type { AlertMsgType } from './types';

const norm = (text: string | undefined) => (text ? fold(text).replace(/[^a-z0-9]+/g, ' ').trim() : '');

/**
 * The alert id of an incident: a hash of its normalised content (case, accents, spacing and
 * punctuation ignored, communes sorted), so a re-delivered or re-formatted fiche gives the same id.
 * The issuer is left out: the same fiche forwarded by a second allowed sender is the same alert.
 */
export function alertIdOf(incident: Incident, options: { exercise?: boolean } = {}): string {
	const content = [
		incident.type,
		[...incident.communes].sort().join(','),
		incident.area ? `${incident.area.level}:${incident.area.radiusKm ?? ''}:${(incident.area.zones ?? []).map(norm).join(',')}` : '',
		norm(incident.location),
		incident.coordinates ? `${incident.coordinates.lat.toFixed(5)},${incident.coordinates.lon.toFixed(5)}` : '',
		incident.occurredAt ? new Date(incident.occurredAt).toISOString() : '',
		norm(incident.description),
		norm(incident.suspects),
		norm(incident.instruction),
		norm(incident.reference),
	].join('|');
	const hash = createHash('sha256').update(content).digest('hex').slice(0, 16).toUpperCase();
	return `${options.exercise ? 'EX' : 'AC'}-${hash}`;
}

/** The ids of a message: its alert's (the original's, for an update or an end of alert) and its own. */
export function identifiersOf(
	incident: Incident,
	message: { exercise: boolean; msgType: AlertMsgType; original?: Original },
): { alertId: string; messageId: string } {
	const own = alertIdOf(incident, { exercise: message.exercise });
	const alertId = message.original?.alertId ?? own;
	return { alertId, messageId: messageIdOf(alertId, message.msgType, own) };
}
