import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { frenchDateTime } from '../../../shared/incident/dates';
import type { RegistryStore } from '../../../shared/registry';
import { escapeHtml, proposalRefusal } from '../../../shared/targeting';
import { perItem } from '../../helpers/perItem';
import { proposalsOf, proposalView, tokenOf } from './approvals';

/** Check Approval Link has no field of its own: its token field is shared with Decide Approval (fields.ts). */
export const description: INodeProperties[] = [];

/** Check Approval Link: what the approval page shows before the second person decides. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const proposals = await proposalsOf(store);
	return [
		await perItem(this, async (index) => {
			const check = await proposals.check(tokenOf(this, index));
			if (check.state !== 'open') {
				return { approvalState: check.state, approvalMessage: proposalRefusal(check), ...(check.state === 'unknown' ? {} : proposalView(check.proposal)) };
			}
			const p = check.proposal;
			const proposed = `Proposé par ${p.author} le ${frenchDateTime(p.requestedAt)} : « ${p.reason} ».`;
			const link = `Lien valable jusqu'au ${frenchDateTime(p.expiresAt)}, une seule fois ; la personne qui a proposé ne peut pas valider.`;
			const approvalMessage = `${proposed} ${link}`;
			return {
				approvalState: 'open',
				...proposalView(p),
				approvalMessage,
				html: p.summaryHtml ?? '',
				// For the decision page: the message (escaped) above the comparison the proposer saw.
				pageHtml: `<p><b>${escapeHtml(proposed)}</b><br>${escapeHtml(link)}</p><br>${p.summaryHtml ?? ''}`,
			};
		}),
	];
}
