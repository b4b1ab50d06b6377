import { fold } from '../text';
import { communesByPostalCode, communeByCode, reference, type Commune } from './reference';

/**
 * Commune names as people write them: any case, accents lost, `St`/`Ste` for Saint/Sainte,
 * hyphens or spaces, the article in front (`Le Broc`) or behind (`Broc (Le)`).
 */
const ARTICLE_BEHIND = /^(.*?)\s*\((le|la|les|l')\)\s*$/i;

/** A comparison key for a commune name: lower case, no accents, articles in front, single spaces. */
export function nameKey(name: string): string {
	let text = name.trim();
	const behind = ARTICLE_BEHIND.exec(text);
	if (behind) text = `${behind[2]}${behind[2].endsWith("'") ? '' : ' '}${behind[1]}`;
	return fold(text)
		.replace(/'/g, "' ")
		.replace(/[-_.,/]+/g, ' ')
		.replace(/\bste\b/g, 'sainte')
		.replace(/\bst\b/g, 'saint')
		.replace(/\s+/g, ' ')
		.replace(/' /g, "'")
		.trim();
}

let byKey: Map<string, Commune[]> | undefined;
/** Each commune's name key, computed once: suggestions scan them all. */
const keyOf = new Map<Commune, string>();

function index(): Map<string, Commune[]> {
	if (!byKey) {
		byKey = new Map();
		for (const commune of reference().communes.values()) {
			const key = nameKey(commune.name);
			keyOf.set(commune, key);
			const list = byKey.get(key);
			if (list) list.push(commune);
			else byKey.set(key, [commune]);
		}
	}
	return byKey;
}

export interface CommuneQuery {
	/** INSEE code, if known. */
	code?: string;
	postalCode?: string;
	name?: string;
}

export type CommuneResolution =
	| { ok: true; commune: Commune }
	| { ok: false; reason: 'unknown' | 'ambiguous' | 'outside'; message: string; candidates: Commune[] };

function describe(communes: Commune[]): string {
	return communes
		.slice(0, 10)
		.map((c) => `${c.name} (${c.code})`)
		.join(', ');
}

/**
 * Resolves a commune from its INSEE code, its name, or postal code + name, optionally within
 * some départements. A postal code alone resolves only when it covers exactly one commune.
 */
export function resolveCommune(query: CommuneQuery, departements: string[] = []): CommuneResolution {
	const inScope = (c: Commune) => departements.length === 0 || departements.includes(c.departement);
	const label = [query.code, query.postalCode, query.name].filter(Boolean).join(' ');

	if (query.code) {
		const commune = communeByCode(query.code);
		if (!commune) {
			return { ok: false, reason: 'unknown', message: `INSEE code ${query.code} is not a French commune`, candidates: [] };
		}
		if (!inScope(commune)) {
			return {
				ok: false,
				reason: 'outside',
				message: `${commune.name} (${commune.code}) is outside département ${departements.join(', ')}`,
				candidates: [commune],
			};
		}
		return { ok: true, commune };
	}

	let pool: Commune[] | undefined;
	if (query.postalCode) {
		pool = communesByPostalCode(query.postalCode).filter(inScope);
		if (pool.length === 0) {
			return { ok: false, reason: 'unknown', message: `no commune has postal code ${query.postalCode}`, candidates: [] };
		}
		if (!query.name) {
			if (pool.length === 1) return { ok: true, commune: pool[0] };
			return {
				ok: false,
				reason: 'ambiguous',
				message: `postal code ${query.postalCode} covers several communes: ${describe(pool)}`,
				candidates: pool,
			};
		}
	}
	if (!query.name) return { ok: false, reason: 'unknown', message: 'no commune given', candidates: [] };

	const key = nameKey(query.name);
	const exact = (index().get(key) ?? []).filter((c) => (pool ? pool.includes(c) : inScope(c)));
	if (exact.length === 1) return { ok: true, commune: exact[0] };
	if (exact.length > 1) {
		return {
			ok: false,
			reason: 'ambiguous',
			message: `"${label}" matches several communes: ${describe(exact)}`,
			candidates: exact,
		};
	}
	const candidates = similarCommunes(key, pool ?? [...reference().communes.values()].filter(inScope));
	return {
		ok: false,
		reason: 'unknown',
		message: candidates.length
			? `"${label}" is not a commune${departements.length ? ` of département ${departements.join(', ')}` : ''}; did you mean ${describe(candidates)}?`
			: `"${label}" is not a commune${departements.length ? ` of département ${departements.join(', ')}` : ''}`,
		candidates,
	};
}

/** Communes whose name starts with, or contains, the words of `key` (for error messages). */
function similarCommunes(key: string, pool: Commune[]): Commune[] {
	if (key.length < 3) return [];
	index();
	const startsWith = pool.filter((c) => keyOf.get(c)?.startsWith(key));
	if (startsWith.length) return startsWith.slice(0, 10);
	return pool.filter((c) => keyOf.get(c)?.includes(key)).slice(0, 10);
}
