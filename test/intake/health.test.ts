import { mailboxHealthEvent } from '../../nodes/shared/intake';

const base = { mailbox: 'INBOX', host: 'mail.cci63.example', lastError: '' };

describe('mailboxHealthEvent', () => {
	it('tells the CCI since when the mailbox is not read, with the last read in Paris time and the last error', () => {
		const lastReadAt = new Date('2026-12-03T08:14:00Z');
		const event = mailboxHealthEvent('unreachable', { ...base, lastReadAt, since: lastReadAt, now: new Date('2026-12-03T08:20:10Z'), lastError: 'connect ECONNREFUSED 10.0.0.5:993' });
		expect(event).toMatchObject({ event: 'unreachable', minutes: 6, lastReadAt: '2026-12-03T08:14:00.000Z', at: '2026-12-03T08:20:10.000Z' });
		expect(event.message).toBe(
			"La boîte des alertes (INBOX sur mail.cci63.example) n'est plus lue depuis 6 min (dernière lecture le 03/12/2026 09:14) : les emails de la police ne sont pas traités. Dernière erreur : connect ECONNREFUSED 10.0.0.5:993. Ceux qui arrivent entre-temps seront traités dès que la boîte sera de nouveau lisible.",
		);
	});

	it('says when the mailbox was never read since the workflow was published, and leaves out an empty error', () => {
		const since = new Date('2026-07-01T10:00:00Z');
		const event = mailboxHealthEvent('unreachable', { ...base, lastReadAt: null, since, now: new Date('2026-07-01T10:05:00Z') });
		expect(event.lastReadAt).toBe('');
		expect(event.message).toContain('depuis 5 min (aucune lecture depuis la publication du workflow)');
		expect(event.message).not.toContain('Dernière erreur');
	});

	it('gives the length of the whole outage when the mailbox is read again, never a negative one', () => {
		const since = new Date('2026-12-03T08:14:00Z');
		const back = mailboxHealthEvent('back', { ...base, lastReadAt: new Date('2026-12-03T09:01:00Z'), since, now: new Date('2026-12-03T09:01:00Z') });
		expect(back.minutes).toBe(47);
		expect(back.message).toBe("La boîte des alertes (INBOX sur mail.cci63.example) est de nouveau lue, après 47 min d'interruption : les emails arrivés entre-temps sont traités.");
		expect(mailboxHealthEvent('back', { ...base, lastReadAt: since, since, now: new Date(since.getTime() - 5_000) }).minutes).toBe(0);
	});
});
