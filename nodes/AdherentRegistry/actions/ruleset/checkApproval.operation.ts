import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { frenchDateTime } from '../../../shared/incident/dates';
import type { RegistryStore } from '../../../shared/registry';
import { proposalRefusal } from '../../../shared/targeting';
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
			return {
				approvalState: 'open',
				...proposalView(p),
				approvalMessage: `Proposé par ${p.author} le ${frenchDateTime(p.requestedAt)} : « ${p.reason} ». Lien valable jusqu'au ${frenchDateTime(p.expiresAt)}, une seule fois ; la personne qui a proposé ne peut pas valider.`,
				html: p.summaryHtml ?? '',
			};
		}),
	];
}
