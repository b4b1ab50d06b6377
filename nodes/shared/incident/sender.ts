import { headerText, headerValues } from './headers';
import { quote } from './text';

/** An email `From` as the Email Trigger gives it: a header string, or mailparser's address object. */
export type MailFrom =
	| string
	| { text?: string; value?: Array<{ address?: string; name?: string }> }
	| null
	| undefined;

export type SenderCheck = { ok: true; address: string } | { ok: false; message: string };

/** A plain addr-spec: what we accept as the real address once display names and comments are gone. */
const ADDRESS = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/i;

/** Longest From header read, in characters: a real one is under 200. */
const MAX_FROM_LENGTH = 2000;

/**
 * The header with its quoted strings and comments (nested, with escapes) replaced by a space, in
 * one pass; undefined when one is never closed, since readers would then disagree on the address.
 */
function stripQuotesAndComments(header: string): string | undefined {
	const kept: string[] = [];
	let from = 0;
	for (let i = 0; i < header.length; i++) {
		const char = header[i];
		if (char !== '"' && char !== '(') continue;
		kept.push(header.slice(from, i), ' ');
		let depth = 1;
		for (i++; i < header.length && depth > 0; i++) {
			if (header[i] === '\\') i++;
			else if (char === '"' && header[i] === '"') depth = 0;
			else if (char === '(' && header[i] === '(') depth++;
			else if (char === '(' && header[i] === ')') depth--;
		}
		if (depth > 0) return undefined;
		from = i;
		i--;
	}
	kept.push(header.slice(from));
	return kept.join('');
}

/** Addresses written in a display name (`CORG <a@x.fr> b@y.fr` gives mailparser the name `CORG b@y.fr`). */
const ADDRESS_IN_NAME = /[^\s<>"(),;:@]+@[^\s<>"(),;:@]+/g;

/** The address of mailparser's address object, refusing what the header string would refuse. */
function objectAddress(from: { text?: string; value?: Array<{ address?: string; name?: string }> }): SenderCheck {
	const entries = Array.isArray(from.value) ? from.value.slice(0, 50) : [];
	const addresses = entries.map((v) => (typeof v?.address === 'string' ? v.address : '')).filter(Boolean);
	if (addresses.length > 1) return { ok: false, message: `The email has several senders (${addresses.slice(0, 5).map((a) => quote(a, 80)).join(', ')})` };
	if (addresses.length === 0) return senderAddress(typeof from.text === 'string' ? from.text : '');
	const address = checkAddress(addresses[0]);
	if (!address.ok) return address;
	const name = typeof entries[0]?.name === 'string' ? entries[0].name : '';
	// A display name followed by a second address: mailers disagree on which one sent it.
	const other = (name.match(ADDRESS_IN_NAME) ?? []).find((written) => written.toLowerCase() !== address.address);
	if (other !== undefined || /[<>]/.test(name)) {
		return { ok: false, message: `The sender's name ${quote(name, 80)} holds another address than ${address.address}; such a From header is a known forgery` };
	}
	return address;
}

/**
 * The one real address of a From header, ignoring the display name: `"CORG 63" <corg63@x.fr>`
 * gives `corg63@x.fr`. Quoted strings and comments are removed first so that a display name
 * written like an address cannot pass for one; several addresses, an unclosed quote, comment or
 * angle bracket are refused. mailparser's address object is held to the same rules.
 */
export function senderAddress(from: MailFrom): SenderCheck {
	if (from && typeof from === 'object') return objectAddress(from);
	const header = typeof from === 'string' ? from.trim() : '';
	if (!header) return { ok: false, message: 'The email has no sender address' };
	if (header.length > MAX_FROM_LENGTH) return { ok: false, message: `The sender header has ${header.length} characters; a real one has a few dozen` };
	const stripped = stripQuotesAndComments(header)?.trim();
	if (stripped === undefined) return { ok: false, message: `Cannot read the sender address in ${quote(header, 120)} (a quote or parenthesis is never closed)` };
	const angles = [...stripped.matchAll(/<([^<>]*)>/g)];
	if (angles.length > 1) return { ok: false, message: `The sender ${quote(header, 120)} holds several addresses` };
	const candidate = angles.length === 1 ? angles[0][1] : stripped;
	if (angles.length === 0 && /[\s,;<>]/.test(candidate)) {
		return { ok: false, message: `Cannot read the sender address in ${quote(header, 120)}` };
	}
	// Outside the <address>, only a display name may remain: an @ there is a forgery attempt or a second address.
	if (angles.length === 1 && /[,;@<>]/.test(stripped.replace(angles[0][0], ''))) {
		return { ok: false, message: `Cannot tell which address sent ${quote(header, 120)}` };
	}
	return checkAddress(candidate);
}

/**
 * The sender as the From header(s) of `headers` give it, checked against `from`: one From header
 * only, readable by the strict rules of `senderAddress`, and naming the same address.
 */
function fromHeaders(from: MailFrom, headers: unknown): SenderCheck | undefined {
	const values = headerValues(headers, 'from');
	if (values.length > 1) {
		return { ok: false, message: `The email has ${values.length} From headers; one address may be shown while another is checked, so it is refused` };
	}
	if (values.length === 0) return undefined;
	const value = values[0];
	const given = typeof value === 'string' ? headerText(value, 'from')?.text ?? '' : (value as MailFrom);
	const header = senderAddress(given);
	if (!header.ok) return { ok: false, message: `The From header cannot be trusted: ${header.message}` };
	const sender = hasSender(from) ? senderAddress(from) : header;
	if (sender.ok && sender.address !== header.address) {
		return { ok: false, message: `The From header (${header.address}) and the sender given to the node (${sender.address}) differ` };
	}
	return sender;
}

const hasSender = (from: MailFrom): boolean => (typeof from === 'string' ? from.trim() !== '' : Boolean(from && typeof from === 'object'));

function checkAddress(address: string): SenderCheck {
	const trimmed = address.trim().toLowerCase();
	if (trimmed.length > 254 || !ADDRESS.test(trimmed)) return { ok: false, message: `${quote(address, 80)} is not a valid email address` };
	return { ok: true, address: trimmed };
}

/** Allowed-sender entries from a comma, semicolon or newline separated list (`a@x.fr`, `@x.fr`). */
export function parseAllowedSenders(list: string | string[]): string[] {
	const entries = Array.isArray(list) ? list : list.split(/[\n,;]+/);
	return entries.map((entry) => entry.trim().toLowerCase()).filter(Boolean);
}

/**
 * True when `address` is allowed: equal to an address entry, or its domain exactly equal to a
 * `@domain` entry (case-insensitive; a sub-domain or a look-alike such as
 * `x.gouv.fr.evil.example` does not match `@x.gouv.fr`).
 */
export function isAllowedSender(address: string, allowed: string[]): boolean {
	const normalized = address.trim().toLowerCase();
	const at = normalized.lastIndexOf('@');
	if (at <= 0) return false;
	const domain = normalized.slice(at + 1);
	return allowed.some((raw) => {
		const entry = raw.trim().toLowerCase();
		if (!entry) return false;
		if (entry.startsWith('@')) return entry.slice(1) === domain;
		return entry === normalized;
	});
}

/**
 * Sender check of an email against the allowlist, with a message a CCI staffer understands.
 * With the email's `headers`, its From header(s) must agree with `from` (see `senderAddress`).
 */
export function checkSender(from: MailFrom, allowed: string[], headers?: unknown): SenderCheck {
	const sender = fromHeaders(from, headers) ?? senderAddress(from);
	if (!sender.ok) return sender;
	if (allowed.length === 0) {
		return { ok: false, message: `No allowed senders are configured, so ${sender.address} cannot send alerts` };
	}
	if (!isAllowedSender(sender.address, allowed)) {
		return { ok: false, message: `${sender.address} is not an allowed sender` };
	}
	return sender;
}
