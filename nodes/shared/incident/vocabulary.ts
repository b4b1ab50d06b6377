import { phraseKey } from './text';
import { INCIDENT_TYPES, type AreaLevel, type IncidentType } from './types';

interface SynonymsFile {
	types: Record<string, string[]>;
	severities: Record<string, string[]>;
	areas: Record<string, string[]>;
	/** Words that announce a planned event ("prévu", "appel à manifester"). */
	planned?: string[];
}

interface TypesFile {
	types: Record<string, { label: string; anticipation?: boolean }>;
}

// Required, not imported: the JSON stays in rules/ (copied to dist/rules/) where CCI staff edit it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SYNONYMS = require('../../../rules/incident-synonyms.json') as SynonymsFile;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TYPES = require('../../../rules/incident-types.json') as TypesFile;

export type Severity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export const SEVERITIES: readonly Severity[] = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];

/** French label of an incident type (rules/incident-types.json). */
export function incidentTypeLabel(type: IncidentType): string {
	return TYPES.types[type]?.label ?? type;
}

/**
 * True when alerts of this type may anticipate: warn of a planned event before it happens
 * (`"anticipation": true` in rules/incident-types.json). For the other types a date in the future
 * is a mistake, not a plan: a burglary cannot be dated tomorrow.
 */
export function mayAnticipate(type: IncidentType): boolean {
	return TYPES.types[type]?.anticipation === true;
}

let plannedKeys: string[] | undefined;

/** True when `text` announces a planned event ("manifestation prévue samedi", "appel à manifester"), as whole words. */
export function announcesPlannedEvent(text: string): boolean {
	plannedKeys ??= (SYNONYMS.planned ?? []).map(phraseKey).filter(Boolean);
	const haystack = ` ${phraseKey(text)} `;
	return plannedKeys.some((key) => haystack.includes(` ${key} `));
}

interface Phrase<T> {
	key: string;
	value: T;
}

function phrases<T extends string>(table: Record<string, string[]>, extra: (value: T) => string[] = () => []): Array<Phrase<T>> {
	const list: Array<Phrase<T>> = [];
	for (const [value, words] of Object.entries(table)) {
		for (const word of [...words, ...extra(value as T)]) {
			const key = phraseKey(word);
			if (key) list.push({ key, value: value as T });
		}
	}
	return list;
}

let typePhrases: Array<Phrase<IncidentType>> | undefined;

function typeTable(): Array<Phrase<IncidentType>> {
	typePhrases ??= phrases<IncidentType>(
		Object.fromEntries(INCIDENT_TYPES.map((type) => [type, SYNONYMS.types[type] ?? []])),
		(type) => [type, incidentTypeLabel(type)],
	);
	return typePhrases;
}

export type Match<T> = { ok: true; value: T } | { ok: false; candidates: T[] };

/** The value whose phrase is the longest one found, as whole words, in `text`; ties between values are ambiguous. */
function longestMatch<T>(text: string, table: Array<Phrase<T>>): Match<T> {
	const haystack = ` ${phraseKey(text)} `;
	let best = 0;
	let found: T[] = [];
	for (const { key, value } of table) {
		if (key.length < best || !haystack.includes(` ${key} `)) continue;
		if (key.length > best) {
			best = key.length;
			found = [value];
		} else if (!found.includes(value)) {
			found.push(value);
		}
	}
	return found.length === 1 ? { ok: true, value: found[0] } : { ok: false, candidates: found };
}

/** Incident type for police wording ("braquage", "faux billets", "FOVI"…), from the synonyms table. */
export function matchIncidentType(text: string): Match<IncidentType> {
	return longestMatch(text, typeTable());
}

let severityPhrases: Array<Phrase<Severity>> | undefined;

/** CAP severity for a French gravity word ("grave" → Severe); the English CAP words are accepted too. */
export function matchSeverity(text: string): Severity | undefined {
	severityPhrases ??= phrases<Severity>(SYNONYMS.severities, (value) => [value]);
	const match = longestMatch(text, severityPhrases);
	return match.ok ? match.value : undefined;
}

let areaPhrases: Array<Phrase<AreaLevel>> | undefined;

/** Area level for a perimeter word ("agglomération" → epci); radius and zones are read by the caller. */
export function matchAreaLevel(text: string): AreaLevel | undefined {
	areaPhrases ??= phrases<AreaLevel>(SYNONYMS.areas, (value) => [value]);
	const match = longestMatch(text, areaPhrases);
	return match.ok ? match.value : undefined;
}
