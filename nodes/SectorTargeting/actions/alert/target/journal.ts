import { journalOf } from '../../../../shared/alert';
import type { RegistryStore } from '../../../../shared/registry';
import type { DecisionSummary } from '../../../../shared/targeting';
import type { TargetedAlert } from './targetAlert';

/**
 * Keeps the composed message and its incident in the alert journal, so an end of alert can be
 * written later from the original facts (items without a composed text are bare incidents: skipped).
 */
export async function journal(store: RegistryStore, { incident, header }: TargetedAlert, decision: DecisionSummary): Promise<void> {
	if (!header.alertId || !header.text) return;
	await (await journalOf(store.db)).record({
		alertId: header.alertId,
		messageId: header.messageId ?? header.alertId,
		msgType: header.msgType ?? 'Alert',
		status: header.status ?? 'Actual',
		text: header.text,
		sender: header.sender,
		incident: incident as unknown as Record<string, unknown>,
		// The breakdown the officer's report shows after sending (and Alert Status later); the
		// excluded members are counted in full but listed by the first 50 only.
		decision: { ...decision, excluded: { ...decision.excluded, list: decision.excluded.list.slice(0, 50) } },
	});
}
