import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { InvalidRulesetError, proposalRefusal } from '../../../shared/targeting';
import { perItem } from '../../helpers/perItem';
import { proposalsOf, proposalView, tokenOf } from './approvals';
import { errorText } from './versions';

const properties: INodeProperties[] = [
	{
		displayName: 'Approver',
		name: 'rulesetApprover',
		type: 'string',
		default: '',
		required: true,
		description: 'Who decides, kept in the history with the version (e.g. the name typed on the approval page); it must not be the person who proposed',
	},
	{
		displayName: 'Approve',
		name: 'rulesetApprove',
		type: 'boolean',
		default: false,
		description: 'Whether the approver chose to publish (false records a refusal)',
	},
];

/** Decide Approval's fields (besides the token): who decides, and what. */
export const description = updateDisplayOptions({ show: { resource: ['ruleset'], operation: ['decideApproval'] } }, properties);

/** Decide Approval: publishes the proposal once a second person approves; otherwise says why nothing changed. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const proposals = await proposalsOf(store);
	return [
		await perItem(
			this,
			async (index) => {
				const approver = String(this.getNodeParameter('rulesetApprover', index, '') ?? '').trim();
				if (!approver) {
					throw new NodeOperationError(this.getNode(), 'Approver is empty', {
						itemIndex: index,
						description: "The history records who approved: set Approver to the name typed on the approval page, e.g. {{ $('Validation des règles').first().json['Nom et prénom'] }}.",
					});
				}
				const approve = this.getNodeParameter('rulesetApprove', index, false) as boolean;
				const outcome = await proposals.decide(tokenOf(this, index), approve, approver.slice(0, 200));
				if (outcome.state !== 'published') {
					return { approvalState: outcome.state, approvalMessage: proposalRefusal(outcome), ...(outcome.state === 'unknown' ? {} : proposalView(outcome.proposal)) };
				}
				const { version } = outcome;
				return {
					approvalState: 'published',
					...proposalView(outcome.proposal),
					version: version.version,
					publishedAt: version.publishedAt,
					approvedBy: version.approvedBy,
					approvalMessage: `Version ${version.version} publiée : proposée par ${version.author} (« ${version.reason} »), validée par ${version.approvedBy}. Elle décide dès la prochaine alerte des workflows 1 et 2.`,
				};
			},
			(error) => (error instanceof InvalidRulesetError ? `${errorText(error.errors)}\nThe package changed since the proposal: upload the matrix again.` : undefined),
		),
	];
}
