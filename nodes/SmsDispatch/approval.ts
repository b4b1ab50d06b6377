import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { approvalLine, approvalRefusal, frenchDateTime, type Approval, type ApprovalJournal, type ApprovalReason } from '../shared/dispatch';

/** What the approver reads as the reason of the wait; above the cap, with the count and the cap when known. */
function reasonText(reason: ApprovalReason, recipients: number | undefined, max: unknown): string {
	if (reason === 'required') return 'Validation par une seconde personne requise pour chaque alerte.';
	const figures = recipients !== undefined && Number(max) > 0 ? ` (${recipients} téléphones pour un maximum de ${Number(max)})` : '';
	return `Cette alerte dépasse le nombre maximal de destinataires fixé par la CCI${figures} : elle ne part que si une personne la valide.`;
}

/**
 * Fields a dry run adds to an item (Sector Targeting, Include the Alert): shown to the approver, not
 * part of the alert that is stored and sent. `recipients`, `maxRecipients` and `overLimit` stay.
 */
const SUMMARY_FIELDS = new Set(['decision', 'decisionText', 'decisionHtml', 'dryRun', 'incidentType', 'communes', 'areaPolicy', 'rules', 'members', 'byRule', 'byProfession', 'byCommune', 'excluded', 'sample', 'invalidMembers']);

const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

function approvalView(approval: Approval): IDataObject {
	return {
		messageId: approval.messageId,
		reason: approval.reason,
		requestedAt: new Date(approval.requestedAt).toISOString(),
		expiresAt: new Date(approval.expiresAt).toISOString(),
		...(approval.decision ? { decision: approval.decision, decidedBy: approval.decidedBy ?? '', decidedAt: new Date(approval.decidedAt ?? 0).toISOString() } : {}),
	};
}

/** Request: stores each alert with its summary and outputs it with the link for the approver. */
export async function executeRequestApproval(ctx: IExecuteFunctions, approvals: ApprovalJournal): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const json = items[index].json;
		const messageId = str(json.messageId ?? json.alertId).trim();
		const pageUrl = str(ctx.getNodeParameter('approvalPageUrl', index, '')).trim();
		if (!messageId || !str(json.text)) {
			throw new NodeOperationError(ctx.getNode(), 'The item is not a composed alert', {
				itemIndex: index,
				description: 'Connect the Alert Composer output (with the dry run of Sector Targeting merged in, for the summary): the alert needs alertId and text.',
			});
		}
		if (!/^https?:\/\//.test(pageUrl)) {
			throw new NodeOperationError(ctx.getNode(), 'Approval Page URL is not a web address', {
				itemIndex: index,
				description: 'Give the address of the approval form (Form Trigger with a hidden field "jeton"), e.g. https://n8n.cci63.fr/form/alerte-commerces/validation.',
			});
		}
		const minutes = Number(ctx.getNodeParameter('approvalMinutes', index, 30));
		const reason = ctx.getNodeParameter('approvalReason', index, 'required') as ApprovalReason;
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
		const url = `${pageUrl}${pageUrl.includes('?') ? '&' : '?'}jeton=${token}`;
		out.push({
			json: { ...json, approval: { url, reason, reasonText: reasonText(reason, Number.isFinite(recipients) ? recipients : undefined, json.maxRecipients), expiresAt: new Date(expiresAt).toISOString(), expiresAtText: frenchDateTime(expiresAt), validityMinutes: minutes } },
			pairedItem: { item: index },
		});
	}
	return [out];
}

/** Check Link: what the approval page shows before the approver decides. */
export async function executeCheckApproval(ctx: IExecuteFunctions, approvals: ApprovalJournal): Promise<INodeExecutionData[][]> {
	return [
		await Promise.all(
			ctx.getInputData().map(async (_item, index): Promise<INodeExecutionData> => {
				const check = await approvals.check(str(ctx.getNodeParameter('approvalToken', index, '')).trim());
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
		),
	];
}

/** Decide: records the decision once; an approval outputs the stored alert, ready for Sector Targeting. */
export async function executeDecideApproval(ctx: IExecuteFunctions, approvals: ApprovalJournal): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const approver = str(ctx.getNodeParameter('approver', index, '')).trim();
		if (!approver) {
			throw new NodeOperationError(ctx.getNode(), 'Approver is empty', {
				itemIndex: index,
				description: 'The journal records who approved: set Approver to the name typed on the approval page, e.g. {{ $(\'Page de validation\').first().json[\'Nom et prénom\'] }}.',
			});
		}
		const approve = ctx.getNodeParameter('approve', index, false) as boolean;
		const outcome = await approvals.decide(str(ctx.getNodeParameter('approvalToken', index, '')).trim(), approve ? 'approved' : 'rejected', approver.slice(0, 200));
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
	return [out];
}
