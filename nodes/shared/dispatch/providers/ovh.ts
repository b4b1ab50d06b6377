import { createHash } from 'node:crypto';
import type { Agent } from 'node:http';
import { errorOutcome, field, jsonBody, sameSecret, transportOutcome } from './classify';
import { httpCall, keepAliveAgent } from './http';
import type { ErrorClass, OutgoingSms, ParsedReceipt, ProviderLimits, ReceiptParse, ReceiptRequest, SendOutcome, SmsProvider } from './types';

/** OVHcloud SMS settings (credential `alerteCommercesOvhApi`). */
export interface OvhConfig {
	/** API root, e.g. `https://eu.api.ovh.com/1.0`. */
	endpoint: string;
	applicationKey: string;
	applicationSecret: string;
	consumerKey: string;
	/** SMS account, e.g. `sms-ab12345-1`. */
	serviceName: string;
	/**
	 * Shared secret expected in the query of the account's callback URL (`?s=…`). OVH calls that one
	 * URL, set by the operator in the account, for every SMS and echoes none of our refs, so it
	 * cannot carry a per-message signature as Kannel's and Brevo's do; this package never writes it
	 * into a URL itself. Hence a secret of its own for OVH.
	 */
	receiptSecret?: string;
	timeoutMs?: number;
}

/** Receivers per job: OVH takes a list; 500 keeps one job's request small. */
export const OVH_LIMITS: ProviderLimits = { maxBatch: 500, concurrency: 4, rate: 0, costPerSegment: 0.07 };

/** OVH answers with a message; these phrases are about the credentials rather than the SMS. */
const OVH_AUTH_MESSAGES = /invalid signature|credential|application key|consumer key|not been granted|This call has not been granted/i;

/** OVH delivery report `dlr` values (Kannel-like) → ledger status. */
export const OVH_DLR_STATUS: Readonly<Record<string, ParsedReceipt['status']>> = {
	'1': 'delivered',
	'2': 'failed',
	'4': 'sent',
	'8': 'sent',
	'16': 'failed',
};

/** `$1$` + SHA-1 hex of secret+consumerKey+method+URL+body+timestamp, joined with `+`. */
export function ovhSignature(secret: string, consumerKey: string, method: string, url: string, body: string, timestamp: number): string {
	return '$1$' + createHash('sha1').update([secret, consumerKey, method, url, body, String(timestamp)].join('+')).digest('hex');
}

/** OVHcloud SMS API: one job carries many receivers. */
export class OvhProvider implements SmsProvider {
	readonly name = 'ovh' as const;
	// Receipts match by provider message id, which a lost answer never gave us.
	readonly settlesInDoubt = false;
	readonly limits = OVH_LIMITS;
	private readonly agent: Agent;
	/** Server time minus local time, in seconds (signatures use OVH's clock). */
	private offset: Promise<number> | undefined;

	constructor(private readonly config: OvhConfig) {
		this.agent = keepAliveAgent(config.endpoint, OVH_LIMITS.concurrency);
	}

	private root(): string {
		return this.config.endpoint.replace(/\/+$/, '');
	}

	private timeOffset(): Promise<number> {
		this.offset ??= httpCall({ method: 'GET', url: `${this.root()}/auth/time`, timeoutMs: this.config.timeoutMs ?? 10_000, agent: this.agent })
			.then((response) => {
				const server = Number(response.body.trim());
				if (response.status !== 200 || !Number.isFinite(server)) throw new Error(`OVH /auth/time answered ${response.status}`);
				return server - Math.floor(Date.now() / 1000);
			})
			.catch((error: unknown) => {
				this.offset = undefined;
				throw error;
			});
		return this.offset;
	}

	/** The signed headers for one call. */
	async signedHeaders(method: string, url: string, body: string): Promise<Record<string, string>> {
		const timestamp = Math.floor(Date.now() / 1000) + (await this.timeOffset());
		return {
			'content-type': 'application/json',
			'x-ovh-application': this.config.applicationKey,
			'x-ovh-consumer': this.config.consumerKey,
			'x-ovh-timestamp': String(timestamp),
			'x-ovh-signature': ovhSignature(this.config.applicationSecret, this.config.consumerKey, method, url, body, timestamp),
		};
	}

	async send(batch: readonly OutgoingSms[]): Promise<SendOutcome[]> {
		const first = batch[0];
		if (batch.some((sms) => sms.text !== first.text || sms.sender !== first.sender))
			throw new Error('an OVH job carries one text and one sender');
		const url = `${this.root()}/sms/${encodeURIComponent(this.config.serviceName)}/jobs`;
		const body = JSON.stringify({
			message: first.text,
			receivers: batch.map((sms) => sms.phone),
			sender: first.sender,
			senderForResponse: false,
			// Alerts are not marketing: no "STOP au …" appended, sent at once, any hour.
			noStopClause: true,
			priority: 'high',
			charset: 'UTF-8',
			coding: first.encoding === 'UCS-2' ? '8bit' : '7bit',
			class: 'phoneDisplay',
			tag: 'alerte-commerces',
		});
		let outcomes: SendOutcome[];
		try {
			const response = await httpCall({
				method: 'POST',
				url,
				body,
				headers: await this.signedHeaders('POST', url, body),
				timeoutMs: this.config.timeoutMs ?? 15_000,
				agent: this.agent,
			});
			const json = jsonBody(response.body);
			if (response.status !== 200) {
				const message = typeof json?.message === 'string' ? json.message : response.body.slice(0, 200);
				const table: Record<string, ErrorClass> = OVH_AUTH_MESSAGES.test(message) ? { auth: 'auth' } : {};
				const outcome = errorOutcome(response, `OVH: ${message}`, OVH_AUTH_MESSAGES.test(message) ? 'auth' : undefined, table);
				return batch.map(() => outcome);
			}
			const ids = Array.isArray(json?.ids) ? (json.ids as unknown[]).map(String) : [];
			const valid = Array.isArray(json?.validReceivers) ? (json.validReceivers as unknown[]).map(String) : batch.map((s) => s.phone);
			const invalid = new Set(Array.isArray(json?.invalidReceivers) ? (json.invalidReceivers as unknown[]).map(String) : []);
			// ids come in the order of validReceivers.
			const idOf = new Map(valid.map((phone, i) => [phone, ids[i] ?? null]));
			outcomes = batch.map((sms) =>
				invalid.has(sms.phone)
					? { kind: 'permanent', code: 'invalid-receiver', error: 'OVH refused this receiver (invalid number)' }
					: { kind: 'accepted', providerMessageId: idOf.get(sms.phone) ?? null },
			);
		} catch (error) {
			const outcome = transportOutcome(error);
			outcomes = batch.map(() => outcome);
		}
		return outcomes;
	}

	/** Checks the keys with a signed GET /sms/{serviceName}. */
	async verify(): Promise<{ ok: boolean; message: string }> {
		const url = `${this.root()}/sms/${encodeURIComponent(this.config.serviceName)}`;
		try {
			const response = await httpCall({ method: 'GET', url, headers: await this.signedHeaders('GET', url, ''), timeoutMs: 10_000, agent: this.agent });
			if (response.status === 200) return { ok: true, message: 'OVHcloud accepted the keys' };
			return { ok: false, message: `OVHcloud answered ${response.status}: ${(jsonBody(response.body)?.message as string | undefined) ?? response.body.slice(0, 200)}` };
		} catch (error) {
			return { ok: false, message: `Cannot reach OVHcloud: ${error instanceof Error ? error.message : String(error)}` };
		}
	}

	parseReceipt(request: ReceiptRequest): ReceiptParse {
		const q = request.query;
		if (!sameSecret(field(q, 's'), this.config.receiptSecret)) return { ok: false, reason: 'the callback does not carry the shared secret' };
		const id = field(q, 'id');
		const dlr = field(q, 'dlr');
		if (!id) return { ok: false, reason: 'the callback has no message id' };
		if (!dlr || !(dlr in OVH_DLR_STATUS)) return { ok: false, reason: `unknown OVH dlr ${dlr ?? '(none)'}` };
		const status = OVH_DLR_STATUS[dlr];
		const description = field(q, 'descriptionDlr') ?? field(q, 'description');
		return { ok: true, receipts: [{ providerMessageId: id, status, error: status === 'failed' ? description ?? `dlr ${dlr}` : undefined }] };
	}

	close(): void {
		this.agent.destroy();
	}
}
