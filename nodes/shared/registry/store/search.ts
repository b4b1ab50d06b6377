import type { SqlDb, SqlValue } from '../../store';
import type { Adherent, AdherentStatus } from '../types';
import { COLUMNS, fromRow, inList, type AdherentRow, type PhoneRow } from './rows';

/** Search criteria: lists are alternatives (OR), criteria combine (AND). */
export interface AdherentQuery {
	siret?: string;
	phone?: string;
	communes?: string[];
	epcis?: string[];
	departements?: string[];
	arrondissements?: string[];
	professions?: string[];
	zones?: string[];
	statuses?: AdherentStatus[];
	/** Name or trade name containing this text (case-insensitive). */
	text?: string;
	/** Membership ending on or after this day (YYYY-MM-DD): renewal reminders. */
	memberUntilFrom?: string;
	/** Membership ending on or before this day (YYYY-MM-DD). */
	memberUntilTo?: string;
	limit?: number;
	offset?: number;
}

export interface SearchResult {
	adherents: Adherent[];
	total: number;
}

/** Members matching the criteria, ordered by SIRET, one page at a time. */
export async function search(db: SqlDb, query: AdherentQuery = {}): Promise<SearchResult> {
	const { where, params } = conditionsOf(query);
	const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
	const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
	const offset = Math.max(0, query.offset ?? 0);
	const [{ total }] = await db.query<{ total: number | string }>(`SELECT COUNT(*) AS total FROM adherents ${filter}`, params);
	const rows = await db.query<AdherentRow>(`SELECT ${COLUMNS.join(', ')} FROM adherents ${filter} ORDER BY siret LIMIT ${limit} OFFSET ${offset}`, params);
	return { adherents: await hydrate(db, rows), total: Number(total) };
}

/** The query's criteria as SQL conditions (to join with AND) and the values they bind. */
function conditionsOf(query: AdherentQuery): { where: string[]; params: SqlValue[] } {
	const where: string[] = [];
	const params: SqlValue[] = [];
	const add = (condition: string, ...values: SqlValue[]) => {
		where.push(condition);
		params.push(...values);
	};
	for (const [column, values] of [
		['siret', query.siret ? [query.siret] : undefined],
		['commune_insee', query.communes],
		['epci', query.epcis],
		['departement', query.departements],
		['arrondissement', query.arrondissements],
		['status', query.statuses],
	] as const) {
		if (values?.length) add(`${column} IN (${inList(values.length)})`, ...values);
	}
	for (const [table, column, values] of [
		['adherent_professions', 'profession', query.professions],
		['adherent_zones', 'zone', query.zones],
		['adherent_phones', 'phone', query.phone ? [query.phone] : undefined],
	] as const) {
		if (values?.length) add(`siret IN (SELECT siret FROM ${table} WHERE ${column} IN (${inList(values.length)}))`, ...values);
	}
	if (query.memberUntilFrom) add('member_until >= ?', query.memberUntilFrom);
	if (query.memberUntilTo) add('member_until <= ?', query.memberUntilTo);
	if (query.text) {
		const like = likeContaining(query.text.toLowerCase());
		add("(LOWER(name) LIKE ? ESCAPE '!' OR LOWER(COALESCE(trade_name, '')) LIKE ? ESCAPE '!')", like, like);
	}
	return { where, params };
}

/**
 * `text` as a LIKE pattern that matches it literally: `%` and `_` are wildcards, so a search for
 * `%` would list every member. `!` escapes (`ESCAPE '!'`): a backslash means different things to
 * SQLite and to PostgreSQL string literals, `!` is plain in both.
 */
function likeContaining(text: string): string {
	return `%${text.replace(/[!%_]/g, '!$&')}%`;
}

/** Attaches phones, professions and zones to a page of rows (three queries, not three per row). */
async function hydrate(db: SqlDb, rows: AdherentRow[]): Promise<Adherent[]> {
	if (rows.length === 0) return [];
	const sirets = rows.map((r) => r.siret);
	const list = inList(sirets.length);
	const phones = await db.query<PhoneRow & { siret: string }>(
		`SELECT siret, phone, opted_out_at FROM adherent_phones WHERE siret IN (${list}) ORDER BY phone`,
		sirets,
	);
	const professions = await db.query<{ siret: string; profession: string }>(
		`SELECT siret, profession FROM adherent_professions WHERE siret IN (${list}) ORDER BY profession`,
		sirets,
	);
	const zones = await db.query<{ siret: string; zone: string }>(`SELECT siret, zone FROM adherent_zones WHERE siret IN (${list}) ORDER BY zone`, sirets);
	const phonesBy = bySiret(phones);
	const professionsBy = bySiret(professions);
	const zonesBy = bySiret(zones);
	return rows.map((row) =>
		fromRow(
			row,
			phonesBy.get(row.siret) ?? [],
			(professionsBy.get(row.siret) ?? []).map((p) => p.profession),
			(zonesBy.get(row.siret) ?? []).map((z) => z.zone),
		),
	);
}

/** Rows grouped by SIRET, each group in the rows' order. */
function bySiret<T extends { siret: string }>(items: T[]): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const item of items) {
		const bucket = map.get(item.siret);
		if (bucket) bucket.push(item);
		else map.set(item.siret, [item]);
	}
	return map;
}
