import { AlertJournal, journalOf, type JournalEntry } from '../../alert/journal';
import { migrate, perConnection, type SqlDb } from '../../store';
import type { DispatchRecipient, LedgerRow } from '../types';
import * as claims from './claims';
import type { HandingEntry, SentEntry } from './claims';
import { forgetPhone, receivedBy, type ReceivedMessage } from './members';
import { recordReceipt, type ReceiptResult, type ReceiptUpdate } from './receipts';
import { alertStatus, periodStatistics, type AlertStatusReport, type PeriodStatistics } from './reports';
import { reachedPhones, rowsFor, rowsOf } from './rows';
import { LEDGER_MIGRATIONS } from './schema';

/**
 * The dispatch ledger over a SqlDb: one object for its callers, each concept in its own file —
 * the table (schema.ts), the claim state machine and its crash windows (claims.ts), receipts
 * (receipts.ts), reports (reports.ts), reads (rows.ts), a member's phones (members.ts). Where a
 * parameter is named `messageId` it takes the id the rows are keyed by (AC-…, -MAJ-…, -FIN).
 */
export class Ledger {
	constructor(readonly db: SqlDb) {}

	/** Adds recipients as `queued`; rows already there for (message, phone) are left as they are. */
	enqueue(recipients: readonly DispatchRecipient[], now = Date.now()): Promise<number> {
		return claims.enqueue(this.db, recipients, now);
	}

	/**
	 * Claims up to `limit` queued rows of a message for `token` until `now + leaseMs`: rows nobody
	 * holds, whose lease expired, and (when in doubt) whose grace has passed.
	 */
	claim(messageId: string, token: string, limit: number, leaseMs: number, inDoubtGraceMs: number, now = Date.now()): Promise<LedgerRow[]> {
		return claims.claim(this.db, { messageId, token, limit, leaseMs, inDoubtGraceMs, now });
	}

	/** Extends the lease of the rows a worker still holds. */
	renew(token: string, leaseMs: number, now = Date.now()): Promise<void> {
		return claims.renew(this.db, token, leaseMs, now);
	}

	/** Stamps rows as handed to `provider` right before the call; returns the ids still ours to send. */
	markHanding(ids: readonly number[], token: string, provider: string, now = Date.now()): Promise<Set<number>> {
		return claims.hand(
			this.db,
			ids.map((id) => ({ id, at: now })),
			token,
			provider,
		);
	}

	/** `markHanding` for many rows in one transaction, each with its own grant time. */
	markHandingMany(entries: readonly HandingEntry[], token: string, provider: string): Promise<Set<number>> {
		return claims.hand(this.db, entries, token, provider);
	}

	/** Undoes `markHanding` for rows stamped ahead whose call never went out: they are not in doubt. */
	unhand(ids: readonly number[], token: string, now = Date.now()): Promise<void> {
		return claims.unhand(this.db, ids, token, now);
	}

	/** Records the provider's acceptance; a receipt that came first keeps its (later) status. */
	markSent(id: number, provider: string, providerMessageId: string | null, delivered = false, now = Date.now()): Promise<void> {
		return claims.markSent(this.db, [{ id, provider, providerMessageId, delivered, at: now }]);
	}

	/** `markSent` for many rows in one transaction (see ledger-writer.ts for when it runs). */
	markSentMany(entries: readonly SentEntry[]): Promise<void> {
		return claims.markSent(this.db, entries);
	}

	/** Records a permanent failure for one recipient. */
	markFailed(id: number, provider: string | null, errorCode: string, error: string, now = Date.now()): Promise<void> {
		return claims.markFailed(this.db, { id, errorCode, error, now }, provider);
	}

	/** Notes a transient error; `inDoubt` false means the provider surely does not have it. */
	markRetry(id: number, errorCode: string, error: string, inDoubt: boolean, now = Date.now()): Promise<void> {
		return claims.markRetry(this.db, { id, errorCode, error, now }, inDoubt);
	}

	/** Leaves a row in doubt (handed, no answer): released, `handed_at` kept. */
	markInDoubt(id: number, errorCode: string, error: string, now = Date.now()): Promise<void> {
		return claims.markInDoubt(this.db, { id, errorCode, error, now });
	}

	/** Gives back the rows a worker holds (run stopped): they stay queued for the next run. */
	release(token: string, now = Date.now()): Promise<void> {
		return claims.release(this.db, token, now);
	}

	/** Number of rows of a message still `queued` (held by someone or not). */
	pendingCount(messageId: string): Promise<number> {
		return claims.pendingCount(this.db, messageId);
	}

	/** Applies a delivery receipt; an unknown ref or message id is rejected and changes nothing. */
	recordReceipt(receipt: ReceiptUpdate): Promise<ReceiptResult> {
		return recordReceipt(this.db, receipt);
	}

	/** All rows of a message, by id. */
	rows(messageId: string): Promise<LedgerRow[]> {
		return rowsOf(this.db, messageId);
	}

	/** Rows of a message for some phones (dry run, output). */
	rowsFor(messageId: string, phones: readonly string[]): Promise<Map<string, LedgerRow>> {
		return rowsFor(this.db, messageId, phones);
	}

	/** The phones an alert and its updates reached, less those opted out or erased: who its end goes to. */
	reachedPhones(alertId: string): Promise<string[]> {
		return reachedPhones(this.db, alertId);
	}

	/** Counts by status, failures with reasons and the time to the last delivery. */
	status(messageId: string): Promise<AlertStatusReport> {
		return alertStatus(this.db, messageId);
	}

	/** Counts over a period (ms since epoch, `to` excluded): alerts, SMS by status, delivery rate. */
	periodStatistics(from: number, to: number): Promise<PeriodStatistics> {
		return periodStatistics(this.db, from, to);
	}

	/** Erasure (GDPR): a phone number replaced by a random token in every row; returns the rows changed. */
	forgetPhone(phone: string): Promise<number> {
		return forgetPhone(this.db, phone);
	}

	/** The alert messages sent to some phones over a period (`to` excluded), oldest first. */
	receivedBy(phones: readonly string[], from: number, to: number): Promise<ReceivedMessage[]> {
		return receivedBy(this.db, phones, from, to);
	}

	/** The alert journal's `record`, for callers of the ledger (the journal is the alert's: alert/journal.ts). */
	recordAlert(entry: JournalEntry, now = Date.now()): Promise<boolean> {
		return new AlertJournal(this.db).record(entry, now);
	}

	/** The alert journal's `entry`: a message id's, or else an alert id's first message. */
	journalEntry(id: string): Promise<JournalEntry | undefined> {
		return new AlertJournal(this.db).entry(id);
	}

	/** The alert journal's `since`: each real alert recorded since `since`, once. */
	journalSince(since: number): Promise<JournalEntry[]> {
		return new AlertJournal(this.db).since(since);
	}
}

/**
 * Opens the ledger on a registry database, creating or upgrading its table, and the alert
 * journal's (the ledger reads it: `receivedBy`, and its journal methods).
 */
export async function openLedger(db: SqlDb): Promise<Ledger> {
	await migrate(db, 'ledger', LEDGER_MIGRATIONS);
	await journalOf(db);
	return new Ledger(db);
}

/** The ledger of an open connection, migrated once per connection (nodes run once per execution). */
export const ledgerOf: (db: SqlDb) => Promise<Ledger> = perConnection(openLedger);
