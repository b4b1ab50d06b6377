import { parseIncidentEmail } from '../../nodes/shared/incident';
import { sample, SAMPLE_OPTIONS } from './eml';

describe('the shared sample emails', () => {
	test('01 faux billets Issoire: accepted, fausse_monnaie, 63178, perimeter epci', () => {
		const result = parseIncidentEmail(sample('01-faux-billets-issoire.eml'), SAMPLE_OPTIONS);
		expect(result).toMatchObject({
			ok: true,
			incident: {
				type: 'fausse_monnaie',
				communes: ['63178'],
				area: { level: 'epci' },
				location: 'centre-ville, rue de la République',
				occurredAt: '2026-11-22T14:30:00+01:00',
				description: 'plusieurs billets de 50 euros contrefaits écoulés dans des commerces du centre.',
				suspects: 'homme, 30 ans environ, blouson noir, casquette rouge.',
				instruction: 'Ne pas intervenir, ne pas transférer ce SMS.',
				reference: 'CORG63-2026-1187',
				issuer: 'corg63@gendarmerie.interieur.gouv.fr',
			},
		});
	});

	test('02 cambriolage Clermont-Ferrand: postal code + name, coordinates, radius 2 km, two-line description', () => {
		const result = parseIncidentEmail(sample('02-cambriolage-clermont-rayon.eml'), SAMPLE_OPTIONS);
		expect(result).toMatchObject({
			ok: true,
			incident: {
				type: 'cambriolage',
				communes: ['63113'],
				coordinates: { lat: 45.7772, lon: 3.0819 },
				area: { level: 'radius', radiusKm: 2 },
				location: 'quartier Jaude',
				occurredAt: '2026-11-23T03:15:00+01:00',
				description: 'vitrine brisée à la voiture-bélier, caisse et marchandises emportées. Véhicule utilitaire blanc vu quittant les lieux.',
				reference: '2026/004512',
				issuer: 'sic-ddsp63@interieur.gouv.fr',
			},
		});
	});

	test('03 braquage Riom: HTML only, forwarded with an Outlook header block, police instruction kept', () => {
		const result = parseIncidentEmail(sample('03-braquage-riom-html.eml'), SAMPLE_OPTIONS);
		expect(result).toMatchObject({
			ok: true,
			incident: {
				type: 'vol_main_armee',
				communes: ['63300'],
				area: { level: 'departement' },
				occurredAt: '2026-11-24T17:55:00+01:00',
				suspects: 'deux hommes casqués, vêtements sombres.',
				instruction: 'Fermez à clé, ne pas intervenir, appelez le 17.',
			},
		});
	});

	test('04 FOVI: upper-case keys, three communes, no display name', () => {
		const result = parseIncidentEmail(sample('04-fovi-departement.eml'), SAMPLE_OPTIONS);
		expect(result).toMatchObject({
			ok: true,
			incident: { type: 'escroquerie', communes: ['63113', '63430', '63003'], area: { level: 'departement' }, reference: 'CORG63-2026-1201' },
		});
	});

	test('05 unknown commune: refused with the candidates', () => {
		const result = parseIncidentEmail(sample('05-refused-unknown-commune.eml'), SAMPLE_OPTIONS);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toHaveLength(1);
		const [error] = result.errors;
		expect(error.field).toBe('communes');
		expect(error.message).toContain('"Saint-Germain"');
		const names = (error.candidates ?? []).map((c) => c.name);
		expect(names).toEqual(expect.arrayContaining(['Saint-Germain-près-Herment', 'Saint-Germain-Lembron', "Saint-Germain-l'Herm"]));
		expect(error.message).toContain('Saint-Germain-Lembron');
	});
});
