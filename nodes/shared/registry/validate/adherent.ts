import type { Commune } from '../../geo';
import { professionsForNaf } from '../../naf';
import type { Adherent, AdherentStatus, AdherentValidation, OptOut } from '../types';
import { checkNaf, checkProfessions, type Activity } from './activity';
import { checkOptOuts, checkPhones } from './contact';
import { checkIdentity, type Identity } from './identity';
import { text, type AdherentInput } from './input';
import { checkDates, type MembershipDates } from './membership';
import { checkCommune, checkCoordinates, checkZones, type Coordinates } from './place';
import { shapeFaults } from './shape';

/**
 * Validates and normalises one member: JSON Schema (ajv) for shapes, then the domain checks
 * (SIRET key, NAF code, French mobiles, commune, coordinates, dates). Reports every fault at once.
 */
export function validateAdherent(input: unknown): AdherentValidation {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return { ok: false, errors: [{ field: '(row)', message: 'a member must be an object with fields such as siret, name, phones' }] };
	}
	const row = input as AdherentInput;
	const faults = shapeFaults(row);
	const identity = checkIdentity(row, faults);
	const activity = checkNaf(row, faults);
	const professions = checkProfessions(row, faults);
	// Place first: the département tells how to read overseas phone numbers.
	const commune = checkCommune(row, faults);
	const phones = checkPhones(row, faults, commune?.departement);
	const coordinates = checkCoordinates(row, faults);
	const dates = checkDates(row, faults);
	const zones = checkZones(row, faults);
	const optOuts = checkOptOuts(row, faults, { phones, departement: commune?.departement });
	if (faults.errors.length || !commune) return { ok: false, errors: faults.errors };
	return { ok: true, adherent: adherentOf(row, { identity, activity, professions, commune, phones, coordinates, dates, zones, optOuts }) };
}

/** What the checks made of a row that passed them all. */
interface Checked {
	identity: Identity;
	activity: Activity;
	/** Tags given by hand. */
	professions: string[];
	commune: Commune;
	phones: string[];
	coordinates: Coordinates;
	dates: MembershipDates;
	zones: string[];
	optOuts: OptOut[];
}

/** The member as the register keeps it: place columns from the commune, tags derived from the NAF code, no undefined field. */
function adherentOf(row: AdherentInput, checked: Checked): Adherent {
	const { identity, activity, commune, coordinates, dates } = checked;
	const postalCode = text(row.postalCode);
	const adherent: Adherent = {
		siret: identity.siret,
		siren: identity.siren,
		name: String(row.name).trim(),
		tradeName: text(row.tradeName),
		naf: activity.naf,
		nafNomenclature: activity.nafNomenclature,
		professions: [...new Set([...(activity.naf ? professionsForNaf(activity.naf, activity.nafNomenclature) : []), ...checked.professions])].sort(),
		phones: checked.phones.sort(),
		communeInsee: commune.code,
		postalCode: postalCode?.replace(/\s/g, '') ?? (commune.postalCodes.length === 1 ? commune.postalCodes[0] : undefined),
		city: commune.name,
		departement: commune.departement,
		epci: commune.epci,
		arrondissement: commune.arrondissement,
		lat: coordinates.lat,
		lon: coordinates.lon,
		zones: checked.zones,
		email: text(row.email)?.toLowerCase(),
		status: (text(row.status) ?? 'active') as AdherentStatus,
		memberSince: dates.memberSince,
		memberUntil: dates.memberUntil,
		consentAt: dates.consentAt,
		optOuts: checked.optOuts,
	};
	for (const key of Object.keys(adherent) as Array<keyof Adherent>) {
		if (adherent[key] === undefined) delete adherent[key];
	}
	return adherent;
}
