/**
 * What a member's reply asks for, read from its words. The lists are data: a CCI that sees a
 * common wording in its log of ignored replies adds it here, with a test.
 *
 * Texts are compared once normalised: accents dropped, upper case, punctuation and repeated
 * spaces turned into one space (« Arrêt ! », "arret", " ARRET. " are one wording).
 */

/** What a reply asks for: stop alerts to this phone, resume them, or nothing we act on. */
export type ReplyIntent = 'optOut' | 'optIn' | 'other';

/**
 * Whole texts that stop the alerts: STOP, the wording AF2M and French operators teach (« STOP
 * SMS »), and the French words members type instead (arrêt, désinscription, désabonnement…).
 */
export const STOP_PHRASES: readonly string[] = [
	'STOP',
	'STOP SMS',
	'STOP ALERTE',
	'STOP ALERTES',
	'STOP ALERTE COMMERCES',
	'STOPSMS',
	'ARRET',
	'ARRETER',
	'ARRETEZ',
	'ARRET SMS',
	'ARRET ALERTES',
	'DESINSCRIPTION',
	'DESINSCRIRE',
	'DESINSCRIVEZ MOI',
	'ME DESINSCRIRE',
	'DESABONNEMENT',
	'DESABONNER',
	'DESABONNEZ MOI',
	'ME DESABONNER',
	'UNSUBSCRIBE',
];

/**
 * Whole texts that resume them. START is what our confirmation tells the member to send; there is
 * no French standard word, so the usual ones are read too. « ARRET ANNULE » / « STOP ANNULE » undo a
 * STOP in the member's own words: they are checked before the STOP words below, which they start with.
 */
export const START_PHRASES: readonly string[] = [
	'START',
	'UNSTOP',
	'REPRISE',
	'REPRENDRE',
	'REABONNEMENT',
	'REINSCRIPTION',
	'ARRET ANNULE',
	'STOP ANNULE',
	'ANNULER STOP',
	'ANNULER ARRET',
];

/**
 * Keywords that, followed by a few more words, still mean themselves: « STOP merci », « Stop svp
 * les alertes », « Arrêt annulé svp ». Tried in this order (an undo before the STOP it starts
 * with). A longer text (« Stop aux vols dans notre rue, merci de … ») is a comment on an alert:
 * logged for the CCI, not acted on. REPRISE is no prefix: « Reprise des vols rue Gambetta » is news.
 */
export const KEYWORD_PREFIXES: ReadonlyArray<readonly [keyword: string, intent: Exclude<ReplyIntent, 'other'>]> = [
	['ARRET ANNULE', 'optIn'],
	['STOP ANNULE', 'optIn'],
	['ANNULER STOP', 'optIn'],
	['ANNULER ARRET', 'optIn'],
	['START', 'optIn'],
	['UNSTOP', 'optIn'],
	['STOP', 'optOut'],
	['ARRET', 'optOut'],
	['DESINSCRIPTION', 'optOut'],
	['DESABONNEMENT', 'optOut'],
];

/** Most words after a keyword prefix for the text to count as that keyword. */
export const MAX_WORDS_AFTER_KEYWORD = 3;

/** A reply's text as compared with the lists: no accents, upper case, words separated by one space. */
export function normalizeReplyText(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toUpperCase()
		.replace(/[^A-Z0-9]+/g, ' ')
		.trim();
}

const STOP_SET = new Set(STOP_PHRASES);
const START_SET = new Set(START_PHRASES);

/** What a reply asks for (see the lists above); anything not recognised is `other`. */
export function classifyReply(text: string): ReplyIntent {
	const normalized = normalizeReplyText(text);
	if (START_SET.has(normalized)) return 'optIn';
	if (STOP_SET.has(normalized)) return 'optOut';
	for (const [keyword, intent] of KEYWORD_PREFIXES) {
		if (!normalized.startsWith(`${keyword} `)) continue;
		return normalized.slice(keyword.length + 1).split(' ').length <= MAX_WORDS_AFTER_KEYWORD ? intent : 'other';
	}
	return 'other';
}
