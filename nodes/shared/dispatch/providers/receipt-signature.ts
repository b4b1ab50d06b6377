import { createHmac } from 'node:crypto';
import { field, sameSecret } from './classify';

/**
 * Receipt URLs carry a per-message signature, never the receipt secret itself: whoever sees one
 * URL (a gateway log, a proxy, the provider's dashboard) can replay that message's receipts, not
 * forge the others'. This module owns the format of both parameters.
 */

/** Query parameter of the per-message signature. */
export const RECEIPT_SIGNATURE_PARAM = 'sig';

/** Query parameter that carried the shared secret itself in URLs made before signatures (read, never written). */
export const LEGACY_SECRET_PARAM = 's';

/** HMAC-SHA256 truncated to 128 bits, as many as the ref's own randomness: 22 base64url characters. */
const SIGNATURE_BYTES = 16;

/** The signature of one message's receipts: HMAC-SHA256 of `receipt:<ref>` under the receipt secret, base64url. */
export function receiptSignature(secret: string, ref: string): string {
	// The prefix keeps this MAC apart from any other use of the same secret.
	return createHmac('sha256', secret).update(`receipt:${ref}`, 'utf8').digest().subarray(0, SIGNATURE_BYTES).toString('base64url');
}

/**
 * The `ref=…&sig=…` part of a receipt URL.
 * @param ref the message's ledger ref (hex, URL-safe as it is)
 * @param secret the credential's receipt secret; without one the ref goes alone, as before
 */
export function signedReceiptQuery(ref: string, secret: string | undefined): string {
	return secret ? `ref=${ref}&${RECEIPT_SIGNATURE_PARAM}=${receiptSignature(secret, ref)}` : `ref=${ref}`;
}

/** How a receipt call proved itself: its signature, the legacy shared secret (for the ledger to allow), or not at all. */
export type ReceiptAuth = { ok: true; legacySecret: boolean } | { ok: false; reason: string };

/**
 * Checks the signature of a receipt call for the message `ref`, in constant time.
 * @param query the call's query parameters
 * @param ref the ref the receipt is about (the one the signature must cover)
 * @param secret the credential's receipt secret; without one, unsigned receipts are accepted (the
 *   128-bit random ref is then the only key, as before signatures)
 */
export function checkReceiptSignature(query: Record<string, unknown>, ref: string, secret: string | undefined): ReceiptAuth {
	if (!secret) return { ok: true, legacySecret: false };
	const signature = field(query, RECEIPT_SIGNATURE_PARAM);
	if (signature !== undefined) {
		// A wrong signature never falls back to the legacy parameter.
		return sameSecret(signature, receiptSignature(secret, ref))
			? { ok: true, legacySecret: false }
			: { ok: false, reason: 'the receipt signature does not match this message (forged, signed for another message, or with another Receipt Secret)' };
	}
	const legacy = field(query, LEGACY_SECRET_PARAM);
	if (legacy !== undefined) {
		return sameSecret(legacy, secret)
			? { ok: true, legacySecret: true }
			: { ok: false, reason: 'the receipt carries a wrong Receipt Secret' };
	}
	return { ok: false, reason: `the receipt is not signed (no ${RECEIPT_SIGNATURE_PARAM} parameter)` };
}
