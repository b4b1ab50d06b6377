/**
 * Words French operators do not let through as an SMS sender ID since 2025.
 *
 * Source: the AF2M (Association française du multimédia mobile) recommendations on alphanumeric
 * sender IDs as summarised in issue 11 (generic words such as ALERTE, INFO, RDV, SMS; protected
 * names only with their owner's authorisation). The AF2M and the operators keep the authoritative
 * lists; these tables catch the usual cases and are reviewed when the rules change.
 */

/**
 * Generic words: they say nothing about who sends, so anyone could use them, and operators block
 * or replace them. A sender made only of these words (and digits) is flagged: ALERTE63, INFOSMS.
 */
export const GENERIC_SENDER_WORDS: readonly string[] = [
	'ALERT',
	'ALERTE',
	'ALERTES',
	'CODE',
	'INFO',
	'INFOS',
	'MESSAGE',
	'MSG',
	'NOREPLY',
	'NOTIF',
	'OTP',
	'PROMO',
	'PROMOS',
	'RAPPEL',
	'RDV',
	'SERVICE',
	'SMS',
	'TEST',
	'URGENT',
	'VERIF',
];

/**
 * Protected names: public bodies and brands that fraudsters impersonate. `anywhere` flags a sender
 * that contains the name (POLICE63, MAIRIEISSOIRE); `alone` only the name with digits at most,
 * for short names that occur inside ordinary words (CAF in CAFE).
 */
export const PROTECTED_SENDER_NAMES: Readonly<Record<string, 'anywhere' | 'alone'>> = {
	GENDARMERIE: 'anywhere',
	POLICE: 'anywhere',
	PREFECTURE: 'anywhere',
	PREFET: 'anywhere',
	MAIRIE: 'anywhere',
	MINISTERE: 'anywhere',
	GOUV: 'anywhere',
	DOUANE: 'anywhere',
	IMPOTS: 'anywhere',
	DGFIP: 'anywhere',
	URSSAF: 'anywhere',
	AMELI: 'anywhere',
	ANTAI: 'anywhere',
	POMPIERS: 'anywhere',
	LAPOSTE: 'anywhere',
	COLISSIMO: 'anywhere',
	CHRONOPOST: 'anywhere',
	BANQUE: 'anywhere',
	CAF: 'alone',
	CPAM: 'alone',
	ANTS: 'alone',
	SAMU: 'alone',
	SDIS: 'alone',
	DHL: 'alone',
};
