import { communeByCode } from '../geo';
import type { Incident } from '../incident';
import type { TargetingFacts } from './types';

/** The facts rule conditions may use, with what they hold (for error messages and docs). */
export const FACTS: Record<keyof TargetingFacts, string> = {
	type: 'incident type id, e.g. "fausse_monnaie"',
	communes: 'INSEE codes of the incident communes',
	departement: 'département code of the incident, e.g. "63"',
	departements: 'département codes of all incident communes',
	epcis: 'SIREN codes of the EPCI (agglomérations) of the incident communes',
	arrondissements: 'arrondissement codes of the incident communes',
	hour: 'hour of the facts, 0–23, Paris time',
	weekday: 'day of the facts, 1 = Monday … 7 = Sunday, Paris time',
	requestedArea: 'the perimeter the police asked for, e.g. { "level": "epci" }',
	severity: 'severity given by the police, if any',
	hasCoordinates: 'true when the incident has coordinates',
};

const PARIS = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/Paris',
	hour: 'numeric',
	hourCycle: 'h23',
	weekday: 'short',
});

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Hour and ISO weekday of an instant, in Europe/Paris. */
export function parisClock(at: Date): { hour: number; weekday: number } {
	const parts = PARIS.formatToParts(at);
	const value = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return { hour: Number(value('hour')), weekday: WEEKDAYS[value('weekday')] ?? 0 };
}

function unique(values: Array<string | undefined>): string[] {
	return [...new Set(values.filter((v): v is string => Boolean(v)))];
}

/** The facts of an incident, as the rule conditions see them. */
export function incidentFacts(incident: Incident, now: Date = new Date()): TargetingFacts {
	const communes = incident.communes.map((code) => communeByCode(code));
	const occurred = incident.occurredAt ? new Date(incident.occurredAt) : now;
	const clock = parisClock(Number.isNaN(occurred.getTime()) ? now : occurred);
	const departements = unique(communes.map((c) => c?.departement));
	return {
		type: incident.type,
		communes: unique(incident.communes.map((code, i) => communes[i]?.code ?? code.trim())),
		departement: departements[0],
		departements,
		epcis: unique(communes.map((c) => c?.epci)),
		arrondissements: unique(communes.map((c) => c?.arrondissement)),
		hour: clock.hour,
		weekday: clock.weekday,
		requestedArea: incident.area,
		severity: incident.severity,
		hasCoordinates: Boolean(incident.coordinates),
	};
}
