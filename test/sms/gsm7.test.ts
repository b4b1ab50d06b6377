import { countSeptets, GSM7_BASIC, GSM7_EXTENSION, gsm7Septets, isGsm7, smsEncoding, toGsm7 } from '../../nodes/shared/sms';

/** GSM 03.38 basic table by code point (0x1B is the escape), as 3GPP TS 23.038 lists it. */
const BASIC_BY_CODE = [
	'@£$¥èéùìòÇ\nØø\rÅå',
	'Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ',
	' !"#¤%&\'()*+,-./',
	'0123456789:;<=>?',
	'¡ABCDEFGHIJKLMNO',
	'PQRSTUVWXYZÄÖÑÜ§',
	'¿abcdefghijklmno',
	'pqrstuvwxyzäöñüà',
].join('');
const EXTENSION_BY_CODE: Record<number, string> = { 0x0a: '\f', 0x14: '^', 0x28: '{', 0x29: '}', 0x2f: '\\', 0x3c: '[', 0x3d: '~', 0x3e: ']', 0x40: '|', 0x65: '€' };

describe('GSM 03.38 tables', () => {
	test('the basic table has the 127 characters of the standard, in code order', () => {
		const expected = [...BASIC_BY_CODE].filter((c) => c !== '\u001b');
		expect(GSM7_BASIC).toEqual(expected);
		expect(new Set(GSM7_BASIC).size).toBe(127);
	});

	test.each([...BASIC_BY_CODE].filter((c) => c !== '\u001b').map((c) => [JSON.stringify(c), c]))('basic %s costs one septet', (_, char) => {
		expect(gsm7Septets(char)).toBe(1);
		expect(toGsm7(char)).toBe(char);
		expect(smsEncoding(char)).toBe('GSM-7');
	});

	test.each(Object.entries(EXTENSION_BY_CODE).map(([code, c]) => [Number(code).toString(16), JSON.stringify(c), c]))('extension 0x%s %s costs two septets', (_, __, char) => {
		expect(GSM7_EXTENSION).toContain(char);
		expect(gsm7Septets(char)).toBe(2);
		expect(countSeptets(char)).toBe(2);
		expect(toGsm7(char)).toBe(char);
	});

	test('the extension table has exactly the ten printable characters', () => {
		expect([...GSM7_EXTENSION].sort()).toEqual(Object.values(EXTENSION_BY_CODE).sort());
	});

	test('every other character of the Basic Multilingual Plane is outside GSM-7 and transliterates into it', () => {
		const known = new Set([...GSM7_BASIC, ...GSM7_EXTENSION]);
		let outside = 0;
		for (let code = 0; code <= 0xffff; code++) {
			if (code >= 0xd800 && code <= 0xdfff) continue;
			const char = String.fromCharCode(code);
			if (known.has(char)) continue;
			outside++;
			expect(gsm7Septets(char)).toBeUndefined();
			const out = toGsm7(char);
			if (!isGsm7(out)) throw new Error(`U+${code.toString(16)} gives ${JSON.stringify(out)}`);
		}
		expect(outside).toBe(0xffff + 1 - 2048 - 137);
	});

	test.each([
		['â ê î ô û', 'a e i o u'],
		['ë ï ÿ ç', 'e i y c'],
		['Â Ê Î Ô Û À È Ë Ï Ù', 'A E I O U A E E I U'],
		['œuvre Œuvre', 'oeuvre OEuvre'],
		['« faux »', '" faux "'],
		['l’individu', "l'individu"],
		['“armé”', '"armé"'],
		['en fuite…', 'en fuite...'],
		['Riom – Thiers — Ambert', 'Riom - Thiers - Ambert'],
		['14\u00a0h\u202f30', '14 h 30'],
		['N° 12', 'No 12'],
		['ﬁn', 'fin'],
		['x²', 'x2'],
		['🚨 alerte', ' alerte'],
		['Москва', '??????'],
	])('%s → %s', (input, output) => {
		expect(toGsm7(input)).toBe(output);
		expect(isGsm7(toGsm7(input))).toBe(true);
	});

	test('characters GSM-7 already holds are kept: é è ù à ì ò É Ç Ä Ö Ñ Ü ü ß', () => {
		const text = 'é è ù à ì ò É Ç Ä Ö Ñ Ü ü ß';
		expect(toGsm7(text)).toBe(text);
		expect(smsEncoding(text)).toBe('GSM-7');
	});

	test('one character outside the table makes the text UCS-2', () => {
		expect(smsEncoding('Fermez à clé')).toBe('GSM-7');
		expect(smsEncoding('Fermez à clé, fenêtre')).toBe('UCS-2');
	});
});
