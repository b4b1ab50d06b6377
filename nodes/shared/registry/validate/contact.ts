import { maskPhone, normalizeMobile } from '../../phone';
import { quoted } from '../../text';
import { DATE_FORMS, normalizeDateTime } from '../dates';
import type { OptOut } from '../types';
import type { Faults } from './faults';
import { list, type AdherentInput } from './input';
import { withinBounds } from './shape';

/**
 * The mobiles, in E.164 without repeats; `departement` (the commune's) tells how to read overseas
 * numbers. At least one is required.
 */
export function checkPhones(row: AdherentInput, faults: Faults, departement: string | undefined): string[] {
	const phones: string[] = [];
	if (faults.has('phones')) return phones;
	const raw = list((Array.isArray(row.phones) ? row.phones : [row.phones]).flatMap((p) => String(p).split(/[,;/|\n]/)));
	// The limit counts numbers, not strings: `a; b; c; d; e; f` is six. Past it, none is parsed.
	if (raw.length === 0) {
		faults.add('phones', 'at least one mobile phone number is required');
		return phones;
	}
	if (!withinBounds('phones', raw, faults)) return phones;
	for (const input of raw) {
		const check = normalizeMobile(input, departement);
		if (!check.ok) faults.add('phones', check.message);
		else if (!phones.includes(check.e164)) phones.push(check.e164);
	}
	return phones;
}

/** The member's phones and their commune's département, which the opt-outs are read against. */
export interface PhonesOf {
	phones: string[];
	departement: string | undefined;
}

/** Opt-outs carried over from an export: each of one of the member's phones, with a real date. */
export function checkOptOuts(row: AdherentInput, faults: Faults, member: PhonesOf): OptOut[] {
	const optOuts: OptOut[] = [];
	if (!Array.isArray(row.optOuts) || faults.has('optOuts')) return optOuts;
	for (const entry of row.optOuts as OptOut[]) {
		const check = normalizeMobile(entry.phone, member.departement);
		const at = normalizeDateTime(entry.at);
		if (!check.ok) faults.add('optOuts', check.message);
		else if (!member.phones.includes(check.e164)) faults.add('optOuts', `${maskPhone(check.e164)} opted out but is not one of the member's phones`);
		else if (!at) faults.add('optOuts', `${maskPhone(check.e164)} opted out on ${quoted(entry.at)}, which is not a date of the calendar: ${DATE_FORMS}`);
		else optOuts.push({ phone: check.e164, at });
	}
	return optOuts;
}
