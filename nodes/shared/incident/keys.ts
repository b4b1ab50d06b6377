import { phraseKey } from './text';

/** The fields of a fiche alerte, by their English names (also the `field` of every error). */
export const FICHE_FIELDS = [
	'type',
	'communes',
	'location',
	'coordinates',
	'area',
	'occurredAt',
	'day',
	'time',
	'description',
	'suspects',
	'instruction',
	'reference',
	'severity',
	'code',
	'issuer',
] as const;

export type FicheField = (typeof FICHE_FIELDS)[number];

/**
 * How fiches and forms name each field. Compared after `phraseKey` (case, accents, punctuation
 * and plural s ignored), so `PÉRIMÈTRE`, `Perimetre` and `périmètres` are one key.
 */
const KEY_ALIASES: Record<FicheField, string[]> = {
	type: [
		'type', 'nature', 'nature des faits', 'type de faits', 'type des faits', "type d'incident", "type d'infraction",
		'infraction', "type d'alerte", 'type alerte', 'motif', 'incident', 'incidentType',
	],
	communes: ['commune', 'communes', 'commune(s)', 'ville', 'localité', 'commune concernée', 'communes concernées', 'code INSEE', 'INSEE'],
	location: ['lieu', 'adresse', 'localisation', 'lieu précis', 'lieu des faits', 'rue', 'quartier', 'location', 'place'],
	coordinates: ['coordonnées', 'coordonnées GPS', 'GPS', 'position', 'lat lon', 'latitude longitude', 'coordinates', 'coords'],
	area: ['périmètre', 'périmètre de diffusion', "périmètre d'alerte", 'zone de diffusion', 'diffusion', 'ciblage', 'area', 'perimeter'],
	occurredAt: [
		'date des faits', 'date de faits', 'date et heure des faits', 'date heure des faits', 'date/heure', 'date et heure',
		'date heure', 'faits le', 'survenu le', 'horodatage', 'occurredAt', 'occurred at', 'date faits',
		// An announced event (anticipation alerts) gives its date under these names.
		'date prévue', "date de l'événement", "date de l'évènement", 'date et heure prévues', 'prévu le', 'prévue le',
	],
	day: ['date', 'jour', 'jour des faits'],
	time: ['heure', 'heure des faits', 'horaire'],
	description: ['description', 'faits', 'détails', 'résumé', 'descriptif', 'description des faits', 'circonstances', 'message'],
	suspects: [
		'signalement', 'signalements', 'suspect', 'suspects', 'auteur', 'auteurs', 'individus', 'signalement des auteurs',
		'signalement suspect', 'véhicule suspect', 'véhicule des auteurs', 'description des auteurs',
	],
	instruction: ['consigne', 'consignes', 'conduite à tenir', 'recommandation', 'recommandations', 'consigne de sécurité', 'instruction'],
	reference: [
		'référence', 'réf', 'numéro', 'n°', 'numéro de référence', 'n° de référence', 'référence police', 'référence gendarmerie',
		'reference', 'ref', 'numéro procédure', 'n° procédure',
	],
	severity: ['gravité', 'sévérité', 'niveau', 'niveau de gravité', "niveau d'alerte", 'severity'],
	code: ['code', 'code secret', 'code alerte', "code d'authentification", 'code de vérification', 'code confidentiel', 'sharedCode'],
	issuer: ['émetteur', 'opérateur', 'expéditeur', 'service', 'issuer', 'operator', 'unité'],
};

const BY_KEY = new Map<string, FicheField>();
for (const [field, aliases] of Object.entries(KEY_ALIASES) as Array<[FicheField, string[]]>) {
	for (const alias of aliases) {
		// camelCase English names (occurredAt) also match their spaced form.
		BY_KEY.set(phraseKey(alias.replace(/([a-z])([A-Z])/g, '$1 $2')), field);
		BY_KEY.set(phraseKey(alias), field);
	}
}

/** The fiche field a key names (`Périmètre` → area), or undefined for any other key. */
export function ficheField(key: string): FicheField | undefined {
	const normalized = key.replace(/\(s\)/gi, '').replace(/([a-z])([A-Z])/g, '$1 $2');
	return BY_KEY.get(phraseKey(normalized)) ?? BY_KEY.get(phraseKey(key));
}

/** Fields whose value may continue on the following lines of a fiche. */
export const MULTILINE_FIELDS: ReadonlySet<FicheField> = new Set(['description', 'suspects', 'instruction']);

/** Header names of a forwarded or quoted message (Outlook, Gmail, Thunderbird, Apple Mail; French and English). */
const HEADER_FROM = new Set(['de', 'from', 'expediteur', 'von'].map(phraseKey));
const HEADER_OTHER = new Set(
	['envoyé', 'envoyé le', 'sent', 'date', 'à', 'a', 'to', 'cc', 'cci', 'objet', 'subject', 'importance', 'destinataire', 'destinataires', 'répondre à', 'reply to']
		.map(phraseKey),
);
const HEADER_SUBJECT = new Set(['objet', 'subject'].map(phraseKey));

/** 'from' for the first line of a header block, 'subject' / 'other' for the lines that follow, else undefined. */
export function headerKind(key: string): 'from' | 'subject' | 'other' | undefined {
	const normalized = phraseKey(key);
	if (HEADER_FROM.has(normalized)) return 'from';
	if (HEADER_SUBJECT.has(normalized)) return 'subject';
	if (HEADER_OTHER.has(normalized)) return 'other';
	return undefined;
}
