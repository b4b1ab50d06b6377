import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens of single-use links (alert and ruleset approvals): 192 random bits, URL-safe. Only their
 * SHA-256 is stored, so the database alone cannot open a link.
 */
export function newLinkToken(): string {
	return randomBytes(24).toString('base64url');
}

/** What the database keeps of a link token. */
export function hashLinkToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** The approval page's address with the token as its "jeton" parameter (the form's hidden field). */
export function linkWithToken(pageUrl: string, token: string): string {
	return `${pageUrl}${pageUrl.includes('?') ? '&' : '?'}jeton=${token}`;
}
