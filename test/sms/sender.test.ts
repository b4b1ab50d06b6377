import { GENERIC_SENDER_WORDS, PROTECTED_SENDER_NAMES, validateSenderId } from '../../nodes/shared/sms';
import { validateSenderId as fromPackageRoot } from '../../index';

const rulesOf = (id: string) => {
	const check = validateSenderId(id);
	return check.ok ? check.warnings.map((w) => w.rule) : [check.rule];
};

describe('validateSenderId', () => {
	test.each(['CCI63', 'CCIPUYDOME', 'VIGICOMMERC', 'CCI63ALERTE', 'CAFEDUPORT', 'a1'])('%s is a sender French operators accept, without warning', (id) => {
		expect(validateSenderId(id)).toEqual({ ok: true, kind: 'alphanumeric', senderId: id, warnings: [] });
	});

	test('is exported from the package root under its name', () => {
		expect(fromPackageRoot).toBe(validateSenderId);
	});

	describe('refuses what no network carries, saying which rule and how to fix it', () => {
		test.each([
			['ALERTECOMMERCE', 'length', 'at most 11'],
			['CCI 63', 'characters', 'only contain letters'],
			['Vigié', 'characters', 'only contain letters'],
			['CCI-63', 'characters', 'only contain letters'],
			['', 'empty', 'empty'],
			['12', 'number-length', 'between 3 and 15 digits'],
			['+1234567890123456', 'number-length', 'between 3 and 15 digits'],
		])('%s is refused (%s)', (id, rule, message) => {
			const check = validateSenderId(id);
			expect(check).toEqual({ ok: false, rule, message: expect.stringContaining(message) });
		});

		test('the message for a name too long suggests one that fits', () => {
			const check = validateSenderId('CCIPUYDEDOME');
			expect(check.ok ? '' : check.message).toMatch(/has 12 characters; networks accept at most 11, e\.g\. CCI63/);
		});
	});

	describe('warns, without refusing, when French operators may block or replace the sender (AF2M rules)', () => {
		test.each(['+33612345678', '0612345678', '38100', '+33 6 12 34 56 78'])('%s: digits only, read as a phone number', (id) => {
			const check = validateSenderId(id);
			expect(check).toMatchObject({ ok: true, kind: 'numeric', warnings: [{ rule: 'digits-only', message: expect.stringContaining('digits only') }] });
		});

		test.each([
			['ALERTE', 'ALERTE'],
			['ALERTE63', 'ALERTE'],
			['Info', 'INFO'],
			['SMS', 'SMS'],
			['RDV2025', 'RDV'],
			['NOREPLY', 'NOREPLY'],
			['TEST', 'TEST'],
			['PROMO', 'PROMO'],
			['ALERTESMS', 'ALERTE + SMS'],
			['INFOSMS63', 'INFO + SMS'],
		])('%s: only a generic word (%s)', (id, words) => {
			expect(validateSenderId(id)).toMatchObject({ ok: true, warnings: [{ rule: 'generic-word', message: expect.stringContaining(`(${words})`) }] });
		});

		test('a generic word beside a name of its own is not generic', () => {
			expect(rulesOf('CCI63INFO')).toEqual([]);
			expect(rulesOf('ALERTECOM')).toEqual([]);
		});

		test.each([
			['GENDARMERIE', 'GENDARMERIE'],
			['POLICE63', 'POLICE'],
			['PREFECTURE', 'PREFECTURE'],
			['MAIRIEISSOI', 'MAIRIE'],
			['LAPOSTE', 'LAPOSTE'],
			['CAF63', 'CAF'],
		])('%s: a protected name (%s) without authorisation', (id, name) => {
			expect(validateSenderId(id)).toMatchObject({ ok: true, warnings: [{ rule: 'protected-name', message: expect.stringContaining(`contains "${name}"`) }] });
		});

		test('a short protected name inside an ordinary word is not flagged', () => {
			expect(rulesOf('CAFEDUPORT')).toEqual([]);
		});

		test('a protected name is flagged even beside a generic word', () => {
			expect(rulesOf('POLICEINFO')).toEqual(['protected-name']);
		});

		test('every warning names the rule in words a CCI reads and gives an example of a good sender', () => {
			for (const id of ['ALERTE63', 'POLICE63', '38100']) {
				const check = validateSenderId(id);
				if (!check.ok) throw new Error(`${id} should be accepted`);
				for (const warning of check.warnings) expect(warning.message).toMatch(/French operators.*e\.g\. CCI63/);
			}
		});
	});

	describe('the word lists (data)', () => {
		test('hold the words the AF2M rules name, upper case, each short enough to be a sender', () => {
			for (const word of ['ALERTE', 'INFO', 'RDV', 'SMS', 'NOREPLY', 'TEST', 'PROMO']) expect(GENERIC_SENDER_WORDS).toContain(word);
			for (const name of ['GENDARMERIE', 'POLICE', 'PREFECTURE', 'MAIRIE']) expect(PROTECTED_SENDER_NAMES[name]).toBeDefined();
			for (const word of [...GENERIC_SENDER_WORDS, ...Object.keys(PROTECTED_SENDER_NAMES)]) expect(word).toMatch(/^[A-Z]{2,11}$/);
		});
	});
});
