import { smsInfo, type SmsEncoding } from '../sms';
import type { Ledger } from './ledger';
import type { DispatchRecipient } from './types';

/** What a Send would do for one recipient, without calling the provider. */
export interface DryRunLine {
	alertId: string;
	phone: string;
	wouldSend: boolean;
	/** Why not: the ledger already has it sent/delivered/failed for this alert. */
	reason?: string;
	encoding: SmsEncoding;
	segments: number;
	estimatedCost: number;
}

/** Plans a send: segments, encoding, cost, and which recipients the ledger would skip (read-only). */
export async function dryRun(recipients: readonly DispatchRecipient[], costPerSegment: number, ledger?: Ledger): Promise<DryRunLine[]> {
	const byAlert = new Map<string, DispatchRecipient[]>();
	for (const r of recipients) byAlert.set(r.alertId, [...(byAlert.get(r.alertId) ?? []), r]);
	const known = new Map<string, string>();
	if (ledger)
		for (const [alertId, list] of byAlert) {
			const rows = await ledger.rowsFor(
				alertId,
				list.map((r) => r.phone),
			);
			for (const [phone, row] of rows) if (row.status !== 'queued') known.set(`${alertId}\u0000${phone}`, row.status);
		}
	return recipients.map((r) => {
		const info = smsInfo(r.text, { unicode: true });
		const already = known.get(`${r.alertId}\u0000${r.phone}`);
		return {
			alertId: r.alertId,
			phone: r.phone,
			wouldSend: !already,
			reason: already ? `already ${already} for this alert` : undefined,
			encoding: info.encoding,
			segments: info.segments,
			estimatedCost: already ? 0 : Math.round(info.segments * costPerSegment * 10000) / 10000,
		};
	});
}
