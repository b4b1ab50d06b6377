import type { Agent } from 'node:http';
import { errorOutcome, field, jsonBody, transportOutcome } from './classify';
import { httpCall, keepAliveAgent } from './http';
import { checkReceiptSignature, signedReceiptQuery } from './receipt-signature';
import type { ErrorClass, OutgoingSms, ParsedReceipt, ProviderLimits, ReceiptParse, ReceiptRequest, SendOutcome, SmsProvider } from './types';

/** Brevo transactional SMS settings (credential `alerteCommercesBrevoApi`). */
export interface BrevoConfig {
	apiKey: string;
	/** `https://api.brevo.com/v3`; a local server in tests. */
	baseUrl?: string;
	/** Public URL of the receipt webhook, given per message as `webUrl`. */
	receiptUrl?: string;
	/** Key of the per-message signature in `webUrl` (the secret itself never leaves n8n). */
	receiptSecret?: string;
	timeoutMs?: number;
}

export const BREVO_LIMITS: ProviderLimits = { maxBatch: 1, concurrency: 8, rate: 0, costPerSegment: 0.045 };

/** Brevo error `code` → what to do (the HTTP status decides for the others). */
export const BREVO_ERROR_CLASS: Readonly<Record<string, ErrorClass>> = {
	unauthorized: 'auth',
	permission_denied: 'auth',
	not_enough_credits: 'permanent',
	invalid_parameter: 'permanent',
	missing_parameter: 'permanent',
	account_under_validation: 'permanent',
};

/** Brevo SMS event (`msg_status` or `event`, normalised) → ledger status. */
export const BREVO_EVENT_STATUS: Readonly<Record<string, ParsedReceipt['status']>> = {
	sent: 'sent',
	accepted: 'sent',
	delivered: 'delivered',
	softbounce: 'failed',
	hardbounce: 'failed',
	rejected: 'failed',
	blocked: 'failed',
	blacklisted: 'failed',
	skip: 'failed',
	unsubscribe: null,
	reply: null,
	replied: null,
	subscribe: null,
};

/** Brevo transactional SMS: one recipient per call, `type: transactional`. */
export class BrevoProvider implements SmsProvider {
	readonly name = 'brevo' as const;
	readonly limits = BREVO_LIMITS;
	readonly settlesInDoubt: boolean;
	private readonly agent: Agent;
	private readonly baseUrl: string;

	constructor(private readonly config: BrevoConfig) {
		this.baseUrl = (config.baseUrl ?? 'https://api.brevo.com/v3').replace(/\/+$/, '');
		this.settlesInDoubt = !!config.receiptUrl;
		this.agent = keepAliveAgent(this.baseUrl, BREVO_LIMITS.concurrency);
	}

	async send(batch: readonly OutgoingSms[]): Promise<SendOutcome[]> {
		return Promise.all(batch.map((sms) => this.sendOne(sms)));
	}

	private async sendOne(sms: OutgoingSms): Promise<SendOutcome> {
		const payload: Record<string, unknown> = {
			sender: sms.sender,
			recipient: sms.phone.replace(/^\+/, ''),
			content: sms.text,
			// Transactional: sent at any hour, no marketing STOP mention.
			type: 'transactional',
			tag: sms.ref,
			unicodeEnabled: sms.encoding === 'UCS-2',
		};
		if (this.config.receiptUrl) {
			const sep = this.config.receiptUrl.includes('?') ? '&' : '?';
			payload.webUrl = `${this.config.receiptUrl}${sep}provider=brevo&${signedReceiptQuery(sms.ref, this.config.receiptSecret)}`;
		}
		try {
			const response = await httpCall({
				method: 'POST',
				url: `${this.baseUrl}/transactionalSMS/sms`,
				headers: { 'api-key': this.config.apiKey, 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(payload),
				timeoutMs: this.config.timeoutMs ?? 15_000,
				agent: this.agent,
			});
			const json = jsonBody(response.body);
			if (response.status === 201 || response.status === 200) {
				const id = json?.messageId ?? json?.reference;
				return { kind: 'accepted', providerMessageId: id === undefined ? null : String(id) };
			}
			// 429 comes without Retry-After: the backoff decides.
			const code = typeof json?.code === 'string' ? json.code : undefined;
			const message = typeof json?.message === 'string' ? json.message : response.body.slice(0, 200);
			return errorOutcome(response, `Brevo: ${message}`, code, BREVO_ERROR_CLASS);
		} catch (error) {
			return transportOutcome(error);
		}
	}

	parseReceipt(request: ReceiptRequest): ReceiptParse {
		const body = typeof request.body === 'string' ? jsonBody(request.body) : (request.body as Record<string, unknown> | undefined);
		const ref = field(request.query, 'ref') ?? field(body, 'tag');
		const messageId = field(body, 'messageId') ?? field(body, 'message-id');
		const event = (field(body, 'msg_status') ?? field(body, 'event') ?? '').toLowerCase().replace(/[_\s-]/g, '');
		if (!ref || !/^[0-9a-f]{32}$/.test(ref)) return { ok: false, reason: 'the webhook call has no valid ref' };
		// The signature covers the ref the receipt is applied to, wherever that ref was read.
		const auth = checkReceiptSignature(request.query, ref, this.config.receiptSecret);
		if (!auth.ok) return auth;
		if (!(event in BREVO_EVENT_STATUS)) return { ok: false, reason: `unknown Brevo SMS event "${event}"` };
		const status = BREVO_EVENT_STATUS[event];
		const error = status === 'failed' ? field(body, 'description') ?? event : undefined;
		return { ok: true, receipts: [{ ref, providerMessageId: messageId, status, error, legacySecret: auth.legacySecret }] };
	}

	close(): void {
		this.agent.destroy();
	}
}
