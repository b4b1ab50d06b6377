import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { approvalRefusal, frenchDateTime, type ApprovalJournal } from '../../../shared/dispatch';
import { approvalView, reasonText, str } from './view';

/** Check Link has no field of its own: its token field is shared with Decide (token.properties.ts). */
export const description: INodeProperties[] = [];

/** Check Link: what the approval page shows before the approver decides. */
export async function execute(this: IExecuteFunctions, approvals: ApprovalJournal): Promise<INodeExecutionData[]> {
	return Promise.all(
		this.getInputData().map(async (_item, index): Promise<INodeExecutionData> => {
			const check = await approvals.check(str(this.getNodeParameter('approvalToken', index, '')).trim());
			if (check.state !== 'open') {
				const known = check.state === 'unknown' ? {} : { alertId: check.approval.alertId, approval: approvalView(check.approval) };
				return { json: { approvalState: check.state, approvalMessage: approvalRefusal(check), ...known }, pairedItem: { item: index } };
			}
			const a = check.approval;
			return {
				json: {
					approvalState: 'open',
					alertId: a.alertId,
					messageId: a.messageId,
					text: str(a.item.text),
					recipients: a.recipients ?? null,
					reasonText: reasonText(a.reason, a.recipients, a.item.maxRecipients),
					approvalMessage: `Lien valable jusqu'au ${frenchDateTime(a.expiresAt)}, une seule fois.`,
					decisionHtml: a.summaryHtml ?? '',
					approval: approvalView(a),
				},
				pairedItem: { item: index },
			};
		}),
	);
}
