import { composeAlert } from '../../nodes/shared/alert';
import { INCIDENT_TYPES, parseIncidentEmail, type Incident, type IncidentResult } from '../../nodes/shared/incident';
import { mayAnticipate } from '../../nodes/shared/incident/vocabulary';
import { SAMPLE_OPTIONS } from '../incident/eml';

const NOW = SAMPLE_OPTIONS.now; // Wednesday 25 November 2026, 12:00
const parse = (text: string, options = {}): IncidentResult =>
	parseIncidentEmail({ from: 'corg63@gendarmerie.interieur.gouv.fr', subject: 'ALERTE COMMERCES', text }, { ...SAMPLE_OPTIONS, ...options });
const accepted = (result: IncidentResult) => {
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
	return result.incident;
};
const DEMONSTRATION = [
	'Type : manifestation non déclarée',
	'Commune : Clermont-Ferrand',
	'Date des faits : 05/12/2026 14h00',
	'Description : manifestation non déclarée annoncée sur les réseaux sociaux, risque de pillages.',
	'Consigne : fermez vos rideaux dès 13h30.',
].join('\n');

describe('which types may anticipate', () => {
	test('demonstrations and disorder only: the other facts cannot be known before they happen', () => {
		expect(INCIDENT_TYPES.filter(mayAnticipate)).toEqual(['troubles_ordre_public']);
	});
});

describe('a planned event becomes an anticipation alert', () => {
	test('the issue\'s email: a demonstration on Saturday with its date', () => {
		const incident = accepted(parse(DEMONSTRATION));
		expect(incident).toMatchObject({ type: 'troubles_ordre_public', anticipated: true, occurredAt: '2026-12-05T14:00:00+01:00' });
		const alert = composeAlert(incident, { sent: NOW });
		expect(alert.text).toBe(
			'Alerte Commerces: Risque de troubles et de pillage à Clermont-Ferrand, samedi 05/12 dès 14h. Manifestation non déclarée annoncée sur les réseaux sociaux, risque de pillages. Fermez vos rideaux dès 13h30.',
		);
		expect(alert.cap).toContain('<urgency>Expected</urgency>');
		expect(alert.cap).toContain('<certainty>Likely</certainty>');
		expect(alert.cap).toContain('<onset>2026-12-05T14:00:00+01:00</onset>');
	});

	test.each([
		['prévue samedi', 'manifestation prévue samedi place de Jaude'],
		['annoncée', 'manifestation annoncée'],
		['à venir', 'rassemblements à venir en centre-ville'],
		['appel à manifester', 'appel à manifester relayé sur les réseaux'],
	])('without a date, the words "%s" make it one', (_, description) => {
		const incident = accepted(parse(`Type : manifestation\nCommune : Riom\nDescription : ${description}`));
		expect(incident.anticipated).toBe(true);
		const alert = composeAlert(incident, { sent: NOW });
		expect(alert.text.startsWith('Alerte Commerces: Risque de troubles et de pillage à Riom. ')).toBe(true);
		expect(alert.cap).toContain('<urgency>Expected</urgency>');
		expect(alert.cap).not.toContain('<onset>');
	});

	test.each(['Date prévue', "Date de l'événement", 'Prévue le'])('reads the event\'s date under "%s"', (key) => {
		const incident = accepted(parse(`Type : manifestation\nCommune : Riom\n${key} : 05/12/2026 14h00`));
		expect(incident).toMatchObject({ anticipated: true, occurredAt: '2026-12-05T14:00:00+01:00' });
	});

	test('a weekday alone, a date without its year, "demain": the next one', () => {
		expect(accepted(parse('Type : manifestation\nCommune : Riom\nDate des faits : samedi 14h')).occurredAt).toBe('2026-11-28T14:00:00+01:00');
		expect(accepted(parse('Type : manifestation\nCommune : Riom\nDate des faits : 05/12 14h')).occurredAt).toBe('2026-12-05T14:00:00+01:00');
		expect(accepted(parse('Type : manifestation\nCommune : Riom\nDate des faits : demain 10h')).occurredAt).toBe('2026-11-26T10:00:00+01:00');
	});

	test('a date only, without an hour: "samedi 05/12"', () => {
		const alert = composeAlert(accepted(parse('Type : manifestation\nCommune : Riom\nDate des faits : 05/12/2026')), { sent: NOW });
		expect(alert.text).toContain('à Riom, samedi 05/12. ');
	});

	test('disorder that already happened stays an alert of observed facts', () => {
		const incident = accepted(parse('Type : troubles\nCommune : Riom\nDate des faits : 25/11/2026 11h00\nDescription : vitrines brisées, manifestation prévue ce matin'));
		expect(incident.anticipated).toBeUndefined();
		const alert = composeAlert(incident, { sent: NOW });
		expect(alert.text).toContain('Troubles, risque de pillage à Riom, le 25/11 à 11h.');
		expect(alert.cap).toContain('<urgency>Immediate</urgency>');
		expect(alert.cap).toContain('<certainty>Observed</certainty>');
	});

	test('within the tolerance and without words, a slightly future time is clock drift, not a plan', () => {
		expect(accepted(parse('Type : troubles\nCommune : Riom\nDate des faits : 25/11/2026 12h20')).anticipated).toBeUndefined();
		expect(accepted(parse('Type : troubles\nCommune : Riom\nDate des faits : 25/11/2026 12h20\nDescription : rassemblement prévu')).anticipated).toBe(true);
	});
});

describe('the future-date tolerance still applies to facts that already happened', () => {
	test('a burglary dated tomorrow is refused, and the reason names the types that may be announced', () => {
		const result = parse('Type : cambriolage\nCommune : Riom\nDate des faits : 26/11/2026 03h00\nDescription : cambriolage prévu');
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.errors).toEqual([{ field: 'occurredAt', message: expect.stringContaining('is in the future; only "Manifestation / troubles avec risque de pillage" may be announced ahead') }]);
		}
	});

	test('planning words do not make other types anticipate', () => {
		expect(accepted(parse('Type : escroquerie\nCommune : Riom\nDescription : démarchage annoncé comme officiel')).anticipated).toBeUndefined();
	});

	test('more than 31 days ahead is refused (a wrong year, most often)', () => {
		const result = parse('Type : manifestation\nCommune : Riom\nDate des faits : 05/12/2027 14h00');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors[0]).toMatchObject({ field: 'occurredAt', message: expect.stringContaining('more than 31 days ahead') });
	});
});

describe('composeAlert on an incident built by hand', () => {
	const base: Incident = { type: 'troubles_ordre_public', communes: ['63113'], description: 'rassemblement', issuer: 'x', occurredAt: '2026-12-05T14:30:00+01:00' };

	test('a future date of a type that may anticipate is an anticipation; of another type it is not', () => {
		expect(composeAlert(base, { sent: NOW }).cap).toContain('<urgency>Expected</urgency>');
		expect(composeAlert(base, { sent: NOW, maxSegments: 1 }).text).toContain('samedi 05/12 dès 14h30');
		expect(composeAlert({ ...base, type: 'agression', anticipated: true }, { sent: NOW }).cap).toContain('<urgency>Immediate</urgency>');
		expect(composeAlert({ ...base, anticipated: false }, { sent: NOW }).cap).toContain('<urgency>Immediate</urgency>');
	});

	test('an end of alert of an anticipation keeps its wording', () => {
		const alert = composeAlert(base, { sent: NOW });
		const cancel = composeAlert(base, { sent: NOW, msgType: 'Cancel', references: alert.capReference });
		expect(cancel.text).toBe("Alerte Commerces: Fin d'alerte - Risque de troubles et de pillage à Clermont-Ferrand, samedi 05/12 dès 14h30. Merci de votre vigilance.");
	});
});

describe('sentences start with a capital', () => {
	const incident: Incident = {
		type: 'troubles_ordre_public',
		communes: ['63113'],
		description: '« deux » groupes annoncés',
		suspects: 'jeunes cagoulés',
		instruction: 'fermez vos rideaux dès 13h30',
		issuer: 'x',
	};

	test('the instruction and the description, past an opening quote; the suspects after "Signalement:" keep theirs', () => {
		const alert = composeAlert(incident, { sent: NOW });
		expect(alert.text).toContain('« Deux » groupes annoncés. Signalement: jeunes cagoulés. Fermez vos rideaux dès 13h30.'.replace(/[«»]/g, '"'));
	});

	test('a default instruction written in lower case is capitalised too', () => {
		expect(composeAlert({ ...incident, instruction: undefined }, { sent: NOW, instruction: 'ne pas intervenir' }).text.endsWith('Ne pas intervenir.')).toBe(true);
	});
});
