import { validateAdherent, checkSiret, isValidSiren, withLuhnKey, normalizeDate, adherentFromRow } from '../../nodes/shared/registry';
import { normalizeMobile, maskPhone, maskPhoneInput } from '../../nodes/shared/phone';
import { normalizeNaf, professionsForNaf } from '../../nodes/shared/naf';

const base = { siret: '73282932000074', name: 'Bijouterie Martin', naf: '47.77Z', phones: '06 12 34 56 78', communeInsee: '63178' };

function errorsOf(input: Record<string, unknown>) {
	const result = validateAdherent(input);
	if (result.ok) throw new Error(`expected errors for ${JSON.stringify(input)}`);
	return result.errors;
}

function fieldsOf(input: Record<string, unknown>) {
	return errorsOf(input).map((e) => e.field);
}

describe('SIRET', () => {
	it.each(['73282932000074', '732 829 320 00074', '44306184100047'])('accepts %s', (siret) => {
		expect(checkSiret(siret).ok).toBe(true);
	});

	it.each([
		['73282932000075', 'Luhn'],
		['7328293200007', '14 digits'],
		['7328293200007A', '14 digits'],
		['', '14 digits'],
	])('refuses %s (%s)', (siret, why) => {
		const check = checkSiret(siret);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.message).toContain(why);
	});

	it('applies La Poste’s digit-sum rule to SIREN 356000000', () => {
		// 3+5+6 = 14: a NIC whose digits add to 1 (mod 5) makes the sum a multiple of 5; Luhn would refuse it.
		expect(checkSiret('35600000000010').ok).toBe(true);
		expect(checkSiret('35600000000010').ok && checkSiret('35600000000010')).toMatchObject({ siren: '356000000' });
		expect(checkSiret('35600000000011').ok).toBe(false);
		expect(checkSiret('35600000049837').ok).toBe(true);
		expect(checkSiret('35600000049838').ok).toBe(false);
	});

	it('accepts a La Poste SIRET that passes Luhn though its digit sum is not a multiple of 5', () => {
		const luhnOnly = withLuhnKey('3560000000003');
		expect([...luhnOnly].reduce((s, c) => s + Number(c), 0) % 5).not.toBe(0);
		expect(checkSiret(luhnOnly)).toEqual({ ok: true, siret: luhnOnly, siren: '356000000' });
	});

	it('refuses a La Poste SIRET that fails both rules, naming both', () => {
		const check = checkSiret('35600000000011');
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.message).toMatch(/Luhn.*multiple of 5/);
	});

	it('refuses an all-zero SIRET, SIREN or NIC though each passes Luhn', () => {
		const zeroNic = '73282932000000'.slice(0, 9) + '00000';
		for (const siret of ['00000000000000', '000 000 000 00000', withLuhnKey('0000000000001'), zeroNic]) {
			expect(checkSiret(siret).ok).toBe(false);
		}
		expect(errorsOf({ ...base, siret: '00000000000000' })).toEqual([{ field: 'siret', message: expect.stringContaining('000000000') }]);
		expect(checkSiret(withLuhnKey('0000000000001'))).toMatchObject({ message: expect.stringContaining('SIREN 000000000') });
		expect(checkSiret('73282932000000')).toMatchObject({ message: expect.stringContaining('NIC 00000') });
		expect(isValidSiren('000000000')).toBe(false);
		expect(isValidSiren('732829320')).toBe(true);
	});

	it('derives the SIREN', () => {
		const result = validateAdherent(base);
		expect(result.ok && result.adherent.siren).toBe('732829320');
	});

	it('makes Luhn-valid numbers for samples', () => {
		const siret = withLuhnKey('1234567800012');
		expect(siret).toHaveLength(14);
		expect(checkSiret(siret).ok).toBe(true);
	});
});

describe('name', () => {
	it('is required and not blank', () => {
		expect(fieldsOf({ ...base, name: undefined })).toEqual(['name']);
		expect(fieldsOf({ ...base, name: '   ' })).toEqual(['name']);
	});

	it('keeps an optional trade name (enseigne)', () => {
		const result = validateAdherent({ ...base, tradeName: ' Or & Montres ' });
		expect(result.ok && result.adherent.tradeName).toBe('Or & Montres');
	});
});

describe('NAF and professions', () => {
	it.each([
		['47.26Z', '47.26Z'],
		['4726Z', '47.26Z'],
		['47.26z', '47.26Z'],
		['47 26 Z', '47.26Z'],
	])('normalises %s', (raw, code) => {
		expect(normalizeNaf(raw)).toBe(code);
		const result = validateAdherent({ ...base, naf: raw });
		expect(result.ok && result.adherent.naf).toBe(code);
	});

	it.each([
		['47.26Z', '47.26Z', 'rev2'],
		['4726Y', '47.26Y', 'naf2025'],
		['47.26y', '47.26Y', 'naf2025'],
		['56 11 g', '56.11G', 'naf2025'],
	])('accepts %s and keeps it as %s of %s', (raw, code, nomenclature) => {
		const result = validateAdherent({ ...base, naf: raw });
		expect(result.ok && { naf: result.adherent.naf, nafNomenclature: result.adherent.nafNomenclature }).toEqual({ naf: code, nafNomenclature: nomenclature });
	});

	it('leaves the nomenclature unset when there is no NAF code', () => {
		const result = validateAdherent({ ...base, naf: undefined });
		expect(result.ok && result.adherent).not.toHaveProperty('nafNomenclature', expect.anything());
	});

	it('ignores a nomenclature given in the input: the code decides', () => {
		const result = validateAdherent({ ...base, naf: '47.26Y', nafNomenclature: 'rev2' });
		expect(result.ok && result.adherent.nafNomenclature).toBe('naf2025');
	});

	it('refuses codes of neither nomenclature, saying how to fix them', () => {
		for (const naf of ['99.99Z', '45.11Y', '47.26X']) {
			expect(errorsOf({ ...base, naf })).toEqual([
				{ field: 'naf', message: `${naf} is neither a NAF rév. 2 nor a NAF 2025 code: check the APE code on the company's INSEE notice or in the SIRENE directory` },
			]);
		}
		expect(errorsOf({ ...base, naf: '47.2' })).toEqual([{ field: 'naf', message: expect.stringContaining('e.g. 47.26Z (NAF rév. 2) or 47.26Y (NAF 2025)') }]);
		expect(errorsOf({ ...base, naf: 'tabac' })[0].field).toBe('naf');
	});

	it('derives profession tags from a NAF 2025 code like from its rév. 2 counterpart', () => {
		const tabac = validateAdherent({ ...base, naf: '47.26Y' });
		expect(tabac.ok && tabac.adherent.professions).toEqual(['buraliste', 'commerce-detail']);
		const garage = validateAdherent({ ...base, naf: '47.81Y' });
		expect(garage.ok && garage.adherent.professions).toEqual(['automobile']);
	});

	it('derives profession tags from the NAF code and adds explicit ones', () => {
		expect(professionsForNaf('47.26Z')).toContain('buraliste');
		expect(professionsForNaf('01.11Z')).toEqual(['agriculteur']);
		expect(professionsForNaf('47.11C')).toEqual(expect.arrayContaining(['superette', 'commerce-detail']));
		const result = validateAdherent({ ...base, naf: '47.73Z', professions: 'presse' });
		expect(result.ok && result.adherent.professions).toEqual(['commerce-detail', 'pharmacie', 'presse']);
	});

	it('refuses unknown profession tags', () => {
		expect(errorsOf({ ...base, professions: ['boulangerie', 'astronaute'] })).toEqual([
			{ field: 'professions', message: expect.stringContaining('astronaute') },
		]);
	});
});

describe('phones', () => {
	it.each([
		['06 12 34 56 78', '+33612345678'],
		['+33 7 81 23 45 67', '+33781234567'],
		['0033612345678', '+33612345678'],
		['612345678', '+33612345678'],
	])('normalises %s to E.164', (raw, e164) => {
		expect(normalizeMobile(raw)).toEqual({ ok: true, e164 });
	});

	it('reads overseas mobiles in national format (Guadeloupe, La Réunion)', () => {
		expect(normalizeMobile('0690 12 34 56')).toEqual({ ok: true, e164: '+590690123456' });
		expect(normalizeMobile('0692 12 34 56')).toEqual({ ok: true, e164: '+262692123456' });
		const result = validateAdherent({ ...base, communeInsee: '97411', phones: '0692123456' });
		expect(result.ok && result.adherent.phones).toEqual(['+262692123456']);
	});

	it('refuses landlines, service numbers, foreign and malformed numbers, naming each', () => {
		const errors = errorsOf({ ...base, phones: ['04 73 12 34 56', '09 70 12 34 56', '+44 7700 900123', '06 12'] });
		expect(errors.map((e) => e.field)).toEqual(['phones', 'phones', 'phones', 'phones']);
		expect(errors[0].message).toContain(maskPhone('+33473123456'));
		expect(errors[0].message).toContain('landline');
		expect(errors[1].message).toContain(maskPhone('+33970123456'));
		expect(errors[2].message).toMatch(/not a (valid|French)/);
		expect(errors[3].message).toContain('not a valid phone number');
	});

	it('accepts several numbers (array or separated string) and removes duplicates', () => {
		const result = validateAdherent({ ...base, phones: '06 12 34 56 78; 07 81 23 45 67, +33612345678' });
		expect(result.ok && result.adherent.phones).toEqual(['+33612345678', '+33781234567']);
	});

	it('requires at least one phone', () => {
		expect(fieldsOf({ ...base, phones: [] })).toEqual(['phones']);
		expect(fieldsOf({ ...base, phones: undefined })).toEqual(['phones']);
	});

	it('masks numbers for logs', () => {
		expect(maskPhone('+33612345678')).toBe('+336••••••78');
		expect(maskPhone('+33612345678')).not.toContain('3456');
	});

	it('counts the numbers of a separated string against the limit of five, naming phones', () => {
		const six = '06 12 34 56 71; 06 12 34 56 72, 06 12 34 56 73; 06 12 34 56 74; 06 12 34 56 75; 06 12 34 56 76';
		expect(errorsOf({ ...base, phones: six })).toEqual([{ field: 'phones', message: expect.stringMatching(/6 entries, 5 at most/) }]);
		expect(errorsOf({ ...base, phones: ['06 12 34 56 71, 06 12 34 56 72, 06 12 34 56 73', '06 12 34 56 74; 06 12 34 56 75 / 06 12 34 56 76'] })).toEqual([
			{ field: 'phones', message: expect.stringMatching(/6 entries, 5 at most/) },
		]);
		expect(fieldsOf({ ...base, phones: ['0612345671', '0612345672', '0612345673', '0612345674', '0612345675', '0612345676'] })).toEqual(['phones']);
		const severalInOneCell = adherentFromRow({ telephone: '06 12 34 56 71; 06 12 34 56 72; 06 12 34 56 73', portable: '07 81 23 45 67' });
		const three = validateAdherent({ ...base, phones: severalInOneCell.phones });
		expect(three.ok && three.adherent.phones).toHaveLength(4);
		const five = validateAdherent({ ...base, phones: six.replace(/[;,] 06 12 34 56 76$/, '') });
		expect(five.ok && five.adherent.phones).toHaveLength(5);
	});
});

describe('phone numbers in messages', () => {
	it('masks the number a landline or foreign refusal quotes', () => {
		const landline = normalizeMobile('04 73 12 34 56');
		expect(landline).toEqual({ ok: false, message: expect.stringContaining('+334••••••56 is a landline') });
		expect(JSON.stringify(landline)).not.toMatch(/73 ?12 ?34/);
		const foreign = normalizeMobile('+32 470 12 34 56');
		expect(foreign).toEqual({ ok: false, message: expect.stringContaining('not a French number') });
		expect(JSON.stringify(foreign)).not.toMatch(/470 ?12 ?34/);
	});

	it('masks all but the last two digits of an input it cannot read', () => {
		expect(maskPhoneInput('06 12 34 5')).toBe('•• •• •4 5');
		expect(maskPhoneInput('tel 0612')).toBe('tel ••12');
		expect(maskPhoneInput('9'.repeat(100))).toBe(`${'•'.repeat(40)}…`);
		expect(normalizeMobile('06 12 34 56 7')).toEqual({ ok: false, message: expect.stringContaining('•• •• •• •6 7 is not a valid phone number') });
	});

	it('quotes no full number in validateAdherent’s errors (phones, opt-outs, lengths)', () => {
		const errors = errorsOf({
			...base,
			phones: ['04 73 12 34 56', '06 98 76 54', '07 81 23 45 67'],
			optOuts: [{ phone: '06 55 44 33 22', at: '2026-03-01' }],
		});
		expect(errors.map((e) => e.field)).toEqual(['phones', 'phones', 'optOuts']);
		expect(errors[2].message).toContain('+336••••••22 opted out');
		expect(JSON.stringify(errors)).not.toMatch(/73 ?12 ?34|98 ?76|55 ?44 ?33/);
		const long = errorsOf({ ...base, phones: `06 12 34 56 78 ${'0'.repeat(300)}` });
		expect(long).toEqual([{ field: 'phones', message: expect.stringContaining('200 at most') }]);
		expect(long[0].message).not.toContain('06 12 34 56');
	});
});

describe('text bounds', () => {
	const long = (n: number) => 'x'.repeat(n);

	it.each([
		['name', 200],
		['tradeName', 200],
		['email', 254],
		['city', 100],
		['communeInsee', 10],
		['postalCode', 10],
		['siret', 32],
		['memberSince', 40],
		['consentAt', 40],
		['lat', 30],
	])('refuses a %s longer than %i characters, naming the field and the limit', (field, limit) => {
		const value = field === 'email' ? `${long(limit)}@example.fr` : long(limit + 1);
		const errors = errorsOf({ ...base, [field]: value, ...(field === 'lat' ? { lon: 3 } : {}) });
		expect(errors).toContainEqual({ field, message: expect.stringContaining(`${limit} at most`) });
		expect(errors.find((e) => e.field === field)?.message).toMatch(new RegExp(`^${field} is too long: "x{1,30}…?" has ${value.length} characters, ${limit} at most`));
	});

	it('bounds zones: each zone, their number, and the string they come in', () => {
		expect(errorsOf({ ...base, zones: long(10_000) })).toEqual([{ field: 'zones', message: expect.stringContaining('1500 at most') }]);
		expect(errorsOf({ ...base, zones: `centre-ville, ${long(61)}` })).toEqual([{ field: 'zones', message: expect.stringContaining('60 at most per entry') }]);
		expect(errorsOf({ ...base, zones: [long(61)] })).toEqual([{ field: 'zones', message: expect.stringContaining('zones[0] is too long') }]);
		const many = Array.from({ length: 21 }, (_, i) => `zone-${i}`);
		expect(errorsOf({ ...base, zones: many.join('; ') })).toEqual([{ field: 'zones', message: 'zones has 21 entries, 20 at most; keep the ones that matter' }]);
		expect(errorsOf({ ...base, zones: many })).toEqual([{ field: 'zones', message: 'zones has 21 entries, 20 at most; keep the ones that matter' }]);
		const twenty = validateAdherent({ ...base, zones: many.slice(0, 20).join(', ') });
		expect(twenty.ok && twenty.adherent.zones).toHaveLength(20);
	});

	it('bounds professions the same way (before looking the tags up)', () => {
		expect(errorsOf({ ...base, professions: `boulangerie, ${long(41)}` })).toEqual([{ field: 'professions', message: expect.stringContaining('40 at most per entry') }]);
		expect(errorsOf({ ...base, professions: Array(31).fill('boulangerie') })).toEqual([{ field: 'professions', message: expect.stringContaining('30 at most') }]);
		expect(errorsOf({ ...base, professions: long(2000) })).toEqual([{ field: 'professions', message: expect.stringContaining('1300 at most') }]);
	});

	it('bounds opt-outs: their number and each entry’s fields', () => {
		const entry = { phone: '06 12 34 56 78', at: '2026-03-01' };
		expect(errorsOf({ ...base, optOuts: Array(6).fill(entry) })).toEqual([{ field: 'optOuts', message: expect.stringContaining('6 entries, 5 at most') }]);
		expect(errorsOf({ ...base, optOuts: [{ ...entry, at: long(41) }] })).toEqual([{ field: 'optOuts', message: expect.stringContaining('optOuts[0].at is too long') }]);
		const phone = errorsOf({ ...base, optOuts: [{ ...entry, phone: `06 12 34 56 78${' '.repeat(20)}99` }] });
		expect(phone).toEqual([{ field: 'optOuts', message: expect.stringContaining('optOuts[0].phone is too long') }]);
		expect(phone[0].message).not.toContain('12 34 56');
	});

	it('reports the bound rather than the array form an over-long string did not take', () => {
		expect(errorsOf({ ...base, phones: long(201) })[0].message).not.toContain('array');
	});
});

describe('place', () => {
	it('derives département, EPCI and arrondissement from the INSEE code', () => {
		const result = validateAdherent(base);
		expect(result.ok && result.adherent).toMatchObject({ communeInsee: '63178', city: 'Issoire', departement: '63', epci: '200070407', arrondissement: '633', postalCode: '63500' });
	});

	it('resolves postal code + commune name to one INSEE code, whatever the spelling', () => {
		for (const city of ['Clermont-Ferrand', 'clermont ferrand', 'CLERMONT-FERRAND']) {
			const result = validateAdherent({ ...base, communeInsee: undefined, postalCode: '63000', city });
			expect(result.ok && result.adherent.communeInsee).toBe('63113');
		}
		const stGermain = validateAdherent({ ...base, communeInsee: undefined, postalCode: '63340', city: "St Germain Lembron" });
		expect(stGermain.ok && stGermain.adherent.communeInsee).toBe('63352');
	});

	it('refuses a postal code alone that covers several communes, listing them', () => {
		const [error] = errorsOf({ ...base, communeInsee: undefined, postalCode: '63500' });
		expect(error.field).toBe('postalCode');
		expect(error.message).toContain('Issoire (63178)');
		expect(error.message).toContain('Le Broc (63054)');
	});

	it('refuses an unknown or ambiguous commune, with the candidates', () => {
		const [unknown] = errorsOf({ ...base, communeInsee: undefined, postalCode: '63000', city: 'Saint-Germain' });
		expect(unknown.field).toBe('city');
		const [ambiguous] = errorsOf({ ...base, communeInsee: undefined, city: 'Le Broc' });
		expect(ambiguous.message).toContain('63054');
		expect(ambiguous.message).toContain('06025');
		expect(fieldsOf({ ...base, communeInsee: '99999' })).toEqual(['communeInsee']);
		expect(fieldsOf({ ...base, communeInsee: undefined })).toEqual(['communeInsee']);
	});

	it('maps a former (delegated) commune code to its current commune', () => {
		const result = validateAdherent({ ...base, communeInsee: '01015' });
		expect(result.ok && result.adherent.communeInsee).toBe('01015');
		const associated = validateAdherent({ ...base, communeInsee: '01120' });
		expect(associated.ok && associated.adherent.communeInsee).toBe('01262');
	});

	it('refuses a postal code that does not belong to the INSEE code given', () => {
		expect(fieldsOf({ ...base, postalCode: '63000' })).toEqual(['postalCode']);
	});

	it('checks coordinates lie in France (metropole and overseas) and come in pairs', () => {
		const ok = validateAdherent({ ...base, lat: '45,5432', lon: '3.2491' });
		expect(ok.ok && [ok.adherent.lat, ok.adherent.lon]).toEqual([45.5432, 3.2491]);
		expect(validateAdherent({ ...base, communeInsee: '97411', phones: '0692123456', lat: -20.9, lon: 55.5 }).ok).toBe(true);
		expect(errorsOf({ ...base, lat: 3.25, lon: 45.54 })[0].message).toContain('swapped');
		expect(fieldsOf({ ...base, lat: 45.5 })).toEqual(['lon']);
		expect(fieldsOf({ ...base, lat: 'nord', lon: 3 })).toEqual(['lat']);
	});

	it('keeps zones and e-mail', () => {
		const result = validateAdherent({ ...base, zones: 'centre-ville, zone-nord', email: 'Contact@Bijouterie.example' });
		expect(result.ok && result.adherent).toMatchObject({ zones: ['centre-ville', 'zone-nord'], email: 'contact@bijouterie.example' });
		expect(fieldsOf({ ...base, email: 'pas-une-adresse' })).toEqual(['email']);
	});
});

describe('membership', () => {
	it('defaults to active and accepts the three statuses', () => {
		expect(validateAdherent(base).ok && (validateAdherent(base) as { adherent: { status: string } }).adherent.status).toBe('active');
		for (const status of ['active', 'suspended', 'pending']) expect(validateAdherent({ ...base, status }).ok).toBe(true);
		expect(fieldsOf({ ...base, status: 'radié' })).toEqual(['status']);
	});

	it('normalises dates and checks their order', () => {
		const result = validateAdherent({ ...base, memberSince: '01/01/2026', memberUntil: '2026-12-31', consentAt: '2026-01-01T10:00:00+01:00' });
		expect(result.ok && result.adherent).toMatchObject({ memberSince: '2026-01-01', memberUntil: '2026-12-31', consentAt: '2026-01-01T09:00:00.000Z' });
		expect(fieldsOf({ ...base, memberSince: '2026-02-30' })).toEqual(['memberSince']);
		expect(normalizeDate('5/3/2026')).toBe('2026-03-05');
		expect(fieldsOf({ ...base, memberSince: '2026-06-01', memberUntil: '2026-01-01' })).toEqual(['memberUntil']);
	});

	it.each([
		['memberSince', '2026-02-30'],
		['memberSince', '30/02/2026'],
		['memberUntil', '2026-02-29'],
		['memberUntil', '31/04/2027'],
		['consentAt', '2026-02-30'],
		['consentAt', '2026-02-30T10:00:00Z'],
		['consentAt', '2026-01-01T24:00:00Z'],
		['consentAt', '2026-02-28Tlater'],
	])('refuses an impossible %s %s instead of moving it to the next month', (field, value) => {
		expect(errorsOf({ ...base, [field]: value })).toEqual([{ field, message: expect.stringContaining(`"${value}" is not a date of the calendar`) }]);
	});

	it('keeps a 29 February of a leap year', () => {
		const result = validateAdherent({ ...base, memberSince: '29/02/2028', consentAt: '2028-02-29T23:59:59+01:00' });
		expect(result.ok && result.adherent).toMatchObject({ memberSince: '2028-02-29', consentAt: '2028-02-29T22:59:59.000Z' });
	});

	it('records opt-outs only for the member’s own phones', () => {
		const result = validateAdherent({ ...base, optOuts: [{ phone: '0612345678', at: '2026-03-01T01:00:00+01:00' }] });
		expect(result.ok && result.adherent.optOuts).toEqual([{ phone: '+33612345678', at: '2026-03-01T00:00:00.000Z' }]);
		expect(fieldsOf({ ...base, optOuts: [{ phone: '0781234567', at: '2026-03-01' }] })).toEqual(['optOuts']);
	});

	it('refuses an opt-out dated on a day that does not exist, naming optOuts', () => {
		for (const at of ['2026-02-30T10:00:00Z', '2026-02-30', 'hier']) {
			expect(errorsOf({ ...base, optOuts: [{ phone: '0612345678', at }] })).toEqual([
				{ field: 'optOuts', message: `+336••••••78 opted out on "${at}", which is not a date of the calendar: use YYYY-MM-DD or DD/MM/YYYY (or an ISO 8601 timestamp) with a day that exists in that month` },
			]);
		}
	});

	it('names optOuts (not the missing key) when an entry lacks its date', () => {
		expect(errorsOf({ ...base, optOuts: [{ phone: '0612345678' }] })).toEqual([{ field: 'optOuts', message: 'optOuts[0].at is required' }]);
	});
});

describe('a row with several faults', () => {
	it('reports all of them at once', () => {
		const fields = fieldsOf({ siret: '123', name: '', naf: '00.00Z', phones: '04 73 00 00 00', communeInsee: '00000', email: 'x@', memberSince: 'hier' });
		expect(new Set(fields)).toEqual(new Set(['siret', 'name', 'naf', 'phones', 'communeInsee', 'email', 'memberSince']));
	});

	it('refuses what is not an object', () => {
		expect(validateAdherent(null).ok).toBe(false);
		expect(validateAdherent('siret').ok).toBe(false);
	});
});

describe('CSV columns', () => {
	it('keeps the NAF 2025 column of a file that has both codes, and either code alone', () => {
		expect(adherentFromRow({ code_naf: '4726Z', code_naf_2025: '4726Y' }).naf).toBe('4726Y');
		expect(adherentFromRow({ activite_principale: '47.77Z', activite_principale_naf25: '' }).naf).toBe('47.77Z');
		expect(adherentFromRow({ 'Code NAF 2025': '47.11H' }).naf).toBe('47.11H');
	});

	it('maps the CCI’s French column names', () => {
		const input = adherentFromRow({
			SIRET: '732 829 320 00074',
			'Raison sociale': 'Bijouterie Martin',
			Enseigne: 'Or & Montres',
			APE: '4777Z',
			Téléphone: '06 12 34 56 78',
			Portable: '07 81 23 45 67',
			'Code postal': '63500',
			Commune: 'Issoire',
			Statut: 'Suspendu',
			"Date d'adhésion": '01/01/2026',
			Inconnue: 'ignored',
		});
		expect(input).toEqual({
			siret: '732 829 320 00074',
			name: 'Bijouterie Martin',
			tradeName: 'Or & Montres',
			naf: '4777Z',
			phones: ['06 12 34 56 78', '07 81 23 45 67'],
			postalCode: '63500',
			city: 'Issoire',
			status: 'suspended',
			memberSince: '01/01/2026',
		});
		const result = validateAdherent(input);
		expect(result.ok && result.adherent).toMatchObject({ communeInsee: '63178', naf: '47.77Z', status: 'suspended', phones: ['+33612345678', '+33781234567'] });
	});

	it('accepts code_naf, code_insee and English field names', () => {
		expect(adherentFromRow({ code_naf: '47.26Z', code_insee: '63113', communeInsee: '63178', raison_sociale: 'X' })).toMatchObject({ naf: '47.26Z', communeInsee: '63178', name: 'X' });
	});
});
