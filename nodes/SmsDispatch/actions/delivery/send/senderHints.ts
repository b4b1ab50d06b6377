import type { IExecuteFunctions } from 'n8n-workflow';
import { validateSenderId } from '../../../../shared/sms';
import type { Accepted } from './recipients';

/** Tells in the editor, once per sender, when French operators may block or replace it (AF2M rules). */
export function senderHints(ctx: IExecuteFunctions, accepted: readonly Accepted[]): void {
	for (const sender of new Set(accepted.map((a) => a.recipient.sender))) {
		const check = validateSenderId(sender);
		if (check.ok) ctx.addExecutionHints(...check.warnings.map((warning) => ({ message: warning.message, type: 'warning' as const, location: 'outputPane' as const })));
	}
}
