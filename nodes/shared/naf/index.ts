/**
 * NAF codes (French activity nomenclature) in both nomenclatures SIRENE carries for years:
 * NAF rév. 2 (until 2026) and NAF 2025 (from 1 January 2027), their correspondence, and the
 * profession tags derived from a code. Everything here is read from data: the rév. 2 list is
 * @socialgouv/codes-naf, the NAF 2025 list and INSEE's correspondence are rules/naf2025.json and
 * rules/naf-correspondence.json, the tag mapping is rules/professions.json.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const REV2_LIST = require('@socialgouv/codes-naf/index.json') as Array<{ id: string; label: string }>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const NAF2025 = require('../../../rules/naf2025.json') as { subclasses: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CORRESPONDENCE = require('../../../rules/naf-correspondence.json') as { rev2ToNaf2025: Record<string, string[]> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PROFESSIONS = require('../../../rules/professions.json') as ProfessionsFile;

/** `rev2`: NAF rév. 2 (2008); `naf2025`: NAF 2025 (SIRENE from 1 January 2027). */
export type NafNomenclature = 'rev2' | 'naf2025';

export const NAF_NOMENCLATURES: readonly NafNomenclature[] = ['rev2', 'naf2025'];

/** How the nomenclatures are named to a person. */
export const NAF_NOMENCLATURE_NAMES: Record<NafNomenclature, string> = { rev2: 'NAF rév. 2', naf2025: 'NAF 2025' };

/** Codes or prefixes, one list per nomenclature. */
export type NafByNomenclature = Record<NafNomenclature, string[]>;

export interface ProfessionsFile {
	version: number;
	nomenclatures: string[];
	professions: Record<string, { label: string; naf: NafByNomenclature }>;
}

const SUBCLASS = /^\d{2}\.\d{2}[A-Z]$/;
/** A division (47), group (47.7) or class (47.77): what a rule may write instead of a sub-class. */
const PREFIX = /^\d{2}(\.\d{1,2})?$/;

interface NafIndex {
	labels: Record<NafNomenclature, Map<string, string>>;
	/** Every division, group and class that heads at least one sub-class, per nomenclature. */
	prefixes: Record<NafNomenclature, Set<string>>;
	toNaf2025: Map<string, string[]>;
	toRev2: Map<string, string[]>;
}

let index: NafIndex | undefined;

function prefixesOf(codes: Iterable<string>): Set<string> {
	const prefixes = new Set<string>();
	for (const code of codes) for (const length of [2, 4, 5]) prefixes.add(code.slice(0, length));
	return prefixes;
}

function nafIndex(): NafIndex {
	if (index) return index;
	const rev2 = new Map(REV2_LIST.filter((n) => SUBCLASS.test(n.id)).map((n) => [n.id, n.label]));
	const naf2025 = new Map(Object.entries(NAF2025.subclasses));
	const toNaf2025 = new Map(Object.entries(CORRESPONDENCE.rev2ToNaf2025));
	const toRev2 = new Map<string, string[]>();
	for (const [from, targets] of toNaf2025) for (const to of targets) toRev2.set(to, [...(toRev2.get(to) ?? []), from]);
	index = {
		labels: { rev2, naf2025 },
		prefixes: { rev2: prefixesOf(rev2.keys()), naf2025: prefixesOf(naf2025.keys()) },
		toNaf2025,
		toRev2,
	};
	return index;
}

/** `4726Z`, `47.26y`, `47 26 Z` → `47.26Z`; undefined when it does not have the shape of a sub-class. */
export function normalizeNaf(input: string): string | undefined {
	const compact = input.replace(/[\s.]/g, '').toUpperCase();
	if (!/^\d{4}[A-Z]$/.test(compact)) return undefined;
	return `${compact.slice(0, 2)}.${compact.slice(2)}`;
}

/**
 * The nomenclatures a sub-class belongs to (`47.26Z` → rev2, `47.26Y` → naf2025); empty when it
 * is in neither. INSEE gave NAF 2025 its own last letters (Y, G–L against Z, A–F), so no code is
 * in both today: the list form keeps callers right should a later edition reuse one.
 */
export function nafNomenclatures(input: string): NafNomenclature[] {
	const { labels } = nafIndex();
	const code = normalizeNaf(input);
	return code ? NAF_NOMENCLATURES.filter((n) => labels[n].has(code)) : [];
}

/** The nomenclature of a sub-class, or undefined when it exists in neither. */
export function nafNomenclature(code: string): NafNomenclature | undefined {
	return nafNomenclatures(code)[0];
}

/** The French label of a sub-class, in the given nomenclature or in the one it belongs to. */
export function nafLabel(input: string, nomenclature?: NafNomenclature): string | undefined {
	const labels = nafIndex().labels;
	const code = normalizeNaf(input) ?? input;
	return nomenclature ? labels[nomenclature].get(code) : NAF_NOMENCLATURES.map((n) => labels[n].get(code)).find(Boolean);
}

/** Every sub-class of a nomenclature with its label (for a picker or a report). */
export function nafSubclasses(nomenclature: NafNomenclature): ReadonlyMap<string, string> {
	return nafIndex().labels[nomenclature];
}

/** INSEE's correspondence: the NAF 2025 sub-class(es) of a rév. 2 sub-class (several when it was split). */
export function nafRev2ToNaf2025(rev2Code: string): string[] {
	return [...(nafIndex().toNaf2025.get(normalizeNaf(rev2Code) ?? rev2Code) ?? [])];
}

/** INSEE's correspondence read backwards: the rév. 2 sub-class(es) whose content a NAF 2025 one took. */
export function nafNaf2025ToRev2(naf2025Code: string): string[] {
	return [...(nafIndex().toRev2.get(normalizeNaf(naf2025Code) ?? naf2025Code) ?? [])];
}

/**
 * The nomenclatures in which a rule's code or prefix means something: a sub-class of it
 * (`47.77Z`, `4777z`), or a division, group or class that heads sub-classes of it (`47`, `47.7`,
 * `47.77`). `47.8` is both (market stalls in rév. 2, car retail in NAF 2025); empty when neither.
 */
export function nafPatternNomenclatures(pattern: string): NafNomenclature[] {
	const code = normalizeNafPattern(pattern);
	if (!code) return [];
	if (SUBCLASS.test(code)) return nafNomenclatures(code);
	const { prefixes } = nafIndex();
	return NAF_NOMENCLATURES.filter((n) => prefixes[n].has(code));
}

/** A rule's code or prefix in its canonical form (`4777z` → `47.77Z`, ` 47.7 ` → `47.7`), or undefined. */
export function normalizeNafPattern(pattern: string): string | undefined {
	const trimmed = pattern.trim().toUpperCase();
	return PREFIX.test(trimmed) ? trimmed : normalizeNaf(trimmed);
}

/** True when `naf` (a sub-class like 47.77Z) falls under `codeOrPrefix` (47.77Z, 47.7, 47, 01). */
export function nafMatches(naf: string, codeOrPrefix: string): boolean {
	return naf.startsWith(codeOrPrefix.trim().toUpperCase());
}

/** True when `naf`, a sub-class of `nomenclature`, falls under one of that nomenclature's codes or prefixes. */
export function nafMatchesIn(naf: string, nomenclature: NafNomenclature, codes: NafByNomenclature): boolean {
	return codes[nomenclature].some((prefix) => nafMatches(naf, prefix));
}

/** Profession tags with their French labels and NAF codes per nomenclature, from rules/professions.json. */
export function professionCatalog(): ProfessionsFile['professions'] {
	return PROFESSIONS.professions;
}

export function isProfession(tag: string): boolean {
	return Object.prototype.hasOwnProperty.call(PROFESSIONS.professions, tag);
}

const byNaf = new Map<string, string[]>();

/**
 * The profession tags of a sub-class, matched against the lists of its own nomenclature: 47.26Y
 * is a `buraliste` like 47.26Z, 47.81Y (car retail) is `automobile` while 47.81Z (food stalls) is
 * not. The code is read as `validateAdherent` reads it (`4726Y`, `47.26y`); `nomenclature`
 * defaults to the code's own (memoised: the mapping is static).
 */
export function professionsForNaf(naf: string, nomenclature?: NafNomenclature): string[] {
	const code = normalizeNaf(naf);
	const of = code && (nomenclature ?? nafNomenclature(code));
	if (!code || !of) return [];
	const key = `${of}:${code}`;
	let tags = byNaf.get(key);
	if (!tags) {
		tags = Object.entries(PROFESSIONS.professions)
			.filter(([, p]) => nafMatchesIn(code, of, p.naf))
			.map(([tag]) => tag);
		byNaf.set(key, tags);
	}
	return [...tags];
}

/** NAF codes or prefixes of a profession tag, per nomenclature (empty lists for an unknown tag). */
export function nafForProfession(tag: string): NafByNomenclature {
	const naf = isProfession(tag) ? PROFESSIONS.professions[tag].naf : undefined;
	return { rev2: [...(naf?.rev2 ?? [])], naf2025: [...(naf?.naf2025 ?? [])] };
}

/** A profession's codes in one line for a picker: `NAF rév. 2 47.26Z · NAF 2025 47.26Y`. */
export function describeProfessionNaf(codes: NafByNomenclature): string {
	return NAF_NOMENCLATURES.map((n) => `${NAF_NOMENCLATURE_NAMES[n]} ${codes[n].join(', ')}`).join(' · ');
}
