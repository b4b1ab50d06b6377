import type { FieldError } from '../errors';
import type { NafNomenclature } from '../naf';

/** Membership status: only `active` members receive alerts; `pending` awaits sign-up confirmation. */
export const ADHERENT_STATUSES = ['active', 'suspended', 'pending'] as const;
export type AdherentStatus = (typeof ADHERENT_STATUSES)[number];

/** A phone number's opt-out: the member asked to stop receiving alerts on it. */
export interface OptOut {
	phone: string;
	at: string;
}

/** A member business of the scheme, normalised (see validateAdherent). */
export interface Adherent {
	siret: string;
	siren: string;
	name: string;
	tradeName?: string;
	/** NAF sub-class as given, in either nomenclature: `47.26Z` (rév. 2) or `47.26Y` (NAF 2025). */
	naf?: string;
	/** Which nomenclature `naf` belongs to (set with it). */
	nafNomenclature?: NafNomenclature;
	/** Profession tags: derived from the NAF code (rules/professions.json) plus explicit ones. */
	professions: string[];
	/** E.164 mobile numbers. */
	phones: string[];
	communeInsee: string;
	postalCode?: string;
	city: string;
	departement: string;
	/** SIREN of the EPCI (intercommunalité). */
	epci?: string;
	arrondissement?: string;
	lat?: number;
	lon?: number;
	/** Named sectors the CCI defines. */
	zones: string[];
	email?: string;
	status: AdherentStatus;
	/** YYYY-MM-DD. */
	memberSince?: string;
	/** YYYY-MM-DD, last day of membership: an expired member is not alerted. */
	memberUntil?: string;
	/** ISO 8601: when the member consented to receive alerts and to the processing of the numbers. */
	consentAt?: string;
	/** Phones that opted out, with the date. */
	optOuts: OptOut[];
}

export type { FieldError } from '../errors';

export type AdherentValidation = { ok: true; adherent: Adherent } | { ok: false; errors: FieldError[] };

/** True when the member may receive alerts on `date` (YYYY-MM-DD): active and not expired. */
export function isAlertable(adherent: Pick<Adherent, 'status' | 'memberUntil'>, date: string): boolean {
	return adherent.status === 'active' && (!adherent.memberUntil || adherent.memberUntil >= date);
}
