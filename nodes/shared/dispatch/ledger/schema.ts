import { dialectSql, type Migration } from '../../store';
import type { LedgerRow, LedgerStatus } from '../types';

/**
 * The dispatch ledger's table: one row per (message id, phone), in the registry database. Its
 * migrations 2 and 4 once also created the alert journal's table; the journal now has its own
 * (alert/journal.ts), and those versions keep only what is the ledger's.
 */
export const LEDGER_MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		description: 'dispatch ledger: one row per (alert, phone)',
		sql: dialectSql(
			({ epochMs, serialKey }) => `
CREATE TABLE dispatch_ledger (
	id ${serialKey},
	alert_id TEXT NOT NULL, phone TEXT NOT NULL, text TEXT NOT NULL, sender TEXT NOT NULL,
	ref TEXT NOT NULL UNIQUE, status TEXT NOT NULL DEFAULT 'queued',
	provider TEXT, provider_message_id TEXT, attempts INTEGER NOT NULL DEFAULT 0,
	error TEXT, error_code TEXT, claim_token TEXT, claimed_until ${epochMs}, handed_at ${epochMs},
	queued_at ${epochMs} NOT NULL, sent_at ${epochMs}, delivered_at ${epochMs}, finished_at ${epochMs}, updated_at ${epochMs} NOT NULL,
	UNIQUE (alert_id, phone)
);
CREATE INDEX dispatch_ledger_status ON dispatch_ledger (alert_id, status);
CREATE INDEX dispatch_ledger_message ON dispatch_ledger (provider_message_id);`,
		),
	},
	{
		version: 2,
		description: 'alert journal: each message sent (alert, update, end of alert) with its incident',
		// Created the alert journal's table; a new database gets it from the journal's migration 1.
		sql: '-- the alert journal has its own migrations (alert/journal.ts)',
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
		// (The journal's decision column, also added here once, is the journal's migration 2.)
		sql: dialectSql(
			({ epochMs }) => `
CREATE TABLE dispatch_approvals (
	token_hash TEXT PRIMARY KEY, message_id TEXT NOT NULL, alert_id TEXT NOT NULL, reason TEXT NOT NULL,
	item TEXT NOT NULL, summary_html TEXT, recipients INTEGER,
	requested_at ${epochMs} NOT NULL, expires_at ${epochMs} NOT NULL,
	decision TEXT, decided_by TEXT, decided_at ${epochMs}
);
CREATE INDEX dispatch_approvals_message ON dispatch_approvals (message_id, requested_at);`,
		),
	},
	{
		version: 5,
		description: 'dispatch ledger: the column keying a row is the message id (AC-…, -MAJ-…, -FIN), named so',
		// A rename keeps the data, the unique key (message_id, phone) and the indexes.
		sql: 'ALTER TABLE dispatch_ledger RENAME COLUMN alert_id TO message_id;',
	},
];

/** A ledger row as the database returns it. */
export interface RawRow {
	id: number | string;
	message_id: string;
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

/** pg returns BIGINT as strings; SQLite returns numbers. */
export const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** A database row as the domain sees it (`alertId` holds the message id: the name items carry). */
export function toRow(r: RawRow): LedgerRow {
	return {
		id: Number(r.id),
		alertId: r.message_id,
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

/** Rows, ids or phones per statement: keeps each statement's bound values well under the engines' limits. */
export const CHUNK = 400;

/** `?, ?, ?` for a list of values bound in an IN (…) clause. */
export const marks = (values: readonly unknown[]): string => values.map(() => '?').join(', ');
