import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { communeByCode, isInFrance, resolveCommune } from '../geo';
import { isProfession, nafLabel, normalizeNaf, professionsForNaf } from '../naf';
import { normalizeMobile } from '../phone';
import { checkSiret } from './siret';
import { ADHERENT_STATUSES, type Adherent, type AdherentStatus, type AdherentValidation, type FieldError, type OptOut } from './types';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SCHEMA = require('../../../rules/adherent.schema.json') as object;

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

function fieldOf(error: ErrorObject): string {
	const path = error.instancePath.replace(/^\//, '').split('/')[0];
	if (error.keyword === 'required') return String((error.params as { missingProperty: string }).missingProperty);
	return path || '(row)';
}

function messageOf(error: ErrorObject, field: string): string {
	switch (error.keyword) {
		case 'required':
			return `${field} is required`;
		case 'format':
			return `${field} is not a valid e-mail address`;
		case 'minLength':
		case 'pattern':
			return `${field} must not be empty`;
		case 'maxLength':
			return `${field} is too long (${(error.params as { limit: number }).limit} characters at most)`;
		case 'enum':
			return `${field} must be one of ${ADHERENT_STATUSES.join(', ')}`;
		default:
			return `${field} ${error.message ?? 'is invalid'}`;
	}
}

const blank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const text = (value: unknown) => (blank(value) ? undefined : String(value).trim());

function list(value: unknown): string[] {
	if (blank(value)) return [];
	const items = Array.isArray(value) ? value : String(value).split(/[,;|\n]/);
	return [...new Set(items.map((v) => String(v).trim()).filter(Boolean))];
}

/** `2026-11-22`, `22/11/2026`, `22-11-2026` or an ISO timestamp → `2026-11-22`. */
export function normalizeDate(value: string): string | undefined {
	const v = value.trim();
	let y: string, m: string, d: string;
	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(v);
	const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
	if (iso) [, y, m, d] = iso;
	else if (fr) [, d, m, y] = fr;
	else return undefined;
	const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
	const parsed = new Date(`${date}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : undefined;
}

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
		for (const error of validate.errors ?? []) {
			const field = fieldOf(error);
			// anyOf reports each branch: one message per field is enough.
			if (badFields.has(field)) continue;
			badFields.add(field);
			errors.push({ field, message: messageOf(error, field) });
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
	const rawNaf = text(row.naf);
	if (rawNaf && !badFields.has('naf')) {
		naf = normalizeNaf(rawNaf);
		if (!naf) fail('naf', `"${rawNaf}" is not a NAF code: expected four digits and a letter, e.g. 47.26Z`);
		else if (!nafLabel(naf)) fail('naf', `${naf} is not a NAF rév. 2 code: check the APE code on the company's INSEE notice`);
	}
	const explicitProfessions = list(row.professions);
	for (const tag of explicitProfessions) {
		if (!isProfession(tag)) fail('professions', `"${tag}" is not a profession tag of rules/professions.json`);
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
		if (rawPhones.length === 0) fail('phones', 'at least one mobile phone number is required');
		for (const raw of rawPhones) {
			const check = normalizeMobile(raw, commune?.departement);
			if (check.ok) {
				if (!phones.includes(check.e164)) phones.push(check.e164);
			} else fail('phones', check.message);
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
		if (field === 'consentAt' && /^\d{4}-\d{2}-\d{2}T/.test(raw)) {
			const at = new Date(raw);
			if (Number.isNaN(at.getTime())) fail(field, `"${raw}" is not a date`);
			else dates[field] = at.toISOString();
			continue;
		}
		const date = normalizeDate(raw);
		if (date) dates[field] = date;
		else fail(field, `"${raw}" is not a date: use YYYY-MM-DD or DD/MM/YYYY`);
	}
	if (dates.memberSince && dates.memberUntil && dates.memberUntil < dates.memberSince) {
		fail('memberUntil', `membership ends (${dates.memberUntil}) before it starts (${dates.memberSince})`);
	}

	const optOuts: OptOut[] = [];
	if (Array.isArray(row.optOuts) && !badFields.has('optOuts')) {
		for (const entry of row.optOuts as OptOut[]) {
			const check = normalizeMobile(entry.phone, commune?.departement);
			if (!check.ok) fail('optOuts', check.message);
			else if (!phones.includes(check.e164)) fail('optOuts', `${entry.phone} opted out but is not one of the member's phones`);
			else optOuts.push({ phone: check.e164, at: entry.at });
		}
	}

	if (errors.length || !commune) return { ok: false, errors };

	const adherent: Adherent = {
		siret,
		siren,
		name: String(row.name).trim(),
		tradeName: text(row.tradeName),
		naf,
		professions: [...new Set([...(naf ? professionsForNaf(naf) : []), ...explicitProfessions])].sort(),
		phones: phones.sort(),
		communeInsee: commune.code,
		postalCode: postalCode?.replace(/\s/g, '') ?? (commune.postalCodes.length === 1 ? commune.postalCodes[0] : undefined),
		city: commune.name,
		departement: commune.departement,
		epci: commune.epci,
		arrondissement: commune.arrondissement,
		lat,
		lon,
		zones: list(row.zones),
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
