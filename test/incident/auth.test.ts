import { checkAuthentication, isAligned, organizationalDomain, parseAuthenticationResults, parseIncidentEmail } from '../../nodes/shared/incident';
import { sample, SAMPLE_OPTIONS } from './eml';

const SERVER = 'mx.cci63.example';
const FROM = 'corg63@gendarmerie.interieur.gouv.fr';
const DMARC_PASS = `${SERVER}; spf=pass smtp.mailfrom=gendarmerie.interieur.gouv.fr; dkim=pass header.d=gendarmerie.interieur.gouv.fr; dmarc=pass (p=reject) header.from=gendarmerie.interieur.gouv.fr`;
const check = (values: string | string[] | undefined) =>
	checkAuthentication(FROM, values === undefined ? {} : { 'authentication-results': values }, SERVER);

describe('parseAuthenticationResults', () => {
	test('reads the authserv-id, its version, and each result with its properties', () => {
		expect(parseAuthenticationResults('mx.example 1; dkim/1=pass header.d=a.fr header.i=@a.fr; dmarc=fail header.from=a.fr')).toEqual({
			authServId: 'mx.example',
			results: [
				{ method: 'dkim', result: 'pass', properties: { 'header.d': 'a.fr', 'header.i': '@a.fr' } },
				{ method: 'dmarc', result: 'fail', properties: { 'header.from': 'a.fr' } },
			],
		});
	});

	test('comments (nested, holding ";" and "=") and quoted strings are honoured', () => {
		const parsed = parseAuthenticationResults('mx.example (a (nested; dmarc=pass) comment); dmarc=fail reason="x; dmarc=pass" (dmarc=pass) header.from=a.fr');
		expect(parsed?.results).toEqual([{ method: 'dmarc', result: 'fail', properties: { reason: 'x; dmarc=pass', 'header.from': 'a.fr' } }]);
		expect(parseAuthenticationResults('"mx example"; dkim=pass header.d=a.fr')?.authServId).toBe('mx example');
	});

	test('"none", spaces around "=", and results whose parts do not line up (left out)', () => {
		expect(parseAuthenticationResults('mx.example; none')).toEqual({ authServId: 'mx.example', results: [] });
		expect(parseAuthenticationResults('mx.example; dkim = pass header.d = a.fr; dmarc pass; spf=')?.results).toEqual([
			{ method: 'dkim', result: 'pass', properties: { 'header.d': 'a.fr' } },
		]);
		expect(parseAuthenticationResults('mx.example; dmarc=pass header.from=evil.example header.from=a.fr')?.results).toEqual([]);
	});

	test('unreadable headers: unclosed comment or quote, no authserv-id, too long', () => {
		expect(parseAuthenticationResults('mx.example; dmarc=pass (unclosed header.from=a.fr')).toBeUndefined();
		expect(parseAuthenticationResults('mx.example; dmarc=pass reason="unclosed')).toBeUndefined();
		expect(parseAuthenticationResults('; dmarc=pass')).toBeUndefined();
		expect(parseAuthenticationResults(`mx.example; dmarc=pass ${'x'.repeat(20000)}`)).toBeUndefined();
	});

	test('Microsoft 365 results without an authserv-id are readable but name no server', () => {
		expect(parseAuthenticationResults('spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=a.fr; dmarc=pass action=none header.from=a.fr')?.authServId).toBe('');
	});

	test('runs in linear time on hostile input', () => {
		const started = Date.now();
		parseAuthenticationResults(`mx.example; ${'('.repeat(8000)}`);
		parseAuthenticationResults(`mx.example; ${'a=b '.repeat(4000)}`);
		parseAuthenticationResults(`mx.example; ${'\\"'.repeat(8000)}`);
		expect(Date.now() - started).toBeLessThan(250);
	});
});

describe('organizationalDomain and isAligned', () => {
	test.each([
		['gendarmerie.interieur.gouv.fr', 'interieur.gouv.fr'],
		['interieur.gouv.fr', 'interieur.gouv.fr'],
		['mail.cci63.fr', 'cci63.fr'],
		['GENDARMERIE.Interieur.Gouv.FR.', 'interieur.gouv.fr'],
	])('%s → %s', (domain, organisation) => {
		expect(organizationalDomain(domain)).toBe(organisation);
	});

	test('a public suffix or a malformed domain has none', () => {
		expect(organizationalDomain('gouv.fr')).toBeUndefined();
		expect(organizationalDomain('fr')).toBeUndefined();
		expect(organizationalDomain('a..fr')).toBeUndefined();
	});

	test('relaxed alignment: same organisation aligns, a sibling under gouv.fr or a look-alike does not', () => {
		expect(isAligned('interieur.gouv.fr', 'gendarmerie.interieur.gouv.fr')).toBe(true);
		expect(isAligned('police.interieur.gouv.fr', 'gendarmerie.interieur.gouv.fr')).toBe(true);
		expect(isAligned('justice.gouv.fr', 'gendarmerie.interieur.gouv.fr')).toBe(false);
		expect(isAligned('gouv.fr', 'gendarmerie.interieur.gouv.fr')).toBe(false);
		expect(isAligned('interieur.gouv.fr.evil.example', 'gendarmerie.interieur.gouv.fr')).toBe(false);
	});
});

describe('checkAuthentication', () => {
	test('dmarc=pass for the From domain from the named server passes', () => {
		expect(check(DMARC_PASS)).toEqual({ ok: true, method: 'dmarc' });
		expect(checkAuthentication(FROM, { 'Authentication-Results': DMARC_PASS.replace(SERVER, 'MX.CCI63.Example') }, SERVER).ok).toBe(true);
	});

	test('dmarc=fail, or dmarc=pass for another domain, is refused and says what the server found', () => {
		const fail = check(`${SERVER}; dkim=none; dmarc=fail (p=reject) header.from=gendarmerie.interieur.gouv.fr`);
		expect(fail).toEqual({ ok: false, message: expect.stringContaining('did not confirm that gendarmerie.interieur.gouv.fr sent this email ("dkim=none, dmarc=fail header.from=gendarmerie.interieur.gouv.fr")') });
		const elsewhere = check(`${SERVER}; dmarc=pass header.from=evil.example`);
		expect(elsewhere).toEqual({ ok: false, message: expect.stringContaining('"dmarc=pass header.from=evil.example"') });
		// A pass that names no domain confirms nothing about this one.
		const unnamed = check(`${SERVER}; spf=pass smtp.mailfrom=gendarmerie.interieur.gouv.fr; dmarc=pass`);
		expect(unnamed).toEqual({ ok: false, message: expect.stringContaining('"spf=pass, dmarc=pass (no header.from)"') });
	});

	test('a missing verdict is refused', () => {
		const missing = check(undefined);
		expect(missing).toEqual({ ok: false, message: expect.stringContaining('gave no verdict on this email') });
		expect(checkAuthentication(FROM, undefined, SERVER).ok).toBe(false);
	});

	test('results from another authserv-id are ignored', () => {
		expect(check(`mx.evil.example; dmarc=pass header.from=gendarmerie.interieur.gouv.fr`).ok).toBe(false);
		expect(check(`mx.cci63.example.evil; dmarc=pass header.from=gendarmerie.interieur.gouv.fr`).ok).toBe(false);
		// A relay of the CCI's own may add its results above the server's: skipped, not trusted.
		expect(check([`relay.example; dmarc=fail header.from=gendarmerie.interieur.gouv.fr`, DMARC_PASS]).ok).toBe(true);
	});

	test('a header injected below the server’s own is ignored, even claiming the same authserv-id', () => {
		const server = `${SERVER}; dkim=fail header.d=gendarmerie.interieur.gouv.fr; dmarc=fail header.from=gendarmerie.interieur.gouv.fr`;
		expect(check([server, DMARC_PASS]).ok).toBe(false);
		expect(check([DMARC_PASS, `${SERVER}; dmarc=fail header.from=gendarmerie.interieur.gouv.fr`]).ok).toBe(true);
	});

	test('without DMARC: dkim=pass aligned passes, unaligned does not', () => {
		expect(check(`${SERVER}; dkim=pass header.d=interieur.gouv.fr`)).toEqual({ ok: true, method: 'dkim' });
		expect(check(`${SERVER}; dkim=pass header.i=@gendarmerie.interieur.gouv.fr`)).toEqual({ ok: true, method: 'dkim' });
		expect(check(`${SERVER}; dkim=pass header.d=evil.example`).ok).toBe(false);
		expect(check(`${SERVER}; dkim=pass header.d=justice.gouv.fr`).ok).toBe(false);
		expect(check(`${SERVER}; dkim=fail header.d=gendarmerie.interieur.gouv.fr`).ok).toBe(false);
	});

	test('multiple results: a DMARC fail wins over an aligned DKIM pass; one pass among fails is enough for DKIM', () => {
		expect(check(`${SERVER}; dkim=pass header.d=gendarmerie.interieur.gouv.fr; dmarc=fail header.from=gendarmerie.interieur.gouv.fr`).ok).toBe(false);
		expect(check(`${SERVER}; dkim=fail header.d=x.example; dkim=pass header.d=gendarmerie.interieur.gouv.fr; dmarc=none header.from=gendarmerie.interieur.gouv.fr`).ok).toBe(true);
	});

	test('comments never carry a verdict', () => {
		expect(check(`${SERVER}; dmarc=fail (dmarc=pass header.from=gendarmerie.interieur.gouv.fr) header.from=gendarmerie.interieur.gouv.fr`).ok).toBe(false);
		expect(check(`${SERVER} (; dmarc=pass header.from=gendarmerie.interieur.gouv.fr); none`).ok).toBe(false);
	});

	test('the Email Trigger’s Resolved format (one whole line, the lowest) is refused; mailparser’s Map and headerLines are read', () => {
		const resolved = checkAuthentication(FROM, { 'authentication-results': `Authentication-Results: ${DMARC_PASS}` }, SERVER);
		expect(resolved).toEqual({ ok: false, message: expect.stringContaining('set the trigger\'s Format to "Simple"') });
		expect(checkAuthentication(FROM, new Map([['authentication-results', DMARC_PASS]]), SERVER).ok).toBe(true);
		expect(checkAuthentication(FROM, [{ key: 'authentication-results', line: `Authentication-Results: ${DMARC_PASS}` }], SERVER).ok).toBe(true);
	});
});

describe('parseIncidentEmail with authServId', () => {
	const email = sample('01-faux-billets-issoire.eml');
	const options = { ...SAMPLE_OPTIONS, authServId: SERVER };

	test('accepted with the server’s dmarc=pass, refused with field "sender" without it', () => {
		expect(parseIncidentEmail({ ...email, headers: { 'authentication-results': DMARC_PASS } }, options).ok).toBe(true);
		const refused = parseIncidentEmail({ ...email, headers: {} }, options);
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.errors).toEqual([{ field: 'sender', message: expect.stringContaining('gave no verdict') }]);
	});

	test('a forged From with a pass for the attacker’s own domain is refused', () => {
		const forged = parseIncidentEmail({ ...email, headers: { 'authentication-results': `${SERVER}; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example` } }, options);
		expect(forged.ok).toBe(false);
	});

	test('without authServId the headers are not required (as before)', () => {
		expect(parseIncidentEmail(email, SAMPLE_OPTIONS).ok).toBe(true);
	});
});
