import { alertIdOf, alertIdOfMessage, composeAlert, messageIdOf, updatePrefixOf } from '../../nodes/shared/alert';
import type { Incident } from '../../nodes/shared/incident';

const incident: Incident = { type: 'cambriolage', communes: ['63014'], issuer: 'corg63@gendarmerie.interieur.gouv.fr', description: 'Porte fracturée.' };
const ALERT = 'AC-0123456789ABCDEF';

describe('messageIdOf', () => {
	test('an alert keeps its alert id', () => {
		expect(messageIdOf(ALERT, 'Alert', ALERT)).toBe(ALERT);
	});

	test('an end of alert adds -FIN', () => {
		expect(messageIdOf(ALERT, 'Cancel', 'AC-FFFFFFFFFFFFFFFF')).toBe(`${ALERT}-FIN`);
	});

	test("an update adds -MAJ- and the first eight characters of its own incident's hash", () => {
		expect(messageIdOf(ALERT, 'Update', 'AC-89ABCDEF01234567')).toBe(`${ALERT}-MAJ-89ABCDEF`);
		expect(messageIdOf('EX-0123456789ABCDEF', 'Update', 'EX-89ABCDEF01234567')).toBe('EX-0123456789ABCDEF-MAJ-89ABCDEF');
	});
});

describe('alertIdOfMessage', () => {
	test("gives back the alert id of an alert's, an update's and an end's message id", () => {
		for (const msgType of ['Alert', 'Update', 'Cancel'] as const) expect(alertIdOfMessage(messageIdOf(ALERT, msgType, 'AC-89ABCDEF01234567'))).toBe(ALERT);
	});

	test('leaves an id without a suffix as it is', () => {
		expect(alertIdOfMessage('AC-MAJ')).toBe('AC-MAJ');
	});
});

describe('updatePrefixOf', () => {
	test("is what every update's message id of the alert starts with, and no other alert's", () => {
		const update = messageIdOf(ALERT, 'Update', 'AC-89ABCDEF01234567');
		expect(update.startsWith(updatePrefixOf(ALERT))).toBe(true);
		expect(`${ALERT}-FIN`.startsWith(updatePrefixOf(ALERT))).toBe(false);
	});
});

describe('the composer writes message ids with this module', () => {
	test('an update and an end of alert, from the alert id or from its CAP reference', () => {
		const alert = composeAlert(incident);
		const changed = { ...incident, description: 'deux individus' };
		const update = composeAlert(changed, { msgType: 'Update', references: alert.alertId });
		expect(update.messageId).toBe(messageIdOf(alert.alertId, 'Update', alertIdOf(changed)));
		const end = composeAlert(incident, { msgType: 'Cancel', references: update.capReference });
		expect(end.messageId).toBe(`${alert.alertId}-FIN`);
		expect(alertIdOfMessage(end.messageId)).toBe(alert.alertId);
	});
});
