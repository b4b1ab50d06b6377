import { createHmac } from 'node:crypto';
import { field, jsonBody, sameSecret, twilioSignature, type ProviderSetup, type ReceiptRequest } from '../dispatch';

/**
 * Incoming SMS (mobile-originated) as each provider posts them, authenticated before anything is
 * read. This module owns the format of the reply URL's signature.
 *
 * Kannel and Brevo call one fixed URL for every reply (kannel.conf's `get-url`, Brevo's webhook
 * settings), so it cannot carry a per-message signature as receipts do: it carries `sig`, an HMAC
 * of the provider's name under the credential's Receipt Secret. The secret itself never appears in
 * a URL, and the receipt signatures (HMAC of `receipt:<ref>`) cannot be turned into this one.
 * Twilio signs each call with the account's auth token (X-Twilio-Signature), as for receipts.
 */

/** An incoming SMS once authenticated: who wrote (as given), to which number, what. */
export interface IncomingSms {
	/** The member's number as the provider gave it (normalised later). */
	from: string;
	/** Our number that received it, when the provider says (Kannel %P, Twilio To). */
	to?: string;
	text: string;
	/**
	 * What the provider itself read in the text: Brevo reports its own STOP handling as an
	 * `unsubscribe` event (and `subscribe`), without the text.
	 */
	providerIntent?: 'optOut' | 'optIn';
}

export type IncomingParse = { ok: true; sms: IncomingSms } | { ok: false; reason: string };

/** Query parameter of the reply URL's signature. */
export const REPLY_SIGNATURE_PARAM = 'sig';

/** Providers that can pass us the SMS members send (OVH's replies are not wired here yet). */
export const REPLY_PROVIDERS = ['kannel', 'brevo', 'twilio'] as const;
export type ReplyProviderName = (typeof REPLY_PROVIDERS)[number];

/** The signature of a provider's reply URL: HMAC-SHA256 of `replies:<provider>` under the secret, 128 bits, base64url. */
export function replyUrlSignature(secret: string, provider: ReplyProviderName): string {
	return createHmac('sha256', secret).update(`replies:${provider}`, 'utf8').digest().subarray(0, 16).toString('base64url');
}

/** Brevo SMS events that carry a reply, or Brevo's own reading of one. */
const BREVO_REPLY_EVENTS: Readonly<Record<string, IncomingSms['providerIntent'] | 'text'>> = {
	replied: 'text',
	reply: 'text',
	unsubscribe: 'optOut',
	subscribe: 'optIn',
};

function checkUrlSignature(query: Record<string, unknown>, provider: ReplyProviderName, secret: string | undefined): string | undefined {
	if (!secret)
		return `the ${provider} credential has no Receipt Secret: incoming SMS are accepted only on a signed URL (anyone could otherwise opt any phone out)`;
	const signature = field(query, REPLY_SIGNATURE_PARAM);
	if (signature === undefined) return `the call is not signed (no ${REPLY_SIGNATURE_PARAM} parameter in the URL)`;
	if (!sameSecret(signature, replyUrlSignature(secret, provider)))
		return 'the URL signature does not match (forged, or signed with another Receipt Secret)';
	return undefined;
}

/** Form or JSON body as an object (the Webhook node parses both; a raw string is read as a form). */
function bodyObject(body: unknown): Record<string, unknown> | undefined {
	if (typeof body === 'string') return jsonBody(body) ?? Object.fromEntries(new URLSearchParams(body));
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/**
 * Kannel's sms-service: `get-url = "…/reponses?provider=kannel&sig=…&from=%p&to=%P&text=%a"`, or the
 * same fields in a form body (`post-url`), or its post-url headers X-Kannel-From / X-Kannel-To.
 */
function parseKannel(request: ReceiptRequest, secret: string | undefined): IncomingParse {
	const refused = checkUrlSignature(request.query, 'kannel', secret);
	if (refused) return { ok: false, reason: refused };
	const body = bodyObject(request.body);
	const from = field(request.query, 'from') ?? field(body, 'from') ?? field(request.headers, 'x-kannel-from');
	const to = field(request.query, 'to') ?? field(body, 'to') ?? field(request.headers, 'x-kannel-to');
	const text = field(request.query, 'text') ?? field(body, 'text') ?? (typeof request.body === 'string' ? request.body : undefined);
	if (!from) return { ok: false, reason: 'the Kannel call has no sender: give from=%p in the get-url' };
	return { ok: true, sms: { from, to, text: text ?? '' } };
}

/** Brevo's transactional SMS webhook: `to` is the member's mobile (the recipient who replied). */
function parseBrevo(request: ReceiptRequest, secret: string | undefined): IncomingParse {
	const refused = checkUrlSignature(request.query, 'brevo', secret);
	if (refused) return { ok: false, reason: refused };
	const body = bodyObject(request.body);
	const event = (field(body, 'msg_status') ?? field(body, 'event') ?? '').toLowerCase().replace(/[_\s-]/g, '');
	const kind = BREVO_REPLY_EVENTS[event];
	if (!kind) return { ok: false, reason: `Brevo event "${event || '(none)'}" is not a reply (delivery events go to Record Delivery Receipt)` };
	const from = field(body, 'to') ?? field(body, 'from');
	if (!from) return { ok: false, reason: 'the Brevo event has no phone number (to)' };
	const text = field(body, 'reply') ?? field(body, 'text') ?? field(body, 'content') ?? field(body, 'message') ?? '';
	return { ok: true, sms: { from, text, providerIntent: kind === 'text' ? undefined : kind } };
}

/** Twilio's incoming message webhook: a form (From, To, Body, AccountSid) signed with the auth token. */
function parseTwilio(request: ReceiptRequest, accountSid: string, authToken: string): IncomingParse {
	if (!authToken) return { ok: false, reason: 'the Twilio credential has no auth token to check X-Twilio-Signature with' };
	const params = bodyObject(request.body);
	if (!params) return { ok: false, reason: 'the Twilio call has no form body' };
	if (!sameSecret(field(request.headers, 'x-twilio-signature'), twilioSignature(authToken, request.url, params)))
		return { ok: false, reason: 'the X-Twilio-Signature does not match (wrong URL or auth token, or a forged call)' };
	if (field(params, 'AccountSid') !== accountSid) return { ok: false, reason: 'the message is for another Twilio account' };
	const from = field(params, 'From');
	if (!from) return { ok: false, reason: 'the Twilio call has no From' };
	return { ok: true, sms: { from, to: field(params, 'To'), text: field(params, 'Body') ?? '' } };
}

/** Authenticates an incoming-SMS call with its provider's credential and reads it; forged calls return `ok: false`. */
export function parseIncomingSms(setup: ProviderSetup, request: ReceiptRequest): IncomingParse {
	switch (setup.name) {
		case 'kannel':
			return parseKannel(request, setup.config.receiptSecret);
		case 'brevo':
			return parseBrevo(request, setup.config.receiptSecret);
		case 'twilio':
			return parseTwilio(request, setup.config.accountSid, setup.config.authToken);
		default:
			return { ok: false, reason: `${setup.name} cannot pass on the SMS members send here: use Kannel, Brevo or Twilio` };
	}
}
