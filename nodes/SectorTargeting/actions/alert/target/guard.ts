import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { countByRule } from '../../../../shared/targeting';
import type { TargetedAlert } from './targetAlert';

/** Maximum Recipients, and how many phones a person confirmed (0 = nobody). */
export interface RecipientCap {
	max: number;
	confirmed: number;
}

/**
 * The recipient cap: above it, an alert goes out only when a person confirmed at least as many
 * phones (decision page, approval). A count that grew since (members joined) asks again.
 */
export function guardRecipientCap(ctx: IExecuteFunctions, { plan, selection, index }: TargetedAlert, cap: RecipientCap): void {
	const count = selection.recipients.length;
	if (cap.max <= 0 || count <= cap.max || (cap.confirmed > 0 && count <= cap.confirmed)) return;
	const rules = Object.entries(countByRule(selection.recipients)).map(([rule, n]) => `${rule} (${n})`);
	const confirmed = cap.confirmed > 0 ? `, and more than the ${cap.confirmed} a person confirmed` : '';
	throw new NodeOperationError(ctx.getNode(), `This alert would reach ${count} phones, more than the maximum of ${cap.max}${confirmed}`, {
		itemIndex: index,
		description: `Nothing was sent. Rules that matched: ${rules.join(', ')}; police perimeter: ${plan.facts.requestedArea?.level ?? 'none'}. Above "Maximum Recipients" a person must see the count and confirm it: run a dry run first and pass the count confirmed on the decision page or by the approval (SMS Dispatch → Approval → Decide) as "Confirmed Recipients". Or check these rules' areas and professions.`,
	});
}
