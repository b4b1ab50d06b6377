import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { communeByCode, isInFrance, resolveCommune } from '../geo';
import { isProfession, nafNomenclature, normalizeNaf, professionsForNaf, type NafNomenclature } from '../naf';
import { maskPhone, maskPhoneInput, normalizeMobile } from '../phone';
import { quoted } from '../text';
import { normalizeDate, normalizeDateTime } from './dates';
import { checkSiret } from './siret';
import { ADHERENT_STATUSES, type Adherent, type AdherentStatus, type AdherentValidation, type FieldError, type OptOut } from './types';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require('../../../rules/adherent.schema.json') as object;

export { normalizeDate, normalizeDateTime } from './dates';

/** What validateAdherent accepts: the Adherent fields, loosely typed as people type them. */
export type AdherentInput = Record<string, unknown>;

let compiled: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
	if (!compiled) {
		const ajv = new Ajv({ allErrors: true, strict: false });
		addFormats(ajv, ['email']);
		compiled = ajv.compile(SCHEMA);
	}
	return compiled;
}

/** Fields that hold phone numbers: their values are masked in messages. */
const PHONE_FIELDS = new Set(['phones', 'optOuts']);

/** Bounds of the list fields, read once from the schema's array form; they also bound the `a; b` form. */
const LIST_LIMITS = listLimits(SCHEMA, ['phones', 'zones', 'professions']);

function listLimits(schema: object, fields: string[]): Record<string, { maxItems: number; maxLength?: number }> {
	type Branch = { type?: unknown; maxItems?: number; items?: { maxLength?: number } };
	const properties = (schema as { properties: Record<string, { anyOf?: Branch[] }> }).properties;
	return Object.fromEntries(
		fields.map((field) => {
			const array = properties[field].anyOf?.find((b) => b.type === 'array');
			if (array?.maxItems === undefined) throw new Error(`rules/adherent.schema.json: ${field} needs an array form with maxItems`);
			return [field, { maxItems: array.maxItems, maxLength: array.items?.maxLength }];
		}),
	);
}

function fieldOf(error: ErrorObject): string {
	const path = error.instancePath.replace(/^\//, '').split('/')[0];
	if (error.keyword === 'required' && !path) return String((error.params as { missingProperty: string }).missingProperty);
	return path || '(row)';
}

/** The value an error is about, from the row (errors are rare: no need for ajv's verbose mode). */
function valueAt(row: AdherentInput, instancePath: string): unknown {
	let value: unknown = row;
	for (const key of instancePath.split('/').slice(1)) value = (value as Record<string, unknown> | undefined)?.[key];
	return value;
}

/** An input in a message: cut if long, masked if it may be a phone number. */
function shown(field: string, value: unknown): string {
	const text = String(value ?? '');
	return PHONE_FIELDS.has(field) ? `"${maskPhoneInput(text)}"` : quoted(text, 30);
}

function messageOf(error: ErrorObject, field: string, row: AdherentInput): string {
	// `optOuts/0/at` → `optOuts[0].at`: which entry of a list is at fault.
	const where = error.instancePath.slice(1).replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.') || field;
	const limit = (error.params as { limit?: number }).limit;
	switch (error.keyword) {
		case 'required':
			return where === field ? `${field} is required` : `${where}.${(error.params as { missingProperty: string }).missingProperty} is required`;
		case 'format':
			return `${where} is not a valid e-mail address`;
		case 'minLength':
		case 'pattern':
			return `${where} must not be empty`;
		case 'maxLength': {
			const value = String(valueAt(row, error.instancePath) ?? '');
			return `${where} is too long: ${shown(field, value)} has ${value.length} characters, ${limit} at most; shorten it`;
		}
		case 'maxItems': {
			const count = (valueAt(row, error.instancePath) as unknown[] | undefined)?.length;
			return `${where} has ${count} entries, ${limit} at most; keep the ones that matter`;
		}
		case 'enum':
			return `${where} must be one of ${ADHERENT_STATUSES.join(', ')}`;
		default:
			return `${where} ${error.message ?? 'is invalid'}`;
	}
}

/**
 * Which of a field's errors to report: anyOf reports each branch, and `phones is too long` says
 * more than `phones must be array` (the branch the input did not choose). Lower is better.
 */
const KEYWORD_RANK: Record<string, number> = { required: 0, maxLength: 1, maxItems: 1, type: 3, const: 4, anyOf: 5 };
const rankOf = (error: ErrorObject) => KEYWORD_RANK[error.keyword] ?? 2;

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const text = (value: unknown) => (blank(value) ? undefined : String(value).trim());

function list(value: unknown): string[] {
	if (blank(value)) return [];
	const items = Array.isArray(value) ? value : String(value).split(/[,;|\n]/);
	return [...new Set(items.map((v) => String(v).trim()).filter(Boolean))];
}

/**
 * What is wrong with a list once split (`a; b; c` escapes the schema's maxItems and items'
 * maxLength, which see one string): one message, or undefined when it is within the bounds.
 */
function listBoundsError(field: string, items: string[]): string | undefined {
	const { maxItems, maxLength } = LIST_LIMITS[field];
	if (items.length > maxItems) return `${field} has ${items.length} entries, ${maxItems} at most; keep the ones that matter`;
	const long = maxLength === undefined ? undefined : items.find((item) => item.length > maxLength);
	if (long !== undefined) return `${field}: ${shown(field, long)} has ${long.length} characters, ${maxLength} at most per entry; shorten it`;
	return undefined;
}

const DATE_FORMS = 'use YYYY-MM-DD or DD/MM/YYYY (or an ISO 8601 timestamp) with a day that exists in that month';

function toNumber(value: unknown): number | undefined {
	if (blank(value)) return undefined;
	const n = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
	return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * Validates and normalises one member: JSON Schema (ajv) for shapes, then the domain checks
 * (SIRET key, NAF code, French mobiles, commune, coordinates, dates). Reports every fault at once.
 */
export function validateAdherent(input: unknown): AdherentValidation {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return { ok: false, errors: [{ field: '(row)', message: 'a member must be an object with fields such as siret, name, phones' }] };
	}
	const row = input as AdherentInput;
	const errors: FieldError[] = [];
	const validate = schemaValidator();
	const badFields = new Set<string>();
	if (!validate(row)) {
		// One message per field: its most telling error.
		const best = new Map<string, ErrorObject>();
		for (const error of validate.errors ?? []) {
			const field = fieldOf(error);
			const known = best.get(field);
			if (!known || rankOf(error) < rankOf(known)) best.set(field, error);
		}
		for (const [field, error] of best) {
			badFields.add(field);
			errors.push({ field, message: messageOf(error, field, row) });
		}
	}
	const fail = (field: string, message: string) => {
		badFields.add(field);
		errors.push({ field, message });
	};

	let siret = '';
	let siren = '';
	if (!badFields.has('siret')) {
		const check = checkSiret(String(row.siret));
		if (check.ok) ({ siret, siren } = check);
		else fail('siret', check.message);
	}

	let naf: string | undefined;
	let nafNomenclatureOf: NafNomenclature | undefined;
	const rawNaf = text(row.naf);
	if (rawNaf && !badFields.has('naf')) {
		naf = normalizeNaf(rawNaf);
		// Either nomenclature: SIRENE gives NAF 2025 codes from 2027, members keep rév. 2 ones for years.
		nafNomenclatureOf = naf ? nafNomenclature(naf) : undefined;
		if (!naf) fail('naf', `"${rawNaf}" is not a NAF code: expected four digits and a letter, e.g. 47.26Z (NAF rév. 2) or 47.26Y (NAF 2025)`);
		else if (!nafNomenclatureOf)
			fail('naf', `${naf} is neither a NAF rév. 2 nor a NAF 2025 code: check the APE code on the company's INSEE notice or in the SIRENE directory`);
	}
	const explicitProfessions = badFields.has('professions') ? [] : list(row.professions);
	const professionsBounds = listBoundsError('professions', explicitProfessions);
	if (professionsBounds) fail('professions', professionsBounds);
	else {
		for (const tag of explicitProfessions) {
			if (!isProfession(tag)) fail('professions', `"${tag}" is not a profession tag of rules/professions.json`);
		}
	}

	// Place first: the département tells how to read overseas phone numbers.
	const communeInsee = text(row.communeInsee);
	const postalCode = text(row.postalCode);
	const city = text(row.city);
	let commune = undefined as ReturnType<typeof communeByCode>;
	if (!communeInsee && !(postalCode || city)) {
		fail('communeInsee', 'the commune is required: give communeInsee (INSEE code) or postalCode and city');
	} else if (!badFields.has('communeInsee') && !badFields.has('postalCode') && !badFields.has('city')) {
		const resolved = resolveCommune({ code: communeInsee, postalCode: communeInsee ? undefined : postalCode, name: communeInsee ? undefined : city });
		if (resolved.ok) {
			commune = resolved.commune;
			if (communeInsee && postalCode && !commune.postalCodes.includes(postalCode.replace(/\s/g, ''))) {
				fail('postalCode', `${postalCode} is not a postal code of ${commune.name} (${commune.postalCodes.join(', ')})`);
			}
		} else {
			fail(communeInsee ? 'communeInsee' : city ? 'city' : 'postalCode', resolved.message);
		}
	}

	const phones: string[] = [];
	if (!badFields.has('phones')) {
		const rawPhones = list((Array.isArray(row.phones) ? row.phones : [row.phones]).flatMap((p) => String(p).split(/[,;/|\n]/)));
		// The limit counts numbers, not strings: `a; b; c; d; e; f` is six. Past it, none is parsed.
		const bounds = listBoundsError('phones', rawPhones);
		if (rawPhones.length === 0) fail('phones', 'at least one mobile phone number is required');
		else if (bounds) fail('phones', bounds);
		else {
			for (const raw of rawPhones) {
				const check = normalizeMobile(raw, commune?.departement);
				if (check.ok) {
					if (!phones.includes(check.e164)) phones.push(check.e164);
				} else fail('phones', check.message);
			}
		}
	}

	let lat: number | undefined;
	let lon: number | undefined;
	if (!badFields.has('lat') && !badFields.has('lon')) {
		lat = toNumber(row.lat);
		lon = toNumber(row.lon);
		if ((lat === undefined) !== (lon === undefined)) {
			fail(lat === undefined ? 'lat' : 'lon', 'give both lat and lon, or neither');
		} else if (lat !== undefined && lon !== undefined) {
			if (Number.isNaN(lat) || Number.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
				fail('lat', 'lat/lon must be decimal degrees (WGS84), e.g. 45.7772 and 3.0819');
			} else if (!isInFrance(lat, lon)) {
				fail('lat', `${lat}, ${lon} is not in France: check that latitude and longitude are not swapped`);
			}
		}
	}

	const dates: Record<'memberSince' | 'memberUntil' | 'consentAt', string | undefined> = {
		memberSince: undefined,
		memberUntil: undefined,
		consentAt: undefined,
	};
	for (const field of ['memberSince', 'memberUntil', 'consentAt'] as const) {
		const raw = text(row[field]);
		if (!raw || badFields.has(field)) continue;
		// Consent is a moment (the sign-up form's time); membership is counted in days.
		const date = field === 'consentAt' ? normalizeDateTime(raw) : normalizeDate(raw);
		if (date) dates[field] = date;
		else fail(field, `${quoted(raw)} is not a date of the calendar: ${DATE_FORMS}`);
	}
	if (dates.memberSince && dates.memberUntil && dates.memberUntil < dates.memberSince) {
		fail('memberUntil', `membership ends (${dates.memberUntil}) before it starts (${dates.memberSince})`);
	}

	const zones = badFields.has('zones') ? [] : list(row.zones);
	const zonesBounds = listBoundsError('zones', zones);
	if (zonesBounds) fail('zones', zonesBounds);

	const optOuts: OptOut[] = [];
	if (Array.isArray(row.optOuts) && !badFields.has('optOuts')) {
		for (const entry of row.optOuts as OptOut[]) {
			const check = normalizeMobile(entry.phone, commune?.departement);
			const at = normalizeDateTime(entry.at);
			if (!check.ok) fail('optOuts', check.message);
			else if (!phones.includes(check.e164)) fail('optOuts', `${maskPhone(check.e164)} opted out but is not one of the member's phones`);
			else if (!at) fail('optOuts', `${maskPhone(check.e164)} opted out on ${quoted(entry.at)}, which is not a date of the calendar: ${DATE_FORMS}`);
			else optOuts.push({ phone: check.e164, at });
		}
	}

	if (errors.length || !commune) return { ok: false, errors };

	const adherent: Adherent = {
		siret,
		siren,
		name: String(row.name).trim(),
		tradeName: text(row.tradeName),
		naf,
		nafNomenclature: nafNomenclatureOf,
		professions: [...new Set([...(naf ? professionsForNaf(naf, nafNomenclatureOf) : []), ...explicitProfessions])].sort(),
		phones: phones.sort(),
		communeInsee: commune.code,
		postalCode: postalCode?.replace(/\s/g, '') ?? (commune.postalCodes.length === 1 ? commune.postalCodes[0] : undefined),
		city: commune.name,
		departement: commune.departement,
		epci: commune.epci,
		arrondissement: commune.arrondissement,
		lat,
		lon,
		zones,
		email: text(row.email)?.toLowerCase(),
		status: (text(row.status) ?? 'active') as AdherentStatus,
		memberSince: dates.memberSince,
		memberUntil: dates.memberUntil,
		consentAt: dates.consentAt,
		optOuts,
	};
	for (const key of Object.keys(adherent) as Array<keyof Adherent>) {
		if (adherent[key] === undefined) delete adherent[key];
	}
	return { ok: true, adherent };
}
