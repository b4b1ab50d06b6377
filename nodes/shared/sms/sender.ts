import { GENERIC_SENDER_WORDS, PROTECTED_SENDER_NAMES } from './sender-words';

/** The rule a sender ID breaks (French operators, AF2M rules since 2025). */
export type SenderIdRule = 'empty' | 'characters' | 'length' | 'number-length' | 'digits-only' | 'generic-word' | 'protected-name';

/** A rule the sender breaks that operators may enforce by blocking or replacing it; the SMS can still be sent. */
export interface SenderIdWarning {
	rule: SenderIdRule;
	message: string;
}

/** Refused: no network carries it. Accepted: with the warnings French operators may act on. */
export type SenderIdCheck =
	| { ok: true; senderId: string; kind: 'alphanumeric' | 'numeric'; warnings: SenderIdWarning[] }
	| { ok: false; rule: SenderIdRule; message: string };

/** Longest alphanumeric sender ID the networks carry (GSM 03.40: 11 characters in the TP-OA field). */
export const MAX_ALPHANUMERIC_SENDER = 11;

const EXAMPLE = 'e.g. CCI63 or CCIPUYDOME';

/**
 * Checks an SMS sender ID. Refused (`ok: false`): empty, characters other than A–Z and digits,
 * more than 11 characters, a number of the wrong length — no network carries those. Accepted
 * with warnings: digits only, generic words, protected names — French operators block or replace
 * them, yet an alert is never held back for them (a protected name may be authorised).
 */
export function validateSenderId(value: string): SenderIdCheck {
	const senderId = value.trim();
	if (!senderId) return { ok: false, rule: 'empty', message: `The sender ID is empty: give the name members will see, ${EXAMPLE}` };
	const number = senderId.replace(/[\s.-]/g, '');
	if (/^\+?\d+$/.test(number)) {
		const digits = number.replace('+', '').length;
		if (digits < 3 || digits > 15) {
			return { ok: false, rule: 'number-length', message: `The sender number "${senderId}" must have between 3 and 15 digits` };
		}
		return { ok: true, senderId: number, kind: 'numeric', warnings: [digitsOnlyWarning(senderId)] };
	}
	if (!/^[A-Za-z0-9]+$/.test(senderId)) {
		return {
			ok: false,
			rule: 'characters',
			message: `The sender ID "${senderId}" may only contain letters A–Z and digits (no spaces, accents or punctuation), ${EXAMPLE}`,
		};
	}
	if (senderId.length > MAX_ALPHANUMERIC_SENDER) {
		return {
			ok: false,
			rule: 'length',
			message: `The sender ID "${senderId}" has ${senderId.length} characters; networks accept at most ${MAX_ALPHANUMERIC_SENDER}, ${EXAMPLE}`,
		};
	}
	return { ok: true, senderId, kind: 'alphanumeric', warnings: alphanumericWarnings(senderId) };
}

function digitsOnlyWarning(senderId: string): SenderIdWarning {
	return {
		rule: 'digits-only',
		message: `The sender "${senderId}" is made of digits only: French operators read it as a phone number and block it unless that number or short code is yours and declared to them. Register a name with letters instead, ${EXAMPLE}.`,
	};
}

/** The AF2M rules on words: generic words, protected names. */
function alphanumericWarnings(senderId: string): SenderIdWarning[] {
	const letters = senderId.toUpperCase().replace(/\d/g, '');
	const warnings: SenderIdWarning[] = [];
	const generic = splitInto(letters, GENERIC_SENDER_WORDS);
	if (generic) {
		warnings.push({
			rule: 'generic-word',
			message: `The sender "${senderId}" is only a generic word (${generic.join(' + ')}): since 2025 French operators block or replace such senders (AF2M rules), as anyone could use them. Use your organisation's own name, ${EXAMPLE}.`,
		});
	}
	const taken = Object.entries(PROTECTED_SENDER_NAMES).find(([name, where]) => (where === 'alone' ? letters === name : letters.includes(name)));
	if (taken) {
		warnings.push({
			rule: 'protected-name',
			message: `The sender "${senderId}" contains "${taken[0]}", a name reserved for its owner (AF2M protected names): French operators block it unless that body or company has authorised you. Use your CCI's own name, ${EXAMPLE}, or keep this one only with its written authorisation.`,
		});
	}
	return warnings;
}

/** Splits `letters` wholly into words of the list (ALERTESMS → ALERTE + SMS), or undefined. */
function splitInto(letters: string, words: readonly string[]): string[] | undefined {
	if (!letters) return undefined;
	// parts[i]: a split of the first i letters, if there is one.
	const parts: Array<string[] | undefined> = [[]];
	for (let end = 1; end <= letters.length; end++) {
		for (const word of words) {
			const start = end - word.length;
			const before = start >= 0 ? parts[start] : undefined;
			if (before && letters.startsWith(word, start)) {
				parts[end] = [...before, word];
				break;
			}
		}
	}
	return parts[letters.length];
}
