import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';

/** Headers as the Alert Composer reads them: lower-case names to the raw (unfolded) value, or values when repeated. */
export type IntakeHeaders = Record<string, string | string[]>;

/** One email taken from the police mailbox, in the fields the Alert Composer's From Email mode maps by default. */
export interface IntakeMessage {
	/** The IMAP UID in its mailbox (stable while the mailbox's UIDVALIDITY is). */
	uid: number;
	/** The Message-ID header, or '' when the sender gave none. */
	messageId: string;
	/** One key per email: its Message-ID, else the SHA-256 of its raw source (see intakeKeyOf). */
	intakeKey: string;
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	/** When the email was sent (ISO 8601), '' when its Date header is missing or unreadable. */
	date: string;
	headers: IntakeHeaders;
}

/** The key that names an email across reconnections and restarts: the same email always gives the same key. */
export function intakeKeyOf(messageId: string, raw: Buffer): string {
	const basis = messageId ? `mid:${messageId}` : `raw:${createHash('sha256').update(raw).digest('hex')}`;
	return createHash('sha256').update(basis).digest('hex');
}

/** Headers from the raw header lines: the server's Authentication-Results must reach the composer as written, not as mailparser re-reads it. */
function headersOf(lines: ReadonlyArray<{ key: string; line: string }>): IntakeHeaders {
	const headers: IntakeHeaders = {};
	for (const { key, line } of lines) {
		const colon = line.indexOf(':');
		const value = (colon < 0 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim();
		const name = key.toLowerCase();
		const seen = headers[name];
		headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
	}
	return headers;
}

/** Parses one raw RFC 5322 message into the fields the Alert Composer maps. */
export async function parseIntakeMessage(uid: number, raw: Buffer): Promise<IntakeMessage> {
	const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
	const messageId = mail.messageId ?? '';
	const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : '';
	const addressText = (value: typeof mail.to) => (Array.isArray(value) ? value.map((a) => a.text).join(', ') : (value?.text ?? ''));
	const headers = headersOf(mail.headerLines);
	const rawFrom = headers.from;
	return {
		uid,
		messageId,
		intakeKey: intakeKeyOf(messageId, raw),
		// The header as written, not mailparser's re-quoted form: the composer's sender check reads the header.
		from: (Array.isArray(rawFrom) ? rawFrom[0] : rawFrom) ?? mail.from?.text ?? '',
		to: addressText(mail.to),
		subject: mail.subject ?? '',
		text: mail.text ?? '',
		html: typeof mail.html === 'string' ? mail.html : '',
		date,
		headers,
	};
}

/** An email mailparser could not read, handed on as its raw text: the composer refuses it with a reason, rather than the sweep stalling on it forever. */
export function unreadableIntakeMessage(uid: number, raw: Buffer): IntakeMessage {
	return { uid, messageId: '', intakeKey: intakeKeyOf('', raw), from: '', to: '', subject: '', text: raw.toString('utf8'), html: '', date: '', headers: {} };
}
