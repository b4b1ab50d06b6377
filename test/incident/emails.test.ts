import { communeByCode, communesByPostalCode, communesOfDepartement } from '../../nodes/shared/geo';
import { incidentFromFields, parseIncidentEmail, type IncidentEmail, type IncidentResult } from '../../nodes/shared/incident';

const OPTIONS = {
	allowedSenders: ['@gendarmerie.interieur.gouv.fr', 'sic-ddsp63@interieur.gouv.fr'],
	departements: ['63'],
	now: '2026-11-25T12:00:00+01:00',
};
const FROM = 'CORG 63 <corg63@gendarmerie.interieur.gouv.fr>';
const DATE = 'Wed, 25 Nov 2026 11:00:00 +0100';

function parse(email: Partial<IncidentEmail>, options: Partial<typeof OPTIONS> & { sharedCode?: string } = {}): IncidentResult {
	return parseIncidentEmail({ from: FROM, subject: 'ALERTE COMMERCES', date: DATE, ...email }, { ...OPTIONS, ...options });
}

function accepted(result: IncidentResult) {
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
	return result.incident;
}

function refusal(result: IncidentResult) {
	if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.incident)}`);
	return result.errors;
}

describe('accepted variations of the fiche', () => {
	test('keys without accents, in any case, with ":" glued or spaced, and tabs', () => {
		const text = [
			'TYPE: braquage',
			'commune :Riom',
			'Perimetre  :  departement',
			'date des faits\t25/11/2026 10h40',
			'DESCRIPTION : bijouterie attaquee par deux individus armes',
			'Reference: 2026/1234',
		].join('\n');
		expect(accepted(parse({ text }))).toMatchObject({
			type: 'vol_main_armee',
			communes: ['63300'],
			area: { level: 'departement' },
			occurredAt: '2026-11-25T10:40:00+01:00',
			reference: '2026/1234',
		});
	});

	test('extra lines before and after, bullets, "Commune(s)" and a continued description', () => {
		const text = `Bonjour,

Veuillez trouver ci-dessous une fiche alerte à diffuser.

- Type : vol à l'étalage
- Commune(s) : Thiers ; Ambert
- Description : vols de parfums en série,
deux femmes opérant ensemble, sac doublé de papier aluminium.
- Consigne : surveillez les rayons parfumerie.

Merci de votre diffusion.
Bien cordialement,
Adjudant Martin`;
		expect(accepted(parse({ text }))).toMatchObject({
			type: 'vol_etalage',
			communes: ['63430', '63003'],
			description: 'vols de parfums en série, deux femmes opérant ensemble, sac doublé de papier aluminium.',
			instruction: 'surveillez les rayons parfumerie.',
		});
	});

	test('a signature after "-- " is ignored, even when it looks like a fiche', () => {
		const text = 'Type : fausse monnaie\nCommune : Issoire\n\n-- \nType : standard 04 73 00 00 00\nCommune : Clermont-Ferrand\nwww.gendarmerie.interieur.gouv.fr';
		expect(accepted(parse({ text }))).toMatchObject({ type: 'fausse_monnaie', communes: ['63178'] });
	});

	test('accents lost by a mail gateway, quoted-printable already decoded', () => {
		const text = 'Type : vol a la roulotte\nCommune : Chatel-Guyon\nLieu : parking des thermes\nDate des faits : hier 22h\nDescription : vitres brisees sur 4 vehicules, outillage vole';
		expect(accepted(parse({ text }))).toMatchObject({
			type: 'vol_vehicule_materiel',
			communes: ['63103'],
			location: 'parking des thermes',
			occurredAt: '2026-11-24T22:00:00+01:00',
		});
	});

	test.each([
		['St-Eloy-les-Mines', '63338'],
		['SAINT ELOY LES MINES', '63338'],
		['Ste-Florine', '43185'],
		['63178', '63178'],
		['63200 Riom', '63300'],
		['Riom (63200)', '63300'],
		['Riom (63)', '63300'],
		['clermont ferrand', '63113'],
		['Broc (Le)', '63054'],
		['Le Broc', '63054'],
		['le broc', '63054'],
	])('commune written %s resolves to %s', (commune, code) => {
		const departements = code.startsWith('43') ? ['43'] : ['63'];
		const result = parse({ text: `Type : cambriolage\nCommune : ${commune}` }, { departements });
		expect(accepted(result).communes).toEqual([code]);
	});

	test('an HTML-only fiche written as a table', () => {
		const html = `<html><body><p>Bonjour,</p><table border="1">
<tr><td><b>Type</b></td><td>Escroquerie aux faux fournisseurs</td></tr>
<tr><td>Commune</td><td>Thiers</td></tr>
<tr><th>Périmètre :</th><td>agglomération</td></tr>
<tr><td>Description</td><td>faux fournisseur demandant un changement de RIB</td></tr>
</table><p>Cordialement</p></body></html>`;
		expect(accepted(parse({ html }))).toMatchObject({ type: 'escroquerie', communes: ['63430'], area: { level: 'epci' } });
	});

	test('HTML with entities, line breaks and a link whose target is not copied', () => {
		const html = '<div>Type&nbsp;: Cambriolage<br/>Commune&nbsp;: Issoire<br>Description : vitrine bris&eacute;e, voir <a href="https://evil.example/x">le rapport</a></div>';
		expect(accepted(parse({ html }))).toMatchObject({ type: 'cambriolage', description: 'vitrine brisée, voir le rapport' });
	});

	test('a plain-text body without a fiche falls back to the HTML part', () => {
		const html = '<p>Type : agression<br>Commune : Riom</p>';
		expect(accepted(parse({ text: 'Ce message est au format HTML.', html }))).toMatchObject({ type: 'agression' });
	});

	test('forwarded from Outlook (TR:) with a plain-text header block', () => {
		const text = `Pour diffusion urgente.

Lieutenant Durand
CORG 63

________________________________
De : Brigade territoriale de Thiers <bta.thiers@gendarmerie.interieur.gouv.fr>
Envoyé : mercredi 25 novembre 2026 09:12
À : CORG 63 <corg63@gendarmerie.interieur.gouv.fr>
Objet : ALERTE COMMERCES – Faux billets – Thiers

Type : faux billets
Commune : Thiers
Description : billets de 20 euros, même numéro de série.
`;
		expect(accepted(parse({ subject: 'TR: ALERTE COMMERCES – Faux billets – Thiers', text }))).toMatchObject({
			type: 'fausse_monnaie',
			communes: ['63430'],
			issuer: 'corg63@gendarmerie.interieur.gouv.fr',
		});
	});

	test('forwarded from Gmail (Fwd:) with "---------- Forwarded message ---------"', () => {
		const text = `---------- Forwarded message ---------
De : BTA Ambert <bta.ambert@gendarmerie.interieur.gouv.fr>
Date: mer. 25 nov. 2026 à 09:30
Subject: Alerte
To: <corg63@gendarmerie.interieur.gouv.fr>


Type : vol de gasoil
Commune : Ambert
Lieu : zone artisanale
Date des faits : 25/11/2026 04h00
Description : cuves de chantier siphonnées`;
		expect(accepted(parse({ subject: 'Fwd: Alerte', text }))).toMatchObject({
			type: 'vol_marchandises',
			communes: ['63003'],
			occurredAt: '2026-11-25T04:00:00+01:00',
		});
	});

	test('a reply (RE:) with a corrected fiche on top: the newest fiche wins over the quoted one', () => {
		const text = `Correction de la commune :

Type : faux billets
Commune : Issoire

Le mer. 25 nov. 2026 à 10:02, CORG 63 <corg63@gendarmerie.interieur.gouv.fr> a écrit :
> Type : faux billets
> Commune : Thiers
> Description : billets de 50`;
		expect(accepted(parse({ subject: 'RE: ALERTE COMMERCES - Faux billets - Thiers', text }))).toMatchObject({ communes: ['63178'] });
	});

	test('a reply with only a comment on top uses the quoted fiche', () => {
		const text = `OK pour diffusion.

> Type : cambriolage
> Commune : Riom
> > Type : agression
> > Commune : Thiers`;
		expect(accepted(parse({ text }))).toMatchObject({ type: 'cambriolage', communes: ['63300'] });
	});

	test('Outlook "-----Message d\'origine-----" separator', () => {
		const text = "Merci de diffuser\n\n-----Message d'origine-----\nDe : BTA Riom\nEnvoyé : mercredi 25 novembre 2026 10:00\nObjet : alerte\n\nType : chèques volés\nCommune : Riom\nDescription : chéquier volé, série 1234567 à 1234600";
		expect(accepted(parse({ text }))).toMatchObject({ type: 'cheque_vole', communes: ['63300'] });
	});

	test('type and commune from the subject when the fiche lacks them', () => {
		const result = parse({ subject: 'ALERTE COMMERCES — Braquage — Riom', text: 'Description : deux individus armés\nPérimètre : département' });
		expect(accepted(result)).toMatchObject({ type: 'vol_main_armee', communes: ['63300'] });
		const lean = parse({ subject: 'TR: RE: Alerte commerces - Faux billets - Issoire', text: 'Pour info' });
		expect(accepted(lean)).toMatchObject({ type: 'fausse_monnaie', communes: ['63178'] });
	});

	test('the fiche wins over the subject', () => {
		const result = parse({ subject: 'ALERTE COMMERCES - Braquage - Riom', text: 'Type : agression\nCommune : Thiers' });
		expect(accepted(result)).toMatchObject({ type: 'agression', communes: ['63430'] });
	});

	test('"Date" and "Heure" on two lines, French decimal commas in coordinates, a radius in metres', () => {
		const text = 'Type : cambriolage\nCommune : Clermont-Ferrand\nCoordonnées GPS : 45,7772 ; 3,0819\nPérimètre : rayon de 500 m\nDate : 24/11/2026\nHeure : 23h45';
		expect(accepted(parse({ text }))).toMatchObject({
			coordinates: { lat: 45.7772, lon: 3.0819 },
			area: { level: 'radius', radiusKm: 0.5 },
			occurredAt: '2026-11-24T23:45:00+01:00',
		});
	});

	test('perimeter "zone <nom>" and a gravity', () => {
		const text = 'Type : démarchage frauduleux\nCommune : Riom\nPérimètre : zone Limagne nord, Combrailles\nGravité : grave';
		expect(accepted(parse({ text }))).toMatchObject({ area: { level: 'zones', zones: ['Limagne nord', 'Combrailles'] }, severity: 'Severe' });
	});

	test.each([
		['braquage', 'vol_main_armee'],
		['Hold-up', 'vol_main_armee'],
		['VAMA', 'vol_main_armee'],
		['fausse monnaie', 'fausse_monnaie'],
		['Faux billets de 50 €', 'fausse_monnaie'],
		['FOVI', 'escroquerie'],
		['faux ordre de virement', 'escroquerie'],
		['Escroquerie FOVI', 'escroquerie'],
		['vol à la roulotte', 'vol_vehicule_materiel'],
		['Vols à l’étalage', 'vol_etalage'],
		['tentative de cambriolage', 'cambriolage'],
		['cambriolage_', 'cambriolage'],
		['vol_main_armee', 'vol_main_armee'],
		['faux policiers', 'vol_ruse'],
		['arnaque à l’annuaire', 'demarchage_frauduleux'],
		['chéquier volé', 'cheque_vole'],
		['violences urbaines, risque de pillage', 'troubles_ordre_public'],
		['vol de matériel agricole', 'vol_vehicule_materiel'],
		['vol de récoltes', 'vol_marchandises'],
	])('type "%s" → %s', (wording, type) => {
		expect(accepted(parse({ text: `Type : ${wording}\nCommune : Riom` })).type).toBe(type);
	});

	test('the shared code is checked and never kept in the incident', () => {
		const text = 'Type : faux billets\nCommune : Issoire\nCode : Tulipe-4821';
		const incident = accepted(parse({ text }, { sharedCode: 'Tulipe-4821' }));
		expect(JSON.stringify(incident)).not.toContain('Tulipe');
	});

	test('"appelez le 17" is not a phone number', () => {
		expect(accepted(parse({ text: 'Type : braquage\nCommune : Riom\nConsigne : ne pas intervenir, appelez le 17 ou le 112' })).instruction).toBe(
			'ne pas intervenir, appelez le 17 ou le 112',
		);
	});
});

describe('refusals, each with its reason', () => {
	const fields = (result: IncidentResult) => refusal(result).map((e) => e.field);

	test('no fiche at all', () => {
		const errors = refusal(parse({ subject: 'Réunion mensuelle', text: 'Bonjour, la réunion est décalée à jeudi.' }));
		expect(errors[0]).toMatchObject({ field: 'body', message: expect.stringContaining('No fiche found') });
	});

	test('no type', () => {
		expect(fields(parse({ text: 'Commune : Riom\nDescription : vol' }))).toEqual(['type']);
	});

	test('an unknown type lists the known ones', () => {
		const [error] = refusal(parse({ text: 'Type : tapage nocturne\nCommune : Riom' }));
		expect(error).toMatchObject({ field: 'type', message: expect.stringContaining('"tapage nocturne" is not a known incident type') });
		expect(error.message).toContain('Fausse monnaie / faux billets');
	});

	test('no commune', () => {
		expect(fields(parse({ text: 'Type : braquage\nDescription : bijouterie' }))).toEqual(['communes']);
	});

	test('an unknown commune lists candidates (sample 05)', () => {
		const [error] = refusal(parse({ text: 'Type : vol à l’étalage\nCommune : Saint-Germain' }));
		expect(error.candidates?.map((c) => c.name)).toEqual(expect.arrayContaining(['Saint-Germain-Lembron', "Saint-Germain-l'Herm", 'Saint-Germain-près-Herment']));
	});

	test('a commune of another département is refused', () => {
		const [error] = refusal(parse({ text: 'Type : braquage\nCommune : Vichy' }));
		expect(error.field).toBe('communes');
		expect(refusal(parse({ text: 'Type : braquage\nCommune : 03310' }))[0].message).toContain('outside');
		expect(refusal(parse({ text: 'Type : braquage\nCommune : Riom (03)' }))[0].message).toContain('outside');
	});

	test('a postal code alone that covers several communes lists them', () => {
		expect(communesByPostalCode('63260').length).toBeGreaterThan(1);
		const postal = [...new Set(communesOfDepartement('63').flatMap((c) => c.postalCodes))].find(
			(cp) => !communeByCode(cp) && communesByPostalCode(cp).length > 1,
		);
		const onlyPostal = refusal(parse({ text: `Type : braquage\nCommune : ${postal}` }));
		expect(onlyPostal[0].message).toContain(`postal code ${postal} covers several communes`);
		// 63300 is Riom's INSEE code and the postal code of Thiers and its neighbours.
		expect(refusal(parse({ text: 'Type : braquage\nCommune : 63300' }))[0].candidates?.map((c) => c.name)).toEqual(expect.arrayContaining(['Riom', 'Thiers']));
		const [error] = refusal(parse({ text: 'Type : braquage\nCommune : 63260' }));
		expect(error.field).toBe('communes');
		expect(error.message).toContain('"63260" may be an INSEE code or a postal code');
		expect(error.candidates?.map((c) => c.name)).toEqual(expect.arrayContaining(['Aigueperse', 'Aubiat']));
		expect(accepted(parse({ text: 'Type : braquage\nCommune : 63260 Aigueperse' })).communes).toHaveLength(1);
	});

	test('one bad commune in a list refuses the fiche', () => {
		expect(fields(parse({ text: 'Type : FOVI\nCommune : Clermont-Ferrand; Tiers; Ambert' }))).toEqual(['communes']);
	});

	test('a date in the future beyond the tolerance', () => {
		const [error] = refusal(parse({ text: 'Type : braquage\nCommune : Riom\nDate des faits : 25/11/2026 13h00' }));
		expect(error).toMatchObject({ field: 'occurredAt', message: expect.stringContaining('in the future') });
		expect(accepted(parse({ text: 'Type : braquage\nCommune : Riom\nDate des faits : 25/11/2026 12h20' })).occurredAt).toBe('2026-11-25T12:20:00+01:00');
		expect(fields(parse({ text: 'Type : braquage\nCommune : Riom\nDate des faits : 25/11/2026 12h20' }, { futureToleranceMinutes: 5 } as never))).toEqual(['occurredAt']);
	});

	test('an unreadable date', () => {
		expect(refusal(parse({ text: 'Type : braquage\nCommune : Riom\nDate des faits : la semaine dernière' }))[0].message).toContain('Cannot read the date "la semaine dernière"');
	});

	test('a description of more than 1,000 characters', () => {
		const [error] = refusal(parse({ text: `Type : braquage\nCommune : Riom\nDescription : ${'a'.repeat(1001)}` }));
		expect(error).toMatchObject({ field: 'description', message: 'The description has 1001 characters; at most 1000 are accepted' });
		expect(accepted(parse({ text: `Type : braquage\nCommune : Riom\nDescription : ${'a'.repeat(1000)}` })).description).toHaveLength(1000);
	});

	test.each([
		['Description : plus d’infos sur https://bit.ly/alerte63', 'description', 'web address'],
		['Description : voir www.alerte-commerces63.fr', 'description', 'web address'],
		['Consigne : signalez-vous sur gendarmerie-alerte.com/form', 'instruction', 'web address'],
		['Consigne : rappelez le 06 12 34 56 78', 'instruction', 'phone number'],
		['Signalement : joignable au +33 6 12 34 56 78', 'suspects', 'phone number'],
		['Description : appelez le 0473000000', 'description', 'phone number'],
		['Lieu : contact 04.73.00.00.00', 'location', 'phone number'],
	])('%s is refused (%s: %s)', (line, field, kind) => {
		const [error] = refusal(parse({ text: `Type : escroquerie\nCommune : Riom\n${line}` }));
		expect(error.field).toBe(field);
		expect(error.message).toContain(kind);
	});

	test('a sender outside the allowlist, a look-alike domain, a display name spoofing an allowed address', () => {
		const text = 'Type : braquage\nCommune : Riom';
		expect(fields(parse({ from: 'pirate@evil.example', text }))).toEqual(['sender']);
		expect(fields(parse({ from: 'CORG 63 <corg63@gendarmerie.interieur.gouv.fr.evil.example>', text }))).toEqual(['sender']);
		expect(fields(parse({ from: '"corg63@gendarmerie.interieur.gouv.fr" <pirate@evil.example>', text }))).toEqual(['sender']);
	});

	test('a refused sender is answered alone: the body is not read', () => {
		const result = parse({ from: 'pirate@evil.example', text: 'Type : tapage\nCommune : Nulle-Part\nDescription : www.x.fr' }, { sharedCode: 'Tulipe-4821' });
		expect(refusal(result)).toEqual([{ field: 'sender', message: 'pirate@evil.example is not an allowed sender' }]);
	});

	test('every reason is listed at once', () => {
		const result = parse({ text: 'Type : tapage\nCommune : Nulle-Part\nDescription : www.x.fr' }, { sharedCode: 'Tulipe-4821' });
		expect(fields(result).sort()).toEqual(['code', 'communes', 'description', 'type']);
	});

	test('shared code: missing, wrong, or copied into the SMS text — and never quoted', () => {
		const text = 'Type : faux billets\nCommune : Issoire';
		expect(refusal(parse({ text }, { sharedCode: 'Tulipe-4821' }))[0]).toEqual({ field: 'code', message: 'The shared code is missing (line "Code : …")' });
		expect(refusal(parse({ text: `${text}\nCode : Tulipe-4822` }, { sharedCode: 'Tulipe-4821' }))[0].message).toBe('The shared code is wrong');
		const leak = refusal(parse({ text: `${text}\nCode : Tulipe-4821\nDescription : code Tulipe-4821` }, { sharedCode: 'Tulipe-4821' }));
		expect(leak[0].field).toBe('code');
		expect(JSON.stringify(leak)).not.toContain('Tulipe-4821');
	});

	test('a radius without coordinates, coordinates outside France, an unknown perimeter', () => {
		expect(fields(parse({ text: 'Type : cambriolage\nCommune : Riom\nPérimètre : rayon 2 km' }))).toEqual(['area']);
		expect(fields(parse({ text: 'Type : cambriolage\nCommune : Riom\nCoordonnées : 3.0819, 45.7772' }))).toEqual(['coordinates']);
		expect(fields(parse({ text: 'Type : cambriolage\nCommune : Riom\nPérimètre : la galaxie' }))).toEqual(['area']);
	});

	test('a field given twice with different values', () => {
		expect(fields(parse({ text: 'Type : braquage\nType : cambriolage\nCommune : Riom' }))).toEqual(['type']);
	});

	test('an ambiguous type', () => {
		expect(refusal(parse({ text: 'Type : fraude ou émeute\nCommune : Riom' }))[0].message).toContain('could mean');
	});
});

describe('incidentFromFields (form and JSON)', () => {
	const options = { departements: ['63'], now: OPTIONS.now };

	test('French form labels or English keys, typed JSON values', () => {
		expect(accepted(incidentFromFields({ Type: 'Faux billets', Commune: 'Issoire', 'Date des faits': "aujourd'hui 10h" }, options))).toMatchObject({
			type: 'fausse_monnaie',
			communes: ['63178'],
			occurredAt: '2026-11-25T10:00:00+01:00',
			issuer: 'formulaire',
		});
		expect(
			accepted(
				incidentFromFields(
					{ type: 'cambriolage', communes: ['63113'], coordinates: { lat: 45.7772, lon: 3.0819 }, area: { level: 'radius', radiusKm: 2 }, occurredAt: '2026-11-25T10:00:00+01:00', issuer: 'Opérateur CORG' },
					options,
				),
			),
		).toMatchObject({ communes: ['63113'], area: { level: 'radius', radiusKm: 2 }, issuer: 'Opérateur CORG' });
	});

	test('shares the refusals of the email parser', () => {
		const errors = refusal(incidentFromFields({ type: 'tapage', communes: 'Nulle-Part', description: 'appelez le 06 12 34 56 78' }, options));
		expect(errors.map((e) => e.field).sort()).toEqual(['communes', 'description', 'type']);
		expect(refusal(incidentFromFields({ type: 'braquage', communes: ['63300'], area: { level: 'radius' } }, options))[0].field).toBe('area');
		expect(refusal(incidentFromFields({ type: 'braquage', communes: [] }, options))[0].field).toBe('communes');
	});

	test('the shared code applies to forms when configured', () => {
		expect(refusal(incidentFromFields({ type: 'braquage', communes: 'Riom' }, { ...options, sharedCode: 'Tulipe-4821' }))[0].field).toBe('code');
		expect(accepted(incidentFromFields({ type: 'braquage', communes: 'Riom', Code: 'Tulipe-4821' }, { ...options, sharedCode: 'Tulipe-4821' })).type).toBe('vol_main_armee');
	});
});
