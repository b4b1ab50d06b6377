import { buildCapXml, capToken, isCapDateTime, type CapInfo, type CapValue } from '../cap';
import type { Incident } from '../incident/types';
import { incidentTypeLabel, type Severity } from '../incident/vocabulary';
import { capAreaOf } from './cap-area';
import type { Settings } from './checks';
import { TEMPLATES } from './templates';
import type { TextParts } from './text';

/** What the CAP document of a message is written from. */
export interface CapSource {
	incident: Incident;
	settings: Settings;
	/** The SMS parts: the CAP headline and instruction say the same. */
	parts: TextParts;
	/** The name at the head of the SMS: the CAP `senderName`. */
	label: string;
	alertId: string;
	messageId: string;
}

/** The CAP 1.2 document of a message, restricted to the scheme's members. */
export function capDocumentOf(source: CapSource): string {
	const { incident, settings } = source;
	return buildCapXml({
		identifier: source.messageId,
		sender: settings.capSender,
		sent: settings.sent,
		status: settings.status,
		msgType: settings.msgType,
		scope: 'Restricted',
		restriction: TEMPLATES.cap.restriction,
		references: settings.original?.references,
		incidents: incident.reference ? capToken(incident.reference) : undefined,
		info: [capInfoOf(source)],
	});
}

function capInfoOf({ incident, settings, parts, label, alertId }: CapSource): CapInfo {
	const typeTemplate = TEMPLATES.types[incident.type];
	return {
		language: 'fr-FR',
		categories: ['Security'],
		event: typeTemplate?.event ?? incidentTypeLabel(incident.type),
		// A planned event is expected, not yet observed: onset says when.
		urgency: parts.anticipated ? 'Expected' : 'Immediate',
		severity: (incident.severity as Severity | undefined) ?? typeTemplate?.severity ?? 'Unknown',
		certainty: parts.anticipated ? 'Likely' : 'Observed',
		audience: TEMPLATES.cap.audience,
		eventCodes: [{ valueName: 'alerte-commerces:type', value: incident.type }],
		onset: incident.occurredAt && isCapDateTime(incident.occurredAt) ? incident.occurredAt : undefined,
		senderName: label,
		headline: headlineOf(parts, settings.msgType === 'Cancel'),
		description: descriptionOf(incident),
		instruction: parts.instruction,
		parameters: parametersOf(incident, alertId),
		areas: [capAreaOf(incident)],
	};
}

function headlineOf(parts: TextParts, cancel: boolean): string {
	if (cancel) return `${TEMPLATES.cap.cancelHeadline} - ${parts.facts} ${parts.place}`;
	return `${parts.facts} ${parts.place}${parts.location ? ` (${parts.location})` : ''}`;
}

/** The description, then the suspects' description, uncut (the SMS may have dropped them). */
function descriptionOf(incident: Incident): string | undefined {
	const description = (incident.description ?? '').trim();
	return [description, incident.suspects ? `Signalement : ${incident.suspects}` : ''].filter(Boolean).join('\n') || undefined;
}

function parametersOf(incident: Incident, alertId: string): CapValue[] {
	const parameters: CapValue[] = [{ valueName: 'alerte-commerces:alertId', value: alertId }];
	if (incident.area) parameters.push({ valueName: 'alerte-commerces:perimetre', value: incident.area.level });
	if (incident.reference) parameters.push({ valueName: 'alerte-commerces:reference', value: incident.reference });
	return parameters;
}
