import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { frenchDateTime, type ApprovalJournal, type ApprovalReason } from '../../../shared/dispatch';
import { DEFAULT_APPROVAL_MINUTES } from '../../../shared/dispatch/approvals';
import { linkWithToken } from '../../../shared/link-token';
import { reasonText, str } from './view';

const properties: INodeProperties[] = [
	{
		displayName: 'Approval Page URL',
		name: 'approvalPageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.cci63.fr/form/alerte-commerces/validation',
		description: 'Address of the approval form (a Form Trigger with a hidden field "jeton"); the link adds the token to it',
	},
	{
		displayName: 'Link Validity (Minutes)',
		name: 'approvalMinutes',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: DEFAULT_APPROVAL_MINUTES,
		description: 'After this, the link says it has expired and sends nothing',
	},
	{
		displayName: 'Reason',
		name: 'approvalReason',
		type: 'options',
		options: [
			{ name: 'Approval Required', value: 'required', description: 'The workflow asks a second person for every alert' },
			{ name: 'Above the Recipient Cap', value: 'over_cap', description: 'The alert reaches more phones than Sector Targeting\'s Maximum Recipients' },
		],
		default: 'required',
		description: 'Why this alert waits for a second person (shown to the approver and in Alert Status)',
	},
];

/** Request's fields: the approval page, how long its link works, and why. */
export const description = updateDisplayOptions({ show: { resource: ['approval'], operation: ['request'] } }, properties);

/**
 * Fields a dry run adds to an item (Sector Targeting, Include the Alert): shown to the approver, not
 * part of the alert that is stored and sent. `recipients`, `maxRecipients` and `overLimit` stay.
 */
const SUMMARY_FIELDS = new Set(['decision', 'decisionText', 'decisionHtml', 'dryRun', 'incidentType', 'communes', 'areaPolicy', 'rules', 'members', 'byRule', 'byProfession', 'byCommune', 'excluded', 'sample', 'invalidMembers']);

/** Request: stores each alert with its summary and outputs it with the link for the approver. */
export async function execute(this: IExecuteFunctions, approvals: ApprovalJournal): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const json = items[index].json;
		const messageId = str(json.messageId ?? json.alertId).trim();
		const pageUrl = str(this.getNodeParameter('approvalPageUrl', index, '')).trim();
		if (!messageId || !str(json.text)) {
			throw new NodeOperationError(this.getNode(), 'The item is not a composed alert', {
				itemIndex: index,
				description: 'Connect the Alert Composer output (with the dry run of Sector Targeting merged in, for the summary): the alert needs alertId and text.',
			});
		}
		if (!/^https?:\/\//.test(pageUrl)) {
			throw new NodeOperationError(this.getNode(), 'Approval Page URL is not a web address', {
				itemIndex: index,
				description: 'Give the address of the approval form (Form Trigger with a hidden field "jeton"), e.g. https://n8n.cci63.fr/form/alerte-commerces/validation.',
			});
		}
		const minutes = Number(this.getNodeParameter('approvalMinutes', index, 30));
		const reason = this.getNodeParameter('approvalReason', index, 'required') as ApprovalReason;
		const item = Object.fromEntries(Object.entries(json).filter(([key]) => !SUMMARY_FIELDS.has(key)));
		const decision = json.decision as IDataObject | undefined;
		const recipients = Number(decision?.messages ?? json.recipients ?? NaN);
		const { token, expiresAt } = await approvals.request({
			messageId,
			alertId: str(json.alertId) || messageId,
			reason,
			item,
			...(typeof json.decisionHtml === 'string' ? { summaryHtml: json.decisionHtml } : {}),
			...(Number.isFinite(recipients) ? { recipients } : {}),
			validityMs: Math.max(0.01, minutes) * 60_000,
		});
		const url = linkWithToken(pageUrl, token);
		out.push({
			json: { ...json, approval: { url, reason, reasonText: reasonText(reason, Number.isFinite(recipients) ? recipients : undefined, json.maxRecipients), expiresAt: new Date(expiresAt).toISOString(), expiresAtText: frenchDateTime(expiresAt), validityMinutes: minutes } },
			pairedItem: { item: index },
		});
	}
	return out;
}
