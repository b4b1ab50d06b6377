import type { IExecuteFunctions } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { rulesetProposalsOf, type RulesetProposal, type RulesetProposals } from '../../../shared/targeting';

/** The register's rules proposals (nodes/shared/targeting/proposals.ts). */
export const proposalsOf = (store: RegistryStore): Promise<RulesetProposals> => rulesetProposalsOf(store.db);

/** A proposal as the items show it: who, why, against which version, and its dates (never the document or token). */
export function proposalView(proposal: RulesetProposal) {
	return {
		author: proposal.author,
		reason: proposal.reason,
		basedOn: proposal.basedOn,
		rules: proposal.ruleset.rules?.length ?? 0,
		requestedAt: new Date(proposal.requestedAt).toISOString(),
		expiresAt: new Date(proposal.expiresAt).toISOString(),
		...(proposal.decision
			? { decision: proposal.decision, decidedBy: proposal.decidedBy ?? '', decidedAt: new Date(proposal.decidedAt ?? 0).toISOString() }
			: {}),
		...(proposal.publishedVersion !== undefined ? { publishedVersion: proposal.publishedVersion } : {}),
	};
}

/** The link token of item `index`, trimmed. */
export function tokenOf(ctx: IExecuteFunctions, index: number): string {
	const token = ctx.getNodeParameter('rulesetApprovalToken', index, '');
	return typeof token === 'string' ? token.trim() : '';
}
