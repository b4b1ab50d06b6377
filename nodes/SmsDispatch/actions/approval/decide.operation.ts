import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { approvalLine, approvalRefusal, type ApprovalJournal } from '../../../shared/dispatch';
import { approvalView, str } from './view';

const properties: INodeProperties[] = [
	{
		displayName: 'Approver',
		name: 'approver',
		type: 'string',
		default: '',
		required: true,
		description: 'Who decides, as recorded in the journal and shown by Alert Status (e.g. the name typed on the approval page)',
	},
	{
		displayName: 'Approve',
		name: 'approve',
		type: 'boolean',
		default: false,
		description: 'Whether the approver chose to send (false records a refusal)',
	},
];

/** Decide's fields (besides the token): who decides, and what. */
export const description = updateDisplayOptions({ show: { resource: ['approval'], operation: ['decide'] } }, properties);

/** Decide: records the decision once; an approval outputs the stored alert, ready for Sector Targeting. */
export async function execute(this: IExecuteFunctions, approvals: ApprovalJournal): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const approver = str(this.getNodeParameter('approver', index, '')).trim();
		if (!approver) {
			throw new NodeOperationError(this.getNode(), 'Approver is empty', {
				itemIndex: index,
				description: 'The journal records who approved: set Approver to the name typed on the approval page, e.g. {{ $(\'Page de validation\').first().json[\'Nom et prénom\'] }}.',
			});
		}
		const approve = this.getNodeParameter('approve', index, false) as boolean;
		const outcome = await approvals.decide(str(this.getNodeParameter('approvalToken', index, '')).trim(), approve ? 'approved' : 'rejected', approver.slice(0, 200));
		if (outcome.state !== 'decided') {
			out.push({ json: { approvalState: outcome.state, approvalMessage: approvalRefusal(outcome) }, pairedItem: { item: index } });
			continue;
		}
		const a = outcome.approval;
		const view = approvalView(a);
		if (a.decision !== 'approved') {
			out.push({ json: { approvalState: 'rejected', alertId: a.alertId, approval: view, approvalMessage: `${approvalLine(a) ?? ''}. Rien n'a été envoyé.` }, pairedItem: { item: index } });
			continue;
		}
		// The alert as it was shown, with the count the approver confirmed: Sector Targeting lets it past its cap.
		out.push({ json: { ...(a.item as IDataObject), approvalState: 'approved', approval: view, confirmedRecipients: a.recipients ?? 0 }, pairedItem: { item: index } });
	}
	return out;
}
