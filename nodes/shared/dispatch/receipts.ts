import type { Ledger, ReceiptResult } from './ledger';
import type { ReceiptRequest, SmsProvider } from './providers/types';

/** The result of one receipt call: rejected as a whole, or applied receipt by receipt. */
export type ReceiptCallResult = { ok: false; reason: string } | { ok: true; results: ReceiptResult[] };

/** Authenticates a receipt call with its provider and applies it to the ledger; forged or unknown ones change nothing. */
export async function recordReceiptCall(ledger: Ledger, provider: SmsProvider, request: ReceiptRequest): Promise<ReceiptCallResult> {
	const parsed = provider.parseReceipt(request);
	if (!parsed.ok) return parsed;
	const results: ReceiptResult[] = [];
	for (const receipt of parsed.receipts) {
		if (receipt.status === null) {
			results.push({ ok: false, reason: 'event not tracked by the ledger' });
			continue;
		}
		results.push(
			await ledger.recordReceipt({
				provider: provider.name,
				ref: receipt.ref,
				providerMessageId: receipt.providerMessageId,
				status: receipt.status,
				error: receipt.error,
				legacySecret: receipt.legacySecret,
			}),
		);
	}
	// Nothing matched: the call is rejected as a whole (unknown or forged).
	const failed = results.find((r): r is { ok: false; reason: string } => !r.ok);
	if (failed && results.every((r) => !r.ok)) return failed;
	return { ok: true, results };
}
