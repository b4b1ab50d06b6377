import { validateSenderId } from '../sms';
import type { DispatchRecipient } from './types';

export type RecipientCheck = { ok: true; recipient: DispatchRecipient } | { ok: false; errors: string[] };

const E164 = /^\+[1-9]\d{6,14}$/;

/** Checks one recipient item before it enters the ledger (errors as values). */
export function validateRecipient(input: Partial<Record<keyof DispatchRecipient, unknown>>): RecipientCheck {
	const errors: string[] = [];
	const alertId = typeof input.alertId === 'string' || typeof input.alertId === 'number' ? String(input.alertId).trim() : '';
	const phone = typeof input.phone === 'string' ? input.phone.replace(/[\s.]/g, '') : '';
	const text = typeof input.text === 'string' ? input.text : '';
	const senderRaw = typeof input.sender === 'string' ? input.sender : '';
	if (!alertId) errors.push('alertId is missing');
	if (!E164.test(phone)) errors.push('phone is not an international (E.164) number like +33612345678');
	if (!text.trim()) errors.push('text is empty');
	const sender = validateSenderId(senderRaw);
	if (!sender.ok) errors.push(sender.message);
	if (errors.length || !sender.ok) return { ok: false, errors };
	return { ok: true, recipient: { alertId, phone, text, sender: sender.senderId } };
}
