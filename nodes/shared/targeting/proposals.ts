import { frenchDateTime } from '../incident/dates';
import { hashLinkToken, newLinkToken } from '../link-token';
import type { SqlDb } from '../store';
import { InvalidRulesetError } from './compare';
import { loadRuleset } from './load';
import { appendVersion, checkPublication, currentVersionNumber, lockedCurrentVersion, rulesetStoreOf, type PublishRulesetInput, type RulesetVersion } from './store';
import type { Ruleset, RulesetError } from './types';

/**
 * A rules change that waits for a second person. The CCI staffer who uploads a matrix proposes;
 * another person opens the link, reads the same comparison, and approves (the version is published
 * then, in the proposer's name, with the approver recorded) or refuses. A link works once, until
 * it expires, and only while the rules it was compared with are still in force: approving a
 * comparison made against rules that have since changed would publish an effect nobody saw.
 */

/** How long a rules approval link works when the workflow does not say (minutes): a day, rules are not urgent. */
export const DEFAULT_RULESET_APPROVAL_MINUTES = 24 * 60;

/** What a second person decided; `superseded`: the rules changed before the approval, nothing was published. */
export type ProposalDecision = 'approved' | 'rejected' | 'superseded';

/** A proposed version as stored (never its token). */
export interface RulesetProposal {
	ruleset: Ruleset;
	/** Who proposed it: the version's author once published. */
	author: string;
	reason: string;
	/** The comparison the proposer saw (HTML), shown again to the approver. */
	summaryHtml?: string;
	/** The version in force when it was proposed: the one it was compared with. */
	basedOn: number;
	requestedAt: number;
	expiresAt: number;
	decision?: ProposalDecision;
	decidedBy?: string;
	decidedAt?: number;
	/** The version it became, once approved. */
	publishedVersion?: number;
}

export interface ProposeRulesetInput extends Omit<PublishRulesetInput, 'now'> {
	summaryHtml?: string;
	/** How long the link works, in ms (DEFAULT_RULESET_APPROVAL_MINUTES when not given). */
	validityMs?: number;
}

export type ProposeResult = { ok: true; token: string; proposal: RulesetProposal } | { ok: false; errors: RulesetError[] };

/** What a link stands for: open, already used, expired, overtaken by another version, or never issued. */
export type ProposalCheck =
	| { state: 'open' | 'used' | 'expired'; proposal: RulesetProposal }
	| { state: 'stale'; proposal: RulesetProposal; current: number }
	| { state: 'unknown' };

/** What deciding gives: published, refused, or why nothing was decided (and nothing published). */
export type ProposalOutcome =
	| { state: 'published'; proposal: RulesetProposal; version: RulesetVersion }
	| { state: 'rejected'; proposal: RulesetProposal }
	/** The approver is the proposer: the link stays open for someone else. */
	| { state: 'same-person'; proposal: RulesetProposal }
	| Exclude<ProposalCheck, { state: 'open' }>;

interface ProposalRow {
	document: string;
	author: string;
	reason: string;
	summary_html: string | null;
	based_on: number | string;
	requested_at: number | string;
	expires_at: number | string;
	decision: string | null;
	decided_by: string | null;
	decided_at: number | string | null;
	published_version: number | string | null;
}

function toProposal(row: ProposalRow): RulesetProposal {
	return {
		// Validated when proposed, and again when approved (decide).
		ruleset: JSON.parse(row.document) as Ruleset,
		author: row.author,
		reason: row.reason,
		...(row.summary_html ? { summaryHtml: row.summary_html } : {}),
		basedOn: Number(row.based_on),
		requestedAt: Number(row.requested_at),
		expiresAt: Number(row.expires_at),
		...(row.decision ? { decision: row.decision as ProposalDecision } : {}),
		...(row.decided_by ? { decidedBy: row.decided_by } : {}),
		...(row.decided_at === null ? {} : { decidedAt: Number(row.decided_at) }),
		...(row.published_version === null ? {} : { publishedVersion: Number(row.published_version) }),
	};
}

/** Two names for the same person: case, accents, spaces and punctuation aside ("Claire Martin, CCI" = "claire martin cci"). */
export function samePerson(a: string, b: string): boolean {
	const key = (name: string) =>
		name
			.normalize('NFD')
			.replace(/\p{M}/gu, '')
			.toLowerCase()
			.replace(/[^\p{L}\p{N}@.]+/gu, ' ')
			.trim();
	return key(a) !== '' && key(a) === key(b);
}

/** The rules proposals of one register database. */
export class RulesetProposals {
	constructor(readonly db: SqlDb) {}

	/** Checks the proposal like a publication and stores it; returns the token for the link (shown once, never stored). */
	async propose(input: ProposeRulesetInput, now = Date.now()): Promise<ProposeResult> {
		const checked = checkPublication(input);
		if (!checked.ok) return checked;
		const token = newLinkToken();
		// A version published after this read makes the proposal stale: checked when it is decided.
		const basedOn = await currentVersionNumber(this.db);
		const proposal: RulesetProposal = {
			ruleset: checked.ruleset,
			author: checked.author,
			reason: checked.reason,
			...(input.summaryHtml ? { summaryHtml: input.summaryHtml } : {}),
			basedOn,
			requestedAt: now,
			expiresAt: now + (input.validityMs ?? DEFAULT_RULESET_APPROVAL_MINUTES * 60_000),
		};
		await this.db.run(
			'INSERT INTO ruleset_proposals (token_hash, document, author, reason, summary_html, based_on, requested_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
			[hashLinkToken(token), JSON.stringify(checked.ruleset, null, 2), proposal.author, proposal.reason, input.summaryHtml ?? null, basedOn, now, proposal.expiresAt],
		);
		return { ok: true, token, proposal };
	}

	/** What a link stands for now. */
	async check(token: string, now = Date.now()): Promise<ProposalCheck> {
		return this.checkIn(this.db, token, now);
	}

	/**
	 * Records the decision once. Approving publishes the proposal as the next version, in the same
	 * transaction as the decision, so two clicks cannot publish twice and no other version can slip
	 * in between; the proposer cannot approve their own change.
	 */
	async decide(token: string, approve: boolean, decidedBy: string, now = Date.now()): Promise<ProposalOutcome> {
		const approver = decidedBy.trim();
		if (!token || !approver) return { state: 'unknown' };
		return this.db.transaction(async (tx): Promise<ProposalOutcome> => {
			const current = await lockedCurrentVersion(tx);
			const check = await this.checkIn(tx, token, now, current);
			if (check.state === 'stale') {
				await this.record(tx, token, 'superseded', approver, now);
				return check;
			}
			if (check.state !== 'open') return check;
			const { proposal } = check;
			if (!approve) {
				await this.record(tx, token, 'rejected', approver, now);
				return { state: 'rejected', proposal: { ...proposal, decision: 'rejected', decidedBy: approver, decidedAt: now } };
			}
			if (samePerson(proposal.author, approver)) return { state: 'same-person', proposal };
			// Valid when proposed; a package update since then may have made it invalid.
			const loaded = loadRuleset(proposal.ruleset);
			if (!loaded.ok) throw new InvalidRulesetError('proposed', loaded.errors);
			const version = await appendVersion(tx, {
				ruleset: loaded.ruleset,
				author: proposal.author,
				reason: proposal.reason,
				publishedAt: new Date(now).toISOString(),
				approvedBy: approver,
			});
			await this.record(tx, token, 'approved', approver, now, version.version);
			return { state: 'published', proposal: { ...proposal, decision: 'approved', decidedBy: approver, decidedAt: now, publishedVersion: version.version }, version };
		});
	}

	private async checkIn(db: SqlDb, token: string, now: number, current?: number): Promise<ProposalCheck> {
		const rows = token ? await db.query<ProposalRow>('SELECT * FROM ruleset_proposals WHERE token_hash = ?', [hashLinkToken(token)]) : [];
		if (!rows.length) return { state: 'unknown' };
		const proposal = toProposal(rows[0]);
		if (proposal.decidedAt !== undefined) return { state: 'used', proposal };
		if (proposal.expiresAt <= now) return { state: 'expired', proposal };
		const inForce = current ?? (await currentVersionNumber(db));
		if (inForce !== proposal.basedOn) return { state: 'stale', proposal, current: inForce };
		return { state: 'open', proposal };
	}

	private async record(tx: SqlDb, token: string, decision: ProposalDecision, decidedBy: string, now: number, version?: number): Promise<void> {
		await tx.run('UPDATE ruleset_proposals SET decision = ?, decided_by = ?, decided_at = ?, published_version = ? WHERE token_hash = ? AND decided_at IS NULL', [
			decision,
			decidedBy.slice(0, 200),
			now,
			version ?? null,
			hashLinkToken(token),
		]);
	}
}

/** The rules proposals of an open register database (the ruleset store's migrations create their table). */
export async function rulesetProposalsOf(db: SqlDb): Promise<RulesetProposals> {
	await rulesetStoreOf(db);
	return new RulesetProposals(db);
}

/** « validée par Claire Martin le 03/12/2026 à 10:05 » and the like: what happened to a proposal. */
export function proposalLine(proposal: RulesetProposal): string | undefined {
	if (proposal.decidedAt === undefined) return undefined;
	const when = `le ${frenchDateTime(proposal.decidedAt)}`;
	if (proposal.decision === 'approved') return `validée par ${proposal.decidedBy ?? 'inconnu'} ${when} (version ${proposal.publishedVersion ?? '?'})`;
	if (proposal.decision === 'superseded') return `périmée ${when} : d'autres règles avaient été publiées entre-temps`;
	return `refusée par ${proposal.decidedBy ?? 'inconnu'} ${when}`;
}

/**
 * What the approval page says when a proposal is not published. Always ends by saying the rules in
 * force did not change, which is what the reader needs to know.
 */
export function proposalRefusal(outcome: Exclude<ProposalOutcome, { state: 'published' }> | Exclude<ProposalCheck, { state: 'open' }>): string {
	const unchanged = 'Les règles en vigueur restent inchangées.';
	switch (outcome.state) {
		case 'used':
			return `Ce lien a déjà servi : proposition ${proposalLine(outcome.proposal) ?? 'déjà traitée'}. Un lien de validation ne sert qu'une fois. ${unchanged}`;
		case 'expired':
			return `Ce lien a expiré le ${frenchDateTime(outcome.proposal.expiresAt)}. ${unchanged} Pour publier ce changement, déposez la matrice à nouveau.`;
		case 'stale':
			return `Les règles ont changé depuis cette proposition (version ${outcome.current} en vigueur, la comparaison avait été faite avec la version ${outcome.proposal.basedOn}) : son effet n'est plus celui qui a été montré. ${unchanged} Déposez la matrice à nouveau pour la comparer aux règles en vigueur.`;
		case 'rejected':
			return `Proposition ${proposalLine(outcome.proposal) ?? 'refusée'}. ${unchanged}`;
		case 'same-person':
			return `${outcome.proposal.author} a proposé ce changement : une seconde personne doit le valider. Le lien reste valable jusqu'au ${frenchDateTime(outcome.proposal.expiresAt)}. ${unchanged}`;
		default:
			return `Ce lien de validation n'est pas valable (incomplet, ou d'une autre installation). ${unchanged}`;
	}
}
