import type { MailFrom, MailHeaders } from '../../../shared/incident';

/** What n8n's Email Trigger gives, in the shapes its formats and expressions produce. */

/** The sender as a string, a mailparser object, or a one-element array: keep what the parser reads. */
export function mailFrom(value: unknown): MailFrom {
	if (Array.isArray(value)) return value.length === 1 ? mailFrom(value[0]) : value.map(String).join(', ');
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object') return value as MailFrom;
	return undefined;
}

/** The email's headers as an object (the trigger's `metadata` or `headers`), also when an expression gave them as JSON text. */
export function mailHeaders(value: unknown): MailHeaders | undefined {
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			return mailHeaders(JSON.parse(value));
		} catch {
			return undefined;
		}
	}
	return value && typeof value === 'object' ? (value as MailHeaders) : undefined;
}
