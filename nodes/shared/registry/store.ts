import type { NafNomenclature } from '../naf';
import { bulkChunk, configKey, migrate, openDb, rowSource, type ColumnType, type SqlDb, type SqlValue, type StoreConfig } from '../store';
import { maskPhone } from '../phone';
import { quoted } from '../text';
import { readChanges, writeChange, type AdherentChange, type ChangeAction, type ChangeQuery, type ChangeSource } from './changes';
import { normalizeDateTime } from './dates';
import { REGISTRY_MIGRATIONS } from './schema';
import type { Adherent, AdherentStatus, OptOut } from './types';

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

export interface CountBy<K extends string> {
	key: K;
	count: number;
}

export interface RegistryStatistics {
	members: number;
	byStatus: Record<string, number>;
	byCommune: Array<{ communeInsee: string; city: string; count: number }>;
	byProfession: Array<{ profession: string; count: number }>;
	/** Active members whose membership ended before today. */
	expired: number;
	phones: number;
	optedOutPhones: number;
	/** Members erased on request (GDPR): only these anonymous counts remain. */
	erased: number;
}

export interface UpsertResult {
	created: number;
	updated: number;
	/** SIRETs that were new (the others were updated). */
	createdSirets: Set<string>;
}

interface AdherentRow {
	siret: string;
	siren: string;
	name: string;
	trade_name: string | null;
	naf: string | null;
	naf_nomenclature: NafNomenclature | null;
	commune_insee: string;
	postal_code: string | null;
	city: string;
	departement: string;
	epci: string | null;
	arrondissement: string | null;
	lat: number | null;
	lon: number | null;
	email: string | null;
	status: AdherentStatus;
	member_since: string | null;
	member_until: string | null;
	consent_at: string | null;
}

const COLUMNS = [
	'siret',
	'siren',
	'name',
	'trade_name',
	'naf',
	'naf_nomenclature',
	'commune_insee',
	'postal_code',
	'city',
	'departement',
	'epci',
	'arrondissement',
	'lat',
	'lon',
	'email',
	'status',
	'member_since',
	'member_until',
	'consent_at',
] as const;

const COLUMN_TYPES: ColumnType[] = [...COLUMNS.map((c): ColumnType => (c === 'lat' || c === 'lon' ? 'float' : 'text')), 'text', 'text'];

const inList = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/**
 * `text` as a LIKE pattern that matches it literally: `%` and `_` are wildcards, so a search for
 * `%` would list every member. `!` escapes (`ESCAPE '!'`): a backslash means different things to
 * SQLite and to PostgreSQL string literals, `!` is plain in both.
 */
function likeContaining(text: string): string {
	return `%${text.replace(/[!%_]/g, '!$&')}%`;
}

function columnValues(a: Adherent): SqlValue[] {
	return [
		a.siret,
		a.siren,
		a.name,
		a.tradeName ?? null,
		a.naf ?? null,
		a.nafNomenclature ?? null,
		a.communeInsee,
		a.postalCode ?? null,
		a.city,
		a.departement,
		a.epci ?? null,
		a.arrondissement ?? null,
		a.lat ?? null,
		a.lon ?? null,
		a.email ?? null,
		a.status,
		a.memberSince ?? null,
		a.memberUntil ?? null,
		a.consentAt ?? null,
	];
}

function fromRow(row: AdherentRow, phones: Array<{ phone: string; opted_out_at: string | null }>, professions: string[], zones: string[]): Adherent {
	const adherent: Adherent = {
		siret: row.siret,
		siren: row.siren,
		name: row.name,
		tradeName: row.trade_name ?? undefined,
		naf: row.naf ?? undefined,
		nafNomenclature: row.naf_nomenclature ?? undefined,
		professions,
		phones: phones.map((p) => p.phone),
		communeInsee: row.commune_insee,
		postalCode: row.postal_code ?? undefined,
		city: row.city,
		departement: row.departement,
		epci: row.epci ?? undefined,
		arrondissement: row.arrondissement ?? undefined,
		lat: row.lat ?? undefined,
		lon: row.lon ?? undefined,
		zones,
		email: row.email ?? undefined,
		status: row.status,
		memberSince: row.member_since ?? undefined,
		memberUntil: row.member_until ?? undefined,
		consentAt: row.consent_at ?? undefined,
		optOuts: phones.filter((p) => p.opted_out_at).map((p): OptOut => ({ phone: p.phone, at: p.opted_out_at as string })),
	};
	for (const key of Object.keys(adherent) as Array<keyof Adherent>) {
		if (adherent[key] === undefined) delete adherent[key];
	}
	return adherent;
}

const today = () => new Date().toISOString().slice(0, 10);

/** As many phones as rules/adherent.schema.json allows a member. */
const MAX_PHONES = 5;

/** The place columns a commune decides (validateAdherent resolves them from a postal code and a name). */
export interface AdherentPlace {
	communeInsee: string;
	postalCode?: string;
	city: string;
	departement: string;
	epci?: string;
	arrondissement?: string;
}

/** What became of a phone change; `reason` says why nothing changed. */
export type PhoneChangeResult =
	| { ok: true; change: AdherentChange }
	| { ok: false; reason: 'unknownMember' | 'notMemberPhone' | 'alreadyMemberPhone' | 'tooManyPhones' };

/**
 * The register of member businesses over SQLite (embedded) or PostgreSQL. Writes are upserts by
 * SIRET; a member's phone set is replaced but each kept phone keeps its opt-out, so re-importing
 * the CCI's file never re-subscribes someone who asked to stop.
 */
export class RegistryStore {
	constructor(readonly db: SqlDb) {}

	/** Inserts or updates one member. */
	async upsert(adherent: Adherent): Promise<UpsertResult> {
		return this.upsertMany([adherent]);
	}

	/**
	 * Inserts or updates members in one transaction (all or nothing), written in bulk statements
	 * of as many rows as the database binds at once.
	 */
	async upsertMany(adherents: readonly Adherent[]): Promise<UpsertResult> {
		// One row per SIRET (the last wins), sorted so concurrent writers lock rows in the same order.
		const unique = [...new Map(adherents.map((a) => [a.siret, a])).values()].sort((a, b) => (a.siret < b.siret ? -1 : 1));
		const existing = await this.db.transaction(async (tx) => {
			const found = new Set<string>();
			const chunk = bulkChunk(tx.dialect, COLUMN_TYPES.length);
			for (let i = 0; i < unique.length; i += chunk) {
				for (const siret of await this.writeChunk(tx, unique.slice(i, i + chunk))) found.add(siret);
			}
			return found;
		});
		const createdSirets = new Set(unique.filter((a) => !existing.has(a.siret)).map((a) => a.siret));
		return { created: createdSirets.size, updated: existing.size, createdSirets };
	}

	/** Writes one chunk; returns the SIRETs that already existed. */
	private async writeChunk(tx: SqlDb, chunk: Adherent[]): Promise<string[]> {
		const source = (types: ColumnType[], rows: SqlValue[][]) => rowSource(tx.dialect, types, rows);
		const sirets = source(['text'], chunk.map((a) => [a.siret]));
		const existing = await tx.query<{ siret: string }>(`SELECT siret FROM adherents WHERE siret IN (${sirets.sql})`, sirets.params);
		const now = new Date().toISOString();
		const updates = COLUMNS.filter((c) => c !== 'siret')
			.map((c) => `${c} = excluded.${c}`)
			.join(', ');
		const rows = source(COLUMN_TYPES, chunk.map((a) => [...columnValues(a), now, now]));
		// `WHERE true` lets SQLite tell the upsert's ON CONFLICT from a join clause.
		await tx.run(
			`INSERT INTO adherents (${COLUMNS.join(', ')}, created_at, updated_at) SELECT * FROM (${rows.sql}) AS src WHERE true
			 ON CONFLICT (siret) DO UPDATE SET ${updates}, updated_at = excluded.updated_at`,
			rows.params,
		);

		const pairs = chunk.flatMap((a) => a.phones.map((phone) => [a.siret, phone]));
		const kept = source(['text', 'text'], pairs);
		await tx.run(
			`DELETE FROM adherent_phones WHERE siret IN (${sirets.sql})${pairs.length ? ` AND (siret, phone) NOT IN (${kept.sql})` : ''}`,
			[...sirets.params, ...(pairs.length ? kept.params : [])],
		);
		if (pairs.length) {
			const optOut = new Map(chunk.flatMap((a) => a.optOuts.map((o) => [`${a.siret} ${o.phone}`, o.at] as const)));
			const phones = source(['text', 'text', 'text'], pairs.map(([siret, phone]) => [siret, phone, optOut.get(`${siret} ${phone}`) ?? null]));
			await tx.run(
				`INSERT INTO adherent_phones (siret, phone, opted_out_at) SELECT * FROM (${phones.sql}) AS src WHERE true
				 ON CONFLICT (siret, phone) DO UPDATE SET opted_out_at = COALESCE(excluded.opted_out_at, adherent_phones.opted_out_at)`,
				phones.params,
			);
		}
		for (const [table, column, values] of [
			['adherent_professions', 'profession', (a: Adherent) => a.professions],
			['adherent_zones', 'zone', (a: Adherent) => a.zones],
		] as const) {
			await tx.run(`DELETE FROM ${table} WHERE siret IN (${sirets.sql})`, sirets.params);
			const tags = chunk.flatMap((a) => values(a).map((v) => [a.siret, v]));
			if (tags.length) {
				const tagRows = source(['text', 'text'], tags);
				await tx.run(`INSERT INTO ${table} (siret, ${column}) SELECT * FROM (${tagRows.sql}) AS src WHERE true`, tagRows.params);
			}
		}
		return existing.map((r) => r.siret);
	}

	/** One member by SIRET. */
	async get(siret: string): Promise<Adherent | undefined> {
		return (await this.search({ siret, limit: 1 })).adherents[0];
	}

	/** Members matching the criteria, ordered by SIRET, one page at a time. */
	async search(query: AdherentQuery = {}): Promise<SearchResult> {
		const where: string[] = [];
		const params: SqlValue[] = [];
		const any = (column: string, values: readonly string[] | undefined) => {
			if (!values?.length) return;
			where.push(`${column} IN (${inList(values.length)})`);
			params.push(...values);
		};
		if (query.siret) any('siret', [query.siret]);
		any('commune_insee', query.communes);
		any('epci', query.epcis);
		any('departement', query.departements);
		any('arrondissement', query.arrondissements);
		any('status', query.statuses);
		for (const [table, column, values] of [
			['adherent_professions', 'profession', query.professions],
			['adherent_zones', 'zone', query.zones],
			['adherent_phones', 'phone', query.phone ? [query.phone] : undefined],
		] as const) {
			if (!values?.length) continue;
			where.push(`siret IN (SELECT siret FROM ${table} WHERE ${column} IN (${inList(values.length)}))`);
			params.push(...values);
		}
		if (query.memberUntilFrom) {
			where.push('member_until >= ?');
			params.push(query.memberUntilFrom);
		}
		if (query.memberUntilTo) {
			where.push('member_until <= ?');
			params.push(query.memberUntilTo);
		}
		if (query.text) {
			where.push("(LOWER(name) LIKE ? ESCAPE '!' OR LOWER(COALESCE(trade_name, '')) LIKE ? ESCAPE '!')");
			const like = likeContaining(query.text.toLowerCase());
			params.push(like, like);
		}
		const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
		const limit = Math.max(1, Math.min(query.limit ?? 100, 10_000));
		const offset = Math.max(0, query.offset ?? 0);
		const [{ total }] = await this.db.query<{ total: number | string }>(`SELECT COUNT(*) AS total FROM adherents ${filter}`, params);
		const rows = await this.db.query<AdherentRow>(
			`SELECT ${COLUMNS.join(', ')} FROM adherents ${filter} ORDER BY siret LIMIT ${limit} OFFSET ${offset}`,
			params,
		);
		return { adherents: await this.hydrate(rows), total: Number(total) };
	}

	/** Attaches phones, professions and zones to a page of rows (three queries, not three per row). */
	private async hydrate(rows: AdherentRow[]): Promise<Adherent[]> {
		if (rows.length === 0) return [];
		const sirets = rows.map((r) => r.siret);
		const list = inList(sirets.length);
		const phones = await this.db.query<{ siret: string; phone: string; opted_out_at: string | null }>(
			`SELECT siret, phone, opted_out_at FROM adherent_phones WHERE siret IN (${list}) ORDER BY phone`,
			sirets,
		);
		const professions = await this.db.query<{ siret: string; profession: string }>(
			`SELECT siret, profession FROM adherent_professions WHERE siret IN (${list}) ORDER BY profession`,
			sirets,
		);
		const zones = await this.db.query<{ siret: string; zone: string }>(
			`SELECT siret, zone FROM adherent_zones WHERE siret IN (${list}) ORDER BY zone`,
			sirets,
		);
		const group = <T extends { siret: string }>(items: T[]) => {
			const map = new Map<string, T[]>();
			for (const item of items) {
				const bucket = map.get(item.siret);
				if (bucket) bucket.push(item);
				else map.set(item.siret, [item]);
			}
			return map;
		};
		const phonesBy = group(phones);
		const professionsBy = group(professions);
		const zonesBy = group(zones);
		return rows.map((row) =>
			fromRow(
				row,
				phonesBy.get(row.siret) ?? [],
				(professionsBy.get(row.siret) ?? []).map((p) => p.profession),
				(zonesBy.get(row.siret) ?? []).map((z) => z.zone),
			),
		);
	}

	/** Stops alerts to a phone number (every member that has it); returns how many phones changed. */
	async optOut(phone: string, at = new Date().toISOString()): Promise<number> {
		const when = normalizeDateTime(at);
		if (!when) throw new RangeError(`the opt-out date ${quoted(at)} is not a date of the calendar: give an ISO 8601 timestamp such as 2026-03-01T10:00:00Z`);
		return (await this.db.run('UPDATE adherent_phones SET opted_out_at = ? WHERE phone = ? AND opted_out_at IS NULL', [when, phone])).changes;
	}

	/** Resumes alerts to a phone number. */
	async optIn(phone: string): Promise<number> {
		return (await this.db.run('UPDATE adherent_phones SET opted_out_at = NULL WHERE phone = ? AND opted_out_at IS NOT NULL', [phone])).changes;
	}

	/**
	 * Pauses alerts to every phone of one member (its phones' opt-out, dated now), other members
	 * sharing a number untouched; journaled. Undefined for an unknown SIRET.
	 */
	async pauseAlerts(siret: string, change: ChangeSource): Promise<{ changed: number; change?: AdherentChange } | undefined> {
		return this.setPaused(siret, true, change);
	}

	/** Resumes alerts to every phone of one member; journaled. Undefined for an unknown SIRET. */
	async resumeAlerts(siret: string, change: ChangeSource): Promise<{ changed: number; change?: AdherentChange } | undefined> {
		return this.setPaused(siret, false, change);
	}

	private async setPaused(siret: string, paused: boolean, change: ChangeSource): Promise<{ changed: number; change?: AdherentChange } | undefined> {
		return this.db.transaction(async (tx) => {
			if (!(await exists(tx, siret))) return undefined;
			const { changes } = paused
				? await tx.run('UPDATE adherent_phones SET opted_out_at = ? WHERE siret = ? AND opted_out_at IS NULL', [new Date(change.at ?? Date.now()).toISOString(), siret])
				: await tx.run('UPDATE adherent_phones SET opted_out_at = NULL WHERE siret = ? AND opted_out_at IS NOT NULL', [siret]);
			// Pausing what is already paused changes nothing and says nothing to the CCI.
			if (changes === 0) return { changed: 0 };
			const detail = `${changes} numéro${changes > 1 ? 's' : ''}`;
			return { changed: changes, change: await writeChange(tx, siret, paused ? 'paused' : 'resumed', change, detail) };
		});
	}

	/**
	 * Adds a mobile (E.164) to a member, or puts it in place of one of its numbers (`replaces`);
	 * journaled with masked numbers. The caller confirms the new number first (a code sent to it).
	 */
	async addPhone(siret: string, phone: string, change: ChangeSource, replaces?: string): Promise<PhoneChangeResult> {
		return this.db.transaction(async (tx) => {
			if (!(await exists(tx, siret))) return { ok: false, reason: 'unknownMember' };
			const phones = (await tx.query<{ phone: string }>('SELECT phone FROM adherent_phones WHERE siret = ?', [siret])).map((p) => p.phone);
			if (phones.includes(phone)) return { ok: false, reason: 'alreadyMemberPhone' };
			if (replaces !== undefined && !phones.includes(replaces)) return { ok: false, reason: 'notMemberPhone' };
			if (replaces === undefined && phones.length >= MAX_PHONES) return { ok: false, reason: 'tooManyPhones' };
			if (replaces !== undefined) await tx.run('DELETE FROM adherent_phones WHERE siret = ? AND phone = ?', [siret, replaces]);
			await tx.run('INSERT INTO adherent_phones (siret, phone, opted_out_at) VALUES (?, ?, NULL)', [siret, phone]);
			await tx.run('UPDATE adherents SET updated_at = ? WHERE siret = ?', [new Date().toISOString(), siret]);
			const detail = replaces === undefined ? maskPhone(phone) : `${maskPhone(replaces)} remplacé par ${maskPhone(phone)}`;
			return { ok: true, change: await writeChange(tx, siret, replaces === undefined ? 'phoneAdded' : 'phoneReplaced', change, detail) };
		});
	}

	/**
	 * Moves a member to another commune (a place resolved by validateAdherent or resolveCommune);
	 * its coordinates are dropped, they located the old address. Journaled. False for an unknown SIRET.
	 */
	async setPlace(siret: string, place: AdherentPlace, change: ChangeSource): Promise<AdherentChange | undefined> {
		return this.db.transaction(async (tx) => {
			const [before] = await tx.query<{ commune_insee: string; city: string }>('SELECT commune_insee, city FROM adherents WHERE siret = ?', [siret]);
			if (!before) return undefined;
			await tx.run(
				`UPDATE adherents SET commune_insee = ?, postal_code = ?, city = ?, departement = ?, epci = ?, arrondissement = ?, lat = NULL, lon = NULL, updated_at = ?
				 WHERE siret = ?`,
				[place.communeInsee, place.postalCode ?? null, place.city, place.departement, place.epci ?? null, place.arrondissement ?? null, new Date().toISOString(), siret],
			);
			return writeChange(tx, siret, 'communeChanged', change, `${before.city} (${before.commune_insee}) → ${place.city} (${place.communeInsee})`);
		});
	}

	/** Journals a request that changes nothing in the register yet (e.g. a renewal the CCI handles). */
	async recordChange(siret: string, action: ChangeAction, change: ChangeSource, detail?: string): Promise<AdherentChange | undefined> {
		return this.db.transaction(async (tx) => ((await exists(tx, siret)) ? writeChange(tx, siret, action, change, detail) : undefined));
	}

	/** The change journal, in time order (a period for the CCI's digest, or one member's lines). */
	async changes(query: ChangeQuery = {}): Promise<AdherentChange[]> {
		return readChanges(this.db, query);
	}

	/** Changes a member's status (e.g. pending → active after sign-up confirmation). */
	async setStatus(siret: string, status: AdherentStatus): Promise<boolean> {
		const now = new Date().toISOString();
		return (await this.db.run('UPDATE adherents SET status = ?, updated_at = ? WHERE siret = ?', [status, now, siret])).changes > 0;
	}

	/**
	 * Erases a member (GDPR right to erasure): the row, its phones, professions, zones and change
	 * journal go; an anonymous line (date, département, commune, NAF) stays for the yearly
	 * statistics. With `change`, the journal records who erased it.
	 */
	async erase(siret: string, change?: ChangeSource): Promise<boolean> {
		return this.db.transaction(async (tx) => {
			const [row] = await tx.query<{ departement: string; commune_insee: string; naf: string | null }>(
				'SELECT departement, commune_insee, naf FROM adherents WHERE siret = ?',
				[siret],
			);
			if (!row) return false;
			for (const table of ['adherent_phones', 'adherent_professions', 'adherent_zones', 'adherent_changes', 'adherents']) {
				await tx.run(`DELETE FROM ${table} WHERE siret = ?`, [siret]);
			}
			// The journal keeps one line, without detail, so the CCI's digest says who left.
			if (change) await writeChange(tx, siret, 'erased', change);
			await tx.run('INSERT INTO registry_erasures (erased_at, departement, commune_insee, naf) VALUES (?, ?, ?, ?)', [
				new Date().toISOString(),
				row.departement,
				row.commune_insee,
				row.naf,
			]);
			return true;
		});
	}

	/** The départements the members belong to, most members first: the register's own territory. */
	async departements(): Promise<string[]> {
		const rows = await this.db.query<{ departement: string; n: number | string }>(
			'SELECT departement, COUNT(*) AS n FROM adherents GROUP BY departement ORDER BY COUNT(*) DESC, departement',
		);
		return rows.map((r) => r.departement);
	}

	/** Counts for the CCI and the yearly review: members by status, commune and profession. */
	async statistics(date = today()): Promise<RegistryStatistics> {
		const count = async (sql: string, params: SqlValue[] = []) => Number((await this.db.query<{ n: number | string }>(sql, params))[0].n);
		const byStatus = await this.db.query<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM adherents GROUP BY status ORDER BY status');
		const byCommune = await this.db.query<{ commune_insee: string; city: string; n: number | string }>(
			'SELECT commune_insee, MIN(city) AS city, COUNT(*) AS n FROM adherents GROUP BY commune_insee ORDER BY COUNT(*) DESC, commune_insee',
		);
		const byProfession = await this.db.query<{ profession: string; n: number | string }>(
			'SELECT profession, COUNT(*) AS n FROM adherent_professions GROUP BY profession ORDER BY COUNT(*) DESC, profession',
		);
		return {
			members: await count('SELECT COUNT(*) AS n FROM adherents'),
			byStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
			byCommune: byCommune.map((r) => ({ communeInsee: r.commune_insee, city: r.city, count: Number(r.n) })),
			byProfession: byProfession.map((r) => ({ profession: r.profession, count: Number(r.n) })),
			expired: await count("SELECT COUNT(*) AS n FROM adherents WHERE status = 'active' AND member_until IS NOT NULL AND member_until < ?", [date]),
			phones: await count('SELECT COUNT(*) AS n FROM adherent_phones'),
			optedOutPhones: await count('SELECT COUNT(*) AS n FROM adherent_phones WHERE opted_out_at IS NOT NULL'),
			erased: await count('SELECT COUNT(*) AS n FROM registry_erasures'),
		};
	}

	async close(): Promise<void> {
		await this.db.close();
	}
}

async function exists(tx: SqlDb, siret: string): Promise<boolean> {
	return (await tx.query('SELECT 1 AS found FROM adherents WHERE siret = ?', [siret])).length > 0;
}

/** Opens the registry (and applies pending migrations) on an already open connection. */
export async function registryOn(db: SqlDb): Promise<RegistryStore> {
	await migrate(db, 'registry', REGISTRY_MIGRATIONS);
	return new RegistryStore(db);
}

/** Opens a registry for a configuration (a new connection the caller closes). */
export async function openRegistry(config: StoreConfig): Promise<RegistryStore> {
	return registryOn(openDb(config));
}

const shared = new Map<string, Promise<SqlDb>>();

/**
 * One connection per configuration and process, migrated once: n8n runs a node's execute for
 * every execution, and reopening a pool (or re-checking migrations) each time would be waste.
 */
export function sharedDb(config: StoreConfig): Promise<SqlDb> {
	const key = configKey(config);
	let db = shared.get(key);
	if (!db) {
		db = (async () => {
			const opened = openDb(config);
			await migrate(opened, 'registry', REGISTRY_MIGRATIONS);
			return opened;
		})();
		db.catch(() => shared.delete(key));
		shared.set(key, db);
	}
	return db;
}

/** Closes every shared connection (tests, process shutdown). */
export async function closeSharedDbs(): Promise<void> {
	const all = [...shared.values()];
	shared.clear();
	await Promise.all(all.map(async (db) => (await db).close().catch(() => undefined)));
}
