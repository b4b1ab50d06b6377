import { classifyReply, confirmationId, CONFIRMATION_TEXTS, normalizeReplyText, type ReplyIntent } from '../../nodes/shared/replies';
import { smsInfo } from '../../nodes/shared/sms';

describe('normalizeReplyText', () => {
	test.each([
		['Arrêt !', 'ARRET'],
		['  stop. ', 'STOP'],
		['STOP-SMS', 'STOP SMS'],
		['Désabonnez-moi', 'DESABONNEZ MOI'],
		['stop\u00a0\u00a0alerte', 'STOP ALERTE'],
	])('%j reads as %j', (text, normalized) => expect(normalizeReplyText(text)).toBe(normalized));
});

describe('classifyReply', () => {
	const cases: Array<[string, ReplyIntent]> = [
		// STOP and its French variants, whatever the case, accents, spaces or punctuation.
		['STOP', 'optOut'],
		['stop', 'optOut'],
		['Stop.', 'optOut'],
		[' STOP ', 'optOut'],
		['ARRET', 'optOut'],
		['Arrêt', 'optOut'],
		['ARRÊT !', 'optOut'],
		['STOP SMS', 'optOut'],
		['stopsms', 'optOut'],
		['DESINSCRIPTION', 'optOut'],
		['Désinscription', 'optOut'],
		['DÉSABONNEMENT', 'optOut'],
		['désabonnez-moi', 'optOut'],
		['stop alerte', 'optOut'],
		['Stop alertes commerces', 'optOut'],
		// STOP followed by a few words.
		['STOP merci', 'optOut'],
		['Stop svp merci beaucoup', 'optOut'],
		['Arrêt des SMS svp', 'optOut'],
		// START, and a STOP undone in the member's words.
		['START', 'optIn'],
		['start', 'optIn'],
		['Start merci', 'optIn'],
		['REPRISE', 'optIn'],
		['Arrêt annulé', 'optIn'],
		['STOP ANNULE', 'optIn'],
		['stop annulé merci', 'optIn'],
		// Anything else: logged for the CCI, never acted on.
		['Merci pour l’alerte', 'other'],
		['Stop aux vols dans notre rue, merci de prévenir la police', 'other'],
		['Reprise des vols rue Gambetta', 'other'],
		['Je ne veux plus STOP', 'other'],
		['STOPPE', 'other'],
		['', 'other'],
		['🙂', 'other'],
	];
	test.each(cases)('%j → %s', (text, intent) => expect(classifyReply(text)).toBe(intent));
});

describe('confirmations', () => {
	test('one ledger id per kind and Paris day', () => {
		// 23:30 UTC on 1 December is already 2 December in Paris.
		expect(confirmationId('optOut', new Date('2026-12-01T23:30:00Z'))).toBe('STOP-20261202');
		expect(confirmationId('optIn', new Date('2026-12-02T10:00:00Z'))).toBe('START-20261202');
	});

	test.each(Object.entries(CONFIRMATION_TEXTS))('the %s answer is French, one GSM-7 segment, and says how to undo it', (_intent, text) => {
		expect(text.startsWith('Alerte Commerces : ')).toBe(true);
		expect(smsInfo(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
		expect(text).toMatch(/Envoyez (START|STOP)/);
	});
});
