/** Incident type ids (see rules/incident-types.json for their French labels). */
export const INCIDENT_TYPES = [
	'cambriolage',
	'vol_main_armee',
	'vol_etalage',
	'vol_vehicule_materiel',
	'vol_marchandises',
	'vol_ruse',
	'demarchage_frauduleux',
	'fausse_monnaie',
	'cheque_vole',
	'escroquerie',
	'agression',
	'troubles_ordre_public',
] as const;

export type IncidentType = (typeof INCIDENT_TYPES)[number];

export type AreaLevel = 'commune' | 'epci' | 'arrondissement' | 'departement' | 'radius' | 'zones';

/** A perimeter: the one the police asked for, or the one a rule decides. */
export interface Area {
	level: AreaLevel;
	radiusKm?: number;
	zones?: string[];
}

export interface Coordinates {
	lat: number;
	lon: number;
}

/** A verified incident reported by the police or gendarmerie: what an alert is made from. */
export interface Incident {
	type: IncidentType;
	/** INSEE codes of the communes concerned (resolved, never postal codes). */
	communes: string[];
	/** The perimeter the police asked for, if any. */
	area?: Area;
	/** Street or quarter. */
	location?: string;
	coordinates?: Coordinates;
	/** ISO 8601 with offset (Europe/Paris); for an anticipated event, when it is expected to start. */
	occurredAt?: string;
	/** A planned event warned of ahead (a demonstration announced for Saturday): CAP urgency Expected. */
	anticipated?: boolean;
	description: string;
	suspects?: string;
	instruction?: string;
	reference?: string;
	/** Who reported it: the sender address or the operator's name. */
	issuer: string;
	severity?: string;
}

/** True when `value` is one of the incident type ids. */
export function isIncidentType(value: unknown): value is IncidentType {
	return typeof value === 'string' && (INCIDENT_TYPES as readonly string[]).includes(value);
}

/**
 * An email's headers by lower-case name, as n8n's Email Trigger and mailparser give them: a string,
 * or an array of strings (top of the message first) for a header that appears more than once.
 * A `Map` (mailparser's `headers`) and a list of `{ key, line }` (mailparser's `headerLines`) are read too.
 */
export type MailHeaders = Record<string, string | string[]>;
