import { readdirSync } from 'node:fs';
import { tryComposeAlert } from '../../nodes/shared/alert';
import { communeByCode } from '../../nodes/shared/geo';
import { incidentFromFields, isAllowedSender, isIncidentType, parseAllowedSenders, parseIncidentEmail, type IncidentEmail, type IncidentResult } from '../../nodes/shared/incident';
import { seededRandom } from '../support/random';
import { sample, SAMPLE_OPTIONS, SAMPLES_DIR } from './eml';

const SEED = 20261122;
const random = seededRandom(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const chance = (p: number) => random() < p;

const FROMS = [
	'CORG 63 <corg63@gendarmerie.interieur.gouv.fr>',
	'sic-ddsp63@interieur.gouv.fr',
	'corg63@gendarmerie.interieur.gouv.fr.evil.example',
	'"corg63@gendarmerie.interieur.gouv.fr" <x@evil.example>',
	'<corg63@gendarmerie.interieur.gouv.fr>@evil.example',
	'pirate@evil.example',
	'CORG <corg63@GENDARMERIE.interieur.gouv.fr>',
	'',
	'<>',
	'a@b',
	'"unterminated <corg63@gendarmerie.interieur.gouv.fr>',
];
const KEYS = ['Type', 'TYPE', 'type', 'Commune', 'COMMUNE(S)', 'Lieu', 'Coordonnées', 'Coordonnees', 'Périmètre', 'Perimetre', 'Date des faits', 'Date', 'Heure', 'Description', 'Signalement', 'Consigne', 'Référence', 'Gravité', 'Code', 'De', 'Envoyé', 'Objet', 'From', 'Subject'];
const VALUES = [
	'faux billets', 'braquage', 'FOVI', 'vol à la roulotte', 'tapage', '', 'Issoire', 'Riom; Thiers', 'Saint-Germain', '63000 Clermont-Ferrand', '63260', '63300',
	'Vichy', '75056', 'rayon 2 km', 'rayon -3 km', 'rayon 99999 km', 'département', 'zone', 'zone Nord', '45.7772, 3.0819', '91, 200', 'abc',
	"aujourd'hui 14h30", 'hier 25h', '31/02/2026 10h', '22/11/2026 à 14:30', 'demain', '2026-11-22T14:30:00Z', 'https://evil.example', '06 12 34 56 78',
	'appelez le 17', 'x'.repeat(1200), 'Tulipe-4821', '🚨🚨', '\u0000\u0001', '<b>gras</b>', '> > >', '-- ', 'é'.repeat(50),
];
const NOISE = ['Bonjour,', 'Cordialement', '-- ', '--', '> Type : cambriolage', '> > Commune : Riom', '________________', "-----Message d'origine-----", 'Le mar. 24 nov. 2026 à 18:12, X <x@y.fr> a écrit :', '', '   ', '\t', ':', ': :', 'Type', 'Commune :', '::::', '>>>>', '\r'];

function randomLine(): string {
	if (chance(0.3)) return pick(NOISE);
	const separator = pick([' : ', ':', ' :', '\t', ' ：', '::', ' - ']);
	const quote = chance(0.15) ? '> '.repeat(1 + Math.floor(random() * 3)) : '';
	return `${quote}${pick(KEYS)}${separator}${pick(VALUES)}`;
}

function mutate(text: string): string {
	const chars = [...text];
	const edits = 1 + Math.floor(random() * 6);
	for (let i = 0; i < edits && chars.length; i++) {
		const at = Math.floor(random() * chars.length);
		switch (Math.floor(random() * 5)) {
			case 0: chars.splice(at, 1); break;
			case 1: chars.splice(at, 0, pick(['\n', ':', '>', ' ', 'é', '\u00a0', '<', '&', '–', '€'])); break;
			case 2: chars[at] = chars[at].toUpperCase(); break;
			case 3: chars.splice(at, 0, ...chars.slice(at, at + 20)); break;
			default: chars.splice(at, Math.floor(random() * 30)); break;
		}
	}
	return chars.join('');
}

const SERVER = 'mx.cci63.example';
const AUTH_RESULTS = [
	`${SERVER}; dmarc=pass header.from=gendarmerie.interieur.gouv.fr`,
	`${SERVER}; dkim=pass header.d=interieur.gouv.fr`,
	`${SERVER}; dmarc=fail header.from=gendarmerie.interieur.gouv.fr`,
	`mx.evil.example; dmarc=pass header.from=gendarmerie.interieur.gouv.fr`,
	`${SERVER}; dkim=pass header.d=evil.example; dmarc=pass header.from=evil.example`,
	`${SERVER} (; dmarc=pass header.from=gendarmerie.interieur.gouv.fr`,
	`Authentication-Results: ${SERVER}; dmarc=pass header.from=gendarmerie.interieur.gouv.fr`,
	'',
];

/** Headers as the trigger or mailparser may give them, some hostile. */
function randomHeaders(): IncidentEmail['headers'] {
	const results = Array.from({ length: Math.floor(random() * 3) }, () => (chance(0.3) ? mutate(pick(AUTH_RESULTS)) : pick(AUTH_RESULTS)));
	const headers: Record<string, string | string[]> = {};
	if (results.length) headers['authentication-results'] = results.length === 1 && chance(0.5) ? results[0] : results;
	if (chance(0.2)) headers.from = chance(0.5) ? pick(FROMS) : [pick(FROMS), pick(FROMS)];
	return headers;
}

const samples = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.eml')).map(sample);

function randomEmail(): IncidentEmail {
	if (chance(0.6)) {
		// A mutated sample: close to real mail, so many survive as accepted fiches.
		const base = { ...pick(samples), ...(chance(0.3) ? { headers: randomHeaders() } : {}) };
		const body = base.text ?? base.html ?? '';
		const mutated = mutate(body);
		const from = chance(0.8) ? base.from : pick(FROMS);
		return chance(0.5) || base.html ? { ...base, from, text: undefined, html: chance(0.5) ? mutated : `<div>${mutated.replace(/\n/g, '<br>')}</div>` } : { ...base, from, text: mutated };
	}
	const lines = Array.from({ length: Math.floor(random() * 14) }, randomLine);
	const body = lines.join(pick(['\n', '\r\n', '\n\n']));
	const html = chance(0.3);
	return {
		from: pick(FROMS),
		subject: pick(['ALERTE COMMERCES – Braquage – Riom', 'TR: RE: Fwd: ', '', 'Alerte - - -', 'ALERTE COMMERCES - Faux billets - Saint-Germain', undefined as unknown as string]),
		date: pick(['Wed, 25 Nov 2026 11:00:00 +0100', 'not a date', '', '2026-11-25T11:00:00+01:00']),
		...(html ? { html: `<p>${body.replace(/\n/g, '<br>')}</p>` } : { text: body }),
	};
}

// The first parse loads the communes and compiles the patterns: not a cost any email pays.
beforeAll(() => {
	for (const email of samples) parseIncidentEmail({ ...email, html: email.html ?? '<p>x</p>' }, SAMPLE_OPTIONS);
});

/** Per-email bound: catches a pathology (seconds), not noise on a shared machine (each email takes a few ms). */
const PER_EMAIL_MS = 250;

/** The answer and its time; a slow run is timed once more and the faster kept, so a GC pause or a busy neighbour is not taken for a pathology. */
function timed<T>(run: () => T): { result: T; ms: number } {
	const once = () => {
		const started = performance.now();
		const result = run();
		return { result, ms: performance.now() - started };
	};
	const first = once();
	if (first.ms <= PER_EMAIL_MS) return first;
	const second = once();
	return second.ms < first.ms ? second : first;
}

/** The invariants every answer keeps: refusals say why (never the parser's safety net), acceptances hold a known type, a commune of 63 and an allowed sender. */
function expectSound(result: IncidentResult, email: unknown, authServId?: string): boolean {
	const allowed = parseAllowedSenders(SAMPLE_OPTIONS.allowedSenders);
	if (!result.ok) {
		expect(result.errors.length).toBeGreaterThan(0);
		for (const error of result.errors) {
			if (error.message.startsWith('The email could not be read')) throw new Error(`${error.message}\n${JSON.stringify(email).slice(0, 2000)}`);
		}
		return false;
	}
	const { incident } = result;
	expect(isIncidentType(incident.type)).toBe(true);
	expect(incident.communes.length).toBeGreaterThan(0);
	for (const code of incident.communes) expect(communeByCode(code)?.departement).toBe('63');
	expect(isAllowedSender(incident.issuer, allowed)).toBe(true);
	expect(incident.description.length).toBeLessThanOrEqual(1000);
	if (authServId) expect(JSON.stringify((email as IncidentEmail).headers ?? {})).toMatch(/(?:dmarc|dkim)=pass/);
	return true;
}

describe(`fuzz (seed ${SEED})`, () => {
	test('6,000 random and mutated emails: never throws, never accepts without a type, a commune of 63 and an allowed (authenticated) sender, each in < 250 ms', () => {
		let accepted = 0;
		let slowest = 0;
		for (let i = 0; i < 6000; i++) {
			const email = randomEmail();
			const authServId = chance(0.2) ? SERVER : undefined;
			const options = { ...SAMPLE_OPTIONS, ...(chance(0.1) ? { sharedCode: 'Tulipe-4821' } : {}), ...(authServId ? { authServId } : {}) };
			const { result, ms } = timed(() => parseIncidentEmail(email, options));
			slowest = Math.max(slowest, ms);
			if (ms > PER_EMAIL_MS) throw new Error(`${ms.toFixed(0)} ms for ${JSON.stringify(email).slice(0, 500)}`);
			if (!expectSound(result, email, authServId)) continue;
			accepted++;
			if (!result.ok) continue;
			const composed = tryComposeAlert(result.incident, { sent: '2026-11-25T12:00:00+01:00' });
			if (composed.ok) expect(composed.alert.segments).toBeLessThanOrEqual(2);
		}
		expect(accepted).toBeGreaterThan(300);
		expect(slowest).toBeLessThan(PER_EMAIL_MS);
	});
});

describe('bounds: the shapes that used to cost seconds are answered in milliseconds', () => {
	const FROM = 'CORG 63 <corg63@gendarmerie.interieur.gouv.fr>';
	const head = 'Type : Faux billets\nCommune : Issoire\n';
	const line = 'Plusieurs individus signalés dans les commerces du centre-ville, rue de la République.\n';
	const spaces = (n: number) => ' '.repeat(n);
	const shapes: Array<[string, Partial<IncidentEmail>]> = [
		['a line of 12,000 spaces', { text: `${head}${spaces(12000)}\n` }],
		['"Commune : Riom" followed by 3,000 spaces', { text: `Type : Faux billets\nCommune : Riom${spaces(3000)}x\n` }],
		['a description of "a." × 25,000', { text: `${head}Description : ${'a.'.repeat(25000)}\n` }],
		['a 60 KB description over 700 lines', { text: `${head}Description : ${line.repeat(700)}` }],
		['a 200 KB description over 3,500 lines', { text: `${head}Description : ${line.repeat(3500)}` }],
		['a 1 MB description', { text: `${head}Description : ${line.repeat(12000)}` }],
		['1 MB of HTML', { html: `<p>${head.replace(/\n/g, '<br>')}Description : ${'<b>x</b> '.repeat(110000)}</p>` }],
		['240 KB of HTML under the HTML bound', { html: `<p>${head.replace(/\n/g, '<br>')}Description : ${'<b>x</b> '.repeat(9000)}${'x'.repeat(160000)}</p>` }],
		['20,000 tags, the most converted', { html: `<p>${head.replace(/\n/g, '<br>')}Description : ${'<b>x</b> '.repeat(9990)}</p>` }],
		['1 MB of Outlook styles around a fiche', { html: `<html><head><style>${'p.MsoNormal{margin:0cm}\n'.repeat(40000)}</style></head><body><p>Type : Faux billets<br>Commune : Issoire</p></body></html>` }],
		['unclosed comments and heads', { html: `${'<!--'.repeat(50000)}${'<head><body>'.repeat(30000)}` }],
		['HTML nested 50,000 deep', { html: `${'<div>'.repeat(50000)}Type : Faux billets<br>Commune : Issoire` }],
		['a subject of 100,000 spaces', { subject: `TR${spaces(100000)}: x`, text: head }],
		['a key line of 60,000 colons', { text: `${head}${':'.repeat(60000)}` }],
		['quote marks 30,000 deep', { text: `${'> '.repeat(30000)}Type : vol\nCommune : Riom` }],
		['30,000 forwarded-message separators', { text: `${"-----Message d'origine-----\n".repeat(2300)}${head}` }],
		['"De :" header blocks on every line', { text: `${'De : x\nObjet : y\n'.repeat(3000)}${head}` }],
		['a From header of 100,000 parentheses', { from: `${'('.repeat(100000)}corg63@gendarmerie.interieur.gouv.fr`, text: head }],
		['a From header of 100,000 quotes', { from: `${'"a" '.repeat(25000)}<corg63@gendarmerie.interieur.gouv.fr>`, text: head }],
		['100,000 Authentication-Results comments', { headers: { 'authentication-results': `mx.cci63.example; ${'(('.repeat(50000)}` }, text: head }],
	];

	test.each(shapes)('%s', (_name, shape) => {
		for (const from of [FROM, 'pirate@evil.example']) {
			for (const authServId of [undefined, SERVER]) {
				const email: IncidentEmail = { from, subject: 'ALERTE COMMERCES', date: 'Wed, 25 Nov 2026 11:00:00 +0100', ...shape };
				const { result, ms } = timed(() => parseIncidentEmail(email, { ...SAMPLE_OPTIONS, ...(authServId ? { authServId } : {}) }));
				expect(ms).toBeLessThan(PER_EMAIL_MS);
				expectSound(result, email, authServId);
				if (from !== FROM) expect(!result.ok && result.errors[0].field).toBe('sender');
			}
		}
	});

	test('bodies beyond the bound are refused with the field named', () => {
		const text = parseIncidentEmail({ from: FROM, text: `${head}Description : ${line.repeat(12000)}` }, SAMPLE_OPTIONS);
		expect(text).toEqual({ ok: false, errors: [{ field: 'body', message: expect.stringMatching(/^The email text is 1,0\d\d KB; an alert email is refused beyond 64 KB/) }] });
		const html = parseIncidentEmail({ from: FROM, html: `<p>${'<b>x</b> '.repeat(110000)}</p>` }, SAMPLE_OPTIONS);
		expect(html).toEqual({ ok: false, errors: [{ field: 'body', message: expect.stringContaining('refused beyond 256 KB') }] });
	});

	test('a fiche under the bound is still read, its over-long field refused by name', () => {
		const result = parseIncidentEmail({ from: FROM, text: `${head}Description : ${'a.'.repeat(25000)}\n` }, SAMPLE_OPTIONS);
		expect(result).toEqual({ ok: false, errors: [{ field: 'description', message: 'The description has 50000 characters; at most 1000 are accepted' }] });
		expect(parseIncidentEmail({ from: FROM, text: `Type : Faux billets\nCommune : Riom${spaces(3000)}\n` }, SAMPLE_OPTIONS).ok).toBe(true);
	});

	test('the form path: long runs of spaces and over-long values cost nothing', () => {
		const options = { departements: ['63'], now: SAMPLE_OPTIONS.now };
		const { result, ms } = timed(() => incidentFromFields({ type: 'faux billets', communes: `Riom${spaces(3000)}x`, description: 'a.'.repeat(25000) }, options));
		expect(ms).toBeLessThan(PER_EMAIL_MS);
		expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(['communes', 'description']);
		expect(incidentFromFields({ type: 'faux billets', communes: `Riom${spaces(3000)}` }, options).ok).toBe(true);
	});
});
