import { alertIdOf, AlertRefusedError, composeAlert, TEMPLATES, tryComposeAlert } from '../../nodes/shared/alert';
import { INCIDENT_TYPES, parseIncidentEmail, type Incident } from '../../nodes/shared/incident';
import { resolveCommune } from '../../nodes/shared/geo';
import { isGsm7, smsInfo, toGsm7 } from '../../nodes/shared/sms';
import { sample, SAMPLE_OPTIONS } from '../incident/eml';

const SENT = '2026-11-22T15:02:11+01:00';
const base: Incident = {
	type: 'fausse_monnaie',
	communes: ['63178'],
	location: 'centre-ville, rue de la République',
	occurredAt: '2026-11-22T14:30:00+01:00',
	description: 'plusieurs billets de 50 euros contrefaits écoulés dans des commerces du centre.',
	suspects: 'homme, 30 ans environ, blouson noir, casquette rouge.',
	issuer: 'corg63@gendarmerie.interieur.gouv.fr',
};

describe('composeAlert', () => {
	test('the full text of sample 01 with the default instruction', () => {
		const alert = composeAlert(base, { sent: SENT });
		expect(alert.text).toBe(
			'Alerte Commerces: Faux billets à Issoire (centre-ville, rue de la République), le 22/11 à 14h30. Plusieurs billets de 50 euros contrefaits écoulés dans des commerces du centre. Signalement: homme, 30 ans environ, blouson noir, casquette rouge. Ne pas intervenir, ne pas transférer ce SMS.',
		);
		expect(alert).toMatchObject({ encoding: 'GSM-7', segments: 2, dropped: [], msgType: 'Alert', status: 'Actual', sent: SENT });
		expect(alert.characters).toBe(alert.text.length);
		expect(alert.units).toBe(smsInfo(alert.text).units);
	});

	test('every incident type has a template, a severity and a short text', () => {
		for (const type of INCIDENT_TYPES) {
			expect(TEMPLATES.types[type]).toBeDefined();
			const alert = composeAlert({ type, communes: ['63113'], description: '', issuer: 'x' }, { maxSegments: 1 });
			expect(alert.text).toContain(TEMPLATES.types[type].facts);
			expect(alert.text).toContain('Ne pas intervenir, ne pas transférer ce SMS.');
		}
	});

	describe('fitting into maxSegments drops parts in a fixed order', () => {
		const long: Incident = {
			...base,
			description: `${'billets de 50 euros contrefaits écoulés dans plusieurs commerces du centre '.repeat(3).trim()}.`,
		};
		test('2 segments: suspects first, then location, then the description tail', () => {
			const alert = composeAlert(long, { sent: SENT });
			expect(alert.segments).toBeLessThanOrEqual(2);
			expect(alert.dropped).toEqual(['suspects', 'location', 'description']);
			expect(alert.text).not.toContain('Signalement');
			expect(alert.text).not.toContain('République');
			expect(alert.text).toMatch(/\.\.\. Ne pas intervenir, ne pas transférer ce SMS\.$/);
		});

		test('only the suspects go when that is enough', () => {
			const medium = { ...base, suspects: `${base.suspects} ${'x'.repeat(60)}` };
			expect(composeAlert(base, { maxSegments: 2 }).dropped).toEqual([]);
			const alert = composeAlert(medium, { maxSegments: 2 });
			expect(alert.dropped).toEqual(['suspects']);
			expect(alert.text).toContain('République');
		});

		test('1 segment: the description keeps its longest head that fits, place and instruction intact', () => {
			const alert = composeAlert(base, { maxSegments: 1, sent: SENT });
			expect(alert.segments).toBe(1);
			expect(alert.units).toBeLessThanOrEqual(160);
			expect(alert.dropped).toEqual(['suspects', 'location', 'description']);
			expect(alert.text).toContain('à Issoire');
			expect(alert.text.endsWith('Ne pas intervenir, ne pas transférer ce SMS.')).toBe(true);
			// One more word would not fit.
			expect(alert.text).toMatch(/Plusieurs .*\.\.\. Ne pas/);
		});

		test('words are shortened only when the description alone cannot make room', () => {
			const incident = (padding: number): Incident => ({
				type: 'vol_vehicule_materiel',
				communes: ['63113', '63430', '63003'],
				occurredAt: '2026-11-22T14:30:00+01:00',
				description: 'individus en véhicule utilitaire',
				issuer: 'x',
				instruction: `Ne pas intervenir${', fermez les dépôts'.repeat(padding)}, ne pas transférer ce SMS.`,
			});
			const shortened = [...Array(12).keys()]
				.map((padding) => ({ padding, result: tryComposeAlert(incident(padding), { maxSegments: 1 }) }))
				.find(({ result }) => result.ok && result.alert.dropped.includes('words'));
			expect(shortened?.padding).toBeGreaterThan(0);
			if (!shortened?.result.ok) return;
			const { alert } = shortened.result;
			// Without shortening, even an empty description did not fit (the previous padding did).
			expect(alert.dropped).toEqual(expect.arrayContaining(['description', 'words']));
			expect(alert.text).toContain('Vol de véh. ou matériel à Clermont-Ferrand, Thiers et Ambert, 22/11 14h30.');
			expect(alert.text).toContain(toGsm7(incident(shortened.padding).instruction ?? ''));
			expect(alert.segments).toBe(1);
			const previous = tryComposeAlert(incident(shortened.padding - 1), { maxSegments: 1 });
			expect(previous.ok && previous.alert.dropped).not.toContain('words');
		});

		test('refused, with the reason, when type, place and instruction alone are too long', () => {
			const impossible: Incident = { ...base, instruction: 'Ne pas intervenir. '.repeat(9).trim() };
			const result = tryComposeAlert(impossible, { maxSegments: 1 });
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.errors[0]).toMatchObject({ field: 'text', message: expect.stringContaining('at most 1 are allowed') });
			expect(() => composeAlert(impossible, { maxSegments: 1 })).toThrow(AlertRefusedError);
			expect(composeAlert(impossible, { maxSegments: 2 }).text).toContain(impossible.instruction);
		});
	});

	test('transliterates to GSM-7 by default; the unicode option keeps accents in UCS-2', () => {
		const incident: Incident = { ...base, description: 'fenêtre forcée, « deux » individus, coût élevé…', suspects: undefined, location: undefined };
		const gsm = composeAlert(incident);
		expect(gsm.encoding).toBe('GSM-7');
		expect(isGsm7(gsm.text)).toBe(true);
		expect(gsm.text).toContain('Fenetre forcée, " deux " individus, coût élevé...'.replace('û', 'u'));
		const ucs = composeAlert(incident, { unicode: true, maxSegments: 4 });
		expect(ucs.encoding).toBe('UCS-2');
		expect(ucs.text).toContain('Fenêtre forcée, « deux » individus, coût élevé…');
	});

	test('articles fold into the preposition: au Broc, aux Martres-de-Veyre', () => {
		const code = (name: string) => {
			const found = resolveCommune({ name }, ['63']);
			if (!found.ok) throw new Error(found.message);
			return found.commune.code;
		};
		const broc = composeAlert({ type: 'cambriolage', communes: [code('Le Broc')], description: '', issuer: 'x' });
		expect(broc.text).toContain('Cambriolage au Broc.');
		const martres = composeAlert({ type: 'cambriolage', communes: [code('Les Martres-de-Veyre')], description: '', issuer: 'x' });
		expect(martres.text).toContain('Cambriolage aux Martres-de-Veyre.');
	});

	test('the police instruction replaces the default, the label and sender are options', () => {
		const alert = composeAlert({ ...base, instruction: 'Fermez à clé, appelez le 17' }, { label: 'VIGICOMMERCE 63', sender: 'CCI63' });
		expect(alert.text.startsWith('VIGICOMMERCE 63: ')).toBe(true);
		expect(alert.text.endsWith('Fermez à clé, appelez le 17.')).toBe(true);
		expect(alert.sender).toBe('CCI63');
		const bad = tryComposeAlert(base, { sender: 'ALERTE COMMERCES' });
		expect(bad.ok).toBe(false);
	});

	test('exercise messages say so', () => {
		const alert = composeAlert(base, { exercise: true });
		expect(alert.text.startsWith('EXERCICE Alerte Commerces: ')).toBe(true);
		expect(alert.alertId.startsWith('EX-')).toBe(true);
		expect(alert.status).toBe('Exercise');
	});

	describe('alert id', () => {
		test('deterministic and insensitive to case, accents, spacing and commune order', () => {
			const a = alertIdOf({ ...base, communes: ['63113', '63178'] });
			const b = alertIdOf({
				...base,
				communes: ['63178', '63113'],
				description: base.description.toUpperCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ /g, '  '),
				issuer: 'someone-else@gendarmerie.interieur.gouv.fr',
			});
			expect(a).toBe(b);
			expect(a).toMatch(/^AC-[0-9A-F]{16}$/);
		});

		test('changes with the facts', () => {
			expect(alertIdOf(base)).not.toBe(alertIdOf({ ...base, communes: ['63113'] }));
			expect(alertIdOf(base)).not.toBe(alertIdOf({ ...base, occurredAt: '2026-11-22T14:45:00+01:00' }));
			expect(alertIdOf(base)).not.toBe(alertIdOf({ ...base, type: 'escroquerie' }));
		});

		test('a sample email parsed twice, and its HTML twin, give the same id', () => {
			const email = sample('01-faux-billets-issoire.eml');
			const html = { ...email, text: undefined, html: `<p>${String(email.text).split('\n').join('<br>')}</p>` };
			const ids = [email, email, html].map((e) => {
				const parsed = parseIncidentEmail(e, SAMPLE_OPTIONS);
				if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
				return composeAlert(parsed.incident).alertId;
			});
			expect(new Set(ids).size).toBe(1);
		});
	});

	describe('update and end of alert', () => {
		const original = composeAlert(base, { sent: SENT });

		test('an update keeps the alert id, has its own message id, says "mise à jour"', () => {
			const update = composeAlert({ ...base, suspects: 'deux hommes' }, { msgType: 'Update', references: original.capReference });
			expect(update.alertId).toBe(original.alertId);
			expect(update.messageId).toMatch(new RegExp(`^${original.alertId}-MAJ-[0-9A-F]{8}$`));
			expect(update.text.startsWith('Alerte Commerces - mise à jour: Faux billets à Issoire')).toBe(true);
		});

		test('an end of alert keeps the id and says "Fin d\'alerte"', () => {
			const cancel = composeAlert(base, { msgType: 'Cancel', references: original.alertId });
			expect(cancel).toMatchObject({ alertId: original.alertId, messageId: `${original.alertId}-FIN`, msgType: 'Cancel' });
			expect(cancel.text).toBe("Alerte Commerces: Fin d'alerte - Faux billets à Issoire, le 22/11 à 14h30. Merci de votre vigilance.");
			expect(cancel.cap).toContain(`<references>corg63@gendarmerie.interieur.gouv.fr,${original.alertId}</references>`);
		});

		test('an end of alert can say what ended the danger; an alert ignores that note', () => {
			const cancel = composeAlert(base, { msgType: 'Cancel', references: original.alertId, endNote: '  deux individus interpellés ' });
			expect(cancel.text).toBe("Alerte Commerces: Fin d'alerte - Faux billets à Issoire, le 22/11 à 14h30. Deux individus interpellés. Merci de votre vigilance.");
			expect(cancel.cap).toContain('<instruction>Deux individus interpellés. Merci de votre vigilance.</instruction>');
			expect(composeAlert(base, { endNote: 'Individu interpellé.' }).text).toBe(original.text);
		});

		test('the original of an update of an update is still the first alert', () => {
			const update = composeAlert(base, { msgType: 'Update', references: original.capReference });
			const again = composeAlert(base, { msgType: 'Update', references: update.capReference });
			expect(again.alertId).toBe(original.alertId);
		});

		test('without the original, refused', () => {
			const result = tryComposeAlert(base, { msgType: 'Cancel' });
			expect(result).toMatchObject({ ok: false, errors: [{ field: 'references' }] });
		});
	});

	test('an unreadable date of the facts is refused by name, not thrown', () => {
		const result = tryComposeAlert({ ...base, occurredAt: 'mardi vers midi' });
		expect(result).toMatchObject({ ok: false, errors: [{ field: 'occurredAt', message: expect.stringContaining('"mardi vers midi"') }] });
		expect(() => composeAlert({ ...base, occurredAt: 'mardi vers midi' })).toThrow(AlertRefusedError);
	});

	test('max segments must be 1 to 10', () => {
		expect(tryComposeAlert(base, { maxSegments: 0 }).ok).toBe(false);
		expect(tryComposeAlert(base, { maxSegments: 11 }).ok).toBe(false);
		expect(tryComposeAlert(base, { maxSegments: 3 }).ok).toBe(true);
	});
});
