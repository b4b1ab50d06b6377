import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertRefusedError, composeAlert, tryComposeAlert } from '../../nodes/shared/alert';
import { incidentFromFields, parseIncidentEmail, type Incident, type IncidentResult } from '../../nodes/shared/incident';
import { parseEml, sample, SAMPLE_OPTIONS } from './eml';

const FROM = 'CORG 63 <corg63@gendarmerie.interieur.gouv.fr>';

function parse(text: string): IncidentResult {
	return parseIncidentEmail({ from: FROM, subject: 'ALERTE COMMERCES', date: 'Wed, 25 Nov 2026 11:00:00 +0100', text }, SAMPLE_OPTIONS);
}

function refusal(result: IncidentResult) {
	if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.incident)}`);
	return result.errors;
}

function accepted(result: IncidentResult) {
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
	return result.incident;
}

describe('the fiche: what the SMS may never carry is refused, with the field named', () => {
	test.each([
		['Description : voir evil-alerte\u200b.fr', 'description', 'web address', '"evil-alerte.fr"'],
		['Description : voir ｅｖｉｌ．ｆｒ', 'description', 'web address', '"evil.fr"'],
		['Description : infos sur alerte63.paris', 'description', 'web address', '"alerte63.paris"'],
		['Description : voir alerte63[.]fr', 'description', 'web address', '"alerte63.fr"'],
		['Description : voir alerte63 point fr', 'description', 'web address', '"alerte63.fr"'],
		['Description : formulaire sur hxxps://alerte', 'description', 'web address', 'hxxps://alerte'],
		['Description : serveur 10.0.0.12', 'description', 'IP address', '"10.0.0.12"'],
		['Consigne : rappelez le ０６ １２ ３４ ５６ ７８', 'instruction', 'phone number', '"06 12 34 56 78"'],
		['Consigne : rappelez le (04) 73 12 34 56', 'instruction', 'phone number', '"(04) 73 12 34 56"'],
		['Consigne : rappelez le 0033 4 73 12 34 56', 'instruction', 'phone number', '0033'],
		['Description : vol chez M. Dupont, commerçant', 'description', 'names a person', '"M. Dupont"'],
		['Description : Mme MARTIN agressée', 'description', 'never name the victim', '"Mme MARTIN"'],
		['Lieu : la bijouterie Dupont, rue du Port', 'location', 'names a business', '"bijouterie Dupont"'],
		['Lieu : au tabac Le Balto', 'location', 'never name the victim', '"tabac Le Balto"'],
		['Description : vol à main armée chez Martin', 'description', 'names a business', '"chez Martin"'],
		['Signalement : Clio blanche AB-123-CD', 'suspects', 'licence plate', '"AB-123-CD"'],
		['Signalement : 205 grise 1234 AB 63', 'suspects', 'licence plate', '"1234 AB 63"'],
		['Signalement : Clio immatriculée GH 456 JK', 'suspects', 'CNIL', '"GH 456 JK"'],
	])('%s → %s: %s', (line, field, reason, quoted) => {
		const errors = refusal(parse(`Type : vol à main armée\nCommune : Riom\n${line}`));
		expect(errors).toContainEqual({ field, message: expect.stringContaining(reason) });
		expect(errors.find((e) => e.field === field)?.message).toContain(quoted);
	});

	test('the reason tells the officer what to write instead', () => {
		const [person] = refusal(parse('Type : agression\nCommune : Riom\nDescription : M. Dupont frappé'));
		expect(person.message).toBe(
			'The description names a person ("M. Dupont"); the SMS must never name the victim or anyone else. Write "un commerçant", "une cliente", "un individu" instead',
		);
		const [business] = refusal(parse('Type : braquage\nCommune : Riom\nLieu : bijouterie Dupont'));
		expect(business.message).toContain('Give only its kind and area: "une bijouterie", "un tabac du centre-ville"');
		const [plate] = refusal(parse('Type : braquage\nCommune : Riom\nSignalement : AB-123-CD'));
		expect(plate.message).toContain('Describe the vehicle without it: "Clio blanche"');
	});

	test('every finding of every field is listed at once', () => {
		const errors = refusal(parse('Type : braquage\nCommune : Riom\nLieu : bijouterie Dupont\nDescription : M. Dupont, evil.fr\nSignalement : AB-123-CD'));
		expect(errors.map((e) => e.field).sort()).toEqual(['description', 'description', 'location', 'suspects']);
	});

	test('what alerts normally say passes', () => {
		const incident = accepted(
			parse(
				[
					'Type : vol à main armée',
					'Commune : Saint-Éloy-les-Mines',
					'Lieu : une bijouterie, rue du 11 Novembre 1918',
					'Date des faits : 25/11/2026 10h40',
					'Description : braquage d’une bijouterie vers 10h40 env., 1 500 € emportés, fuite à 2,5 km vers St-Flour en Clio blanche.',
					'Signalement : homme, 30 ans, 1m80, blouson noir ; complice 20-25 ans.',
					'Consigne : Fermez à clé, ne pas intervenir, appelez le 17 ou le 112 (3919 pour les violences).',
				].join('\n'),
			),
		);
		expect(incident.location).toBe('une bijouterie, rue du 11 Novembre 1918');
		for (const location of ['avenue de la République', 'place de Jaude', 'un tabac du centre-ville', 'les commerces de la rue Victor Hugo']) {
			expect(accepted(parse(`Type : faux billets\nCommune : Mont-Dore\nLieu : ${location}\nDescription : billets écoulés au Mont-Dore (Le Mont-Dore, station)`)).location).toBe(location);
		}
	});

	test('forms and JSON are held to the same rules', () => {
		const errors = refusal(incidentFromFields({ type: 'braquage', communes: 'Riom', location: 'tabac Le Balto', suspects: 'AB-123-CD' }, { departements: ['63'] }));
		expect(errors.map((e) => e.field).sort()).toEqual(['location', 'suspects']);
	});

	test('a field refused for its length is not searched further', () => {
		const errors = refusal(parse(`Type : braquage\nCommune : Riom\nDescription : M. Dupont ${'a'.repeat(1000)}`));
		expect(errors).toEqual([{ field: 'description', message: expect.stringContaining('at most 1000 are accepted') }]);
	});
});

describe('the sample emails still pass', () => {
	const files = [
		...['01-faux-billets-issoire.eml', '02-cambriolage-clermont-rayon.eml', '03-braquage-riom-html.eml', '04-fovi-departement.eml'].map((file) => ({ name: file, email: sample(file) })),
		{ name: 'scripts/demo/courriel-gendarmerie.eml', email: parseEml(readFileSync(join(__dirname, '../../scripts/demo/courriel-gendarmerie.eml'), 'utf8')) },
	];
	test.each(files)('$name is accepted and composed, in GSM-7 and in UCS-2', ({ email }) => {
		const incident = accepted(parseIncidentEmail(email, SAMPLE_OPTIONS));
		expect(tryComposeAlert(incident).ok).toBe(true);
		expect(tryComposeAlert(incident, { unicode: true, maxSegments: 4 }).ok).toBe(true);
	});

	test('the fiche of the queue-mode test passes', () => {
		const incident: Incident = { type: 'escroquerie', communes: ['63113'], description: 'Faux conseiller bancaire au telephone, demande les codes de carte', issuer: 'x' };
		expect(tryComposeAlert(incident).ok).toBe(true);
	});
});

describe('composeAlert applies the same checks to an incident built by hand', () => {
	const base: Incident = { type: 'vol_main_armee', communes: ['63300'], description: 'braquage', issuer: 'corg63@gendarmerie.interieur.gouv.fr' };
	const fieldsOf = (incident: Incident, options = {}) => {
		const result = tryComposeAlert(incident, options);
		return result.ok ? [] : result.errors.map((e) => e.field);
	};

	test.each([
		[{ description: 'voir evil-alerte\u200b.fr' }, 'description'],
		[{ description: 'rappelez le ０６ １２ ３４ ５６ ７８' }, 'description'],
		[{ location: 'bijouterie Dupont' }, 'location'],
		[{ suspects: 'Clio AB-123-CD' }, 'suspects'],
		[{ instruction: 'Appelez M. Dupont au 04 73 12 34 56' }, 'instruction'],
	])('%j is refused (%s)', (change, field) => {
		expect(fieldsOf({ ...base, ...change })).toContain(field);
		expect(fieldsOf({ ...base, ...change }, { unicode: true, maxSegments: 4 })).toContain(field);
		expect(() => composeAlert({ ...base, ...change })).toThrow(AlertRefusedError);
	});

	test('the options that reach the SMS are checked too', () => {
		expect(fieldsOf(base, { instruction: 'Infos sur alerte63.fr' })).toEqual(['instruction']);
		expect(fieldsOf(base, { msgType: 'Cancel', references: 'AC-1', endNote: 'M. Dupont interpellé' })).toEqual(['endNote']);
		expect(fieldsOf(base, { endNote: 'M. Dupont interpellé' })).toEqual([]);
		expect(fieldsOf(base, { label: 'Alerte 0473123456' })).toEqual(['label']);
		expect(fieldsOf(base, { label: 'Commerces Riom' })).toEqual([]);
	});
});
