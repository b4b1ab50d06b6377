import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { smsInfo } from '../../sms';
import { field } from './classify';
import type { OutgoingSms, ProviderLimits, ReceiptParse, ReceiptRequest, SendOutcome, SmsProvider } from './types';

/** Sandbox settings: where the outbox file is. */
export interface SandboxConfig {
	/** A JSON-lines file; default `<n8n user folder>/.n8n/alerte-commerces-outbox.jsonl`. */
	outboxPath?: string;
}

export const SANDBOX_LIMITS: ProviderLimits = { maxBatch: 1, concurrency: 4, rate: 0, costPerSegment: 0 };

/** The default outbox file, beside n8n's own data. */
export function defaultOutboxPath(): string {
	return join(process.env.N8N_USER_FOLDER ?? homedir(), '.n8n', 'alerte-commerces-outbox.jsonl');
}

/** No network: each SMS becomes one JSON line of the outbox file and counts as delivered. */
export class SandboxProvider implements SmsProvider {
	readonly name = 'sandbox' as const;
	// Receipts match by provider message id, which a lost answer never gave us.
	readonly settlesInDoubt = false;
	readonly limits = SANDBOX_LIMITS;
	readonly outboxPath: string;

	constructor(config: SandboxConfig = {}) {
		this.outboxPath = config.outboxPath || defaultOutboxPath();
		mkdirSync(dirname(this.outboxPath), { recursive: true });
	}

	async send(batch: readonly OutgoingSms[]): Promise<SendOutcome[]> {
		// One synchronous append per line: O_APPEND keeps concurrent lines whole.
		return batch.map((sms) => {
			const info = smsInfo(sms.text, { unicode: true });
			const line = { at: new Date().toISOString(), messageId: `sandbox-${sms.ref}`, ref: sms.ref, to: sms.phone, from: sms.sender, text: sms.text, encoding: info.encoding, segments: info.segments };
			appendFileSync(this.outboxPath, JSON.stringify(line) + '\n');
			return { kind: 'accepted', providerMessageId: line.messageId, delivered: true };
		});
	}

	parseReceipt(request: ReceiptRequest): ReceiptParse {
		// Sandbox SMS are delivered at once; a receipt can only be a test call with a known message id.
		const id = field(request.query, 'messageId') ?? field(request.body, 'messageId');
		if (!id?.startsWith('sandbox-')) return { ok: false, reason: 'not a sandbox message id' };
		return { ok: true, receipts: [{ providerMessageId: id, status: 'delivered' }] };
	}

	close(): void {}
}
