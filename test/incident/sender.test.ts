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

	test('quotes and comments are read as RFC 5322 writes them: nested, escaped, and refused when never closed', () => {
		expect(senderAddress('"CORG \\" 63" (salle (op)) <corg63@gendarmerie.interieur.gouv.fr>')).toEqual({ ok: true, address: 'corg63@gendarmerie.interieur.gouv.fr' });
		expect(senderAddress('"unterminated <corg63@gendarmerie.interieur.gouv.fr>').ok).toBe(false);
		expect(senderAddress('(unclosed <corg63@gendarmerie.interieur.gouv.fr>').ok).toBe(false);
		expect(senderAddress(`${'('.repeat(1500)}x@y.fr`).ok).toBe(false);
	});
});

describe('the From shapes mailers disagree on (mailparser-object path)', () => {
	const corg = 'corg63@gendarmerie.interieur.gouv.fr';
	const refused = (from: Parameters<typeof checkSender>[0], headers?: unknown) => {
		const check = checkSender(from, ALLOWED, headers);
		expect(check.ok).toBe(false);
		return check.ok ? '' : check.message;
	};

	test('a display name followed by a second address is refused', () => {
		// mailparser reads `CORG <corg63@…> pirate@evil.example` as this object.
		expect(refused({ text: '"CORG pirate@evil.example" <corg63@gendarmerie.interieur.gouv.fr>', value: [{ address: corg, name: 'CORG pirate@evil.example' }] })).toContain('holds another address');
		expect(refused({ value: [{ address: corg, name: 'pirate@evil.example' }] })).toContain('holds another address');
		expect(refused('CORG <corg63@gendarmerie.interieur.gouv.fr> pirate@evil.example')).toContain('Cannot tell which address');
		// A name that repeats the address itself (as Outlook writes it) is fine.
		expect(checkSender({ value: [{ address: corg, name: corg }] }, ALLOWED).ok).toBe(true);
	});

	test('an angle bracket never closed is refused when the raw From header is given', () => {
		const object = { text: '"CORG 63" <corg63@gendarmerie.interieur.gouv.fr>', value: [{ address: corg, name: 'CORG 63' }] };
		expect(refused(object, { from: 'From: CORG 63 <corg63@gendarmerie.interieur.gouv.fr' })).toContain('The From header cannot be trusted');
		expect(refused('CORG 63 <corg63@gendarmerie.interieur.gouv.fr')).toContain('Cannot read the sender address');
		expect(checkSender(object, ALLOWED, { from: 'From: CORG 63 <corg63@gendarmerie.interieur.gouv.fr>' }).ok).toBe(true);
	});

	test('two From headers are refused', () => {
		const object = { value: [{ address: corg, name: '' }] };
		expect(refused(object, { from: [corg, 'pirate@evil.example'] })).toContain('2 From headers');
		expect(refused(corg, [{ key: 'from', line: `From: ${corg}` }, { key: 'from', line: 'From: pirate@evil.example' }])).toContain('2 From headers');
		// n8n's Resolved format keeps the last From line beside mailparser's first one: they differ.
		expect(refused(object, { from: 'From: pirate@evil.example' })).toContain('differ');
	});

	test('the From header alone is enough when the node is given no from', () => {
		expect(checkSender(undefined, ALLOWED, new Map([['from', { value: [{ address: corg, name: 'CORG' }] }]]))).toEqual({ ok: true, address: corg });
	});
});
