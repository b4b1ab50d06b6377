import { checkSiret } from '../siret';
import type { Faults } from './faults';
import type { AdherentInput } from './input';

/** Who the business is in SIRENE: its SIRET (key checked) and the SIREN it starts with. */
export interface Identity {
	siret: string;
	siren: string;
}

/** The SIRET, its Luhn key checked; empty strings when it is at fault. */
export function checkIdentity(row: AdherentInput, faults: Faults): Identity {
	if (faults.has('siret')) return { siret: '', siren: '' };
	const check = checkSiret(String(row.siret));
	if (check.ok) return { siret: check.siret, siren: check.siren };
	faults.add('siret', check.message);
	return { siret: '', siren: '' };
}
