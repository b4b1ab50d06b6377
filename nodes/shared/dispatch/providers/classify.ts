import { timingSafeEqual } from 'node:crypto';
import { parseRetryAfter } from '../retry';
import { TransportError, type HttpResponse } from './http';
import type { ErrorClass, SendOutcome } from './types';

/** HTTP status → what to do, common to every HTTP API here; providers refine it with their codes. */
export const HTTP_STATUS_CLASS: Readonly<Record<number, ErrorClass>> = {
	400: 'permanent',
	401: 'auth',
	402: 'permanent', // Brevo: not enough credits — another provider may still send
	403: 'auth',
	404: 'permanent',
	408: 'retry',
	409: 'retry',
	422: 'permanent',
	425: 'retry',
	429: 'retry',
};

/** Class of an HTTP status: the table, else 5xx retry and other 4xx permanent. */
export function classifyStatus(status: number): ErrorClass {
	return HTTP_STATUS_CLASS[status] ?? (status >= 500 ? 'retry' : 'permanent');
}

/** An outcome for an HTTP error answer, with the provider's own code table taking precedence. */
export function errorOutcome(
	response: HttpResponse,
	message: string,
	providerCode?: string | number,
	codeTable: Readonly<Record<string, ErrorClass>> = {},
): SendOutcome {
	const code = providerCode !== undefined ? String(providerCode) : `http-${response.status}`;
	const cls = (providerCode !== undefined ? codeTable[String(providerCode)] : undefined) ?? classifyStatus(response.status);
	const error = `${message} (HTTP ${response.status})`;
	if (cls === 'retry')
		return { kind: 'retry', code, error, retryAfterMs: parseRetryAfter(response.headers['retry-after']), inDoubt: false };
	return { kind: cls, code, error };
}

/** An outcome for a call that got no HTTP answer. */
export function transportOutcome(error: unknown): SendOutcome {
	if (error instanceof TransportError) return { kind: 'retry', code: error.code, error: error.message, inDoubt: error.inDoubt };
	return { kind: 'retry', code: 'network', error: error instanceof Error ? error.message : String(error), inDoubt: true };
}

/** Reads a JSON body, or undefined. */
export function jsonBody(body: string): Record<string, unknown> | undefined {
	try {
		const parsed: unknown = JSON.parse(body);
		return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** First value of a query or form field as a string. */
export function field(source: unknown, name: string): string | undefined {
	if (!source || typeof source !== 'object') return undefined;
	const value = (source as Record<string, unknown>)[name];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined || first === null ? undefined : String(first);
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string | undefined): boolean {
	if (!given || !expected) return false;
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}
