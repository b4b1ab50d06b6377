import { checkSender, isAllowedSender, parseAllowedSenders, senderAddress } from '../../nodes/shared/incident';

const ALLOWED = parseAllowedSenders('@gendarmerie.interieur.gouv.fr, sic-ddsp63@interieur.gouv.fr\n');

describe('sender allowlist', () => {
	test('list parsing: commas, semicolons, new lines, case', () => {
		expect(parseAllowedSenders(' @A.fr;b@C.FR\n\n ,')).toEqual(['@a.fr', 'b@c.fr']);
	});

	test.each([
		['CORG 63 <corg63@gendarmerie.interieur.gouv.fr>', 'corg63@gendarmerie.interieur.gouv.fr'],
		['"Salle de commandement DDSP 63" <sic-ddsp63@interieur.gouv.fr>', 'sic-ddsp63@interieur.gouv.fr'],
		['corg63@gendarmerie.interieur.gouv.fr', 'corg63@gendarmerie.interieur.gouv.fr'],
		['CORG63@GENDARMERIE.INTERIEUR.GOUV.FR', 'corg63@gendarmerie.interieur.gouv.fr'],
		['<bta.riom@gendarmerie.interieur.gouv.fr>', 'bta.riom@gendarmerie.interieur.gouv.fr'],
		['sic-ddsp63@interieur.gouv.fr (Salle de commandement)', 'sic-ddsp63@interieur.gouv.fr'],
		['"Dupont, Jean" <jean.dupont@gendarmerie.interieur.gouv.fr>', 'jean.dupont@gendarmerie.interieur.gouv.fr'],
	])('%s is allowed as %s', (from, address) => {
		expect(checkSender(from, ALLOWED)).toEqual({ ok: true, address });
	});

	test('the Email Trigger’s address object is read by its address', () => {
		expect(checkSender({ text: 'CORG <corg63@gendarmerie.interieur.gouv.fr>', value: [{ address: 'corg63@gendarmerie.interieur.gouv.fr', name: 'CORG' }] }, ALLOWED).ok).toBe(true);
		expect(checkSender({ value: [{ address: 'a@gendarmerie.interieur.gouv.fr' }, { address: 'b@evil.example' }] }, ALLOWED).ok).toBe(false);
		expect(checkSender({ text: 'CORG <corg63@gendarmerie.interieur.gouv.fr>' }, ALLOWED).ok).toBe(true);
	});

	test.each([
		['CORG 63 <corg63@gendarmerie.interieur.gouv.fr.evil.example>', 'is not an allowed sender'],
		['corg63@evil-gendarmerie.interieur.gouv.fr', 'is not an allowed sender'],
		['corg63@sub.gendarmerie.interieur.gouv.fr', 'is not an allowed sender'],
		['autre@interieur.gouv.fr', 'is not an allowed sender'],
		['"corg63@gendarmerie.interieur.gouv.fr" <pirate@evil.example>', 'pirate@evil.example is not an allowed sender'],
		['corg63@gendarmerie.interieur.gouv.fr <pirate@evil.example>', 'Cannot tell which address'],
		['<corg63@gendarmerie.interieur.gouv.fr>@evil.example', 'Cannot tell which address'],
		['<a@gendarmerie.interieur.gouv.fr>, <b@evil.example>', 'several addresses'],
		['a@gendarmerie.interieur.gouv.fr, b@evil.example', 'Cannot read the sender address'],
		['', 'no sender address'],
		['CORG 63', 'Cannot read the sender address'],
		['corg63@gendarmerie', 'not a valid email address'],
	])('%s is refused (%s)', (from, message) => {
		const check = checkSender(from, ALLOWED);
		expect(check.ok).toBe(false);
		if (!check.ok) expect(check.message).toContain(message);
	});

	test('nothing is allowed when the list is empty', () => {
		expect(checkSender('corg63@gendarmerie.interieur.gouv.fr', []).ok).toBe(false);
		expect(isAllowedSender('x@y.fr', [''])).toBe(false);
	});

	test('the display name never counts', () => {
		expect(senderAddress('sic-ddsp63@interieur.gouv.fr <x@evil.example>').ok).toBe(false);
		expect(senderAddress('"sic-ddsp63@interieur.gouv.fr" <x@evil.example>')).toEqual({ ok: true, address: 'x@evil.example' });
	});
});
