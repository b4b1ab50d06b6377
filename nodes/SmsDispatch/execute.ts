import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import {
	createProvider,
	DEFAULT_RETRY,
	dispatchAlert,
	DispatchAuthError,
	dryRun,
	PROVIDER_LIMITS,
	recordReceiptCall,
	validateRecipient,
	type DispatchRecipient,
	type Ledger,
	type ProviderLane,
	type ProviderName,
	type RecipientOutcome,
	type SmsProvider,
	approvalsOf,
	sendingReportHtml,
	sendingReportText,
} from '../shared/dispatch';
import type { DecisionSummary } from '../shared/targeting';
import { maskPhone } from '../shared/phone';
import { smsInfo, validateSenderId } from '../shared/sms';
import { providerSetup, type ProviderOptions } from './transport';

interface SendOptions extends ProviderOptions {
	summaryPerAlert?: boolean;
	rate?: number;
	secondaryRate?: number;
	maxAttempts?: number;
	leaseSeconds?: number;
	inDoubtGraceSeconds?: number;
	costPerSegment?: number;
}

/** One accepted input: which item it came from and what to send. */
interface Accepted {
	index: number;
	recipient: DispatchRecipient;
}

function failItem(ctx: IExecuteFunctions, index: number, message: string, description: string): INodeExecutionData {
	if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), message, { itemIndex: index, description });
	return { json: { error: message, description }, pairedItem: { item: index } };
}

function phonesOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v && 'phone' in v ? String((v as IDataObject).phone) : String(v)));
	if (typeof value === 'string' && value.trim()) return value.split(/[\s,;]+/).filter(Boolean);
	return [];
}

/**
 * Reads a per-item parameter. When it is the default `{{ $json.field }}`, the field is read from the
 * item directly: evaluating n8n expressions costs ≈ 0.1 ms each, which at 10,000 recipients and four
 * parameters would take longer than sending the SMS.
 */
function itemReader(ctx: IExecuteFunctions, items: INodeExecutionData[], name: string): (index: number) => unknown {
	const raw = ctx.getNodeParameter(name, 0, '', { rawExpressions: true });
	// `{{ $json.a }}` or `{{ $json.a ?? $json.b }}` (the Alert ID default: an update's own message id first).
	const direct = typeof raw === 'string' ? /^=\{\{\s*\$json\.([A-Za-z_]\w*)(?:\s*\?\?\s*\$json\.([A-Za-z_]\w*))?\s*\}\}$/.exec(raw) : null;
	if (direct) {
		const [, first, second] = direct;
		return (index) => items[index].json[first] ?? (second === undefined ? undefined : items[index].json[second]) ?? '';
	}
	return (index) => ctx.getNodeParameter(name, index, '');
}

async function lane(ctx: IExecuteFunctions, name: ProviderName, options: SendOptions, rate: number): Promise<ProviderLane> {
	const provider = createProvider(await providerSetup(ctx, name, options));
	return { provider, rate: rate > 0 ? rate : PROVIDER_LIMITS[name].rate, concurrency: options.concurrency || provider.limits.concurrency };
}

/**
 * The phones a previous alert reached (and its updates), for an end of alert: read from the
 * ledger, less the numbers opted out or erased since. Otherwise why not, for the item's error: an
 * alert that reached nobody means the officer typed a wrong id, or the alert was never sent.
 */
async function previousRecipients(ctx: IExecuteFunctions, ledger: Ledger, index: number, messageId: string): Promise<string[] | { message: string; description: string }> {
	const previous = String(ctx.getNodeParameter('previousAlertId', index, '')).trim();
	if (!previous) {
		return {
			message: 'Previous Alert ID is empty',
			description: 'Give the ID of the alert whose recipients get this message (AC-…): the Alert Composer output of an end of alert carries it as alertId.',
		};
	}
	if (previous === messageId) {
		return {
			message: `This message has the same ID as the previous alert (${previous})`,
			description: 'An end of alert or update is a message of its own: set Alert ID to its message ID, e.g. {{ $json.messageId ?? $json.alertId }}.',
		};
	}
	const phones = await ledger.reachedPhones(previous);
	if (phones.length) return phones;
	return {
		message: `Alert ${previous} reached no one`,
		description: 'No SMS of that alert is recorded as sent in the ledger. Check the alert ID (AC-…), and that the alert was sent with this registry.',
	};
}

/** Tells in the editor, once per sender, when French operators may block or replace it (AF2M rules). */
function senderHints(ctx: IExecuteFunctions, accepted: readonly Accepted[]): void {
	for (const sender of new Set(accepted.map((a) => a.recipient.sender))) {
		const check = validateSenderId(sender);
		if (check.ok) ctx.addExecutionHints(...check.warnings.map((warning) => ({ message: warning.message, type: 'warning' as const, location: 'outputPane' as const })));
	}
}

/** Send: validates, enqueues in the ledger, dispatches each alert, reports one item per recipient (or per alert). */
export async function executeSend(ctx: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const mode = ctx.getNodeParameter('inputMode', 0) as 'recipient' | 'alert';
	const providerName = ctx.getNodeParameter('provider', 0) as ProviderName;
	const secondaryName = ctx.getNodeParameter('secondaryProvider', 0) as ProviderName | 'none';
	const options = ctx.getNodeParameter('options', 0, {}) as SendOptions;
	const isDryRun = ctx.getNodeParameter('dryRun', 0) as boolean;
	const out: INodeExecutionData[] = [];
	const accepted: Accepted[] = [];
	/** Alert-mode items: the alert they stand for, with phones given inline (or none: read back from the ledger). */
	const alertItems: { index: number; alertId: string }[] = [];

	const recipientsFrom = mode === 'alert' ? (ctx.getNodeParameter('recipientsFrom', 0, 'phones') as 'phones' | 'previousAlert') : 'phones';
	const read = {
		alertId: itemReader(ctx, items, 'alertId'),
		text: itemReader(ctx, items, 'text'),
		sender: itemReader(ctx, items, 'sender'),
		phone: recipientsFrom === 'phones' ? itemReader(ctx, items, mode === 'recipient' ? 'phone' : 'phones') : () => '',
	};
	for (let index = 0; index < items.length; index++) {
		const alertId = read.alertId(index);
		const text = read.text(index);
		const sender = read.sender(index);
		let phones: unknown[];
		if (mode === 'recipient') phones = [read.phone(index)];
		else if (recipientsFrom === 'phones') phones = phonesOf(read.phone(index));
		else {
			const previous = await previousRecipients(ctx, ledger, index, String(alertId ?? ''));
			if (!Array.isArray(previous)) {
				out.push(failItem(ctx, index, previous.message, previous.description));
				continue;
			}
			phones = previous;
		}
		if (mode === 'alert') alertItems.push({ index, alertId: String(alertId ?? '') });
		const errors: string[] = [];
		for (const phone of phones) {
			const check = validateRecipient({ alertId, phone, text, sender });
			if (check.ok) accepted.push({ index, recipient: check.recipient });
			else errors.push(`${maskPhone(String(phone))}: ${check.errors.join('; ')}`);
		}
		if (mode === 'alert' && !alertId) errors.push('alertId is missing');
		if (errors.length) {
			out.push(failItem(ctx, index, `Recipient not valid: ${errors.slice(0, 3).join(' | ')}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}`, 'Each recipient needs an alert ID, a mobile number in international form (+33…), a non-empty text and a sender of at most 11 letters/digits.'));
			if (mode === 'recipient') continue;
		}
	}

	senderHints(ctx, accepted);

	const costPerSegment = options.costPerSegment !== undefined && options.costPerSegment >= 0 ? options.costPerSegment : PROVIDER_LIMITS[providerName].costPerSegment;
	if (isDryRun) {
		const lines = await dryRun(accepted.map((a) => a.recipient), costPerSegment, ledger);
		lines.forEach((line, i) => out.push({ json: { ...line, dryRun: true, provider: providerName } as unknown as IDataObject, pairedItem: { item: accepted[i].index } }));
		return [out];
	}

	const alertIds = [...new Set([...accepted.map((a) => a.recipient.alertId), ...alertItems.map((a) => a.alertId)])];
	const before = new Map<string, Set<string>>();
	for (const alertId of alertIds) {
		const known = await ledger.rowsFor(alertId, accepted.filter((a) => a.recipient.alertId === alertId).map((a) => a.recipient.phone));
		before.set(alertId, new Set([...known.values()].filter((r) => r.status !== 'queued').map((r) => r.phone)));
	}
	await ledger.enqueue(accepted.map((a) => a.recipient));

	const primary = await lane(ctx, providerName, options, options.rate ?? 0);
	const secondary = secondaryName !== 'none' && secondaryName !== providerName ? await lane(ctx, secondaryName, options, options.secondaryRate ?? 0) : undefined;
	const providers: SmsProvider[] = [primary.provider, ...(secondary ? [secondary.provider] : [])];
	try {
		for (const alertId of alertIds) {
			try {
				await dispatchAlert(alertId, {
					ledger,
					primary,
					secondary,
					retry: { ...DEFAULT_RETRY, maxAttempts: options.maxAttempts || DEFAULT_RETRY.maxAttempts },
					leaseMs: (options.leaseSeconds || 30) * 1000,
					inDoubtGraceMs: (options.inDoubtGraceSeconds ?? 60) * 1000,
					log: (message) => ctx.logger.info(`SMS Dispatch ${alertId}: ${message}`),
				});
			} catch (error) {
				if (error instanceof DispatchAuthError)
					throw new NodeOperationError(ctx.getNode(), `${error.provider} refused the credentials: ${error.message}`, {
						description: `No more SMS were sent for alert ${alertId}. Check the ${error.provider} credential (key, token or password), then run again: recipients already sent are not sent twice.`,
					});
				throw new NodeOperationError(ctx.getNode(), `Sending alert ${alertId} stopped: ${(error as Error).message}`, {
					description: 'Recipients already sent are recorded in the ledger and are not sent twice: run the workflow again once the cause is fixed.',
				});
			}
		}
	} finally {
		for (const provider of providers) provider.close();
	}

	if (mode === 'alert') {
		for (const { index, alertId } of alertItems) {
			const status = await ledger.status(alertId);
			out.push({ json: { ...status } as unknown as IDataObject, pairedItem: { item: index } });
		}
		return [out];
	}
	const rowsByAlert = new Map<string, Map<string, Awaited<ReturnType<Ledger['rows']>>[number]>>();
	for (const alertId of alertIds) rowsByAlert.set(alertId, new Map((await ledger.rows(alertId)).map((r) => [r.phone, r])));
	// Segments by text: every recipient of an alert shares one text.
	const segments = new Map<string, number>();
	for (const { index, recipient } of accepted) {
		const row = rowsByAlert.get(recipient.alertId)?.get(recipient.phone);
		let count = segments.get(recipient.text);
		if (count === undefined) {
			count = smsInfo(recipient.text, { unicode: true }).segments;
			segments.set(recipient.text, count);
		}
		out.push({
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
		});
	}
	out.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
	return [options.summaryPerAlert ? await summaries(ledger, out) : out];
}

/**
 * One item per alert from the recipients' outcomes: this run's recipients, those a previous run had
 * already sent, the segments billed now, and the ledger's counts and failures (phones masked).
 */
async function summaries(ledger: Ledger, outcomes: INodeExecutionData[]): Promise<INodeExecutionData[]> {
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

/** Record Delivery Receipt: one item per Webhook call; forged or unknown calls are reported and change nothing. */
export async function executeRecordReceipt(ctx: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const providerName = ctx.getNodeParameter('provider', 0) as ProviderName;
	const receiptSecret = (ctx.getNodeParameter('receiptSecret', 0, '') as string) || undefined;
	const provider = createProvider(await providerSetup(ctx, providerName, { receiptSecret, receiptUrl: 'receipt' }));
	const out: INodeExecutionData[] = [];
	try {
		for (let index = 0; index < items.length; index++) {
			const json = items[index].json;
			const url = ctx.getNodeParameter('receiptCallUrl', index, '') as string;
			const result = await recordReceiptCall(ledger, provider, {
				method: String(json.method ?? (json.body && Object.keys(json.body as object).length ? 'POST' : 'GET')),
				url,
				headers: (json.headers ?? {}) as Record<string, string>,
				query: (json.query ?? {}) as Record<string, unknown>,
				body: json.body ?? {},
			});
			if (!result.ok) {
				out.push({ json: { accepted: false, reason: result.reason }, pairedItem: { item: index } });
				continue;
			}
			for (const r of result.results)
				out.push({
					json: r.ok
						? { accepted: true, changed: r.changed, alertId: r.row.alertId, phone: maskPhone(r.row.phone), status: r.row.status }
						: { accepted: false, reason: r.reason },
					pairedItem: { item: index },
				});
		}
	} finally {
		provider.close();
	}
	return [out];
}

/** Alert Status: counts by status, failures with reasons, time to last delivery. */
export async function executeAlertStatus(ctx: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const alertId = ctx.getNodeParameter('statusAlertId', index) as string;
		const id = String(alertId).trim();
		const status = await ledger.status(id);
		const journal = await ledger.journalEntry(id);
		const approval = await (await approvalsOf(ledger.db)).latest(id);
		if (!status.total && !journal && !approval) {
			out.push(failItem(ctx, index, `No SMS recorded for alert ${id}`, 'Check the alert ID (AC-…): it is the one given to Send, shown in the sending report.'));
			continue;
		}
		const { decision, ...entry } = journal ?? { decision: undefined };
		const report = { status, decision: decision as DecisionSummary | undefined, approval };
		out.push({
			json: {
				...status,
				// Failures are for people to read: phones masked, as everywhere outside the ledger.
				failures: status.failures.map((f) => ({ ...f, phone: maskPhone(f.phone) })),
				// What was sent and the incident it was written from (for an update or end of alert).
				alert: journal ? ({ ...entry, recordedAt: new Date(journal.recordedAt ?? 0).toISOString() } as unknown as IDataObject) : null,
				// Who approved the send, and when (null when no second person was asked).
				approval: approval
					? ({
							reason: approval.reason,
							requestedAt: new Date(approval.requestedAt).toISOString(),
							expiresAt: new Date(approval.expiresAt).toISOString(),
							decision: approval.decision ?? 'pending',
							decidedBy: approval.decidedBy ?? null,
							decidedAt: approval.decidedAt === undefined ? null : new Date(approval.decidedAt).toISOString(),
						} as IDataObject)
					: null,
				decision: (decision ?? null) as IDataObject | null,
				reportText: sendingReportText(report),
				reportHtml: sendingReportHtml(report),
				firstQueuedAt: status.firstQueuedAt ? new Date(status.firstQueuedAt).toISOString() : null,
				lastDeliveredAt: status.lastDeliveredAt ? new Date(status.lastDeliveredAt).toISOString() : null,
			} as unknown as IDataObject,
			pairedItem: { item: index },
		});
	}
	return [out];
}

/** Statistics: one item with the ledger's counts over the period. */
export async function executeStatistics(ctx: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[][]> {
	const from = Date.parse(String(ctx.getNodeParameter('periodFrom', 0)));
	const to = Date.parse(String(ctx.getNodeParameter('periodTo', 0)));
	if (Number.isNaN(from) || Number.isNaN(to) || to <= from) {
		throw new NodeOperationError(ctx.getNode(), 'Invalid period', { description: 'Give a start date before the end date, e.g. 2026-01-01 and 2027-01-01.' });
	}
	const stats = await ledger.periodStatistics(from, to);
	return [[{ json: { ...stats, from: new Date(from).toISOString(), to: new Date(to).toISOString() } as unknown as IDataObject, pairedItem: { item: 0 } }]];
}
