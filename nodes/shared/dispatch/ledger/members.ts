import { randomBytes } from 'node:crypto';
import type { SqlDb } from '../../store';
import type { LedgerStatus } from '../types';
import { marks, num } from './schema';

/** One alert message a phone was sent (a member's own view of the alerts it received). */
export interface ReceivedMessage {
	alertId: string;
	phone: string;
	text: string;
	status: LedgerStatus;
	/** ms since epoch. */
	queuedAt: number;
	sentAt: number | null;
}

/**
 * Erasure (GDPR): replaces a phone number in every ledger row by a random token, so the
 * counts stay while the number is gone. Returns the rows changed.
 */
export async function forgetPhone(db: SqlDb, phone: string): Promise<number> {
	const token = `effacé-${randomBytes(6).toString('hex')}`;
	return (await db.run('UPDATE dispatch_ledger SET phone = ? WHERE phone = ?', [token, phone])).changes;
}

/**
 * The alert messages (those in the alert journal: alerts, updates, ends of alert — not sign-up
 * codes or reminders) sent to some phones over a period (ms since epoch, `to` excluded), oldest first.
 */
export async function receivedBy(db: SqlDb, phones: readonly string[], from: number, to: number): Promise<ReceivedMessage[]> {
	if (phones.length === 0) return [];
	const rows = await db.query<{ message_id: string; phone: string; text: string; status: LedgerStatus; queued_at: number | string; sent_at: number | string | null }>(
		`SELECT d.message_id, d.phone, d.text, d.status, d.queued_at, d.sent_at FROM dispatch_ledger d
		 WHERE d.phone IN (${marks(phones)}) AND d.queued_at >= ? AND d.queued_at < ?
		 AND EXISTS (SELECT 1 FROM dispatch_alerts a WHERE a.message_id = d.message_id)
		 ORDER BY d.queued_at, d.id`,
		[...phones, from, to],
	);
	return rows.map((r) => ({ alertId: r.message_id, phone: r.phone, text: r.text, status: r.status, queuedAt: Number(r.queued_at), sentAt: num(r.sent_at) }));
}
