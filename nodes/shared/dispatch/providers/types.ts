import type { SmsEncoding } from '../../sms';
import type { LedgerStatus } from '../types';

/** One SMS as handed to a provider. */
export interface OutgoingSms {
	/** Our correlation id (ledger `ref`), for receipts. */
	ref: string;
	/** E.164. */
	phone: string;
	text: string;
	sender: string;
	encoding: SmsEncoding;
}

/** Why a call failed, in the dispatcher's terms (what to do next, not what the API said). */
export type ErrorClass = 'retry' | 'permanent' | 'auth';

/** The provider's answer for one SMS of a batch. */
export type SendOutcome =
	| { kind: 'accepted'; providerMessageId: string | null; delivered?: boolean }
	| { kind: 'retry'; code: string; error: string; retryAfterMs?: number; inDoubt: boolean }
	| { kind: 'permanent'; code: string; error: string }
	| { kind: 'auth'; code: string; error: string };

/** An incoming HTTP call carrying receipts, as the n8n Webhook node passes it on. */
export interface ReceiptRequest {
	method: string;
	/** The full public URL the provider called, query string included (Twilio signs it). */
	url: string;
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
	/** Parsed JSON or form body (an object), or the raw text. */
	body: unknown;
}

/** A receipt after parsing: which message, and what happened to it. */
export interface ParsedReceipt {
	ref?: string;
	providerMessageId?: string;
	/** Null for an event the ledger does not track (e.g. a reply). */
	status: Exclude<LedgerStatus, 'queued'> | null;
	error?: string;
	/**
	 * Authenticated by the shared secret itself (`s=`), as URLs made before per-message signatures
	 * were: the ledger accepts it only for a message sent by then (see `Ledger.recordReceipt`).
	 */
	legacySecret?: boolean;
}

export type ReceiptParse = { ok: true; receipts: ParsedReceipt[] } | { ok: false; reason: string };

/** Static facts about a provider, as data. */
export interface ProviderLimits {
	/** SMS per API call (OVH takes a receivers list; the others one recipient per call). */
	maxBatch: number;
	/** Concurrent calls that suit the API. */
	concurrency: number;
	/** A safe default rate (messages/s); 0 = unlimited (own gateway). */
	rate: number;
	/** Indicative price of one segment in euros, for dry-run estimates only. */
	costPerSegment: number;
}

/** The one interface every provider implements: send a batch, parse a receipt. */
export interface SmsProvider {
	readonly name: ProviderName;
	readonly limits: ProviderLimits;
	/**
	 * True when receipts carry our ref back (a receipt URL is configured): a call that may have
	 * reached the provider (timeout, reset, an unreadable answer) can then be settled by its receipt
	 * within the in-doubt grace. Every provider's in-doubt calls wait for the grace either way; none is
	 * re-sent at once.
	 */
	readonly settlesInDoubt: boolean;
	/** Sends SMS in one call (batch.length ≤ limits.maxBatch); one outcome per SMS, same order. Never throws. */
	send(batch: readonly OutgoingSms[]): Promise<SendOutcome[]>;
	/** Authenticates and parses a receipt call; forged or foreign calls return `ok: false`. */
	parseReceipt(request: ReceiptRequest): ReceiptParse;
	/** Frees sockets. */
	close(): void;
}

export const PROVIDER_NAMES = ['kannel', 'ovh', 'brevo', 'twilio', 'sandbox'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];
