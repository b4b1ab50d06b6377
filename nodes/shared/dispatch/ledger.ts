import { randomBytes } from 'node:crypto';
import { migrate, type Migration, type SqlDb, type SqlValue } from '../store';
import type { DispatchRecipient, LedgerRow, LedgerStatus } from './types';

/**
 * The dispatch ledger: one row per (alert, phone), in the registry database.
 *
 * Exactly-once, and the window around the provider call:
 * 1. `enqueue` inserts rows `queued` (a re-run inserts nothing new: ON CONFLICT DO NOTHING).
 * 2. `claim` gives a worker a batch of `queued` rows under its claim token and a lease
 *    (`claimed_until`); PostgreSQL skips rows another worker is claiming (FOR UPDATE SKIP LOCKED),
 *    SQLite claims under its write lock (BEGIN IMMEDIATE). An expired lease is taken over.
 * 3. `markHanding` stamps `handed_at` just before the provider call, and only while the claim is
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
export const LEDGER_MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		description: 'dispatch ledger: one row per (alert, phone)',
		sql: {
			sqlite: `
CREATE TABLE dispatch_ledger (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	alert_id TEXT NOT NULL, phone TEXT NOT NULL, text TEXT NOT NULL, sender TEXT NOT NULL,
	ref TEXT NOT NULL UNIQUE, status TEXT NOT NULL DEFAULT 'queued',
	provider TEXT, provider_message_id TEXT, attempts INTEGER NOT NULL DEFAULT 0,
	error TEXT, error_code TEXT, claim_token TEXT, claimed_until INTEGER, handed_at INTEGER,
	queued_at INTEGER NOT NULL, sent_at INTEGER, delivered_at INTEGER, finished_at INTEGER, updated_at INTEGER NOT NULL,
	UNIQUE (alert_id, phone)
);
CREATE INDEX dispatch_ledger_status ON dispatch_ledger (alert_id, status);
CREATE INDEX dispatch_ledger_message ON dispatch_ledger (provider_message_id);`,
			postgres: `
CREATE TABLE dispatch_ledger (
	id BIGSERIAL PRIMARY KEY,
	alert_id TEXT NOT NULL, phone TEXT NOT NULL, text TEXT NOT NULL, sender TEXT NOT NULL,
	ref TEXT NOT NULL UNIQUE, status TEXT NOT NULL DEFAULT 'queued',
	provider TEXT, provider_message_id TEXT, attempts INTEGER NOT NULL DEFAULT 0,
	error TEXT, error_code TEXT, claim_token TEXT, claimed_until BIGINT, handed_at BIGINT,
	queued_at BIGINT NOT NULL, sent_at BIGINT, delivered_at BIGINT, finished_at BIGINT, updated_at BIGINT NOT NULL,
	UNIQUE (alert_id, phone)
);
CREATE INDEX dispatch_ledger_status ON dispatch_ledger (alert_id, status);
CREATE INDEX dispatch_ledger_message ON dispatch_ledger (provider_message_id);`,
		},
	},
	{
		version: 2,
		description: 'alert journal: each message sent (alert, update, end of alert) with its incident',
		// An end of alert ("Fin d'alerte") is written from the original incident (type, communes)
		// and goes to the original recipients: the journal keeps the first, the ledger the second.
		sql: {
			sqlite: `
CREATE TABLE dispatch_alerts (
	message_id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, msg_type TEXT NOT NULL, status TEXT NOT NULL,
	text TEXT NOT NULL, sender TEXT, incident TEXT NOT NULL, recorded_at INTEGER NOT NULL
);
CREATE INDEX dispatch_alerts_alert ON dispatch_alerts (alert_id, recorded_at);`,
			postgres: `
CREATE TABLE dispatch_alerts (
	message_id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, msg_type TEXT NOT NULL, status TEXT NOT NULL,
	text TEXT NOT NULL, sender TEXT, incident TEXT NOT NULL, recorded_at BIGINT NOT NULL
);
CREATE INDEX dispatch_alerts_alert ON dispatch_alerts (alert_id, recorded_at);`,
		},
	},
	{
		version: 3,
		description: 'receipts: mark the messages sent with the shared secret in their receipt URL',
		// Every row handed to a provider before this version was sent with `s=<secret>` in its
		// receipt URL; rows sent from now on carry a per-message signature and stay NULL.
		sql: `
ALTER TABLE dispatch_ledger ADD COLUMN legacy_receipt_secret INTEGER;
UPDATE dispatch_ledger SET legacy_receipt_secret = 1 WHERE handed_at IS NOT NULL;`,
	},
	{
		version: 4,
		description: 'alert journal: the decision summary of each message sent, and the approvals (who, when)',
		// An approval link carries a random token; only its SHA-256 is stored, so the journal
		// cannot be used to approve. `decided_at` is set once, by a conditional UPDATE: one use.
		sql: {
			sqlite: `
ALTER TABLE dispatch_alerts ADD COLUMN decision TEXT;
CREATE TABLE dispatch_approvals (
	token_hash TEXT PRIMARY KEY, message_id TEXT NOT NULL, alert_id TEXT NOT NULL, reason TEXT NOT NULL,
	item TEXT NOT NULL, summary_html TEXT, recipients INTEGER,
	requested_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
	decision TEXT, decided_by TEXT, decided_at INTEGER
);
CREATE INDEX dispatch_approvals_message ON dispatch_approvals (message_id, requested_at);`,
			postgres: `
ALTER TABLE dispatch_alerts ADD COLUMN decision TEXT;
CREATE TABLE dispatch_approvals (
	token_hash TEXT PRIMARY KEY, message_id TEXT NOT NULL, alert_id TEXT NOT NULL, reason TEXT NOT NULL,
	item TEXT NOT NULL, summary_html TEXT, recipients INTEGER,
	requested_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
	decision TEXT, decided_by TEXT, decided_at BIGINT
);
CREATE INDEX dispatch_approvals_message ON dispatch_approvals (message_id, requested_at);`,
		},
	},
];

/**
 * How long after its hand-over a message sent before signed receipt URLs still takes a receipt that
 * carries the shared secret instead of a signature. An SMSC keeps an undelivered SMS for its
 * validity period (48 hours to a few days on the networks we know, 7 days at most), and reports
 * nothing after it: a legacy receipt later than this can only be forged. Messages sent after the
 * upgrade never take one, so a URL seen in a log cannot be used against them.
 */
export const LEGACY_RECEIPT_WINDOW_MS = 7 * 24 * 3600_000;

interface RawRow {
	id: number | string;
	alert_id: string;
	phone: string;
	text: string;
	sender: string;
	ref: string;
	status: LedgerStatus;
	provider: string | null;
	provider_message_id: string | null;
	attempts: number | string;
	error: string | null;
	error_code: string | null;
	claim_token: string | null;
	claimed_until: number | string | null;
	handed_at: number | string | null;
	queued_at: number | string;
	sent_at: number | string | null;
	delivered_at: number | string | null;
	finished_at: number | string | null;
	/** 1 when the row was sent with the shared secret in its receipt URL (migration 3). */
	legacy_receipt_secret?: number | string | null;
}

// pg returns BIGINT as strings; SQLite returns numbers.
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toRow(r: RawRow): LedgerRow {
	return {
		id: Number(r.id),
		alertId: r.alert_id,
		phone: r.phone,
		text: r.text,
		sender: r.sender,
		ref: r.ref,
		status: r.status,
		provider: r.provider,
		providerMessageId: r.provider_message_id,
		attempts: Number(r.attempts),
		error: r.error,
		errorCode: r.error_code,
		claimToken: r.claim_token,
		claimedUntil: num(r.claimed_until),
		handedAt: num(r.handed_at),
		queuedAt: Number(r.queued_at),
		sentAt: num(r.sent_at),
		deliveredAt: num(r.delivered_at),
		finishedAt: num(r.finished_at),
	};
}

/** A delivery receipt, already parsed and authenticated by its provider. */
export interface ReceiptUpdate {
	provider: string;
	/** Our correlation id, when the provider echoes it. */
	ref?: string;
	providerMessageId?: string;
	status: Exclude<LedgerStatus, 'queued'>;
	error?: string;
	at?: number;
	/** Authenticated by the shared secret rather than a signature: only for rows sent before signatures. */
	legacySecret?: boolean;
}

export type ReceiptResult =
	| { ok: true; row: LedgerRow; changed: boolean }
	| { ok: false; reason: string };

/** Receipt transitions: which current statuses a receipt status may replace (never backwards). */
const RECEIPT_FROM: Record<ReceiptUpdate['status'], readonly LedgerStatus[]> = {
	sent: ['queued'],
	delivered: ['queued', 'sent'],
	failed: ['queued', 'sent'],
	expired: ['queued', 'sent'],
};

/** Counts and failures of one alert. */
export interface AlertStatusReport {
	alertId: string;
	total: number;
	counts: Record<LedgerStatus, number>;
	failures: { phone: string; status: LedgerStatus; errorCode: string | null; error: string | null }[];
	firstQueuedAt: number | null;
	lastDeliveredAt: number | null;
	/** From the first row queued to the last receipt of delivery, in ms. */
	timeToLastDeliveryMs: number | null;
}

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

/** What the ledger recorded over a period, for the convention's yearly review. */
export interface PeriodStatistics {
	from: number;
	to: number;
	/** Alerts (distinct alert or message ids) with at least one SMS queued in the period. */
	alerts: number;
	/** SMS queued (one per alert and phone). */
	recipients: number;
	counts: Record<LedgerStatus, number>;
	/** Delivered among those whose outcome is known (delivered, failed, expired); null when none. */
	deliveryRate: number | null;
}

/** One message of the alert journal: what was sent, and the incident it was written from. */
export interface JournalEntry {
	alertId: string;
	/** The message's own id: the alert id, or with -MAJ-…/-FIN for updates and ends of alert. */
	messageId: string;
	msgType: string;
	/** Actual or Exercise. */
	status: string;
	text: string;
	sender?: string;
	/** The incident as the Alert Composer read it (type, communes, place…). */
	incident: Record<string, unknown>;
	/** Epoch ms of the first recording. */
	recordedAt?: number;
	/** The decision summary of the send (breakdown by profession and commune, exclusions, cost), as JSON. */
	decision?: Record<string, unknown>;
}

/** Statuses of a recipient who was sent a message: they get its updates and its end. */
const REACHED: readonly LedgerStatus[] = ['sent', 'delivered', 'expired'];

const INSERT_CHUNK = 400;

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

/** Opens the ledger on a registry database, creating or upgrading its table. */
export async function openLedger(db: SqlDb): Promise<Ledger> {
	await migrate(db, 'ledger', LEDGER_MIGRATIONS);
	return new Ledger(db);
}

/** Whether a row may take a receipt authenticated by the shared secret (see LEGACY_RECEIPT_WINDOW_MS). */
function legacyReceiptAllowed(row: RawRow, at: number): boolean {
	const handedAt = num(row.handed_at);
	return Number(row.legacy_receipt_secret) === 1 && handedAt !== null && at - handedAt <= LEGACY_RECEIPT_WINDOW_MS;
}

/** A fresh correlation id: 128 random bits, so a receipt cannot be forged by guessing it. */
export function newRef(): string {
	return randomBytes(16).toString('hex');
}

/** The dispatch ledger over a SqlDb (see the file comment for the guarantees). */
export class Ledger {
	constructor(readonly db: SqlDb) {}

	/** Adds recipients as `queued`; rows already there for (alert, phone) are left as they are. */
	async enqueue(recipients: readonly DispatchRecipient[], now = Date.now()): Promise<number> {
		// One transaction (one commit) for the lot; refs drawn 400 at a time from one random buffer.
		return this.db.transaction(async (tx) => {
			let inserted = 0;
			for (let i = 0; i < recipients.length; i += INSERT_CHUNK) {
				const chunk = recipients.slice(i, i + INSERT_CHUNK);
				const refs = randomBytes(16 * chunk.length).toString('hex');
				const params: SqlValue[] = [];
				chunk.forEach((r, k) => params.push(r.alertId, r.phone, r.text, r.sender, refs.slice(32 * k, 32 * k + 32), now, now));
				const values = chunk.map(() => "(?, ?, ?, ?, ?, 'queued', ?, ?)").join(', ');
				const result = await tx.run(
					`INSERT INTO dispatch_ledger (alert_id, phone, text, sender, ref, status, queued_at, updated_at) VALUES ${values} ON CONFLICT (alert_id, phone) DO NOTHING`,
					params,
				);
				inserted += result.changes;
			}
			return inserted;
		});
	}

	/**
	 * Claims up to `limit` queued rows of an alert for `token` until `now + leaseMs`: rows nobody
	 * holds, whose lease expired, and (when in doubt) whose grace has passed.
	 */
	async claim(alertId: string, token: string, limit: number, leaseMs: number, inDoubtGraceMs: number, now = Date.now()): Promise<LedgerRow[]> {
		return this.db.transaction(async (tx) => {
			const lock = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
			const rows = await tx.query<RawRow>(
				`UPDATE dispatch_ledger SET claim_token = ?, claimed_until = ?, updated_at = ?
				 WHERE id IN (SELECT id FROM dispatch_ledger
					WHERE alert_id = ? AND status = 'queued' AND (claimed_until IS NULL OR claimed_until < ?)
					AND (handed_at IS NULL OR handed_at < ?)
					ORDER BY id LIMIT ?${lock})
				 RETURNING *`,
				[token, now + leaseMs, now, alertId, now, now - inDoubtGraceMs, limit],
			);
			return rows.map(toRow).sort((a, b) => a.id - b.id);
		});
	}

	/** Extends the lease of the rows a worker still holds. */
	async renew(token: string, leaseMs: number, now = Date.now()): Promise<void> {
		await this.db.run("UPDATE dispatch_ledger SET claimed_until = ? WHERE claim_token = ? AND status = 'queued'", [now + leaseMs, token]);
	}

	/** Stamps rows as handed to `provider` right before the call; returns the ids still ours to send. */
	async markHanding(ids: readonly number[], token: string, provider: string, now = Date.now()): Promise<Set<number>> {
		return this.markHandingMany(
			ids.map((id) => ({ id, at: now })),
			token,
			provider,
		);
	}

	/**
	 * `markHanding` for many rows in one transaction, each with its own grant time (the rate-limit
	 * figures read `handed_at`). Committed before any of these rows is sent: claim before send.
	 */
	async markHandingMany(entries: readonly HandingEntry[], token: string, provider: string): Promise<Set<number>> {
		const mine = new Set<number>();
		if (!entries.length) return mine;
		if (this.db.dialect === 'postgres') {
			const rows = await this.db.query<{ id: number | string }>(
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
		await this.db.transaction(async (tx) => {
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

	/** Undoes `markHanding` for rows stamped ahead whose call never went out: they are not in doubt. */
	async unhand(ids: readonly number[], token: string, now = Date.now()): Promise<void> {
		for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
			const chunk = ids.slice(i, i + INSERT_CHUNK);
			await this.db.run(
				`UPDATE dispatch_ledger SET handed_at = NULL, attempts = attempts - 1, updated_at = ?
				 WHERE id IN (${chunk.map(() => '?').join(', ')}) AND claim_token = ? AND status = 'queued' AND handed_at IS NOT NULL`,
				[now, ...chunk, token],
			);
		}
	}

	/** Records the provider's acceptance; a receipt that came first keeps its (later) status. */
	async markSent(id: number, provider: string, providerMessageId: string | null, delivered = false, now = Date.now()): Promise<void> {
		await this.markSentMany([{ id, provider, providerMessageId, delivered, at: now }]);
	}

	/** `markSent` for many rows in one transaction (see ledger-writer.ts for when it runs). */
	async markSentMany(entries: readonly SentEntry[]): Promise<void> {
		if (!entries.length) return;
		if (this.db.dialect === 'postgres') {
			await this.db.run(
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
		await this.db.transaction(async (tx) => {
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

	/** Records a permanent failure for one recipient. */
	async markFailed(id: number, provider: string | null, errorCode: string, error: string, now = Date.now()): Promise<void> {
		await this.db.run(
			`UPDATE dispatch_ledger SET status = 'failed', provider = COALESCE(?, provider), error_code = ?, error = ?,
			 finished_at = ?, claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND status = 'queued'`,
			[provider, errorCode, error, now, now, id],
		);
	}

	/** Notes a transient error; `accepted` false means the provider surely does not have it (no doubt left). */
	async markRetry(id: number, errorCode: string, error: string, inDoubt: boolean, now = Date.now()): Promise<void> {
		await this.db.run(
			`UPDATE dispatch_ledger SET error_code = ?, error = ?, handed_at = CASE WHEN ? = 1 THEN handed_at ELSE NULL END, updated_at = ?
			 WHERE id = ? AND status = 'queued'`,
			[errorCode, error, inDoubt ? 1 : 0, now, id],
		);
	}

	/** Leaves a row in doubt (handed, no answer): released, `handed_at` kept, so only a receipt or the grace settles it. */
	async markInDoubt(id: number, errorCode: string, error: string, now = Date.now()): Promise<void> {
		await this.db.run(
			"UPDATE dispatch_ledger SET error_code = ?, error = ?, claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE id = ? AND status = 'queued'",
			[errorCode, error, now, id],
		);
	}

	/** Gives back the rows a worker holds (run stopped): they stay queued for the next run. */
	async release(token: string, now = Date.now()): Promise<void> {
		await this.db.run(
			"UPDATE dispatch_ledger SET claim_token = NULL, claimed_until = NULL, updated_at = ? WHERE claim_token = ? AND status = 'queued'",
			[now, token],
		);
	}

	/** Applies a delivery receipt; an unknown ref or message id is rejected and changes nothing. */
	async recordReceipt(receipt: ReceiptUpdate): Promise<ReceiptResult> {
		let rows: RawRow[] = [];
		if (receipt.ref) rows = await this.db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE ref = ?', [receipt.ref]);
		else if (receipt.providerMessageId)
			rows = await this.db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE provider_message_id = ? AND provider = ?', [
				receipt.providerMessageId,
				receipt.provider,
			]);
		if (rows.length !== 1) return { ok: false, reason: 'no message of this ledger matches the receipt' };
		const row = toRow(rows[0]);
		const at = receipt.at ?? Date.now();
		if (row.provider && row.provider !== receipt.provider) return { ok: false, reason: `the message was sent through ${row.provider}, not ${receipt.provider}` };
		if (receipt.ref && receipt.providerMessageId && row.providerMessageId && row.providerMessageId !== receipt.providerMessageId)
			return { ok: false, reason: 'the receipt message id does not match the ledger' };
		if (receipt.legacySecret && !legacyReceiptAllowed(rows[0], at))
			return { ok: false, reason: 'the receipt carries the Receipt Secret instead of a signature, which only messages sent before signed receipt URLs (and within 7 days) may do' };
		if (!RECEIPT_FROM[receipt.status].includes(row.status)) return { ok: true, row, changed: false };
		// Receipts of one message may race (Kannel sends SMSC-ack and delivered together): the
		// update re-checks the allowed previous statuses instead of trusting the row read above.
		const final = receipt.status !== 'sent';
		const result = await this.db.run(
			`UPDATE dispatch_ledger SET status = ?, provider = COALESCE(provider, ?), provider_message_id = COALESCE(provider_message_id, ?),
			 sent_at = COALESCE(sent_at, ?), delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END,
			 finished_at = CASE WHEN ? = 1 THEN ? ELSE finished_at END,
			 error = CASE WHEN ? = 'delivered' OR ? = 'sent' THEN NULL ELSE ? END, error_code = CASE WHEN ? IN ('failed', 'expired') THEN ? ELSE NULL END,
			 updated_at = ?
			 WHERE id = ? AND status IN (${RECEIPT_FROM[receipt.status].map(() => '?').join(', ')})`,
			[
				receipt.status, receipt.provider, receipt.providerMessageId ?? null,
				at, receipt.status, at,
				final ? 1 : 0, at,
				receipt.status, receipt.status, receipt.error ?? null, receipt.status, `receipt-${receipt.status}`,
				at, row.id, ...RECEIPT_FROM[receipt.status],
			],
		);
		const [after] = await this.db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE id = ?', [row.id]);
		return { ok: true, row: toRow(after), changed: result.changes === 1 };
	}

	/** All rows of an alert, by id. */
	async rows(alertId: string): Promise<LedgerRow[]> {
		return (await this.db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE alert_id = ? ORDER BY id', [alertId])).map(toRow);
	}

	/** Rows of an alert for some phones (dry run, output). */
	async rowsFor(alertId: string, phones: readonly string[]): Promise<Map<string, LedgerRow>> {
		const found = new Map<string, LedgerRow>();
		for (let i = 0; i < phones.length; i += INSERT_CHUNK) {
			const chunk = phones.slice(i, i + INSERT_CHUNK);
			const rows = await this.db.query<RawRow>(
				`SELECT * FROM dispatch_ledger WHERE alert_id = ? AND phone IN (${chunk.map(() => '?').join(', ')})`,
				[alertId, ...chunk],
			);
			for (const r of rows) found.set(r.phone, toRow(r));
		}
		return found;
	}

	/** Number of rows of an alert still `queued` (held by someone or not). */
	async pendingCount(alertId: string): Promise<number> {
		const [row] = await this.db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM dispatch_ledger WHERE alert_id = ? AND status = 'queued'", [alertId]);
		return Number(row.n);
	}

	/** Records a message in the alert journal; the first recording of a message id is kept. */
	async recordAlert(entry: JournalEntry, now = Date.now()): Promise<boolean> {
		const result = await this.db.run(
			`INSERT INTO dispatch_alerts (message_id, alert_id, msg_type, status, text, sender, incident, recorded_at, decision)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
			[entry.messageId, entry.alertId, entry.msgType, entry.status, entry.text, entry.sender ?? null, JSON.stringify(entry.incident), entry.recordedAt ?? now, entry.decision ? JSON.stringify(entry.decision) : null],
		);
		return result.changes === 1;
	}

	/** The journal entry of a message id, or else the first message recorded for an alert id. */
	async journalEntry(id: string): Promise<JournalEntry | undefined> {
		const rows = await this.db.query<{
			message_id: string; alert_id: string; msg_type: string; status: string; text: string; sender: string | null; incident: string; recorded_at: number | string; decision: string | null;
		}>('SELECT * FROM dispatch_alerts WHERE message_id = ? OR alert_id = ? ORDER BY CASE WHEN message_id = ? THEN 0 ELSE 1 END, recorded_at LIMIT 1', [id, id, id]);
		const r = rows[0];
		if (!r) return undefined;
		return {
			alertId: r.alert_id,
			messageId: r.message_id,
			msgType: r.msg_type,
			status: r.status,
			text: r.text,
			...(r.sender ? { sender: r.sender } : {}),
			incident: JSON.parse(r.incident) as Record<string, unknown>,
			recordedAt: Number(r.recorded_at),
			...(r.decision ? { decision: JSON.parse(r.decision) as Record<string, unknown> } : {}),
		};
	}

	/**
	 * The alerts of the journal recorded since `since` (epoch ms): each real alert once (its first
	 * message), without its updates, ends or exercises — what a ruleset comparison replays.
	 */
	async journalSince(since: number): Promise<JournalEntry[]> {
		const rows = await this.db.query<{
			message_id: string; alert_id: string; msg_type: string; status: string; text: string; sender: string | null; incident: string; recorded_at: number | string;
		}>("SELECT * FROM dispatch_alerts WHERE recorded_at >= ? AND msg_type = 'Alert' AND status = 'Actual' ORDER BY recorded_at, message_id", [since]);
		const seen = new Set<string>();
		return rows
			.filter((r) => !seen.has(r.alert_id) && seen.add(r.alert_id))
			.map((r) => ({
				alertId: r.alert_id,
				messageId: r.message_id,
				msgType: r.msg_type,
				status: r.status,
				text: r.text,
				...(r.sender ? { sender: r.sender } : {}),
				incident: JSON.parse(r.incident) as Record<string, unknown>,
				recordedAt: Number(r.recorded_at),
			}));
	}

	/**
	 * The phones an alert reached (its own rows and its updates' rows, `AC-…-MAJ-…`, sent or
	 * delivered), less those opted out in the registry since and those erased: who an end of
	 * alert goes to.
	 */
	async reachedPhones(alertId: string): Promise<string[]> {
		const prefix = `${alertId}-MAJ-`;
		const optedOut = (await this.hasTable('adherent_phones'))
			? ' AND NOT EXISTS (SELECT 1 FROM adherent_phones p WHERE p.phone = d.phone AND p.opted_out_at IS NOT NULL)'
			: '';
		const rows = await this.db.query<{ phone: string }>(
			`SELECT DISTINCT d.phone FROM dispatch_ledger d
			 WHERE (d.alert_id = ? OR substr(d.alert_id, 1, ?) = ?) AND d.status IN (${REACHED.map(() => '?').join(', ')})
			 AND substr(d.phone, 1, 1) = '+'${optedOut} ORDER BY d.phone`,
			[alertId, prefix.length, prefix, ...REACHED],
		);
		return rows.map((r) => r.phone);
	}

	private async hasTable(name: string): Promise<boolean> {
		const rows =
			this.db.dialect === 'postgres'
				? await this.db.query<{ found: string | null }>('SELECT to_regclass(?) AS found', [name])
				: await this.db.query<{ found: string | null }>("SELECT name AS found FROM sqlite_master WHERE type = 'table' AND name = ?", [name]);
		return rows.length > 0 && rows[0].found !== null;
	}

	/**
	 * Erasure (GDPR): replaces a phone number in every ledger row by a random token, so the
	 * counts stay while the number is gone. Returns the rows changed.
	 */
	async forgetPhone(phone: string): Promise<number> {
		const token = `effacé-${randomBytes(6).toString('hex')}`;
		return (await this.db.run('UPDATE dispatch_ledger SET phone = ? WHERE phone = ?', [token, phone])).changes;
	}

	/**
	 * The alert messages (those in the alert journal: alerts, updates, ends of alert — not sign-up
	 * codes or reminders) sent to some phones over a period (ms since epoch, `to` excluded), oldest first.
	 */
	async receivedBy(phones: readonly string[], from: number, to: number): Promise<ReceivedMessage[]> {
		if (phones.length === 0) return [];
		const rows = await this.db.query<{ alert_id: string; phone: string; text: string; status: LedgerStatus; queued_at: number | string; sent_at: number | string | null }>(
			`SELECT d.alert_id, d.phone, d.text, d.status, d.queued_at, d.sent_at FROM dispatch_ledger d
			 WHERE d.phone IN (${phones.map(() => '?').join(', ')}) AND d.queued_at >= ? AND d.queued_at < ?
			 AND EXISTS (SELECT 1 FROM dispatch_alerts a WHERE a.message_id = d.alert_id)
			 ORDER BY d.queued_at, d.id`,
			[...phones, from, to],
		);
		return rows.map((r) => ({ alertId: r.alert_id, phone: r.phone, text: r.text, status: r.status, queuedAt: Number(r.queued_at), sentAt: num(r.sent_at) }));
	}

	/** Counts over a period (ms since epoch, `to` excluded): alerts, SMS by status, delivery rate. */
	async periodStatistics(from: number, to: number): Promise<PeriodStatistics> {
		const counts = { queued: 0, sent: 0, delivered: 0, failed: 0, expired: 0 } as Record<LedgerStatus, number>;
		const grouped = await this.db.query<{ status: LedgerStatus; n: number | string }>(
			'SELECT status, COUNT(*) AS n FROM dispatch_ledger WHERE queued_at >= ? AND queued_at < ? GROUP BY status',
			[from, to],
		);
		let recipients = 0;
		for (const g of grouped) {
			counts[g.status] = Number(g.n);
			recipients += Number(g.n);
		}
		const [alerts] = await this.db.query<{ n: number | string }>(
			'SELECT COUNT(DISTINCT alert_id) AS n FROM dispatch_ledger WHERE queued_at >= ? AND queued_at < ?',
			[from, to],
		);
		const known = counts.delivered + counts.failed + counts.expired;
		return { from, to, alerts: Number(alerts?.n ?? 0), recipients, counts, deliveryRate: known ? counts.delivered / known : null };
	}

	/** Counts by status, failures with reasons and the time to the last delivery. */
	async status(alertId: string): Promise<AlertStatusReport> {
		const counts = { queued: 0, sent: 0, delivered: 0, failed: 0, expired: 0 } as Record<LedgerStatus, number>;
		const grouped = await this.db.query<{ status: LedgerStatus; n: number | string }>(
			'SELECT status, COUNT(*) AS n FROM dispatch_ledger WHERE alert_id = ? GROUP BY status',
			[alertId],
		);
		let total = 0;
		for (const g of grouped) {
			counts[g.status] = Number(g.n);
			total += Number(g.n);
		}
		const failures = await this.db.query<{ phone: string; status: LedgerStatus; error_code: string | null; error: string | null }>(
			"SELECT phone, status, error_code, error FROM dispatch_ledger WHERE alert_id = ? AND status IN ('failed', 'expired') ORDER BY id",
			[alertId],
		);
		const [times] = await this.db.query<{ first: number | string | null; last: number | string | null }>(
			'SELECT MIN(queued_at) AS first, MAX(delivered_at) AS last FROM dispatch_ledger WHERE alert_id = ?',
			[alertId],
		);
		const first = num(times?.first ?? null);
		const last = num(times?.last ?? null);
		return {
			alertId,
			total,
			counts,
			failures: failures.map((f) => ({ phone: f.phone, status: f.status, errorCode: f.error_code, error: f.error })),
			firstQueuedAt: first,
			lastDeliveredAt: last,
			timeToLastDeliveryMs: first !== null && last !== null ? last - first : null,
		};
	}
}

const ledgers = new WeakMap<SqlDb, Promise<Ledger>>();

/** The ledger of an open connection, migrated once per connection (nodes run once per execution). */
export function ledgerOf(db: SqlDb): Promise<Ledger> {
	let ledger = ledgers.get(db);
	if (!ledger) {
		ledger = openLedger(db);
		ledgers.set(db, ledger);
	}
	return ledger;
}
