import { validateAdherent, checkSiret, withLuhnKey, normalizeDate, adherentFromRow } from '../../nodes/shared/registry';
import { normalizeMobile, maskPhone } from '../../nodes/shared/phone';
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
		// A Luhn-valid La Poste number whose digit sum is not a multiple of 5 is refused.
		const luhnOnly = withLuhnKey('3560000000003');
		expect([...luhnOnly].reduce((s, c) => s + Number(c), 0) % 5).not.toBe(0);
		expect(checkSiret(luhnOnly).ok).toBe(false);
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

	it('refuses codes that are not NAF rév. 2 sub-classes', () => {
		expect(errorsOf({ ...base, naf: '99.99Z' })[0]).toMatchObject({ field: 'naf', message: expect.stringContaining('not a NAF') });
		expect(errorsOf({ ...base, naf: '47.2' })[0].field).toBe('naf');
		expect(errorsOf({ ...base, naf: 'tabac' })[0].field).toBe('naf');
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
		expect(errors[0].message).toContain('04 73 12 34 56');
		expect(errors[0].message).toContain('landline');
		expect(errors[1].message).toContain('09 70 12 34 56');
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
		expect(fieldsOf({ ...base, memberSince: '2026-06-01', memberUntil: '2026-01-01' })).toEqual(['memberUntil']);
		expect(normalizeDate('5/3/2026')).toBe('2026-03-05');
	});

	it('records opt-outs only for the member’s own phones', () => {
		const result = validateAdherent({ ...base, optOuts: [{ phone: '0612345678', at: '2026-03-01T00:00:00Z' }] });
		expect(result.ok && result.adherent.optOuts).toEqual([{ phone: '+33612345678', at: '2026-03-01T00:00:00Z' }]);
		expect(fieldsOf({ ...base, optOuts: [{ phone: '0781234567', at: '2026-03-01' }] })).toEqual(['optOuts']);
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
