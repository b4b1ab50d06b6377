import { nafLabel, nafRev2ToNaf2025, professionsForNaf } from '../naf';
import type { Adherent } from './types';

/** One NAF 2025 code a rév. 2 member may move to, and what it would do to its profession tags. */
export interface NafTransitionCandidate {
	code: string;
	label?: string;
	/** Tags the NAF code would give (explicit tags of the member come on top, unchanged). */
	professions: string[];
	added: string[];
	removed: string[];
}

/** A member still on a NAF rév. 2 code, read against INSEE's correspondence table. */
export interface NafTransitionRow {
	siret: string;
	name: string;
	tradeName?: string;
	communeInsee: string;
	city?: string;
	naf: string;
	nafLabel?: string;
	/** The NAF 2025 code(s) INSEE's correspondence gives; several when the class was split. */
	candidates: NafTransitionCandidate[];
	/** One candidate only. */
	unambiguous: boolean;
	/**
	 * The likely NAF 2025 code: the only candidate, or the only one that keeps the rév. 2 class
	 * (47.26Z → 47.26Y rather than 47.92H, the new class of retail intermediation that took the
	 * online part of many classes). Absent when a person must choose.
	 */
	suggested?: string;
	/**
	 * The tags would change: with the suggested code when there is one, else with any candidate.
	 * Rules may then reach (or miss) this member after the change.
	 */
	tagsWouldChange: boolean;
	/**
	 * With a suggested code, the member as Upsert takes it: the NAF 2025 code, and only the tags the
	 * CCI gave by hand (those the rév. 2 code gave are derived again from the new code).
	 */
	apply?: Adherent;
}

const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

/**
 * The NAF 2025 transition of one member, or undefined when it is not on a rév. 2 code. Reads only:
 * nothing changes until the CCI applies `apply` (or its own choice) with Upsert or Import.
 */
export function nafTransitionOf(adherent: Adherent): NafTransitionRow | undefined {
	const naf = adherent.naf;
	if (!naf || adherent.nafNomenclature === 'naf2025') return undefined;
	const derived = professionsForNaf(naf, 'rev2');
	const explicit = minus(adherent.professions, derived);
	const candidates = nafRev2ToNaf2025(naf).map((code): NafTransitionCandidate => {
		const professions = professionsForNaf(code, 'naf2025');
		return { code, label: nafLabel(code, 'naf2025'), professions, added: minus(professions, derived), removed: minus(derived, professions) };
	});
	const unambiguous = candidates.length === 1;
	const sameClass = candidates.filter((c) => c.code.slice(0, 5) === naf.slice(0, 5));
	const suggestion = unambiguous ? candidates[0] : sameClass.length === 1 ? sameClass[0] : undefined;
	const changes = (c: NafTransitionCandidate) => c.added.length > 0 || c.removed.length > 0;
	const row: NafTransitionRow = {
		siret: adherent.siret,
		name: adherent.name,
		tradeName: adherent.tradeName,
		communeInsee: adherent.communeInsee,
		city: adherent.city,
		naf,
		nafLabel: nafLabel(naf, 'rev2'),
		candidates,
		unambiguous,
		tagsWouldChange: suggestion ? changes(suggestion) : candidates.some(changes),
	};
	if (suggestion) {
		const code = suggestion.code;
		row.suggested = code;
		row.apply = { ...adherent, naf: code, nafNomenclature: 'naf2025', professions: [...new Set([...professionsForNaf(code, 'naf2025'), ...explicit])].sort() };
	}
	for (const key of ['tradeName', 'city', 'nafLabel'] as const) if (row[key] === undefined) delete row[key];
	return row;
}

/** The transition report of a register: one row per member still on a NAF rév. 2 code, in SIRET order. */
export function nafTransitionReport(adherents: Iterable<Adherent>): NafTransitionRow[] {
	const rows: NafTransitionRow[] = [];
	for (const adherent of adherents) {
		const row = nafTransitionOf(adherent);
		if (row) rows.push(row);
	}
	return rows.sort((a, b) => a.siret.localeCompare(b.siret));
}
