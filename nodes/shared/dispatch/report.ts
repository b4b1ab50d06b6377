import { frenchDateTime } from '../incident/dates';
import { maskPhone } from '../phone';
import { decisionSummaryHtml, decisionSummaryText, escapeHtml } from '../targeting/decision-text';
import type { DecisionSummary } from '../targeting/decision';
import type { Approval, ApprovalCheck, ApprovalOutcome } from './approvals';
import type { AlertStatusReport } from './ledger';

const integer = new Intl.NumberFormat('fr-FR');
export { frenchDateTime };

/** « validée par Claire Martin le 02/12/2026 à 14:05 », or undefined before a decision. */
export function approvalLine(approval: Approval): string | undefined {
	if (approval.decidedAt === undefined) return undefined;
	const what = approval.decision === 'approved' ? 'validée' : 'refusée';
	return `Alerte ${what} par ${approval.decidedBy ?? 'inconnu'} le ${frenchDateTime(approval.decidedAt)}`;
}

/**
 * What the approval page says when a link cannot be used: already used (by whom, when), expired
 * (when), or unknown. Always ends by saying that nothing was sent, which is what the reader fears.
 */
export function approvalRefusal(check: Exclude<ApprovalCheck | ApprovalOutcome, { state: 'open' } | { state: 'decided' }>): string {
	if (check.state === 'used') {
		return `Ce lien a déjà servi : ${(approvalLine(check.approval) ?? 'décision déjà prise').replace(/^Alerte/, 'alerte')}. Un lien de validation ne sert qu'une fois : rien n'a été envoyé cette fois.`;
	}
	if (check.state === 'expired') {
		return `Ce lien a expiré le ${frenchDateTime(check.approval.expiresAt)}. Rien n'a été envoyé. Si l'alerte doit partir, elle doit être saisie à nouveau pour une nouvelle validation.`;
	}
	return "Ce lien de validation n'est pas valable (incomplet, ou d'une autre installation). Rien n'a été envoyé.";
}

/** What the officer reads after sending: the counts so far, the failures, who approved, the breakdown. */
export interface SendingReportInput {
	status: AlertStatusReport;
	/** The decision summary recorded in the journal when the alert was sent. */
	decision?: DecisionSummary;
	approval?: Approval;
	/** The map's image address (workflow 12's webhook): the HTML shows the decision's map from it; without it, no map. */
	mapUrl?: string;
}

function countsLine(status: AlertStatusReport): string {
	const c = status.counts;
	const accepted = c.sent + c.delivered;
	const parts = [`remis ${integer.format(c.delivered)}`, `en attente d'accusé de réception ${integer.format(c.sent)}`];
	if (c.queued) parts.push(`encore en file ${integer.format(c.queued)}`);
	return `Envoyés : ${integer.format(accepted)} sur ${integer.format(status.total)} (${parts.join(', ')}) — échecs : ${integer.format(c.failed + c.expired)}`;
}

function failureLines(status: AlertStatusReport, max: number): string[] {
	const lines = status.failures.slice(0, max).map((f) => `${maskPhone(f.phone)} : ${f.status === 'expired' ? 'expiré sans remise' : (f.error ?? f.errorCode ?? 'échec')}`);
	if (status.failures.length > max) lines.push(`… et ${integer.format(status.failures.length - max)} autres`);
	return lines;
}

/** The report as plain French lines (email). */
export function sendingReportText(input: SendingReportInput, maxFailures = 20): string {
	const lines = [countsLine(input.status)];
	const failures = failureLines(input.status, maxFailures);
	if (failures.length) lines.push('Échecs :', ...failures.map((f) => `- ${f}`));
	const approved = input.approval && approvalLine(input.approval);
	if (approved) lines.push(approved);
	if (input.decision) lines.push('', decisionSummaryText(input.decision));
	return lines.join('\n');
}

/** The report as HTML for a form's last page or an HTML email; every value escaped. */
export function sendingReportHtml(input: SendingReportInput, maxFailures = 20): string {
	const parts = [`<b>${escapeHtml(countsLine(input.status))}</b><br>`];
	const failures = failureLines(input.status, maxFailures);
	if (failures.length) parts.push(`<b>Échecs</b><ul>${failures.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`);
	const approved = input.approval && approvalLine(input.approval);
	if (approved) parts.push(`${escapeHtml(approved)}<br>`);
	// Pages and emails drop a drawing written into them: the map only as an image from mapUrl.
	if (input.decision) parts.push(`<br>${decisionSummaryHtml(input.decision, input.mapUrl ? { mapUrl: input.mapUrl } : { map: false })}`);
	return parts.join('');
}
