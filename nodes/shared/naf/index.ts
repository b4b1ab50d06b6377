/**
 * NAF codes (French activity nomenclature) and the profession tags derived from them.
 * The code list is @socialgouv/codes-naf (NAF rév. 2); the tag mapping is data in
 * rules/professions.json, so moving to NAF 2025 is a data change.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NAF_LIST = require('@socialgouv/codes-naf/index.json') as Array<{ id: string; label: string }>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PROFESSIONS = require('../../../rules/professions.json') as ProfessionsFile;

export interface ProfessionsFile {
	version: number;
	nomenclature: string;
	professions: Record<string, { label: string; naf: string[] }>;
}

const SUBCLASS = /^\d{2}\.\d{2}[A-Z]$/;

let subclasses: Map<string, string> | undefined;

function nafIndex(): Map<string, string> {
	subclasses ??= new Map(NAF_LIST.filter((n) => SUBCLASS.test(n.id)).map((n) => [n.id, n.label]));
	return subclasses;
}

/** `4726Z`, `47.26z`, `47 26 Z` → `47.26Z`; undefined when it does not have the shape of a sub-class. */
export function normalizeNaf(input: string): string | undefined {
	const compact = input.replace(/[\s.]/g, '').toUpperCase();
	if (!/^\d{4}[A-Z]$/.test(compact)) return undefined;
	return `${compact.slice(0, 2)}.${compact.slice(2)}`;
}

/** The French label of a NAF rév. 2 sub-class, or undefined when the code does not exist. */
export function nafLabel(code: string): string | undefined {
	return nafIndex().get(code);
}

/** True when `naf` (a sub-class like 47.77Z) falls under `codeOrPrefix` (47.77Z, 47.7, 47, 01). */
export function nafMatches(naf: string, codeOrPrefix: string): boolean {
	return naf.startsWith(codeOrPrefix.trim().toUpperCase());
}

/** Profession tags with their French labels, from rules/professions.json. */
export function professionCatalog(): ProfessionsFile['professions'] {
	return PROFESSIONS.professions;
}

export function isProfession(tag: string): boolean {
	return Object.prototype.hasOwnProperty.call(PROFESSIONS.professions, tag);
}

const byNaf = new Map<string, string[]>();

/** The profession tags a NAF sub-class belongs to (memoised: the mapping is static). */
export function professionsForNaf(naf: string): string[] {
	let tags = byNaf.get(naf);
	if (!tags) {
		tags = Object.entries(PROFESSIONS.professions)
			.filter(([, p]) => p.naf.some((prefix) => nafMatches(naf, prefix)))
			.map(([tag]) => tag);
		byNaf.set(naf, tags);
	}
	return tags;
}

/** NAF codes or prefixes of a profession tag. */
export function nafForProfession(tag: string): string[] {
	return PROFESSIONS.professions[tag]?.naf ?? [];
}
