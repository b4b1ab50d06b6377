import type { IDataObject } from 'n8n-workflow';
import type { Approval, ApprovalReason } from '../../../shared/dispatch';

/** What the approver reads as the reason of the wait; above the cap, with the count and the cap when known. */
export function reasonText(reason: ApprovalReason, recipients: number | undefined, max: unknown): string {
	if (reason === 'required') return 'Validation par une seconde personne requise pour chaque alerte.';
	const figures = recipients !== undefined && Number(max) > 0 ? ` (${recipients} téléphones pour un maximum de ${Number(max)})` : '';
	return `Cette alerte dépasse le nombre maximal de destinataires fixé par la CCI${figures} : elle ne part que si une personne la valide.`;
}

/** A value as text (empty for none): items and parameters may hold anything. */
export const str = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** An approval as the items show it: its reason, its dates, and its decision once taken. */
export function approvalView(approval: Approval): IDataObject {
	return {
		messageId: approval.messageId,
		reason: approval.reason,
		requestedAt: new Date(approval.requestedAt).toISOString(),
		expiresAt: new Date(approval.expiresAt).toISOString(),
		...(approval.decision ? { decision: approval.decision, decidedBy: approval.decidedBy ?? '', decidedAt: new Date(approval.decidedAt ?? 0).toISOString() } : {}),
	};
}
