import { readdirSync } from 'node:fs';
import { tryComposeAlert } from '../../nodes/shared/alert';
import { communeByCode } from '../../nodes/shared/geo';
import { isAllowedSender, isIncidentType, parseAllowedSenders, parseIncidentEmail, type IncidentEmail } from '../../nodes/shared/incident';
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

const samples = readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.eml')).map(sample);

function randomEmail(): IncidentEmail {
	if (chance(0.4)) {
		// A mutated sample: close to real mail, so many survive as accepted fiches.
		const base = pick(samples);
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

describe(`fuzz (seed ${SEED})`, () => {
	test('2,000 random and mutated emails: never throws, never accepts without a type, a commune of 63 and an allowed sender', () => {
		const allowed = parseAllowedSenders(SAMPLE_OPTIONS.allowedSenders);
		let accepted = 0;
		const started = Date.now();
		for (let i = 0; i < 2000; i++) {
			const email = randomEmail();
			const options = { ...SAMPLE_OPTIONS, ...(chance(0.1) ? { sharedCode: 'Tulipe-4821' } : {}) };
			const result = parseIncidentEmail(email, options);
			if (!result.ok) {
				expect(result.errors.length).toBeGreaterThan(0);
				// The parser's own safety net must never be needed.
				for (const error of result.errors) {
					if (error.message.startsWith('The email could not be read')) throw new Error(`${error.message}\n${JSON.stringify(email)}`);
				}
				continue;
			}
			accepted++;
			const { incident } = result;
			expect(isIncidentType(incident.type)).toBe(true);
			expect(incident.communes.length).toBeGreaterThan(0);
			for (const code of incident.communes) expect(communeByCode(code)?.departement).toBe('63');
			expect(isAllowedSender(incident.issuer, allowed)).toBe(true);
			expect(incident.description.length).toBeLessThanOrEqual(1000);
			const composed = tryComposeAlert(incident, { sent: '2026-11-25T12:00:00+01:00' });
			if (composed.ok) expect(composed.alert.segments).toBeLessThanOrEqual(2);
		}
		expect(accepted).toBeGreaterThan(40);
		expect(Date.now() - started).toBeLessThan(30000);
	});
});
