import { createHash, timingSafeEqual } from 'node:crypto';
import { isInFrance, resolveCommune, type Commune } from '../geo';
import { findForbiddenContent, SMS_CONTENT_KINDS, type SmsContentKind } from '../sms/content';
import { instantOf, toParisIso } from './dates';
import { parseFrenchDate } from './french-date';
import { fold, quote } from './text';
import { INCIDENT_TYPES, isIncidentType, type Area, type AreaLevel, type Coordinates, type Incident, type IncidentType } from './types';
import { announcesPlannedEvent, incidentTypeLabel, matchAreaLevel, matchIncidentType, matchSeverity, mayAnticipate, SEVERITIES, type Severity } from './vocabulary';
import type { FieldError } from '../errors';

/** One reason a fiche was refused, or a remark on one that was accepted: the package's FieldError. */
export type IncidentError = FieldError;

export type IncidentResult =
	| { ok: true; incident: Incident; warnings: IncidentError[] }
	| { ok: false; errors: IncidentError[] };

/** Values of a fiche before validation: strings from an email or a form, or typed values from JSON. */
export interface RawIncident {
	type?: unknown;
	communes?: unknown;
	location?: unknown;
	coordinates?: unknown;
	area?: unknown;
	occurredAt?: unknown;
	description?: unknown;
	suspects?: unknown;
	instruction?: unknown;
	reference?: unknown;
	severity?: unknown;
	code?: unknown;
}

export interface ValidationOptions {
	/** Départements (codes `63`, `2A`, `971`…) communes must belong to; empty means all of France. */
	departements: string[];
	/** The clock, for the future-date check (default: now). */
	now?: Date | number | string;
	/** The instant relative dates (`aujourd'hui`, `hier`) and years are read from (default: `now`). */
	referenceTime?: number;
	/** When set, the input must carry this code (`Code : …`); it never reaches the incident. */
	sharedCode?: string;
	/** How far in the future a date of facts may be before it is refused (clocks drift), in minutes. Default 30. */
	futureToleranceMinutes?: number;
}

/** Longest description accepted: an alert is a few words, not a report. */
export const MAX_DESCRIPTION = 1000;
/** Longest location, suspects or instruction text accepted. */
export const MAX_SHORT_TEXT = 300;
/** How far ahead a planned event may be announced: further, the year is likely wrong, and members forget. */
export const MAX_ANTICIPATION_DAYS = 31;

/** The types that may be announced ahead, as the officer reads them ("Manifestation / troubles…"). */
const ANTICIPATING_LABELS = () =>
	INCIDENT_TYPES.filter(mayAnticipate)
		.map((t) => `"${incidentTypeLabel(t)}"`)
		.join(' or ') || 'no incident type';

/** What in `text` looks like a web address or a phone number, if anything (kept for callers of 0.1; see findForbiddenContent). */
export function findLinkOrPhone(text: string): { kind: 'url' | 'phone'; match: string } | undefined {
	const [found] = findForbiddenContent(text, ['link', 'ip', 'phone']);
	if (!found) return undefined;
	return { kind: found.kind === 'phone' ? 'phone' : 'url', match: found.match };
}

/** The fields of an incident that reach the SMS, as the officer knows them (the fiche's French keys). */
export const SMS_FIELD_LABELS = {
	description: 'description',
	location: 'place ("Lieu")',
	suspects: 'description of the suspects ("Signalement")',
	instruction: 'instruction ("Consigne")',
} as const;
export type SmsField = keyof typeof SMS_FIELD_LABELS;

/** Why each kind of content is refused, for the officer who wrote it: what to write instead. */
const CONTENT_REASONS: Record<SmsContentKind, (label: string, match: string) => string> = {
	link: (label, match) =>
		`The ${label} contains a web address (${match}); links are never sent to members (phishing risk). If it is not an address, put a space after the full stop`,
	ip: (label, match) => `The ${label} contains an IP address (${match}); web addresses are never sent to members (phishing risk)`,
	phone: (label, match) =>
		`The ${label} contains a phone number (${match}); numbers to call are never sent to members (phishing risk). Emergency numbers such as 17 are fine`,
	person: (label, match) =>
		`The ${label} names a person (${match}); the SMS must never name the victim or anyone else. Write "un commerçant", "une cliente", "un individu" instead`,
	business: (label, match) =>
		`The ${label} names a business (${match}); the SMS must never name the victim. Give only its kind and area: "une bijouterie", "un tabac du centre-ville"`,
	plate: (label, match) =>
		`The ${label} contains a licence plate (${match}); plates are never sent to members (CNIL). Describe the vehicle without it: "Clio blanche"`,
};

/**
 * Refusals for what `text` carries that an SMS may not (links, numbers, names, plates), read as
 * the member will receive it; `label` names the field for the officer ("place (\"Lieu\")").
 */
export function smsContentErrors(field: string, label: string, text: string, kinds: readonly SmsContentKind[] = SMS_CONTENT_KINDS): IncidentError[] {
	return findForbiddenContent(text, kinds).map(({ kind, match }) => ({ field, message: CONTENT_REASONS[kind](label, quote(match, 40)) }));
}


/** A value as trimmed text: strings as they are, numbers written out, anything else ignored. */
function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() || undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Equal codes compare in constant time, so a wrong code tells nothing about the right one. */
function sameCode(given: string, expected: string): boolean {
	const digest = (s: string) => createHash('sha256').update(s.trim()).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

const COMMUNE_TOKEN_INSEE = /^(?:\d{5}|2[AB]\d{3})$/i;

/** One commune as written: `Issoire`, `63178`, `63000 Clermont-Ferrand`, `Clermont-Ferrand (63000)`, `Riom (63)`. */
function resolveOne(token: string, departements: string[], inseeFirst = false): { commune?: Commune; error?: IncidentError } {
	const text = token.trim();
	const fail = (message: string, candidates: Commune[] = []): { error: IncidentError } => ({
		error: {
			field: 'communes',
			message,
			...(candidates.length ? { candidates: candidates.map((c) => ({ code: c.code, name: c.name })) } : {}),
		},
	});
	if (COMMUNE_TOKEN_INSEE.test(text)) {
		// Five digits are an INSEE code or a postal code; both readings must agree.
		const byCode = resolveCommune({ code: text.toUpperCase() }, departements);
		// A JSON list of codes is the Incident's own form: INSEE codes, never postal codes.
		if (inseeFirst && byCode.ok) return { commune: byCode.commune };
		const byPostal = /^\d{5}$/.test(text) ? resolveCommune({ postalCode: text }, departements) : undefined;
		const found = [byCode, byPostal].flatMap((r) => (r?.ok ? [r.commune] : r?.reason === 'ambiguous' ? r.candidates : []));
		const distinct = [...new Map(found.map((c) => [c.code, c])).values()];
		if (distinct.length === 1) return { commune: distinct[0] };
		if (distinct.length > 1) {
			if (!byCode.ok && byPostal && !byPostal.ok) return fail(byPostal.message, byPostal.candidates);
			return fail(`"${text}" may be an INSEE code or a postal code: ${distinct.slice(0, 10).map((c) => `${c.name} (${c.code})`).join(', ')}; write the commune's name`, distinct);
		}
		if (!byCode.ok && byCode.reason === 'outside') return fail(byCode.message, byCode.candidates);
		return fail(`"${text}" is neither the INSEE code nor the postal code of a commune${departements.length ? ` of département ${departements.join(', ')}` : ''}`);
	}
	let name = text;
	let postalCode: string | undefined;
	let scope = departements;
	const leading = /^(\d{5})\s+(.+)$/.exec(name);
	const trailing = /^(.+?)\s*[([]?\s*(\d{5})\s*[)\]]?$/.exec(name);
	if (leading) [, postalCode, name] = leading;
	else if (trailing) [, name, postalCode] = trailing;
	const departementHint = /^(.+?)\s*\((\d{2,3}|2[AB])\)$/i.exec(name);
	if (departementHint) {
		name = departementHint[1];
		const hint = departementHint[2].toUpperCase();
		if (departements.length && !departements.includes(hint)) {
			return fail(`${quote(text)} is in département ${hint}, outside département ${departements.join(', ')}`);
		}
		scope = [hint];
	}
	const result = resolveCommune({ name, postalCode }, scope);
	if (result.ok) return { commune: result.commune };
	return fail(result.message, result.candidates);
}

function readCommunes(value: unknown, departements: string[], errors: IncidentError[]): string[] {
	const tokens = (Array.isArray(value) ? value : [value])
		.flatMap((v) => (typeof v === 'string' ? v.split(/[;,\n]| et (?=[A-Z0-9])/) : typeof v === 'number' ? [String(v)] : []))
		.map((t) => t.trim())
		.filter(Boolean);
	const codes: string[] = [];
	for (const token of tokens) {
		const { commune, error } = resolveOne(token, departements, Array.isArray(value));
		if (error) errors.push(error);
		else if (commune && !codes.includes(commune.code)) codes.push(commune.code);
	}
	return codes;
}

function readType(value: unknown, errors: IncidentError[]): IncidentType | undefined {
	if (isIncidentType(value)) return value;
	const text = asText(value);
	if (!text) {
		errors.push({ field: 'type', message: 'The incident type is missing (line "Type : …", e.g. "Type : faux billets")' });
		return undefined;
	}
	const match = matchIncidentType(text);
	if (match.ok) return match.value;
	errors.push({
		field: 'type',
		message: match.candidates.length
			? `The type ${quote(text)} could mean ${match.candidates.map((t) => `"${incidentTypeLabel(t)}"`).join(' or ')}; name one`
			: `The type ${quote(text)} is not a known incident type (known: ${INCIDENT_TYPES.map(incidentTypeLabel).join('; ')})`,
	});
	return undefined;
}

function readCoordinates(value: unknown, errors: IncidentError[]): Coordinates | undefined {
	let lat: number | undefined;
	let lon: number | undefined;
	if (Array.isArray(value) && value.length === 2) [lat, lon] = value.map(Number);
	else if (value && typeof value === 'object') {
		const object = value as Record<string, unknown>;
		lat = Number(object.lat ?? object.latitude);
		lon = Number(object.lon ?? object.lng ?? object.longitude);
	} else {
		const text = asText(value);
		if (!text) return undefined;
		const match = /^\s*(?:lat\w*\s*[:=]?\s*)?(-?\d{1,3}(?:[.,]\d+)?)\s*°?\s*[NS]?\s*(?:[,;/]|\s)\s*(?:lon\w*\s*[:=]?\s*)?(-?\d{1,3}(?:[.,]\d+)?)\s*°?\s*[EOW]?\s*$/i.exec(text);
		if (!match) {
			errors.push({ field: 'coordinates', message: `Cannot read the coordinates ${quote(text)}; write them as "45.7772, 3.0819" (latitude, longitude)` });
			return undefined;
		}
		lat = Number(match[1].replace(',', '.'));
		lon = Number(match[2].replace(',', '.'));
	}
	if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
		errors.push({ field: 'coordinates', message: 'The coordinates need a latitude and a longitude' });
		return undefined;
	}
	if (!isInFrance(lat, lon)) {
		errors.push({ field: 'coordinates', message: `The coordinates ${lat}, ${lon} are not in France (latitude first, then longitude)` });
		return undefined;
	}
	return { lat, lon };
}

const AREA_LEVELS: readonly AreaLevel[] = ['commune', 'epci', 'arrondissement', 'departement', 'radius', 'zones'];

function readArea(value: unknown, errors: IncidentError[]): Area | undefined {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const object = value as Record<string, unknown>;
		if (typeof object.level === 'string' && (AREA_LEVELS as readonly string[]).includes(object.level)) {
			const area: Area = { level: object.level as AreaLevel };
			if (area.level === 'radius') {
				const radius = Number(object.radiusKm);
				if (!(radius > 0 && radius <= 100)) {
					errors.push({ field: 'area', message: 'A radius perimeter needs radiusKm between 0 and 100' });
					return undefined;
				}
				area.radiusKm = radius;
			}
			if (area.level === 'zones') {
				const zones = Array.isArray(object.zones) ? object.zones.filter((z): z is string => typeof z === 'string' && z.trim() !== '') : [];
				if (!zones.length) {
					errors.push({ field: 'area', message: 'A zones perimeter needs the names of the zones' });
					return undefined;
				}
				area.zones = zones.map((z) => z.trim());
			}
			return area;
		}
		errors.push({ field: 'area', message: `The perimeter level must be one of ${AREA_LEVELS.join(', ')}` });
		return undefined;
	}
	const text = asText(value);
	if (!text) return undefined;
	const folded = fold(text);
	const radius = /^(?:(?:un |dans un )?rayon(?: de)?\s*)?(\d+(?:[.,]\d+)?)\s*(km|kilometres?|m|metres?)\b/.exec(folded);
	if (radius) {
		const amount = Number(radius[1].replace(',', '.'));
		const km = radius[2].startsWith('k') ? amount : amount / 1000;
		if (!(km > 0 && km <= 100)) {
			errors.push({ field: 'area', message: `The radius ${quote(text)} must be more than 0 and at most 100 km` });
			return undefined;
		}
		return { level: 'radius', radiusKm: km };
	}
	const zone = /^(?:zones?|secteurs?)\s*[:]?\s+(.+)$/i.exec(text);
	if (zone) {
		const zones = zone[1].split(/[;,]/).map((z) => z.trim()).filter(Boolean);
		if (zones.length) return { level: 'zones', zones };
	}
	const level = matchAreaLevel(text);
	if (level) return { level };
	errors.push({
		field: 'area',
		message: `The perimeter ${quote(text)} is not understood; write commune, agglomération, arrondissement, département, "rayon 2 km" or "zone <nom>"`,
	});
	return undefined;
}

function readSeverity(value: unknown, warnings: IncidentError[]): Severity | undefined {
	if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) return value as Severity;
	const text = asText(value);
	if (!text) return undefined;
	const severity = matchSeverity(text);
	if (!severity) {
		warnings.push({ field: 'severity', message: `The gravity ${quote(text)} is not understood and was ignored (use faible, modérée, grave or extrême)` });
	}
	return severity;
}

/** Checks a text meant for the SMS: its length, then nothing it may not carry (see smsContentErrors). */
function readSmsText(field: SmsField, value: unknown, max: number, errors: IncidentError[]): string | undefined {
	const label = SMS_FIELD_LABELS[field];
	const text = asText(value);
	if (!text) return undefined;
	if (text.length > max) {
		// Refused for its length: not searched further, so an oversized field costs nothing more.
		errors.push({ field, message: `The ${label} has ${text.length} characters; at most ${max} are accepted` });
		return text;
	}
	errors.push(...smsContentErrors(field, label, text));
	return text;
}

/**
 * Validates the fields of a fiche (from an email, a form or JSON) into an Incident, or lists
 * every reason it cannot be one. Shared by every way an incident comes in.
 */
export function validateIncident(raw: RawIncident, issuer: string, options: ValidationOptions): IncidentResult {
	const errors: IncidentError[] = [];
	const warnings: IncidentError[] = [];
	const now = instantOf(options.now) ?? Date.now();
	const referenceTime = options.referenceTime ?? now;

	if (options.sharedCode) {
		const code = asText(raw.code);
		// Never quote the code: refusals are shown to people who must not learn it.
		if (!code) errors.push({ field: 'code', message: 'The shared code is missing (line "Code : …")' });
		else if (!sameCode(code, options.sharedCode)) errors.push({ field: 'code', message: 'The shared code is wrong' });
	}

	const type = readType(raw.type, errors);
	const communesGiven = Array.isArray(raw.communes) ? raw.communes.length > 0 : asText(raw.communes) !== undefined;
	const communes = communesGiven ? readCommunes(raw.communes, options.departements, errors) : [];
	if (!communesGiven) {
		errors.push({ field: 'communes', message: 'The commune is missing (line "Commune : …", a name, an INSEE code or a postal code and a name)' });
	}

	const coordinates = raw.coordinates === undefined ? undefined : readCoordinates(raw.coordinates, errors);
	const area = raw.area === undefined ? undefined : readArea(raw.area, errors);
	if (area?.level === 'radius' && !coordinates && raw.coordinates === undefined) {
		errors.push({ field: 'area', message: 'A perimeter "rayon" needs the coordinates of the place (line "Coordonnées : 45.7772, 3.0819")' });
	}

	const anticipable = type !== undefined && mayAnticipate(type);
	const planned = anticipable && announcesPlannedEvent([raw.type, raw.description, raw.location, raw.instruction].map((v) => asText(v) ?? '').join(' '));
	let occurredAt: string | undefined;
	let anticipated = planned;
	const dateText = raw.occurredAt instanceof Date ? raw.occurredAt.toISOString() : asText(raw.occurredAt);
	if (dateText) {
		const date = parseFrenchDate(dateText, referenceTime, { future: anticipable });
		if (!date.ok) errors.push({ field: 'occurredAt', message: date.message });
		else {
			const tolerance = (options.futureToleranceMinutes ?? 30) * 60000;
			// A planned event is announced by its date or by its words; facts that already happened keep the tolerance.
			anticipated = anticipable && (date.ms > now + tolerance || (planned && date.ms > now));
			if (anticipated && date.ms > now + MAX_ANTICIPATION_DAYS * 86400000) {
				errors.push({
					field: 'occurredAt',
					message: `The planned event of ${quote(dateText)} (${toParisIso(date.ms)}) is more than ${MAX_ANTICIPATION_DAYS} days ahead; send the alert closer to the date, or check the year`,
				});
			} else if (!anticipated && date.ms > now + tolerance) {
				errors.push({
					field: 'occurredAt',
					message: `The date of the facts ${quote(dateText)} (${toParisIso(date.ms)}) is in the future; only ${ANTICIPATING_LABELS()} may be announced ahead`,
				});
			} else if (date.ms < now - 7 * 86400000) {
				warnings.push({ field: 'occurredAt', message: `The facts of ${quote(dateText)} are more than a week old` });
			}
			occurredAt = toParisIso(date.ms);
		}
	}

	const description = readSmsText('description', raw.description, MAX_DESCRIPTION, errors) ?? '';
	const location = readSmsText('location', raw.location, MAX_SHORT_TEXT, errors);
	const suspects = readSmsText('suspects', raw.suspects, MAX_SHORT_TEXT, errors);
	const instruction = readSmsText('instruction', raw.instruction, MAX_SHORT_TEXT, errors);
	const reference = asText(raw.reference);
	const severity = readSeverity(raw.severity, warnings);

	if (options.sharedCode) {
		const secret = options.sharedCode.trim();
		const leaks = [description, location, suspects, instruction].some((text) => text && secret && text.includes(secret));
		if (leaks) errors.push({ field: 'code', message: 'The shared code appears in the text meant for the SMS; remove it from the fiche' });
	}

	if (errors.length || !type || communes.length === 0) {
		return { ok: false, errors: errors.length ? errors : [{ field: 'communes', message: 'No commune could be resolved' }] };
	}
	const incident: Incident = { type, communes, description, issuer };
	if (area) incident.area = area;
	if (location) incident.location = location;
	if (coordinates) incident.coordinates = coordinates;
	if (occurredAt) incident.occurredAt = occurredAt;
	if (anticipated) incident.anticipated = true;
	if (suspects) incident.suspects = suspects;
	if (instruction) incident.instruction = instruction;
	if (reference) incident.reference = reference;
	if (severity) incident.severity = severity;
	return { ok: true, incident, warnings };
}
