/** An email `From` as the Email Trigger gives it: a header string, or mailparser's address object. */
export type MailFrom =
	| string
	| { text?: string; value?: Array<{ address?: string; name?: string }> }
	| null
	| undefined;

export type SenderCheck = { ok: true; address: string } | { ok: false; message: string };

/** A plain addr-spec: what we accept as the real address once display names and comments are gone. */
const ADDRESS = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)$/i;

/**
 * The one real address of a From header, ignoring the display name: `"CORG 63" <corg63@x.fr>`
 * gives `corg63@x.fr`. Quoted strings and comments are removed first so that a display name
 * written like an address cannot pass for one; several addresses are refused.
 */
export function senderAddress(from: MailFrom): SenderCheck {
	if (from && typeof from === 'object') {
		const addresses = (from.value ?? []).map((v) => v.address ?? '').filter(Boolean);
		if (addresses.length === 1) return checkAddress(addresses[0]);
		if (addresses.length > 1) return { ok: false, message: `The email has several senders (${addresses.join(', ')})` };
		return senderAddress(from.text ?? '');
	}
	const header = typeof from === 'string' ? from.trim() : '';
	if (!header) return { ok: false, message: 'The email has no sender address' };
	const stripped = header
		.replace(/"(?:[^"\\]|\\.)*"/g, ' ')
		.replace(/\((?:[^()\\]|\\.)*\)/g, ' ')
		.trim();
	const angles = [...stripped.matchAll(/<([^<>]*)>/g)];
	if (angles.length > 1) return { ok: false, message: `The sender "${header}" holds several addresses` };
	const candidate = angles.length === 1 ? angles[0][1] : stripped;
	if (angles.length === 0 && /[\s,;<>]/.test(candidate)) {
		return { ok: false, message: `Cannot read the sender address in "${header}"` };
	}
	// Outside the <address>, only a display name may remain: an @ there is a forgery attempt or a second address.
	if (angles.length === 1 && /[,;@<>]/.test(stripped.replace(angles[0][0], ''))) {
		return { ok: false, message: `Cannot tell which address sent "${header}"` };
	}
	return checkAddress(candidate);
}

function checkAddress(address: string): SenderCheck {
	const trimmed = address.trim().toLowerCase();
	if (!ADDRESS.test(trimmed)) return { ok: false, message: `"${address}" is not a valid email address` };
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

/** Sender check of an email against the allowlist, with a message a CCI staffer understands. */
export function checkSender(from: MailFrom, allowed: string[]): SenderCheck {
	const sender = senderAddress(from);
	if (!sender.ok) return sender;
	if (allowed.length === 0) {
		return { ok: false, message: `No allowed senders are configured, so ${sender.address} cannot send alerts` };
	}
	if (!isAllowedSender(sender.address, allowed)) {
		return { ok: false, message: `${sender.address} is not an allowed sender` };
	}
	return sender;
}
