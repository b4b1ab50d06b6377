/** One SMS to one phone for one alert: the small recipient item SMS Dispatch works with. */
export interface DispatchRecipient {
	/** The message id (AC-…, or with -MAJ-…/-FIN: alert/message-id.ts), named alertId in items. */
	alertId: string;
	/** E.164. */
	phone: string;
	text: string;
	/** Alphanumeric sender ID (≤ 11 characters) or a number. */
	sender: string;
}

/** Life of a ledger row: `queued → sent → delivered | failed | expired`. */
export const LEDGER_STATUSES = ['queued', 'sent', 'delivered', 'failed', 'expired'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** Statuses after which a recipient is never sent again for the same alert. */
export const FINAL_OR_SENT: readonly LedgerStatus[] = ['sent', 'delivered', 'failed', 'expired'];

/** One ledger row as the domain sees it (times are epoch milliseconds). */
export interface LedgerRow {
	id: number;
	/** The message id the row is keyed by (column `message_id`), named alertId in items. */
	alertId: string;
	phone: string;
	text: string;
	sender: string;
	/** Our correlation id, carried to the provider (dlr-url, callback URL, tag) and back in receipts. */
	ref: string;
	status: LedgerStatus;
	provider: string | null;
	providerMessageId: string | null;
	attempts: number;
	error: string | null;
	errorCode: string | null;
	claimToken: string | null;
	claimedUntil: number | null;
	/** Set just before the provider call; a row with `handedAt` but still `queued` is in doubt. */
	handedAt: number | null;
	queuedAt: number;
	sentAt: number | null;
	deliveredAt: number | null;
	finishedAt: number | null;
}

/** What happened to one recipient in one Send run: SMS Dispatch's output item. */
export type RecipientOutcome = Pick<LedgerRow, 'alertId' | 'phone' | 'status' | 'provider' | 'providerMessageId' | 'attempts' | 'error' | 'errorCode'> & {
	/** True when this run did not send it: it was already sent (re-run) or another worker sent it. */
	skipped: boolean;
	segments: number;
};
