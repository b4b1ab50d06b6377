import { createHmac } from 'node:crypto';
import type { Agent } from 'node:http';
import { errorOutcome, field, jsonBody, sameSecret, transportOutcome } from './classify';
import { httpCall, keepAliveAgent } from './http';
import type { ErrorClass, OutgoingSms, ParsedReceipt, ProviderLimits, ReceiptParse, ReceiptRequest, SendOutcome, SmsProvider } from './types';

/** Twilio settings (credential `alerteCommercesTwilioApi`). */
export interface TwilioConfig {
	accountSid: string;
	authToken: string;
	/** Sends through a Messaging Service instead of `From` when set. */
	messagingServiceSid?: string;
	/** `https://api.twilio.com`; a local server in tests. */
	baseUrl?: string;
	/** Public URL of the receipt webhook, given per message as `StatusCallback`. */
	receiptUrl?: string;
	timeoutMs?: number;
}

export const TWILIO_LIMITS: ProviderLimits = { maxBatch: 1, concurrency: 8, rate: 0, costPerSegment: 0.08 };

/** Twilio REST error codes → what to do (the HTTP status decides for the others). */
export const TWILIO_ERROR_CLASS: Readonly<Record<string, ErrorClass>> = {
	'20003': 'auth', // authentication failed
	'20005': 'auth', // account not active
	'20429': 'retry', // too many requests
	'21211': 'permanent', // invalid 'To'
	'21408': 'permanent', // region not enabled
	'21606': 'permanent', // 'From' not usable
	'21610': 'permanent', // recipient replied STOP
	'21612': 'permanent', // unreachable route
	'21614': 'permanent', // not a mobile number
	'30007': 'permanent', // filtered as spam
};

/** Twilio MessageStatus → ledger status. */
export const TWILIO_STATUS: Readonly<Record<string, ParsedReceipt['status']>> = {
	accepted: 'sent',
	queued: 'sent',
	sending: 'sent',
	sent: 'sent',
	delivered: 'delivered',
	read: 'delivered',
	undelivered: 'failed',
	failed: 'failed',
	canceled: 'failed',
};

/** X-Twilio-Signature: base64 HMAC-SHA1 of the URL followed by the POST params sorted by name, each name+value. */
export function twilioSignature(authToken: string, url: string, params: Record<string, unknown>): string {
	const data =
		url +
		Object.keys(params)
			.sort()
			.map((key) => {
				const value = params[key];
				return (Array.isArray(value) ? value : [value]).map((v) => key + String(v ?? '')).join('');
			})
			.join('');
	return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Twilio Messages API (form-encoded), one recipient per call. */
export class TwilioProvider implements SmsProvider {
	readonly name = 'twilio' as const;
	readonly limits = TWILIO_LIMITS;
	readonly settlesInDoubt: boolean;
	private readonly agent: Agent;
	private readonly baseUrl: string;

	constructor(private readonly config: TwilioConfig) {
		this.baseUrl = (config.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
		this.settlesInDoubt = !!config.receiptUrl;
		this.agent = keepAliveAgent(this.baseUrl, TWILIO_LIMITS.concurrency);
	}

	async send(batch: readonly OutgoingSms[]): Promise<SendOutcome[]> {
		return Promise.all(batch.map((sms) => this.sendOne(sms)));
	}

	private async sendOne(sms: OutgoingSms): Promise<SendOutcome> {
		const form = new URLSearchParams({ To: sms.phone, Body: sms.text });
		if (this.config.messagingServiceSid) form.set('MessagingServiceSid', this.config.messagingServiceSid);
		else form.set('From', sms.sender);
		if (this.config.receiptUrl) {
			const sep = this.config.receiptUrl.includes('?') ? '&' : '?';
			form.set('StatusCallback', `${this.config.receiptUrl}${sep}provider=twilio&ref=${sms.ref}`);
		}
		try {
			const response = await httpCall({
				method: 'POST',
				url: `${this.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(this.config.accountSid)}/Messages.json`,
				headers: {
					authorization: 'Basic ' + Buffer.from(`${this.config.accountSid}:${this.config.authToken}`).toString('base64'),
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'application/json',
				},
				body: form.toString(),
				timeoutMs: this.config.timeoutMs ?? 15_000,
				agent: this.agent,
			});
			const json = jsonBody(response.body);
			if (response.status === 201 || response.status === 200) return { kind: 'accepted', providerMessageId: typeof json?.sid === 'string' ? json.sid : null };
			const code = json?.code !== undefined ? String(json.code) : undefined;
			const message = typeof json?.message === 'string' ? json.message : response.body.slice(0, 200);
			return errorOutcome(response, `Twilio: ${message}`, code, TWILIO_ERROR_CLASS);
		} catch (error) {
			return transportOutcome(error);
		}
	}

	parseReceipt(request: ReceiptRequest): ReceiptParse {
		const signature = field(request.headers, 'x-twilio-signature');
		const params = (typeof request.body === 'string' ? Object.fromEntries(new URLSearchParams(request.body)) : request.body) as Record<string, unknown> | undefined;
		if (!params || typeof params !== 'object') return { ok: false, reason: 'the status callback has no form body' };
		if (!sameSecret(signature, twilioSignature(this.config.authToken, request.url, params)))
			return { ok: false, reason: 'the X-Twilio-Signature does not match (wrong URL or auth token, or a forged call)' };
		if (field(params, 'AccountSid') !== this.config.accountSid) return { ok: false, reason: 'the status callback is for another Twilio account' };
		const sid = field(params, 'MessageSid') ?? field(params, 'SmsSid');
		const statusName = field(params, 'MessageStatus') ?? field(params, 'SmsStatus') ?? '';
		if (!sid) return { ok: false, reason: 'the status callback has no MessageSid' };
		if (!(statusName in TWILIO_STATUS)) return { ok: false, reason: `unknown Twilio status "${statusName}"` };
		const status = TWILIO_STATUS[statusName];
		const ref = new URL(request.url).searchParams.get('ref') ?? undefined;
		const errorCode = field(params, 'ErrorCode');
		return { ok: true, receipts: [{ ref, providerMessageId: sid, status, error: status === 'failed' ? `Twilio error ${errorCode ?? 'unknown'}` : undefined }] };
	}

	close(): void {
		this.agent.destroy();
	}
}
