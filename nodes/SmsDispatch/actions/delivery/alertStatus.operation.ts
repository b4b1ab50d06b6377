import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { approvalsOf, sendingReportHtml, sendingReportText, type Ledger } from '../../../shared/dispatch';
import { journalOf } from '../../../shared/alert';
import { maskPhone } from '../../../shared/phone';
import type { DecisionSummary } from '../../../shared/targeting';
import { failItem } from './failItem';

const properties: INodeProperties[] = [
	{
		displayName: 'Alert ID',
		name: 'statusAlertId',
		type: 'string',
		default: '={{ $json.alertId }}',
		required: true,
	},
	{
		displayName: 'Map Image URL',
		name: 'statusMapImageUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.fr/webhook/alerte-commerces/carte',
		description:
			"The report's HTML shows the map of the recorded decision as an image from this address, the webhook of workflow 12 (Draw Decision Map). Empty: no map.",
	},
];

/** Alert Status's fields: which alert, and where its report's map is drawn. */
export const description = updateDisplayOptions({ show: { operation: ['alertStatus'] } }, properties);

/** Alert Status: counts by status, failures with reasons, time to last delivery. */
export async function execute(this: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const alertId = this.getNodeParameter('statusAlertId', index) as string;
		const id = String(alertId).trim();
		const status = await ledger.status(id);
		const journal = await (await journalOf(ledger.db)).entry(id);
		const approval = await (await approvalsOf(ledger.db)).latest(id);
		if (!status.total && !journal && !approval) {
			out.push(failItem(this, index, `No SMS recorded for alert ${id}`, 'Check the alert ID (AC-…): it is the one given to Send, shown in the sending report.'));
			continue;
		}
		const { decision, ...entry } = journal ?? { decision: undefined };
		const mapUrl = String(this.getNodeParameter('statusMapImageUrl', index, '')).trim();
		const report = { status, decision: decision as DecisionSummary | undefined, approval, ...(mapUrl ? { mapUrl } : {}) };
		out.push({
			json: {
				...status,
				// Failures are for people to read: phones masked, as everywhere outside the ledger.
				failures: status.failures.map((f) => ({ ...f, phone: maskPhone(f.phone) })),
				// What was sent and the incident it was written from (for an update or end of alert).
				alert: journal ? ({ ...entry, recordedAt: new Date(journal.recordedAt ?? 0).toISOString() } as unknown as IDataObject) : null,
				// Who approved the send, and when (null when no second person was asked).
				approval: approval
					? ({
							reason: approval.reason,
							requestedAt: new Date(approval.requestedAt).toISOString(),
							expiresAt: new Date(approval.expiresAt).toISOString(),
							decision: approval.decision ?? 'pending',
							decidedBy: approval.decidedBy ?? null,
							decidedAt: approval.decidedAt === undefined ? null : new Date(approval.decidedAt).toISOString(),
						} as IDataObject)
					: null,
				decision: (decision ?? null) as IDataObject | null,
				reportText: sendingReportText(report),
				reportHtml: sendingReportHtml(report),
				firstQueuedAt: status.firstQueuedAt ? new Date(status.firstQueuedAt).toISOString() : null,
				lastDeliveredAt: status.lastDeliveredAt ? new Date(status.lastDeliveredAt).toISOString() : null,
			} as unknown as IDataObject,
			pairedItem: { item: index },
		});
	}
	return out;
}
