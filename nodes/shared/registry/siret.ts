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

export type SiretCheck = { ok: true; siret: string; siren: string } | { ok: false; message: string };

/** Checks a SIRET: 14 digits (spaces allowed), Luhn key, or La Poste's digit-sum rule. */
export function checkSiret(input: string): SiretCheck {
	const siret = input.replace(/[\s.-]/g, '');
	if (!/^\d{14}$/.test(siret)) return { ok: false, message: `"${input}" is not 14 digits: a SIRET has 14 digits (SIREN + NIC)` };
	const siren = siret.slice(0, 9);
	if (siren === LA_POSTE_SIREN) {
		const digitSum = [...siret].reduce((s, c) => s + Number(c), 0);
		if (digitSum % 5 === 0) return { ok: true, siret, siren };
		return { ok: false, message: `${siret} fails La Poste's SIRET check (digit sum not a multiple of 5): check for a typo` };
	}
	if (!luhnValid(siret)) return { ok: false, message: `${siret} fails the SIRET check digit (Luhn): check for a typo` };
	return { ok: true, siret, siren };
}

/** Checks a SIREN: 9 digits with a Luhn key. */
export function isValidSiren(siren: string): boolean {
	return /^\d{9}$/.test(siren) && luhnValid(siren);
}

/** Appends the Luhn check digit to `digits` (to make valid SIREN/SIRET for samples and tests). */
export function withLuhnKey(digits: string): string {
	for (let key = 0; key < 10; key++) {
		if (luhnValid(`${digits}${key}`)) return `${digits}${key}`;
	}
	throw new Error('unreachable: one Luhn key always exists');
}
