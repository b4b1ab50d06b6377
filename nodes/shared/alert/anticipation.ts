import type { Incident } from '../incident/types';
import { mayAnticipate } from '../incident/vocabulary';

/** Default future tolerance of validateIncident: an incident built by hand dated further ahead is a planned event. */
const FUTURE_TOLERANCE_MS = 30 * 60000;

/**
 * True when the alert warns of a planned event: as validateIncident decided, or, for an incident
 * built by hand, when its type may anticipate and its date is ahead of the sending time.
 */
export function isAnticipation(incident: Incident, sentMs: number): boolean {
	if (incident.anticipated !== undefined) return incident.anticipated && mayAnticipate(incident.type);
	const at = incident.occurredAt ? Date.parse(incident.occurredAt) : Number.NaN;
	return mayAnticipate(incident.type) && at > sentMs + FUTURE_TOLERANCE_MS;
}
