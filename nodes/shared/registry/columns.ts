import type { AdherentInput } from './validate';

/**
 * Column names of the CCI's exports (French or English, any case and accents) → Adherent fields.
 * Several phone columns (téléphone, portable…) are merged.
 */
const ALIASES: Record<string, string[]> = {
	siret: ['siret', 'n_siret', 'no_siret', 'numero_siret', 'num_siret'],
	siren: ['siren'],
	name: ['name', 'raison_sociale', 'denomination', 'nom', 'nom_entreprise', 'societe', 'entreprise'],
	tradeName: ['tradename', 'trade_name', 'enseigne', 'nom_commercial'],
	naf: ['naf', 'code_naf', 'ape', 'code_ape', 'naf_ape', 'activite_principale'],
	// SIRENE's exports carry both codes for years (activite_principale_naf25 from 2025 on).
	naf2025: ['naf2025', 'naf_2025', 'naf25', 'code_naf_2025', 'code_naf25', 'ape_2025', 'code_ape_2025', 'activite_principale_naf25'],
	professions: ['professions', 'profession', 'metiers', 'metier'],
	phones: ['phones', 'phone', 'telephone', 'telephones', 'tel', 'portable', 'mobile', 'telephone_portable', 'tel_portable', 'gsm', 'telephone_mobile'],
	communeInsee: ['communeinsee', 'commune_insee', 'code_insee', 'insee', 'code_commune', 'cog'],
	postalCode: ['postalcode', 'postal_code', 'code_postal', 'cp'],
	city: ['city', 'commune', 'ville', 'localite', 'nom_commune'],
	lat: ['lat', 'latitude'],
	lon: ['lon', 'lng', 'longitude'],
	zones: ['zones', 'zone', 'secteur', 'secteurs'],
	email: ['email', 'e_mail', 'courriel', 'mail', 'adresse_mail'],
	status: ['status', 'statut'],
	memberSince: ['membersince', 'member_since', 'date_adhesion', 'date_d_adhesion', 'adhesion', 'debut_adhesion'],
	memberUntil: ['memberuntil', 'member_until', 'fin_adhesion', 'date_fin_adhesion', 'date_fin', 'expiration'],
	consentAt: ['consentat', 'consent_at', 'date_consentement', 'consentement'],
	optOuts: ['optouts', 'opt_outs'],
};

const FIELD_OF = new Map(Object.entries(ALIASES).flatMap(([field, names]) => names.map((n) => [n, field] as const)));

/** French status words of exports → statuses. */
const STATUS_WORDS: Record<string, string> = {
	actif: 'active',
	active: 'active',
	suspendu: 'suspended',
	suspended: 'suspended',
	en_attente: 'pending',
	attente: 'pending',
	pending: 'pending',
};

/** A column name as a key: lower case, no accents, `_` between words. */
export function columnKey(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_|_$/g, '');
}

/** Maps a row of the CCI's file (any known column names) to validateAdherent's input. */
export function adherentFromRow(row: Record<string, unknown>): AdherentInput {
	const input: AdherentInput = {};
	const phones: unknown[] = [];
	let naf2025: unknown;
	for (const [column, value] of Object.entries(row)) {
		const field = FIELD_OF.get(columnKey(column));
		if (!field || value === undefined || value === null || value === '') continue;
		if (field === 'phones') phones.push(...(Array.isArray(value) ? value : [value]));
		else if (field === 'naf2025') naf2025 = value;
		else if (field === 'status' && typeof value === 'string') input.status = STATUS_WORDS[columnKey(value)] ?? value;
		else input[field] = value;
	}
	if (phones.length) input.phones = phones.map(String);
	// A row with both codes keeps the NAF 2025 one: it is the code SIRENE gives from 2027.
	if (naf2025 !== undefined) input.naf = naf2025;
	return input;
}
