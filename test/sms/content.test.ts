import { communesOfDepartement } from '../../nodes/shared/geo';
import { findForbiddenContent, SMS_CONTENT_KINDS, type SmsContentKind } from '../../nodes/shared/sms/content';
import { readableForms, readableText } from '../../nodes/shared/sms/readable';
import { TOP_LEVEL_DOMAINS } from '../../nodes/shared/sms/tlds';

const kinds = (text: string) => findForbiddenContent(text).map((f) => f.kind);

describe('readableText: the text as the member reads it', () => {
	test.each([
		['evil-alerte\u200b.fr', 'evil-alerte.fr'],
		['０６ １２ ３４', '06 12 34'],
		['ｅｖｉｌ．ｆｒ', 'evil.fr'],
		['evil\u3002fr', 'evil.fr'],
		['evil\u034f\u00ad.fr', 'evil.fr'],
		['06\u201112\u2012', '06-12-'],
		['a\u00a0\u2009b', 'a b'],
	])('%j reads %j', (text, expected) => {
		expect(readableText(text)).toBe(expected);
	});

	test('the GSM-7 form is looked at too when it differs', () => {
		expect(readableForms('Fenêtre « forcée »')).toEqual(['Fenetre « forcee »', 'Fenetre " forcée "']);
		expect(readableForms('vol')).toEqual(['vol']);
	});
});

describe('links', () => {
	test.each([
		['https://bit.ly/alerte63', 'https://bit.ly/alerte63'],
		['voir hxxps://evil', 'hxxps://evil'],
		['voir h**p://evil', 'h**p://evil'],
		['www.alerte-commerces63.fr', 'www.alerte-commerces63.fr'],
		['www.evil.example', 'www.evil.example'],
		['evil-alerte\u200b.fr', 'evil-alerte.fr'],
		['ＥＶＩＬ．ＦＲ', 'EVIL.FR'],
		['evil\u3002fr', 'evil.fr'],
		['gendarmerie-alerte.com/form', 'gendarmerie-alerte.com'],
		['evil.paris', 'evil.paris'],
		['evil.bzh', 'evil.bzh'],
		['evil.immo', 'evil.immo'],
		['sub.evil.co.uk', 'sub.evil.co'],
		['contact@evil.fr', 'evil.fr'],
		['xn--80ak6aa92e.com', 'xn--80ak6aa92e.com'],
		['пример.рф', 'пример.рф'],
		['evil[.]fr', 'evil.fr'],
		['evil(.)fr', 'evil.fr'],
		['evil{dot}com', 'evil.com'],
		['evil (point) fr', 'evil.fr'],
		['evil point fr', 'evil.fr'],
		['evil dot com', 'evil.com'],
		['evil . fr', 'evil.fr'],
		['M.Dupont', 'M.Dupont'],
	])('%j is a link (%s)', (text, match) => {
		expect(findForbiddenContent(text, ['link'])).toEqual([{ kind: 'link', match }]);
	});

	test.each([
		['192.168.0.1', '192.168.0.1'],
		['192[.]168[.]0[.]1', '192.168.0.1'],
		['http au 10.0.0.12 demain', '10.0.0.12'],
		['2001:db8::1', '2001:db8::1'],
	])('%j is an IP address', (text, match) => {
		expect(findForbiddenContent(text, ['ip'])).toEqual([{ kind: 'ip', match }]);
	});

	test.each([
		'M. X',
		'St. Flour',
		'env. 2 km',
		'14h30',
		'50 €',
		'2,5 km',
		'05.12.2026',
		'le 05.12.26 à 14h',
		'1m80',
		'Alerte Commerces: Faux billets à Issoire, le 22/11 à 14h30.',
		'vitrine brisée. Les individus',
		'au point info de la mairie',
		'ce point me semble',
		'un point de rassemblement',
		'le S.A.M.U. et les pompiers',
		'14:30:00',
		'04.73.12.34.56',
		'la version 1.2.3',
		'...',
	])('%j is not a link', (text) => {
		expect(findForbiddenContent(text, ['link', 'ip'])).toEqual([]);
	});

	test('the list of endings is the IANA root zone, generated, with French ones', () => {
		expect(TOP_LEVEL_DOMAINS.size).toBeGreaterThan(1000);
		for (const ending of ['fr', 'com', 'paris', 'bzh', 'alsace', 'corsica', 'ly', 'xyz']) expect(TOP_LEVEL_DOMAINS.has(ending)).toBe(true);
		expect(TOP_LEVEL_DOMAINS.has('example')).toBe(false);
	});
});

describe('phone numbers', () => {
	test.each([
		'06 12 34 56 78',
		'0612345678',
		'06.12.34.56.78',
		'06-12-34-56-78',
		'06/12/34/56/78',
		'06 12.34-56 78',
		'(04) 73 12 34 56',
		'(04)73123456',
		'04 73 123 456',
		'0473 12 34 56',
		'+33 6 12 34 56 78',
		'+33612345678',
		'+33 (0)4 73 12 34 56',
		'+ 33 4 73 12 34 56',
		'0033 4 73 12 34 56',
		'00 33 4 73 12 34 56',
		'33 6 12 34 56 78',
		'+44 20 7946 0958',
		'+225 07 12 34 56',
		'6 12 34 56 78',
		'0 800 123 456',
		'0 6 1 2 3 4 5 6 7 8',
		'O6 12 34 56 78',
		'０６ １２ ３４ ５６ ７８',
		'06\u200b12\u200b34\u200b56\u200b78',
		'le 05/12 06 12 34 56 78',
		'rappelez le 06 12 34 56 78.',
		'n°0473123456',
		'123456789',
	])('%j is a phone number', (text) => {
		expect(kinds(text)).toContain('phone');
	});

	test.each([
		'appelez le 17',
		'le 15, le 18 ou le 112',
		'le 114 par SMS',
		'composez le 3919',
		'116 000',
		'63000 Clermont-Ferrand',
		'homme, 30 ans, 1m80, blouson noir',
		'rue du 11 Novembre 1918',
		'le 22/11/2026 à 14h30',
		'22/11 14h30',
		'05/12/2026 14h00',
		'le 05/12/2026 10 billets',
		'le 05.12.2026 14.30',
		'entre 14h et 15h30',
		'1 500 € en billets de 50',
		'2,5 km',
		'3 individus de 20 à 25 ans',
		'1m75-1m80',
		'n° 12',
		'RN 9 puis A71 sortie 13',
		'à 14 H 30',
		'2026/004512',
	])('%j is not a phone number', (text) => {
		expect(findForbiddenContent(text, ['phone'])).toEqual([]);
	});
});

describe('names: the victim is never named', () => {
	test.each([
		['M. Dupont', 'person'],
		['M.Dupont', 'person'],
		['M DUPONT', 'person'],
		['Mr Martin', 'person'],
		['Mme Martin', 'person'],
		['Mme MARTIN', 'person'],
		['MME MARTIN', 'person'],
		['Mlle Durand', 'person'],
		['Melle Durand', 'person'],
		['Monsieur Le Gall', 'person'],
		['monsieur Dupont', 'person'],
		['Madame Bérénice Durand', 'person'],
		['Mademoiselle Petit', 'person'],
		['Dr Lemoine', 'person'],
		['Docteur Lemoine', 'person'],
		['Me Girard, avocat', 'person'],
		['la famille Martin', 'person'],
		['le dénommé Kévin', 'person'],
		['la victime Dupont', 'person'],
		['M. D.', 'person'],
		['la bijouterie Dupont', 'business'],
		['la Bijouterie Dupont', 'business'],
		['BIJOUTERIE DUPONT', 'business'],
		['au tabac Le Balto', 'business'],
		['au tabac « Le Balto »', 'business'],
		['au bar "Le Central"', 'business'],
		["au café L'Étoile", 'business'],
		['chez Martin', 'business'],
		['chez Dupont Bijoux', 'business'],
		['la pharmacie Martin', 'business'],
		['la station-service Total', 'business'],
		['au garage Renault', 'business'],
		['la supérette Vival', 'business'],
		['les établissements Martin', 'business'],
		['Ets Martin', 'business'],
		['la société Durand', 'business'],
		['la boulangerie Saint-Honoré', 'business'],
		['le GAEC Dumas', 'business'],
	])('%j names someone (%s)', (text, kind) => {
		expect(kinds(text)).toContain(kind as SmsContentKind);
	});

	test.each([
		'homme, 30 ans, 1m80, blouson noir',
		'deux hommes casqués, vêtements sombres',
		'une femme d\u2019une quarantaine d\u2019années',
		'une bijouterie',
		'braquage d\u2019une bijouterie par deux individus armés',
		'un tabac du centre-ville',
		'les commerces de la rue Victor Hugo',
		'une boulangerie Rue de Rennes',
		'un bar PMU',
		'un bar-tabac',
		'dans un tabac Les individus ont fui',
		'un tabac. Ils ont fui',
		'rue du 11 Novembre 1918',
		'avenue de la République',
		'place de Jaude',
		'place de la Victoire',
		'Saint-Éloy-les-Mines',
		'St-Flour',
		'Le Mont-Dore',
		'au Mont-Dore',
		'Clio blanche',
		'Renault Clio blanche',
		'M. X',
		'Mme Y',
		'M. le Maire',
		'Monsieur le Préfet',
		'un monsieur âgé',
		'une dame',
		'appels se faisant passer pour le président de la société demandant un virement urgent',
		'devant l\u2019Hôtel de Ville',
		'un salon de coiffure',
		'la pharmacie de garde',
		'dépôt de plainte',
		'chez lui',
		'le magasin ferme Dimanche',
		'Alerte Commerces: Faux billets',
		'exploitation agricole',
		'le centre commercial',
		'chez un particulier',
	])('%j names no one', (text) => {
		expect(findForbiddenContent(text, ['person', 'business'])).toEqual([]);
	});
});

describe('licence plates', () => {
	test.each([
		'AB-123-CD',
		'AB 123 CD',
		'AB123CD',
		'ab-123-cd',
		'Clio blanche immatriculée GH-456-JK',
		'1234 AB 63',
		'1234AB63',
		'123 ABC 2A',
		'56 AZ 971',
		'immatriculée AB-1..',
		'plaque 123 AB',
		'immat : 44 BC',
		'WW-123-AB',
	])('%j is a plate', (text) => {
		expect(kinds(text)).toContain('plate');
	});

	test.each([
		'Clio blanche',
		'Peugeot 308 grise',
		'véhicule utilitaire blanc',
		'immatriculée dans le 63',
		'plaques volées',
		'à 14 H 30',
		'TAILLE 1 M 80',
		'30 ANS',
		'sur la RD 943 EN direction de Riom',
		'en direction de l\u2019A71',
		'rue du 11 Novembre 1918',
		'63000 Clermont-Ferrand',
		'le 05/12 à 14h30',
	])('%j is not a plate', (text) => {
		expect(findForbiddenContent(text, ['plate'])).toEqual([]);
	});
});

describe('findForbiddenContent', () => {
	test('one finding per kind, every kind at once', () => {
		const text = 'M. Dupont, bijouterie Dupont, AB-123-CD, 06 12 34 56 78, evil.fr, 10.0.0.1';
		expect(kinds(text).sort()).toEqual([...SMS_CONTENT_KINDS].sort());
		expect(findForbiddenContent(text, ['plate'])).toEqual([{ kind: 'plate', match: 'AB-123-CD' }]);
	});

	test('no commune name of the Puy-de-Dôme is taken for anything', () => {
		for (const commune of communesOfDepartement('63')) {
			expect(findForbiddenContent(`Cambriolage à ${commune.name}, le 05/12 à 14h30. Ne pas intervenir.`)).toEqual([]);
		}
	});

	test('reads 1,000 characters of hostile text in milliseconds', () => {
		for (const text of ['a.'.repeat(500), '1 '.repeat(500), 'M. '.repeat(333), 'aaaa'.repeat(250), '0.'.repeat(500), 'bijouterie '.repeat(90)]) {
			const started = performance.now();
			findForbiddenContent(text);
			expect(performance.now() - started).toBeLessThan(50);
		}
	});
});
