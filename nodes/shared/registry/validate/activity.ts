import { isProfession, nafNomenclature, normalizeNaf, type NafNomenclature } from '../../naf';
import type { Faults } from './faults';
import { list, text, type AdherentInput } from './input';
import { withinBounds } from './shape';

/** What the business does: its NAF code and the nomenclature the code belongs to. */
export interface Activity {
	naf?: string;
	nafNomenclature?: NafNomenclature;
}

/** The NAF (APE) code, of either nomenclature; empty when absent or at fault. */
export function checkNaf(row: AdherentInput, faults: Faults): Activity {
	const raw = text(row.naf);
	if (!raw || faults.has('naf')) return {};
	const naf = normalizeNaf(raw);
	if (!naf) {
		faults.add('naf', `"${raw}" is not a NAF code: expected four digits and a letter, e.g. 47.26Z (NAF rév. 2) or 47.26Y (NAF 2025)`);
		return {};
	}
	// Either nomenclature: SIRENE gives NAF 2025 codes from 2027, members keep rév. 2 ones for years.
	const nomenclature = nafNomenclature(naf);
	if (!nomenclature) {
		faults.add('naf', `${naf} is neither a NAF rév. 2 nor a NAF 2025 code: check the APE code on the company's INSEE notice or in the SIRENE directory`);
	}
	return { naf, nafNomenclature: nomenclature };
}

/** The profession tags given by hand (the NAF code's come on top), each one of rules/professions.json. */
export function checkProfessions(row: AdherentInput, faults: Faults): string[] {
	const tags = faults.has('professions') ? [] : list(row.professions);
	if (withinBounds('professions', tags, faults)) {
		for (const tag of tags) {
			if (!isProfession(tag)) faults.add('professions', `"${tag}" is not a profession tag of rules/professions.json`);
		}
	}
	return tags;
}
