import type { SqlDb } from '../../store';
import type { LedgerRow, LedgerStatus } from '../types';
import { marks, num, toRow, type RawRow } from './schema';

/**
 * How long after it was handed to its provider a message sent before signed receipt URLs still takes a receipt that
 * carries the shared secret instead of a signature. An SMSC keeps an undelivered SMS for its
 * validity period (48 hours to a few days on the networks we know, 7 days at most), and reports
 * nothing after it: a legacy receipt later than this can only be forged. Messages sent after the
 * upgrade never take one, so a URL seen in a log cannot be used against them.
 */
export const LEGACY_RECEIPT_WINDOW_MS = 7 * 24 * 3600_000;

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

/** Whether a row may take a receipt authenticated by the shared secret (see LEGACY_RECEIPT_WINDOW_MS). */
function legacyReceiptAllowed(row: RawRow, at: number): boolean {
	const handedAt = num(row.handed_at);
	return Number(row.legacy_receipt_secret) === 1 && handedAt !== null && at - handedAt <= LEGACY_RECEIPT_WINDOW_MS;
}

/** The row a receipt is about: by our ref, or else by the provider's message id. */
async function rowsOf(db: SqlDb, receipt: ReceiptUpdate): Promise<RawRow[]> {
	if (receipt.ref) return db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE ref = ?', [receipt.ref]);
	if (receipt.providerMessageId)
		return db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE provider_message_id = ? AND provider = ?', [receipt.providerMessageId, receipt.provider]);
	return [];
}

/** Applies a delivery receipt; an unknown ref or message id is rejected and changes nothing. */
export async function recordReceipt(db: SqlDb, receipt: ReceiptUpdate): Promise<ReceiptResult> {
	const rows = await rowsOf(db, receipt);
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
	const result = await db.run(
		`UPDATE dispatch_ledger SET status = ?, provider = COALESCE(provider, ?), provider_message_id = COALESCE(provider_message_id, ?),
		 sent_at = COALESCE(sent_at, ?), delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END,
		 finished_at = CASE WHEN ? = 1 THEN ? ELSE finished_at END,
		 error = CASE WHEN ? = 'delivered' OR ? = 'sent' THEN NULL ELSE ? END, error_code = CASE WHEN ? IN ('failed', 'expired') THEN ? ELSE NULL END,
		 updated_at = ?
		 WHERE id = ? AND status IN (${marks(RECEIPT_FROM[receipt.status])})`,
		[
			receipt.status, receipt.provider, receipt.providerMessageId ?? null,
			at, receipt.status, at,
			final ? 1 : 0, at,
			receipt.status, receipt.status, receipt.error ?? null, receipt.status, `receipt-${receipt.status}`,
			at, row.id, ...RECEIPT_FROM[receipt.status],
		],
	);
	const [after] = await db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE id = ?', [row.id]);
	return { ok: true, row: toRow(after), changed: result.changes === 1 };
}
