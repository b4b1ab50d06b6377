import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { validateRecipient, type DispatchRecipient, type Ledger } from '../../../../shared/dispatch';
import { maskPhone } from '../../../../shared/phone';
import { failItem } from '../failItem';

/** Input: one item per recipient, or one per alert (with its phones, or those stored or reached before). */
export type SendMode = 'recipient' | 'alert';

/** One accepted input: which item it came from and what to send. */
export interface Accepted {
	index: number;
	recipient: DispatchRecipient;
}

/** What Send read from its items. */
export interface SendInput {
	/** The recipients to send, each with its item. */
	accepted: Accepted[];
	/** Alert-mode items: the alert they stand for, with phones given inline (or none: read back from the ledger). */
	alertItems: { index: number; alertId: string }[];
	/** Error items for the items refused (with Continue On Fail; otherwise the node stopped). */
	refused: INodeExecutionData[];
}

function phonesOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v && 'phone' in v ? String((v as IDataObject).phone) : String(v)));
	if (typeof value === 'string' && value.trim()) return value.split(/[\s,;]+/).filter(Boolean);
	return [];
}

/**
 * Reads a per-item parameter. When it is the default `{{ $json.field }}`, the field is read from the
 * item directly: evaluating n8n expressions costs ≈ 0.1 ms each, which at 10,000 recipients and four
 * parameters would take longer than sending the SMS.
 */
function itemReader(ctx: IExecuteFunctions, items: INodeExecutionData[], name: string): (index: number) => unknown {
	const raw = ctx.getNodeParameter(name, 0, '', { rawExpressions: true });
	// `{{ $json.a }}` or `{{ $json.a ?? $json.b }}` (the Alert ID default: an update's own message id first).
	const direct = typeof raw === 'string' ? /^=\{\{\s*\$json\.([A-Za-z_]\w*)(?:\s*\?\?\s*\$json\.([A-Za-z_]\w*))?\s*\}\}$/.exec(raw) : null;
	if (direct) {
		const [, first, second] = direct;
		return (index) => items[index].json[first] ?? (second === undefined ? undefined : items[index].json[second]) ?? '';
	}
	return (index) => ctx.getNodeParameter(name, index, '');
}

/**
 * The phones a previous alert reached (and its updates), for an end of alert: read from the
 * ledger, less the numbers opted out or erased since. Otherwise why not, for the item's error: an
 * alert that reached nobody means the officer typed a wrong id, or the alert was never sent.
 */
async function previousRecipients(ctx: IExecuteFunctions, ledger: Ledger, index: number, messageId: string): Promise<string[] | { message: string; description: string }> {
	const previous = String(ctx.getNodeParameter('previousAlertId', index, '')).trim();
	if (!previous) {
		return {
			message: 'Previous Alert ID is empty',
			description: 'Give the ID of the alert whose recipients get this message (AC-…): the Alert Composer output of an end of alert carries it as alertId.',
		};
	}
	if (previous === messageId) {
		return {
			message: `This message has the same ID as the previous alert (${previous})`,
			description: 'An end of alert or update is a message of its own: set Alert ID to its message ID, e.g. {{ $json.messageId ?? $json.alertId }}.',
		};
	}
	const phones = await ledger.reachedPhones(previous);
	if (phones.length) return phones;
	return {
		message: `Alert ${previous} reached no one`,
		description: 'No SMS of that alert is recorded as sent in the ledger. Check the alert ID (AC-…), and that the alert was sent with this registry.',
	};
}

/** Reads and validates Send's items: the recipients to send, and an error for each item refused. */
export async function readSendInput(ctx: IExecuteFunctions, ledger: Ledger, mode: SendMode): Promise<SendInput> {
	const items = ctx.getInputData();
	const input: SendInput = { accepted: [], alertItems: [], refused: [] };
	const recipientsFrom = mode === 'alert' ? (ctx.getNodeParameter('recipientsFrom', 0, 'phones') as 'phones' | 'previousAlert') : 'phones';
	const read = {
		alertId: itemReader(ctx, items, 'alertId'),
		text: itemReader(ctx, items, 'text'),
		sender: itemReader(ctx, items, 'sender'),
		phone: recipientsFrom === 'phones' ? itemReader(ctx, items, mode === 'recipient' ? 'phone' : 'phones') : () => '',
	};
	for (let index = 0; index < items.length; index++) {
		const alertId = read.alertId(index);
		const text = read.text(index);
		const sender = read.sender(index);
		let phones: unknown[];
		if (mode === 'recipient') phones = [read.phone(index)];
		else if (recipientsFrom === 'phones') phones = phonesOf(read.phone(index));
		else {
			const previous = await previousRecipients(ctx, ledger, index, String(alertId ?? ''));
			if (!Array.isArray(previous)) {
				input.refused.push(failItem(ctx, index, previous.message, previous.description));
				continue;
			}
			phones = previous;
		}
		if (mode === 'alert') input.alertItems.push({ index, alertId: String(alertId ?? '') });
		const errors: string[] = [];
		for (const phone of phones) {
			const check = validateRecipient({ alertId, phone, text, sender });
			if (check.ok) input.accepted.push({ index, recipient: check.recipient });
			else errors.push(`${maskPhone(String(phone))}: ${check.errors.join('; ')}`);
		}
		if (mode === 'alert' && !alertId) errors.push('alertId is missing');
		if (errors.length) {
			input.refused.push(failItem(ctx, index, `Recipient not valid: ${errors.slice(0, 3).join(' | ')}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}`, 'Each recipient needs an alert ID, a mobile number in international form (+33…), a non-empty text and a sender of at most 11 letters/digits.'));
		}
	}
	return input;
}
