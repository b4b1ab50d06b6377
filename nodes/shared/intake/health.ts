/** The Police Mail Trigger's health signal: what the CCI is told when the police mailbox cannot be read, and when it can again. */
import { parisDateTime } from '../incident/dates';

/** What the Mailbox Health output carries: the CCI's alarm email is written from it. */
export interface MailboxHealthEvent {
	/** `unreachable`: no sweep completed for the alarm time; `back`: the first sweep after. */
	event: 'unreachable' | 'back';
	mailbox: string;
	host: string;
	/** When the mailbox was last read completely (ISO 8601), '' if never since the workflow was published. */
	lastReadAt: string;
	/** Minutes without a complete read: at the alarm, or the whole outage once back. */
	minutes: number;
	/** The last connection error, as the mail server or the network gave it (never a password). */
	lastError: string;
	/** A French sentence for the CCI's email or SMS. */
	message: string;
	at: string;
}


/** The Mailbox Health item for an outage (`since`: the last complete read, or the start) or a recovery (`since`: when the outage began). */
export function mailboxHealthEvent(
	event: MailboxHealthEvent['event'],
	facts: { mailbox: string; host: string; lastReadAt: Date | null; since: Date; now: Date; lastError: string },
): MailboxHealthEvent {
	const minutes = Math.max(0, Math.round((facts.now.getTime() - facts.since.getTime()) / 60_000));
	const where = `${facts.mailbox} sur ${facts.host}`;
	const last = facts.lastReadAt ? `dernière lecture le ${parisDateTime(facts.lastReadAt)}` : 'aucune lecture depuis la publication du workflow';
	const message =
		event === 'unreachable'
			? `La boîte des alertes (${where}) n'est plus lue depuis ${minutes} min (${last}) : les emails de la police ne sont pas traités.${facts.lastError ? ` Dernière erreur : ${facts.lastError}.` : ''} Ceux qui arrivent entre-temps seront traités dès que la boîte sera de nouveau lisible.`
			: `La boîte des alertes (${where}) est de nouveau lue, après ${minutes} min d'interruption : les emails arrivés entre-temps sont traités.`;
	return {
		event,
		mailbox: facts.mailbox,
		host: facts.host,
		lastReadAt: facts.lastReadAt ? facts.lastReadAt.toISOString() : '',
		minutes,
		lastError: facts.lastError,
		message,
		at: facts.now.toISOString(),
	};
}
