import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { ledgerOf, validateRecipient, type DispatchRecipient } from '../../../../shared/dispatch';
import type { SqlDb } from '../../../../shared/store';
import { countByRule } from '../../../../shared/targeting';
import type { TargetedAlert } from './targetAlert';

/**
 * Output "One Item per Alert": the recipients go into the dispatch ledger as `queued` rows and the
 * node outputs one small item for the alert, so n8n's memory and execution log grow with alerts,
 * not recipients. SMS Dispatch (Input: One Item per Alert, Phones empty) sends to those rows.
 * Queuing is idempotent: running the alert again adds only phones not yet in the ledger.
 */
export async function oneItemPerAlert(ctx: IExecuteFunctions, db: SqlDb, alert: TargetedAlert): Promise<INodeExecutionData> {
	const { header, selection, index } = alert;
	const first = selection.recipients[0];
	// Rows are keyed by the message: an update or end of alert (AC-…-MAJ-…, AC-…-FIN) is a
	// message of its own to each phone, not the original alert already sent.
	const check = validateRecipient({ alertId: header.messageId ?? header.alertId, phone: first?.phone ?? '+33600000000', text: header.text, sender: header.sender ?? '' });
	if (!check.ok) {
		throw new NodeOperationError(ctx.getNode(), `Cannot store the recipients of this alert: ${check.errors.join('; ')}`, {
			itemIndex: index,
			description: 'With Output "One Item per Alert" the alert must carry alertId, text and sender (the Alert Composer output has them): they are stored with each recipient for SMS Dispatch.',
		});
	}
	const { alertId, text, sender } = check.recipient;
	const rows: DispatchRecipient[] = selection.recipients.map((r) => ({ alertId, phone: r.phone, text, sender }));
	const queued = await (await ledgerOf(db)).enqueue(rows);
	const json: IDataObject = { ...header, text, sender, recipients: rows.length, newlyQueued: queued, byRule: countByRule(selection.recipients), recipientsStoredIn: 'dispatch ledger' };
	return { json, pairedItem: { item: index } };
}
