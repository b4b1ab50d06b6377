import { hashLinkToken as hashToken, newLinkToken } from '../link-token';
import type { SqlDb } from '../store';
import { ledgerOf } from './ledger';

/** How long an approval link works when the workflow does not say (minutes). */
export const DEFAULT_APPROVAL_MINUTES = 30;

/** Why a send waits for a second person: the workflow asks for it, or the alert is above the recipient cap. */
export type ApprovalReason = 'required' | 'over_cap';

/** What a person decided on an approval page. */
export type ApprovalDecision = 'approved' | 'rejected';

/** What the journal keeps of an approval request (never its token). */
export interface Approval {
	messageId: string;
	alertId: string;
	reason: ApprovalReason;
	/** The alert item as it was when the approval was asked, sent as it is once approved. */
	item: Record<string, unknown>;
	/** The decision summary the approver is shown (HTML, escaped by decisionSummaryHtml). */
	summaryHtml?: string;
	/** SMS to send, as counted by the dry run the approver is shown. */
	recipients?: number;
	requestedAt: number;
	expiresAt: number;
	decision?: ApprovalDecision;
	/** Who decided: the name the approver gave on the page. */
	decidedBy?: string;
	decidedAt?: number;
}

/** What an approval request needs. */
export interface ApprovalRequestInput {
	messageId: string;
	alertId: string;
	reason: ApprovalReason;
	item: Record<string, unknown>;
	summaryHtml?: string;
	recipients?: number;
	/** How long the link works, in ms (DEFAULT_APPROVAL_MINUTES when not given). */
	validityMs?: number;
}

/** The state of a link: still usable, already used, expired, or never issued. */
export type ApprovalCheck =
	| { state: 'open'; approval: Approval }
	| { state: 'used'; approval: Approval }
	| { state: 'expired'; approval: Approval }
	| { state: 'unknown' };

/** What deciding gives: the approval as decided, or why nothing was decided (and nothing must be sent). */
export type ApprovalOutcome = { state: 'decided'; approval: Approval } | Exclude<ApprovalCheck, { state: 'open' }>;

interface RawApproval {
	message_id: string;
	alert_id: string;
	reason: string;
	item: string;
	summary_html: string | null;
	recipients: number | string | null;
	requested_at: number | string;
	expires_at: number | string;
	decision: string | null;
	decided_by: string | null;
	decided_at: number | string | null;
}

function toApproval(r: RawApproval): Approval {
	return {
		messageId: r.message_id,
		alertId: r.alert_id,
		reason: r.reason as ApprovalReason,
		item: JSON.parse(r.item) as Record<string, unknown>,
		...(r.summary_html ? { summaryHtml: r.summary_html } : {}),
		...(r.recipients === null ? {} : { recipients: Number(r.recipients) }),
		requestedAt: Number(r.requested_at),
		expiresAt: Number(r.expires_at),
		...(r.decision ? { decision: r.decision as ApprovalDecision } : {}),
		...(r.decided_by ? { decidedBy: r.decided_by } : {}),
		...(r.decided_at === null ? {} : { decidedAt: Number(r.decided_at) }),
	};
}

/**
 * The approvals of the alert journal: a request stores the alert and its summary under the hash of
 * a random token; the link that carries the token works once, until it expires. Deciding is one
 * conditional UPDATE, so two clicks at the same moment cannot both send.
 */
export class ApprovalJournal {
	constructor(readonly db: SqlDb) {}

	/** Records a request; returns the token for the link (shown once, never stored) and the expiry. */
	async request(input: ApprovalRequestInput, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
		const token = newLinkToken();
		const expiresAt = now + (input.validityMs ?? DEFAULT_APPROVAL_MINUTES * 60_000);
		await this.db.run(
			`INSERT INTO dispatch_approvals (token_hash, message_id, alert_id, reason, item, summary_html, recipients, requested_at, expires_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			[hashToken(token), input.messageId, input.alertId, input.reason, JSON.stringify(input.item), input.summaryHtml ?? null, input.recipients ?? null, now, expiresAt],
		);
		return { token, expiresAt };
	}

	/** What a link stands for now: open, used (by whom, when), expired, or unknown. */
	async check(token: string, now = Date.now()): Promise<ApprovalCheck> {
		const rows = token ? await this.db.query<RawApproval>('SELECT * FROM dispatch_approvals WHERE token_hash = ?', [hashToken(token)]) : [];
		if (!rows.length) return { state: 'unknown' };
		const approval = toApproval(rows[0]);
		if (approval.decidedAt !== undefined) return { state: 'used', approval };
		if (approval.expiresAt <= now) return { state: 'expired', approval };
		return { state: 'open', approval };
	}

	/** Records the decision once: only an open link takes it; otherwise says why nothing changed. */
	async decide(token: string, decision: ApprovalDecision, decidedBy: string, now = Date.now()): Promise<ApprovalOutcome> {
		if (!token) return { state: 'unknown' };
		const result = await this.db.run(
			'UPDATE dispatch_approvals SET decision = ?, decided_by = ?, decided_at = ? WHERE token_hash = ? AND decided_at IS NULL AND expires_at > ?',
			[decision, decidedBy, now, hashToken(token), now],
		);
		const check = await this.check(token, now);
		if (result.changes === 1 && check.state === 'used') return { state: 'decided', approval: check.approval };
		// Lost the race to another click, expired, or never issued: the caller sends nothing.
		return check.state === 'open' ? { state: 'unknown' } : check;
	}

	/** The latest approval of a message (or of an alert's first message), for Alert Status. */
	async latest(id: string): Promise<Approval | undefined> {
		const rows = await this.db.query<RawApproval>(
			'SELECT * FROM dispatch_approvals WHERE message_id = ? OR alert_id = ? ORDER BY CASE WHEN message_id = ? THEN 0 ELSE 1 END, requested_at DESC LIMIT 1',
			[id, id, id],
		);
		return rows.length ? toApproval(rows[0]) : undefined;
	}
}

/** The approvals of an open registry database (its ledger's migrations create their table). */
export async function approvalsOf(db: SqlDb): Promise<ApprovalJournal> {
	await ledgerOf(db);
	return new ApprovalJournal(db);
}
