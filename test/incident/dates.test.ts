import { fromParisTime, parseFrenchDate, toParisIso } from '../../nodes/shared/incident';

// Reference: the email was sent on Sunday 22 November 2026 at 15:02 Paris time.
const REFERENCE = Date.parse('2026-11-22T15:02:11+01:00');

function iso(input: string, reference = REFERENCE): string {
	const result = parseFrenchDate(input, reference);
	if (!result.ok) throw new Error(result.message);
	return toParisIso(result.ms);
}

describe('French dates of facts, Europe/Paris', () => {
	test.each([
		['22/11/2026 14h30', '2026-11-22T14:30:00+01:00'],
		['22/11/2026 à 14:30', '2026-11-22T14:30:00+01:00'],
		['22/11/2026 a 14h30', '2026-11-22T14:30:00+01:00'],
		['22/11/26 14h30', '2026-11-22T14:30:00+01:00'],
		['22-11-2026 14 h 30', '2026-11-22T14:30:00+01:00'],
		['22.11.2026, 14h30', '2026-11-22T14:30:00+01:00'],
		['le 22/11/2026 vers 14h', '2026-11-22T14:00:00+01:00'],
		['dimanche 22 novembre 2026 à 14h30', '2026-11-22T14:30:00+01:00'],
		['22 nov. 2026 14h30', '2026-11-22T14:30:00+01:00'],
		['1er novembre 2026 à 9h05', '2026-11-01T09:05:00+01:00'],
		['22/11 14h30', '2026-11-22T14:30:00+01:00'],
		["aujourd'hui 14h30", '2026-11-22T14:30:00+01:00'],
		['aujourd’hui à 14h30', '2026-11-22T14:30:00+01:00'],
		['Aujourd hui 14:30', '2026-11-22T14:30:00+01:00'],
		['ce matin 9h', '2026-11-22T09:00:00+01:00'],
		['hier 23h10', '2026-11-21T23:10:00+01:00'],
		['hier soir à 21h', '2026-11-21T21:00:00+01:00'],
		['avant-hier 8h15', '2026-11-20T08:15:00+01:00'],
		['14h30', '2026-11-22T14:30:00+01:00'],
		['22/11/2026', '2026-11-22T00:00:00+01:00'],
		['2026-11-22T14:30', '2026-11-22T14:30:00+01:00'],
		['2026-11-22T13:30:00Z', '2026-11-22T14:30:00+01:00'],
		['2026-11-22T14:30:00+01:00', '2026-11-22T14:30:00+01:00'],
		['14/07/2026 10h00', '2026-07-14T10:00:00+02:00'],
	])('%s → %s', (input, expected) => {
		expect(iso(input)).toBe(expected);
	});

	test('summer and winter time: the offset follows the date, never Z', () => {
		expect(iso('28/03/2026 12h00')).toBe('2026-03-28T12:00:00+01:00');
		expect(iso('29/03/2026 12h00')).toBe('2026-03-29T12:00:00+02:00');
		expect(iso('25/10/2026 12h00')).toBe('2026-10-25T12:00:00+01:00');
		// 02:30 on 29 March 2026 does not exist in Paris; it still gets a valid instant.
		expect(toParisIso(fromParisTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }))).toMatch(/^2026-03-29T0[13]:30:00\+0[12]:00$/);
	});

	test('a day without a year in early January means last year', () => {
		expect(iso('30/12 23h', Date.parse('2027-01-02T10:00:00+01:00'))).toBe('2026-12-30T23:00:00+01:00');
	});

	test("hier on the 1st of March is the 28th of February", () => {
		expect(iso('hier 10h', Date.parse('2026-03-01T10:00:00+01:00'))).toBe('2026-02-28T10:00:00+01:00');
	});

	describe('dates ahead, for a planned event', () => {
		const ahead = (input: string, reference = REFERENCE) => {
			const result = parseFrenchDate(input, reference, { future: true });
			if (!result.ok) throw new Error(result.message);
			return toParisIso(result.ms);
		};

		test.each([
			['demain 14h', '2026-11-23T14:00:00+01:00'],
			['après-demain 10h', '2026-11-24T10:00:00+01:00'],
			['samedi 14h', '2026-11-28T14:00:00+01:00'],
			['ce samedi à 14h', '2026-11-28T14:00:00+01:00'],
			['samedi prochain 14h', '2026-11-28T14:00:00+01:00'],
			['samedi 05/12 14h00', '2026-12-05T14:00:00+01:00'],
			['samedi 5 décembre à 14h', '2026-12-05T14:00:00+01:00'],
			['05/12 14h00', '2026-12-05T14:00:00+01:00'],
			['05/12/2026 14h00', '2026-12-05T14:00:00+01:00'],
			['20/11 14h00', '2026-11-20T14:00:00+01:00'],
		])('%s → %s', (input, expected) => {
			expect(ahead(input)).toBe(expected);
		});

		test('a day without a year is the nearest one: 02/01 read on 30 December is next year', () => {
			expect(ahead('02/01 14h', Date.parse('2026-12-30T10:00:00+01:00'))).toBe('2027-01-02T14:00:00+01:00');
			expect(iso('05/12 14h00')).toBe('2025-12-05T14:00:00+01:00');
		});

		test('"demain" reads the same without the option (the future-date check refuses it for facts)', () => {
			expect(iso('demain 14h')).toBe('2026-11-23T14:00:00+01:00');
		});
	});

	test.each(['32/11/2026 14h', '22/13/2026', '22/11/2026 25h00', '14h75', 'la semaine dernière', 'bientôt', '29/02/2026', ''])(
		'%s is refused with an example of the expected form',
		(input) => {
			const result = parseFrenchDate(input, REFERENCE);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.message).toContain('22/11/2026 14h30');
		},
	);
});
