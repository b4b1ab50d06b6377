import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { Ledger, RecipientOutcome } from '../../../../shared/dispatch';
import { maskPhone } from '../../../../shared/phone';
import { smsInfo } from '../../../../shared/sms';
import type { Accepted, SendInput } from './recipients';

/** For each alert, the phones a previous run had already handed over (this run skips them). */
export async function alreadySent(ledger: Ledger, alertIds: readonly string[], accepted: readonly Accepted[]): Promise<Map<string, Set<string>>> {
	const before = new Map<string, Set<string>>();
	for (const alertId of alertIds) {
		const known = await ledger.rowsFor(alertId, accepted.filter((a) => a.recipient.alertId === alertId).map((a) => a.recipient.phone));
		before.set(alertId, new Set([...known.values()].filter((r) => r.status !== 'queued').map((r) => r.phone)));
	}
	return before;
}

/** Input "One Item per Alert": the ledger's status of each alert, paired with its item. */
export async function alertStatuses(ledger: Ledger, alertItems: SendInput['alertItems']): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (const { index, alertId } of alertItems) {
		const status = await ledger.status(alertId);
		out.push({ json: { ...status } as unknown as IDataObject, pairedItem: { item: index } });
	}
	return out;
}

/** Input "One Item per Recipient": each recipient's outcome as the ledger recorded it, paired with its item. */
export async function recipientOutcomes(ledger: Ledger, accepted: readonly Accepted[], before: Map<string, Set<string>>): Promise<INodeExecutionData[]> {
	const rowsByAlert = new Map<string, Map<string, Awaited<ReturnType<Ledger['rows']>>[number]>>();
	// `before` has an entry for every alert of the run.
	for (const alertId of before.keys()) rowsByAlert.set(alertId, new Map((await ledger.rows(alertId)).map((r) => [r.phone, r])));
	// Segments by text: every recipient of an alert shares one text.
	const segments = new Map<string, number>();
	return accepted.map(({ index, recipient }) => {
		const row = rowsByAlert.get(recipient.alertId)?.get(recipient.phone);
		let count = segments.get(recipient.text);
		if (count === undefined) {
			count = smsInfo(recipient.text, { unicode: true }).segments;
			segments.set(recipient.text, count);
		}
		return {
			json: {
				alertId: recipient.alertId,
				phone: recipient.phone,
				status: row?.status ?? 'queued',
				provider: row?.provider ?? null,
				providerMessageId: row?.providerMessageId ?? null,
				attempts: row?.attempts ?? 0,
				error: row?.error ?? null,
				errorCode: row?.errorCode ?? null,
				skipped: before.get(recipient.alertId)?.has(recipient.phone) ?? false,
				segments: count,
			} satisfies RecipientOutcome,
			pairedItem: { item: index },
		};
	});
}

/**
 * One item per alert from the recipients' outcomes: this run's recipients, those a previous run had
 * already sent, the segments billed now, and the ledger's counts and failures (phones masked).
 */
export async function summaries(ledger: Ledger, outcomes: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const byAlert = new Map<string, { first: INodeExecutionData; recipients: number; skipped: number; segments: number }>();
	for (const item of outcomes) {
		const json = item.json as unknown as RecipientOutcome;
		if (typeof json.alertId !== 'string') continue;
		const entry = byAlert.get(json.alertId) ?? { first: item, recipients: 0, skipped: 0, segments: 0 };
		entry.recipients++;
		if (json.skipped) entry.skipped++;
		else entry.segments += json.segments;
		byAlert.set(json.alertId, entry);
	}
	const out: INodeExecutionData[] = [];
	for (const [alertId, entry] of byAlert) {
		const status = await ledger.status(alertId);
		out.push({
			json: { ...status, failures: status.failures.map((f) => ({ ...f, phone: maskPhone(f.phone) })), recipients: entry.recipients, skipped: entry.skipped, segments: entry.segments } as unknown as IDataObject,
			pairedItem: entry.first.pairedItem,
		});
	}
	return out;
}
