import { TOP_LEVEL_DOMAINS } from './tlds';

/** A web address or an IP address found in a text, as the reader sees it. */
export interface LinkFinding {
	kind: 'link' | 'ip';
	match: string;
}

/**
 * Endings people spell out to slip an address past a filter ("evil point fr", "evil dot com",
 * "evil . fr"). Kept short: "point" + a longer list would catch French ("au point info").
 */
const SPOKEN_ENDINGS = 'fr|com|net|org|eu|io|xyz|ru|cn|ly|tk';

/** `[.]`, `(.)`, `{dot}`, `(point)`… and spelled-out dots before a common ending become a plain dot. */
const BRACKETED_DOT = /\s?[[({<]\s?(?:\.|dot|point|pt)\s?[\])}>]\s?/giu;
const SPOKEN_DOT = new RegExp(`(?<=[\\p{L}\\p{N}])(?: (?:dot|point) | \\. ?)(?=(?:${SPOKEN_ENDINGS})(?![\\p{L}\\p{N}]))`, 'giu');

/** A scheme (`http://`, `hxxps://`, `h**p:`) or `www.`: an address whatever its ending. */
const SCHEME = /(?<![\p{L}\p{N}+.-])[\p{L}][\p{L}\p{N}+.-]*\s?:\s?\/\/|(?<![\p{L}\p{N}])h(?:tt|xx|\*\*)ps?\s?(?::|\[:\])|(?<![\p{L}\p{N}])www\d?\s?\./iu;

/** Dotted tokens: labels of letters, digits, `-` or `_` joined by dots (starts only at a token's start: linear). */
const DOTTED = /(?<![\p{L}\p{N}_-])[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu;

/** IPv6 needs three colons at least, so times (14:30:00) never match. */
const IPV6 = /(?<![\p{L}\p{N}:])(?:[0-9a-f]{0,4}:){3,7}[0-9a-f]{0,4}(?![\p{L}\p{N}:])/iu;

/** Letters of a script other than Latin: an internationalised ending such as `рф` or `中国`. */
const NON_LATIN_ENDING = /^(?=.*[^\p{Script=Latin}])\p{L}{2,}$/u;

function isEnding(label: string): boolean {
	const lower = label.toLowerCase();
	return TOP_LEVEL_DOMAINS.has(lower) || lower.startsWith('xn--') || NON_LATIN_ENDING.test(label);
}

const isOctet = (label: string) => /^(?:0|[1-9]\d{0,2})$/.test(label) && Number(label) <= 255;

/** The first host name with a real ending in `text`, or the first IPv4 address (a whole dotted token of four octets). */
function dotted(text: string, kind: LinkFinding['kind']): string | undefined {
	for (const [token] of text.matchAll(DOTTED)) {
		const labels = token.split('.');
		if (kind === 'ip') {
			if (labels.length === 4 && labels.every(isOctet)) return token;
			continue;
		}
		for (let i = 1; i < labels.length; i++) {
			if (labels[i - 1] && isEnding(labels[i])) return labels.slice(0, i + 1).join('.');
		}
	}
	return undefined;
}

function plainAddress(text: string, kind: LinkFinding['kind']): string | undefined {
	if (kind === 'ip') {
		const ipv6 = IPV6.exec(text);
		return dotted(text, 'ip') ?? (ipv6 && /[0-9a-f]{2}/i.test(ipv6[0]) ? ipv6[0] : undefined);
	}
	const scheme = SCHEME.exec(text);
	if (scheme) return /^\S+/.exec(text.slice(scheme.index, scheme.index + 40))?.[0] ?? scheme[0];
	return dotted(text, 'link');
}

/**
 * Web addresses in `text`, at most one of each kind: a link (a scheme or `www.`, a host name with
 * any real top-level domain — IANA list, `xn--` and non-Latin endings included) and an IP address,
 * also when written with `[.]`, `(dot)`, `point fr`. Ordinary French ("M.", "env.", "14h30",
 * "05.12.2026", "2,5 km") is neither.
 */
export function findAddresses(text: string): LinkFinding[] {
	const undisguised = text.replace(BRACKETED_DOT, '.').replace(SPOKEN_DOT, '.');
	const findings: LinkFinding[] = [];
	for (const kind of ['link', 'ip'] as const) {
		const match = plainAddress(text, kind) ?? (undisguised === text ? undefined : plainAddress(undisguised, kind));
		if (match) findings.push({ kind, match });
	}
	return findings;
}
