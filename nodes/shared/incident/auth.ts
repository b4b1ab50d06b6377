import { headerList, headerText } from './headers';
import { quote } from './text';

/** One result of an Authentication-Results header: `dkim=pass header.d=example.fr` is method dkim, result pass. */
export interface AuthResult {
	method: string;
	result: string;
	/** `ptype.property` (lower case) to value, e.g. `header.from` → `example.fr`. */
	properties: Record<string, string>;
}

/** An Authentication-Results header (RFC 8601): who added it and what it found. */
export interface AuthenticationResults {
	/** The authserv-id: the name of the server that checked the message. */
	authServId: string;
	results: AuthResult[];
}

/** Longest Authentication-Results value read; a real one is a few hundred characters. */
const MAX_AUTH_RESULTS_LENGTH = 16384;

type Token = { kind: 'word' | 'quoted'; text: string } | { kind: ';' | '=' };

/**
 * Tokens of a header in one pass: words, quoted strings (escapes honoured), `;` and `=`.
 * Comments, nested or not, are dropped; an unclosed quote or comment makes the header unreadable.
 */
function tokenize(value: string): Token[] | undefined {
	const tokens: Token[] = [];
	let word = '';
	const flush = () => {
		if (word) tokens.push({ kind: 'word', text: word });
		word = '';
	};
	for (let i = 0; i < value.length; i++) {
		const char = value[i];
		if (char === '(') {
			flush();
			let depth = 1;
			for (i++; i < value.length && depth > 0; i++) {
				if (value[i] === '\\') i++;
				else if (value[i] === '(') depth++;
				else if (value[i] === ')') depth--;
			}
			if (depth > 0) return undefined;
			i--;
		} else if (char === '"') {
			flush();
			const parts: string[] = [];
			let closed = false;
			for (i++; i < value.length; i++) {
				if (value[i] === '\\') parts.push(value[++i] ?? '');
				else if (value[i] === '"') {
					closed = true;
					break;
				} else parts.push(value[i]);
			}
			if (!closed) return undefined;
			tokens.push({ kind: 'quoted', text: parts.join('') });
		} else if (char === ';' || char === '=') {
			flush();
			tokens.push({ kind: char });
		} else if (char === ')') {
			return undefined;
		} else if (/\s/.test(char)) {
			flush();
		} else {
			word += char;
		}
	}
	flush();
	return tokens;
}

const text = (token: Token | undefined): string | undefined => (token && (token.kind === 'word' || token.kind === 'quoted') ? token.text : undefined);

/** `method=result` then `reason=…` and `ptype.property=value` pairs; undefined when the pairs do not line up. */
function readResult(tokens: Token[]): AuthResult | undefined {
	const pairs: Array<[string, string]> = [];
	for (let i = 0; i < tokens.length; i += 3) {
		const name = tokens[i].kind === 'word' ? text(tokens[i]) : undefined;
		const value = text(tokens[i + 2]);
		if (!name || tokens[i + 1]?.kind !== '=' || value === undefined) return undefined;
		pairs.push([name.toLowerCase(), value]);
	}
	if (pairs.length === 0) return undefined;
	const [[method, result], ...rest] = pairs;
	const properties: Record<string, string> = {};
	for (const [name, value] of rest) {
		// A property given twice could be read either way by two readers: such a result says nothing.
		if (Object.prototype.hasOwnProperty.call(properties, name)) return undefined;
		properties[name] = value;
	}
	return { method: method.replace(/\/.*$/, ''), result: result.toLowerCase(), properties };
}

/**
 * Reads one Authentication-Results value (RFC 8601), e.g.
 * `mx.cci63.fr; dkim=pass (good) header.d=x.fr; dmarc=pass header.from=x.fr`, in linear time.
 * Comments and quoted strings are honoured; a result whose parts do not line up is left out;
 * undefined when the header is unreadable (unclosed quote or comment, no authserv-id, too long).
 */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
	if (typeof value !== 'string' || value.length > MAX_AUTH_RESULTS_LENGTH) return undefined;
	const tokens = tokenize(value);
	if (!tokens) return undefined;
	const segments: Token[][] = [[]];
	for (const token of tokens) {
		if (token.kind === ';') segments.push([]);
		else segments[segments.length - 1].push(token);
	}
	const [head, ...rest] = segments;
	// Microsoft 365 writes its results without an authserv-id: readable, but from no server one can name.
	if (head.some((token) => token.kind === '=')) return { authServId: '', results: segments.map(readResult).filter((r): r is AuthResult => r !== undefined) };
	// authserv-id [ version ]: the version, when given, is a number.
	const authServId = text(head[0]);
	if (!authServId || head.length > 2 || (head.length === 2 && !/^\d+$/.test(text(head[1]) ?? ''))) return undefined;
	const results: AuthResult[] = [];
	for (const segment of rest) {
		if (segment.length === 1 && text(segment[0])?.toLowerCase() === 'none') continue;
		const result = readResult(segment);
		if (result) results.push(result);
	}
	return { authServId, results };
}

/**
 * Public suffixes of two labels under which organisations register names (the `.fr` ones of the
 * Public Suffix List, and a few others): `interieur.gouv.fr` is an organisation, `gouv.fr` is not.
 */
const SHARED_SUFFIXES: ReadonlySet<string> = new Set([
	'gouv.fr', 'asso.fr', 'com.fr', 'nom.fr', 'prd.fr', 'tm.fr', 'avoues.fr', 'cci.fr', 'greta.fr', 'huissier-justice.fr',
	'aeroport.fr', 'avocat.fr', 'chambagri.fr', 'chirurgiens-dentistes.fr', 'experts-comptables.fr', 'medecin.fr', 'notaires.fr',
	'pharmacien.fr', 'port.fr', 'veterinaire.fr',
	'co.uk', 'org.uk', 'gov.uk', 'ac.uk', 'com.au', 'gov.au', 'co.nz', 'com.br', 'gouv.qc.ca', 'gc.ca', 'admin.ch', 'gouv.be',
]);

/**
 * The organisational domain of `domain` (RFC 7489 §3.2), by a small rule: its last two labels, or
 * its last three under a suffix of `SHARED_SUFFIXES`; undefined when `domain` is itself a suffix.
 * Used for relaxed DKIM alignment only; a server's own DMARC verdict, which uses the whole Public
 * Suffix List, is always preferred.
 */
export function organizationalDomain(domain: string): string | undefined {
	const labels = domain.trim().toLowerCase().replace(/\.$/, '').split('.');
	if (labels.length < 2 || labels.some((label) => !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label))) return undefined;
	const lastTwo = labels.slice(-2).join('.');
	const lastThree = labels.slice(-3).join('.');
	const size = SHARED_SUFFIXES.has(lastThree) ? 4 : SHARED_SUFFIXES.has(lastTwo) ? 3 : 2;
	return labels.length < size ? undefined : labels.slice(-size).join('.');
}

/** True when DKIM domain `signer` and From domain `from` have the same organisational domain (relaxed alignment). */
export function isAligned(signer: string, from: string): boolean {
	const organisation = organizationalDomain(from);
	return organisation !== undefined && organisation === organizationalDomain(signer);
}

/** The domain of an address or of `@domain`, or the value itself when it is a domain. */
const domainOf = (value: string | undefined): string => (value ?? '').slice((value ?? '').lastIndexOf('@') + 1).trim().toLowerCase();

export type AuthenticationCheck = { ok: true; method: 'dmarc' | 'dkim' } | { ok: false; message: string };

/** The property naming the domain a DKIM result signed for: `header.d`, or `header.i` without it. */
const dkimKey = (result: AuthResult): 'header.d' | 'header.i' =>
	result.properties['header.d'] === undefined && result.properties['header.i'] !== undefined ? 'header.i' : 'header.d';

/** One result as a reader needs it: `dmarc=fail header.from=x.fr`, or `dmarc=pass (no header.from)` for a pass that names no domain. */
function resultWithDomain(result: AuthResult): string {
	const key = result.method === 'dmarc' ? 'header.from' : result.method === 'dkim' ? dkimKey(result) : undefined;
	const value = key && result.properties[key];
	if (value) return `${result.method}=${result.result} ${key}=${value}`;
	return key && result.result === 'pass' ? `${result.method}=pass (no ${key})` : `${result.method}=${result.result}`;
}

/**
 * Whether the receiving server `authServId` vouched for the From address `address`: the topmost
 * Authentication-Results header that this server added must say `dmarc=pass` for the From domain,
 * or (without a DMARC verdict) `dkim=pass` for a domain aligned with it. Headers added by any
 * other server are ignored, and so are lower ones claiming to be from this server: only the
 * server's own, added on top when the email arrived, counts.
 */
export function checkAuthentication(address: string, headers: unknown, authServId: string): AuthenticationCheck {
	const server = authServId.trim().toLowerCase();
	const domain = domainOf(address);
	const { values, listed } = headerList(headers, 'authentication-results');
	const texts = values.map((value) => headerText(value, 'authentication-results'));
	if (!listed && texts[0]?.wholeLine) {
		// n8n's Resolved format keeps one line per header name: the lowest, which the sender wrote.
		return {
			ok: false,
			message: 'The Authentication-Results header was given as the Email Trigger\'s "Resolved" format gives it (only the lowest one, which a sender can write): set the trigger\'s Format to "Simple"',
		};
	}
	let verdict: AuthenticationResults | undefined;
	let unreadable = false;
	for (const value of texts) {
		if (!value) continue;
		const parsed = parseAuthenticationResults(value.text);
		if (!parsed) {
			unreadable = true;
			continue;
		}
		if (!server || parsed.authServId.toLowerCase() !== server) continue;
		verdict = parsed;
		break;
	}
	if (!verdict) {
		return {
			ok: false,
			message: unreadable
				? `An Authentication-Results header of this email cannot be read, so ${domain} cannot be confirmed as the sender`
				: `The mail server ${quote(authServId, 80)} gave no verdict on this email (no Authentication-Results header from it), so ${domain} cannot be confirmed as the sender; check the server's SPF/DKIM/DMARC checks and the "Authentication Server ID" setting`,
		};
	}
	const dmarc = verdict.results.filter((r) => r.method === 'dmarc' && domainOf(r.properties['header.from']) === domain);
	if (dmarc.some((r) => r.result === 'pass') && dmarc.every((r) => r.result === 'pass')) return { ok: true, method: 'dmarc' };
	const dmarcFailed = dmarc.some((r) => r.result === 'fail');
	const dkim = verdict.results.filter((r) => r.method === 'dkim' && r.result === 'pass');
	if (!dmarcFailed && dkim.some((r) => isAligned(domainOf(r.properties[dkimKey(r)]), domain))) {
		return { ok: true, method: 'dkim' };
	}
	const said = verdict.results.map(resultWithDomain).join(', ') || 'no result';
	return {
		ok: false,
		message: `The mail server ${quote(authServId, 80)} did not confirm that ${domain} sent this email (${quote(said, 120)}): it may be forged, so it is refused`,
	};
}
