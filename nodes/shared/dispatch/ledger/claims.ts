import { randomBytes } from 'node:crypto';
import type { SqlDb, SqlValue } from '../../store';
import type { DispatchRecipient, LedgerRow } from '../types';
import { CHUNK, marks, toRow, type RawRow } from './schema';

/**
 * The claim state machine of a ledger row: exactly-once, and the window around the provider call.
 * 1. `enqueue` inserts rows `queued` (a re-run inserts nothing new: ON CONFLICT DO NOTHING).
 * 2. `claim` gives a worker a batch of `queued` rows under its claim token and a lease
 *    (`claimed_until`); PostgreSQL skips rows another worker is claiming (FOR UPDATE SKIP LOCKED),
 *    SQLite claims under its write lock (BEGIN IMMEDIATE). An expired lease is taken over.
 * 3. `hand` stamps `handed_at` just before the provider call, and only while the claim is
 *    still ours: a row taken over by another worker, or resolved by a receipt, is not sent again.
 * 4. `markSent` / `markFailed` record the answer.
 * A worker dying between 3 and 4 leaves a row `queued` with `handed_at`: it is *in doubt* (the
 * provider may or may not have it). So does a call that got no readable answer (timeout, reset,
 * garbage): `markInDoubt` releases it with `handed_at` kept, and it is never re-sent at once.
 * Nobody re-takes it during `inDoubtGraceMs`; a receipt carrying our `ref` (Kannel dlr-url,
 * Twilio/Brevo callback URL) settles it to sent/delivered in that time. After the grace it is
 * re-sent once: an alert lost is worse than an alert twice, so the fallback is at-least-once, and
 * only for the few messages in flight at the crash with no receipt. A re-send in doubt again is
 * given up as failed (`in-doubt`): a phone gets a message at most twice per alert.
 * 5. `release` gives back what a stopped run still holds: it stays `queued` for the next run.
 *
 * Grouped writes (ledger-writer.ts): 3 is written for a group of rows in one transaction, always
 * committed before any of them is sent; 4 ("sent") is group-committed — written as soon as the
 * previous write commits — and each sending slot waits for its acceptance's commit before its next
 * call, always before the run releases its claims. A crash before that write leaves the row
 * exactly as a crash between 3 and 4 did: in doubt, with `handed_at`, settled by its receipt within
 * the grace. So a crash leaves at most one sent-but-unrecorded message per slot (the concurrency),
 * never a different kind of row: no row is ever sent without its `handed_at` committed. Rows
 * stamped ahead whose call never left are in doubt too, but were never sent: their re-send after the
 * grace is their first.
 */

/** A row about to be handed to a provider, with the time its send was granted. */
export interface HandingEntry {
	id: number;
	at: number;
}

/** A provider's acceptance of one row, as the ledger records it. */
export interface SentEntry {
	id: number;
	provider: string;
	providerMessageId: string | null;
	/** The provider reports it delivered at once (Sandbox). */
	delivered: boolean;
	/** When the provider answered (not when the record was written). */
	at: number;
}

/** What a worker asks of `claim`. */
export interface ClaimRequest {
	/** The message whose rows are claimed. */
	messageId: string;
	/** The worker's claim token. */
	token: string;
	/** Most rows taken. */
	limit: number;
	/** How long the claim lasts without renewal. */
	leaseMs: number;
	/** How long a row in doubt waits for its receipt before it may be taken again. */
	inDoubtGraceMs: number;
	now: number;
}

/** A fresh correlation id: 128 random bits, so a receipt cannot be forged by guessing it. */
export function newRef(): string {
	return randomBytes(16).toString('hex');
}

/** 1. Adds recipients as `queued`; rows already there for (message, phone) are left as they are. */
export async function enqueue(db: SqlDb, recipients: readonly DispatchRecipient[], now: number): Promise<number> {
	// One transaction (one commit) for the lot; refs drawn 400 at a time from one random buffer.
	return db.transaction(async (tx) => {
		let inserted = 0;
		for (let i = 0; i < recipients.length; i += CHUNK) {
			const chunk = recipients.slice(i, i + CHUNK);
			const refs = randomBytes(16 * chunk.length).toString('hex');
			const params: SqlValue[] = [];
			chunk.forEach((r, k) => params.push(r.alertId, r.phone, r.text, r.sender, refs.slice(32 * k, 32 * k + 32), now, now));
			const values = chunk.map(() => "(?, ?, ?, ?, ?, 'queued', ?, ?)").join(', ');
			const result = await tx.run(
				`INSERT INTO dispatch_ledger (message_id, phone, text, sender, ref, status, queued_at, updated_at) VALUES ${values} ON CONFLICT (message_id, phone) DO NOTHING`,
				params,
			);
			inserted += result.changes;
		}
		return inserted;
	});
}

/**
 * 2. Claims up to `limit` queued rows of a message for `token` until `now + leaseMs`: rows nobody
 * holds, whose lease expired, and (when in doubt) whose grace has passed.
 */
export async function claim(db: SqlDb, request: ClaimRequest): Promise<LedgerRow[]> {
	const { messageId, token, limit, leaseMs, inDoubtGraceMs, now } = request;
	return db.transaction(async (tx) => {
		const lock = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
		const rows = await tx.query<RawRow>(
			`UPDATE dispatch_ledger SET claim_token = ?, claimed_until = ?, updated_at = ?
			 WHERE id IN (SELECT id FROM dispatch_ledger
				WHERE message_id = ? AND status = 'queued' AND (claimed_until IS NULL OR claimed_until < ?)
				AND (handed_at IS NULL OR handed_at < ?)
				ORDER BY id LIMIT ?${lock})
			 RETURNING *`,
			[token, now + leaseMs, now, messageId, now, now - inDoubtGraceMs, limit],
		);
		return rows.map(toRow).sort((a, b) => a.id - b.id);
	});
}

/** Extends the lease of the rows a worker still holds. */
export async function renew(db: SqlDb, token: string, leaseMs: number, now: number): Promise<void> {
	await db.run("UPDATE dispatch_ledger SET claimed_until = ? WHERE claim_token = ? AND status = 'queued'", [now + leaseMs, token]);
}

/**
 * 3. Stamps rows as handed to `provider` right before their call, each with its own grant time (the
 * rate-limit figures read `handed_at`), in one transaction committed before any of them is sent:
 * claim before send. Returns the ids still ours to send.
 */
export async function hand(db: SqlDb, entries: readonly HandingEntry[], token: string, provider: string): Promise<Set<number>> {
	const mine = new Set<number>();
	if (!entries.length) return mine;
	if (db.dialect === 'postgres') {
		const rows = await db.query<{ id: number | string }>(
			`UPDATE dispatch_ledger d SET handed_at = v.at, attempts = d.attempts + 1, provider = ?, updated_at = v.at
			 FROM unnest(?::bigint[], ?::bigint[]) AS v(id, at)
			 WHERE d.id = v.id AND d.claim_token = ? AND d.status = 'queued' AND d.claimed_until >= v.at
			 RETURNING d.id`,
			[provider, entries.map((e) => e.id), entries.map((e) => e.at), token],
		);
		for (const r of rows) mine.add(Number(r.id));
		return mine;
	}
	// SQLite: one prepared statement per row inside one transaction, so one commit for the lot.
	await db.transaction(async (tx) => {
		for (const e of entries) {
			const result = await tx.run(
				`UPDATE dispatch_ledger SET handed_at = ?, attempts = attempts + 1, provider = ?, updated_at = ?
				 WHERE id = ? AND claim_token = ? AND status = 'queued' AND claimed_until >= ?`,
				[e.at, provider, e.at, e.id, token, e.at],
			);
			if (result.changes === 1) mine.add(e.id);
		}
	});
	return mine;
}

/** Undoes `hand` for rows stamped ahead whose call never went out: they are not in doubt. */
export async function unhand(db: SqlDb, ids: readonly number[], token: string, now: number): Promise<void> {
	for (let i = 0; i < ids.length; i += CHUNK) {
		const chunk = ids.slice(i, i + CHUNK);
		await db.run(
			`UPDATE dispatch_ledger SET handed_at = NULL, attempts = attempts - 1, updated_at = ?
			 WHERE id IN (${marks(chunk)}) AND claim_token = ? AND status = 'queued' AND handed_at IS NOT NULL`,
			[now, ...chunk, token],
		);
	}
}

/** 4. Records providers' acceptances in one transaction; a receipt that came first keeps its (later) status. */
export async function markSent(db: SqlDb, entries: readonly SentEntry[]): Promise<void> {
	if (!entries.length) return;
	if (db.dialect === 'postgres') {
		await db.run(
			`UPDATE dispatch_ledger d SET status = CASE WHEN d.status = 'queued' THEN v.status ELSE d.status END,
			 provider = v.provider, provider_message_id = COALESCE(d.provider_message_id, v.mid), sent_at = COALESCE(d.sent_at, v.at),
			 delivered_at = CASE WHEN v.status = 'delivered' THEN COALESCE(d.delivered_at, v.at) ELSE d.delivered_at END,
			 error = NULL, error_code = NULL, claim_token = NULL, claimed_until = NULL, updated_at = v.at
			 FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS v(id, provider, mid, status, at)
			 WHERE d.id = v.id`,
			[
				entries.map((e) => e.id),
				entries.map((e) => e.provider),
				entries.map((e) => e.providerMessageId),
				entries.map((e) => (e.delivered ? 'delivered' : 'sent')),
				entries.map((e) => e.at),
			],
		);
		return;
	}
	await db.transaction(async (tx) => {
		for (const e of entries) {
			const status = e.delivered ? 'delivered' : 'sent';
			await tx.run(
				`UPDATE dispatch_ledger SET status = CASE WHEN status = 'queued' THEN ? ELSE status END,
				 provider = ?, provider_message_id = COALESCE(provider_message_id, ?), sent_at = COALESCE(sent_at, ?),
				 delivered_at = CASE WHEN ? = 'delivered' THEN COALESCE(delivered_at, ?) ELSE delivered_at END,
				 error = NULL, error_code = NULL, claim_token = NULL, claimed_until = NULL, updated_at = ?
				 WHERE id = ?`,
				[status, e.provider, e.providerMessageId, e.at, status, e.at, e.at, e.id],
			);
		}
	});
}

/** What a failed, retried or doubtful call leaves on a row. */
export interface RowError {
	id: number;
	errorCode: string;
	error: string;
	now: number;
}

/** 4. Records a permanent failure for one recipient. */
export async function markFailed(db: SqlDb, e: RowError, provider: string | null): Promise<void> {
	await db.run(
		`UPDATE dispatch_ledger SET status = 'failed', provider = COALESCE(?, provider), error_code = ?, error = ?,
		 finished_at = ?, claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND status = 'queued'`,
		[provider, e.errorCode, e.error, e.now, e.now, e.id],
	);
}

/** 4. Notes a transient error; `inDoubt` false means the provider surely does not have it (the stamp is undone). */
export async function markRetry(db: SqlDb, e: RowError, inDoubt: boolean): Promise<void> {
	await db.run(
		`UPDATE dispatch_ledger SET error_code = ?, error = ?, handed_at = CASE WHEN ? = 1 THEN handed_at ELSE NULL END, updated_at = ?
		 WHERE id = ? AND status = 'queued'`,
		[e.errorCode, e.error, inDoubt ? 1 : 0, e.now, e.id],
	);
}

/** 4. Leaves a row in doubt (handed, no answer): released, `handed_at` kept, so only a receipt or the grace settles it. */
export async function markInDoubt(db: SqlDb, e: RowError): Promise<void> {
	await db.run(
		"UPDATE dispatch_ledger SET error_code = ?, error = ?, claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND status = 'queued'",
		[e.errorCode, e.error, e.now, e.id],
	);
}

/** 5. Gives back the rows a worker holds (run stopped): they stay queued for the next run. */
export async function release(db: SqlDb, token: string, now: number): Promise<void> {
	await db.run(
		"UPDATE dispatch_ledger SET claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE claim_token = ? AND status = 'queued'",
		[now, token],
	);
}

/** Number of rows of a message still `queued` (held by someone or not). */
export async function pendingCount(db: SqlDb, messageId: string): Promise<number> {
	const [row] = await db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM dispatch_ledger WHERE message_id = ? AND status = 'queued'", [messageId]);
	return Number(row.n);
}
