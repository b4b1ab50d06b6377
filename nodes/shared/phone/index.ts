import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone numbers: E.164 through libphonenumber-js (full metadata, to tell mobiles from landlines).
 * National numbers are read as metropolitan French first, then as the overseas départements'
 * (0690… is Guadeloupe, 0692… La Réunion): their national format looks the same.
 */
const FRENCH_REGIONS: CountryCode[] = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF'];

/** Overseas département → its numbering region, to read national numbers of members there first. */
const REGION_OF_DEPARTEMENT: Record<string, CountryCode> = {
	'971': 'GP',
	'972': 'MQ',
	'973': 'GF',
	'974': 'RE',
	'975': 'PM',
	'976': 'YT',
	'977': 'BL',
	'978': 'MF',
};

export type PhoneCheck = { ok: true; e164: string } | { ok: false; message: string };

/**
 * Normalises a French mobile number to E.164; landlines and foreign numbers are refused. The
 * refusal quotes the number masked (maskPhone, maskPhoneInput): it reaches reports and logs.
 */
export function normalizeMobile(raw: string, departement?: string): PhoneCheck {
	const text = String(raw).trim();
	if (!text) return { ok: false, message: 'empty phone number' };
	const preferred = departement ? REGION_OF_DEPARTEMENT[departement] : undefined;
	const regions = preferred ? [preferred, ...FRENCH_REGIONS] : FRENCH_REGIONS;
	let landline: string | undefined;
	for (const region of regions) {
		const parsed = parsePhoneNumberFromString(text, region);
		if (!parsed || !parsed.isValid()) continue;
		if (!parsed.country || !FRENCH_REGIONS.includes(parsed.country)) {
			return { ok: false, message: `${maskPhone(parsed.number)} is not a French number (only French mobiles receive alerts): give a French mobile number` };
		}
		const type = parsed.getType();
		if (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') return { ok: true, e164: parsed.number };
		landline ??= parsed.number;
	}
	if (landline) return { ok: false, message: `${maskPhone(landline)} is a landline or service number and cannot receive SMS: give a mobile number` };
	return { ok: false, message: `${maskPhoneInput(text)} is not a valid phone number: give a mobile number such as 06 12 34 56 78` };
}

/** A phone for logs and reports: `+33 6 •• •• •• 78`-like, enough to recognise, not to dial. */
export function maskPhone(e164: string): string {
	if (e164.length < 6) return '••••';
	return `${e164.slice(0, e164.length - 8)}••••••${e164.slice(-2)}`;
}

/** Longest raw input quoted in a message: a phone field holding a page of text stays one line. */
const MAX_QUOTED_INPUT = 40;

/**
 * A phone as typed, unparsed, for messages: every digit but the last two masked (`•• •• 12`), the
 * rest kept so the author recognises the entry; cut after 40 characters.
 */
export function maskPhoneInput(raw: string): string {
	const text = String(raw).trim();
	let toMask = (text.match(/\d/g)?.length ?? 0) - 2;
	const masked = text.replace(/\d/g, (digit) => (toMask-- > 0 ? '•' : digit));
	return masked.length > MAX_QUOTED_INPUT ? `${masked.slice(0, MAX_QUOTED_INPUT)}…` : masked;
}
