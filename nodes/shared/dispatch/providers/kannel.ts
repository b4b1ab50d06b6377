import type { Agent } from 'node:http';
import { errorOutcome, field, transportOutcome } from './classify';
import { httpCall, keepAliveAgent, type HttpResponse } from './http';
import { LeanHttpPool } from './lean-http';
import { checkReceiptSignature, signedReceiptQuery } from './receipt-signature';
import type { OutgoingSms, ParsedReceipt, ProviderLimits, ReceiptParse, ReceiptRequest, SendOutcome, SmsProvider } from './types';

/** Kannel gateway settings (credential `alerteCommercesKannelApi` + node options). */
export interface KannelConfig {
	/** smsbox sendsms base URL, e.g. `http://127.0.0.1:13013`. */
	baseUrl: string;
	username: string;
	password: string;
	/** Optional SMSC route (`smsc` parameter). */
	smsc?: string;
	/** Public URL of the receipt webhook; without it no receipts are asked for. */
	receiptUrl?: string;
	/** Key of the per-message signature in the dlr-url (the secret itself never leaves n8n). */
	receiptSecret?: string;
	/** Kannel DLR mask: 1 delivered, 2 undelivered, 4 queued on SMSC, 8 SMSC ack, 16 SMSC nack. */
	dlrMask?: number;
	timeoutMs?: number;
	concurrency?: number;
}

export const KANNEL_LIMITS: ProviderLimits = { maxBatch: 1, concurrency: 20, rate: 0, costPerSegment: 0.03 };

/** Kannel DLR type (`%d`) → ledger status. */
export const KANNEL_DLR_STATUS: Readonly<Record<string, ParsedReceipt['status']>> = {
	'1': 'delivered',
	'2': 'failed',
	'4': 'sent',
	'8': 'sent',
	'16': 'failed',
};

/** Kannel's sendsms answers that mean "do not retry"; the rest follows the HTTP status. */
const KANNEL_STATUS_CODES = { '403': 'auth' } as const;

/** The dlr-url Kannel calls back: our ref and its signature, plus Kannel's escapes for type, SMSC answer and time. */
export function kannelDlrUrl(receiptUrl: string, ref: string, secret?: string): string {
	const separator = receiptUrl.includes('?') ? '&' : '?';
	return `${receiptUrl}${separator}provider=kannel&${signedReceiptQuery(ref, secret)}&type=%d&answer=%A&ts=%T`;
}

/** Kannel's HTTP sendsms interface, one SMS per call over keep-alive connections. */
export class KannelProvider implements SmsProvider {
	readonly name = 'kannel' as const;
	readonly limits: ProviderLimits;
	readonly settlesInDoubt: boolean;
	/** Plain-http gateways (the usual local smsbox) go through the lean pool, https through node:https. */
	private readonly pool: LeanHttpPool | undefined;
	private readonly agent: Agent | undefined;

	constructor(private readonly config: KannelConfig) {
		this.limits = { ...KANNEL_LIMITS, concurrency: config.concurrency ?? KANNEL_LIMITS.concurrency };
		this.settlesInDoubt = !!config.receiptUrl;
		if (config.baseUrl.startsWith('http:')) this.pool = new LeanHttpPool(config.baseUrl, this.limits.concurrency);
		else this.agent = keepAliveAgent(config.baseUrl, this.limits.concurrency);
	}

	/** The sendsms URL for one SMS. */
	sendUrl(sms: OutgoingSms): string {
		return `${this.config.baseUrl.replace(/\/+$/, '')}${this.sendPath(sms)}`;
	}

	/** The sendsms path and query for one SMS (the base URL's own path included). */
	private sendPath(sms: OutgoingSms): string {
		let url = `${this.fixedPart()}&to=${encodeURIComponent(sms.phone)}&${this.messagePart(sms)}`;
		if (this.config.receiptUrl)
			url += `&dlr-mask=${this.config.dlrMask ?? 27}&dlr-url=${encodeURIComponent(kannelDlrUrl(this.config.receiptUrl, sms.ref, this.config.receiptSecret))}`;
		return url;
	}

	private fixed: string | undefined;
	/** Base URL, user and route: the same for every call, encoded once. */
	private fixedPart(): string {
		if (this.fixed === undefined) {
			const params = new URLSearchParams({ username: this.config.username, password: this.config.password, charset: 'UTF-8' });
			if (this.config.smsc) params.set('smsc', this.config.smsc);
			this.fixed = `${new URL(this.config.baseUrl).pathname.replace(/\/+$/, '')}/cgi-bin/sendsms?${params.toString()}`;
		}
		return this.fixed;
	}

	private readonly messageParts = new Map<string, string>();
	/** Sender, text and coding, encoded once per text: the recipients of an alert all share them. */
	private messagePart(sms: OutgoingSms): string {
		const key = `${sms.encoding}\u0000${sms.sender}\u0000${sms.text}`;
		let part = this.messageParts.get(key);
		if (part === undefined) {
			// coding=2 (UCS-2) is needed for anything outside GSM-7, else Kannel sends `?`.
			part = `from=${encodeURIComponent(sms.sender)}&text=${encodeURIComponent(sms.text)}&coding=${sms.encoding === 'UCS-2' ? '2' : '0'}`;
			if (this.messageParts.size > 100) this.messageParts.clear();
			this.messageParts.set(key, part);
		}
		return part;
	}

	async send(batch: readonly OutgoingSms[]): Promise<SendOutcome[]> {
		return Promise.all(batch.map((sms) => this.sendOne(sms)));
	}

	private async sendOne(sms: OutgoingSms): Promise<SendOutcome> {
		try {
			const timeoutMs = this.config.timeoutMs ?? 10_000;
			const response: HttpResponse = this.pool
				? await this.pool.get(this.sendPath(sms), timeoutMs)
				: await httpCall({ method: 'GET', url: this.sendUrl(sms), timeoutMs, agent: this.agent });
			// 202 "0: Accepted for delivery" or "3: Queued for later delivery" (stored until the SMSC is back).
			if (response.status === 202 || response.status === 200) return { kind: 'accepted', providerMessageId: null };
			const code = response.status === 403 ? '403' : undefined;
			return errorOutcome(response, `Kannel: ${response.body.trim() || 'error'}`, code, KANNEL_STATUS_CODES);
		} catch (error) {
			return transportOutcome(error);
		}
	}

	/** Checks the sendsms user: an SMS without receiver is refused with 400 when the credentials are right, 403 when not. */
	async verify(): Promise<{ ok: boolean; message: string }> {
		const params = new URLSearchParams({ username: this.config.username, password: this.config.password, text: 'connection test' });
		try {
			const response = await httpCall({ method: 'GET', url: `${this.config.baseUrl.replace(/\/+$/, '')}/cgi-bin/sendsms?${params.toString()}`, timeoutMs: 5000 });
			if (response.status === 403) return { ok: false, message: 'Kannel refused the username or password (sendsms-user)' };
			return { ok: true, message: 'Kannel sendsms answered' };
		} catch (error) {
			return { ok: false, message: `Cannot reach Kannel: ${error instanceof Error ? error.message : String(error)}` };
		}
	}

	parseReceipt(request: ReceiptRequest): ReceiptParse {
		const q = request.query;
		const ref = field(q, 'ref');
		const type = field(q, 'type');
		if (!ref || !/^[0-9a-f]{32}$/.test(ref)) return { ok: false, reason: 'the receipt has no valid ref' };
		const auth = checkReceiptSignature(q, ref, this.config.receiptSecret);
		if (!auth.ok) return auth;
		if (!type || !(type in KANNEL_DLR_STATUS)) return { ok: false, reason: `unknown Kannel DLR type ${type ?? '(none)'}` };
		const answer = field(q, 'answer') ?? '';
		// The SMSC's own report says when a message expired rather than failed.
		const status = /stat:EXPIRED/i.test(answer) ? 'expired' : KANNEL_DLR_STATUS[type];
		return { ok: true, receipts: [{ ref, status, error: status === 'failed' || status === 'expired' ? answer || `DLR type ${type}` : undefined, legacySecret: auth.legacySecret }] };
	}

	close(): void {
		this.pool?.close();
		this.agent?.destroy();
	}
}
