export type SenderIdCheck =
	| { ok: true; senderId: string; kind: 'alphanumeric' | 'numeric' }
	| { ok: false; message: string };

/** Longest alphanumeric sender ID the networks carry (GSM 03.40: 11 characters in the TP-OA field). */
export const MAX_ALPHANUMERIC_SENDER = 11;

/**
 * Checks an SMS sender ID: at most 11 letters and digits with at least one letter, or a phone
 * number / short code (digits with an optional leading +, 3–15 digits, as E.164 allows).
 */
export function validateSenderId(value: string): SenderIdCheck {
	const senderId = value.trim();
	if (!senderId) return { ok: false, message: 'The sender ID is empty' };
	const number = senderId.replace(/[\s.-]/g, '');
	if (/^\+?\d+$/.test(number)) {
		const digits = number.replace('+', '').length;
		if (digits < 3 || digits > 15) {
			return { ok: false, message: `The sender number "${senderId}" must have between 3 and 15 digits` };
		}
		return { ok: true, senderId: number, kind: 'numeric' };
	}
	if (!/^[A-Za-z0-9]+$/.test(senderId)) {
		return {
			ok: false,
			message: `The sender ID "${senderId}" may only contain letters A–Z and digits (no spaces, accents or punctuation)`,
		};
	}
	if (senderId.length > MAX_ALPHANUMERIC_SENDER) {
		return {
			ok: false,
			message: `The sender ID "${senderId}" has ${senderId.length} characters; networks accept at most ${MAX_ALPHANUMERIC_SENDER}`,
		};
	}
	return { ok: true, senderId, kind: 'alphanumeric' };
}
