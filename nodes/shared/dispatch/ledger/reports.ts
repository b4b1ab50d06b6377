import type { SqlDb, SqlValue } from '../../store';
import type { LedgerStatus } from '../types';
import { num } from './schema';

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

/** Which rows a report counts: a WHERE clause on dispatch_ledger and its values. */
interface RowSet {
	where: string;
	params: SqlValue[];
}

/** The rows of a set by status, and their total: what both reports start from. */
async function countByStatus(db: SqlDb, rows: RowSet): Promise<{ counts: Record<LedgerStatus, number>; total: number }> {
	const counts = { queued: 0, sent: 0, delivered: 0, failed: 0, expired: 0 } as Record<LedgerStatus, number>;
	const grouped = await db.query<{ status: LedgerStatus; n: number | string }>(
		`SELECT status, COUNT(*) AS n FROM dispatch_ledger WHERE ${rows.where} GROUP BY status`,
		rows.params,
	);
	let total = 0;
	for (const g of grouped) {
		counts[g.status] = Number(g.n);
		total += Number(g.n);
	}
	return { counts, total };
}

/** Counts by status, failures with reasons and the time to the last delivery, for one message id. */
export async function alertStatus(db: SqlDb, messageId: string): Promise<AlertStatusReport> {
	const { counts, total } = await countByStatus(db, { where: 'message_id = ?', params: [messageId] });
	const failures = await db.query<{ phone: string; status: LedgerStatus; error_code: string | null; error: string | null }>(
		"SELECT phone, status, error_code, error FROM dispatch_ledger WHERE message_id = ? AND status IN ('failed', 'expired') ORDER BY id",
		[messageId],
	);
	const [times] = await db.query<{ first: number | string | null; last: number | string | null }>(
		'SELECT MIN(queued_at) AS first, MAX(delivered_at) AS last FROM dispatch_ledger WHERE message_id = ?',
		[messageId],
	);
	const first = num(times?.first ?? null);
	const last = num(times?.last ?? null);
	return {
		alertId: messageId,
		total,
		counts,
		failures: failures.map((f) => ({ phone: f.phone, status: f.status, errorCode: f.error_code, error: f.error })),
		firstQueuedAt: first,
		lastDeliveredAt: last,
		timeToLastDeliveryMs: first !== null && last !== null ? last - first : null,
	};
}

/** Counts over a period (ms since epoch, `to` excluded): alerts, SMS by status, delivery rate. */
export async function periodStatistics(db: SqlDb, from: number, to: number): Promise<PeriodStatistics> {
	const period: RowSet = { where: 'queued_at >= ? AND queued_at < ?', params: [from, to] };
	const { counts, total } = await countByStatus(db, period);
	const [alerts] = await db.query<{ n: number | string }>(`SELECT COUNT(DISTINCT message_id) AS n FROM dispatch_ledger WHERE ${period.where}`, period.params);
	const known = counts.delivered + counts.failed + counts.expired;
	return { from, to, alerts: Number(alerts?.n ?? 0), recipients: total, counts, deliveryRate: known ? counts.delivered / known : null };
}
