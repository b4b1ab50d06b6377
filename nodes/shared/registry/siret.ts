import { quoted } from '../text';

/** La Poste's establishments share SIREN 356000000 and follow their own check rule. */
const LA_POSTE_SIREN = '356000000';

function luhnValid(digits: string): boolean {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) {
		let d = digits.charCodeAt(digits.length - 1 - i) - 48;
		if (i % 2 === 1) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
	}
	return sum % 10 === 0;
}

function digitSum(digits: string): number {
	let sum = 0;
	for (let i = 0; i < digits.length; i++) sum += digits.charCodeAt(i) - 48;
	return sum;
}

// All zeros pass Luhn, yet INSEE never gives them: a placeholder typed to get past a form.
const isAllZeros = (digits: string) => /^0+$/.test(digits);

export type SiretCheck = { ok: true; siret: string; siren: string } | { ok: false; message: string };

/**
 * Checks a SIRET: 14 digits (spaces allowed), neither SIREN nor NIC all zeros, and the Luhn key —
 * or, for La Poste (SIREN 356000000), the Luhn key or a digit sum that is a multiple of 5.
 */
export function checkSiret(input: string): SiretCheck {
	const siret = input.replace(/[\s.-]/g, '');
	if (!/^\d{14}$/.test(siret)) return { ok: false, message: `${quoted(input)} is not 14 digits: a SIRET has 14 digits (SIREN + NIC)` };
	const siren = siret.slice(0, 9);
	if (isAllZeros(siren)) return { ok: false, message: `${siret} has SIREN 000000000, which no company has: copy the SIRET from the company's INSEE notice` };
	if (isAllZeros(siret.slice(9))) return { ok: false, message: `${siret} has NIC 00000, which no establishment has: give the 14-digit SIRET of the shop, not a SIREN padded with zeros` };
	if (luhnValid(siret)) return { ok: true, siret, siren };
	if (siren === LA_POSTE_SIREN) {
		if (digitSum(siret) % 5 === 0) return { ok: true, siret, siren };
		return { ok: false, message: `${siret} fails La Poste's SIRET checks (Luhn key, digit sum a multiple of 5): check for a typo` };
	}
	return { ok: false, message: `${siret} fails the SIRET check digit (Luhn): check for a typo` };
}

/** Checks a SIREN: 9 digits with a Luhn key, not all zeros. */
export function isValidSiren(siren: string): boolean {
	return /^\d{9}$/.test(siren) && !isAllZeros(siren) && luhnValid(siren);
}

/** Appends the Luhn check digit to `digits` (to make valid SIREN/SIRET for samples and tests). */
export function withLuhnKey(digits: string): string {
	for (let key = 0; key < 10; key++) {
		if (luhnValid(`${digits}${key}`)) return `${digits}${key}`;
	}
	throw new Error('unreachable: one Luhn key always exists');
}
