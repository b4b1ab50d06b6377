import { bulkChunk, rowSource, type ColumnType, type SqlDb, type SqlValue } from '../../store';
import type { Adherent } from '../types';
import { COLUMN_TYPES, COLUMNS, columnValues } from './rows';

export interface UpsertResult {
	created: number;
	updated: number;
	/** SIRETs that were new (the others were updated). */
	createdSirets: Set<string>;
}

/** A bulk row source: a SELECT of literal rows and the values it binds. */
type Source = ReturnType<typeof rowSource>;

/**
 * Inserts or updates members in one transaction (all or nothing), written in bulk statements
 * of as many rows as the database binds at once.
 */
export async function upsertMany(db: SqlDb, adherents: readonly Adherent[]): Promise<UpsertResult> {
	// One row per SIRET (the last wins), sorted so concurrent writers lock rows in the same order.
	const unique = [...new Map(adherents.map((a) => [a.siret, a])).values()].sort((a, b) => (a.siret < b.siret ? -1 : 1));
	const existing = await db.transaction(async (tx) => {
		const found = new Set<string>();
		const chunk = bulkChunk(tx.dialect, COLUMN_TYPES.length);
		for (let i = 0; i < unique.length; i += chunk) {
			for (const siret of await writeChunk(tx, unique.slice(i, i + chunk))) found.add(siret);
		}
		return found;
	});
	const createdSirets = new Set(unique.filter((a) => !existing.has(a.siret)).map((a) => a.siret));
	return { created: createdSirets.size, updated: existing.size, createdSirets };
}

/** Writes one chunk; returns the SIRETs that already existed. */
async function writeChunk(tx: SqlDb, chunk: Adherent[]): Promise<string[]> {
	const sirets = rowSource(tx.dialect, ['text'], chunk.map((a) => [a.siret]));
	const existing = await tx.query<{ siret: string }>(`SELECT siret FROM adherents WHERE siret IN (${sirets.sql})`, sirets.params);
	await writeMembers(tx, chunk);
	await writePhones(tx, chunk, sirets);
	await writeTags(tx, chunk, sirets);
	return existing.map((r) => r.siret);
}

async function writeMembers(tx: SqlDb, chunk: Adherent[]): Promise<void> {
	const now = new Date().toISOString();
	const updates = COLUMNS.filter((c) => c !== 'siret')
		.map((c) => `${c} = excluded.${c}`)
		.join(', ');
	const rows = rowSource(tx.dialect, COLUMN_TYPES, chunk.map((a) => [...columnValues(a), now, now]));
	// `WHERE true` lets SQLite tell the upsert's ON CONFLICT from a join clause.
	await tx.run(
		`INSERT INTO adherents (${COLUMNS.join(', ')}, created_at, updated_at) SELECT * FROM (${rows.sql}) AS src WHERE true
		 ON CONFLICT (siret) DO UPDATE SET ${updates}, updated_at = excluded.updated_at`,
		rows.params,
	);
}

/** Replaces the chunk's phone sets; a phone kept keeps its opt-out, so a re-import never re-subscribes it. */
async function writePhones(tx: SqlDb, chunk: Adherent[], sirets: Source): Promise<void> {
	const source = (types: ColumnType[], rows: SqlValue[][]) => rowSource(tx.dialect, types, rows);
	const pairs = chunk.flatMap((a) => a.phones.map((phone) => [a.siret, phone]));
	const kept = source(['text', 'text'], pairs);
	await tx.run(
		`DELETE FROM adherent_phones WHERE siret IN (${sirets.sql})${pairs.length ? ` AND (siret, phone) NOT IN (${kept.sql})` : ''}`,
		[...sirets.params, ...(pairs.length ? kept.params : [])],
	);
	if (!pairs.length) return;
	const optOut = new Map(chunk.flatMap((a) => a.optOuts.map((o) => [`${a.siret} ${o.phone}`, o.at] as const)));
	const phones = source(['text', 'text', 'text'], pairs.map(([siret, phone]) => [siret, phone, optOut.get(`${siret} ${phone}`) ?? null]));
	await tx.run(
		`INSERT INTO adherent_phones (siret, phone, opted_out_at) SELECT * FROM (${phones.sql}) AS src WHERE true
		 ON CONFLICT (siret, phone) DO UPDATE SET opted_out_at = COALESCE(excluded.opted_out_at, adherent_phones.opted_out_at)`,
		phones.params,
	);
}

/** Replaces the chunk's profession and zone tags. */
async function writeTags(tx: SqlDb, chunk: Adherent[], sirets: Source): Promise<void> {
	for (const [table, column, values] of [
		['adherent_professions', 'profession', (a: Adherent) => a.professions],
		['adherent_zones', 'zone', (a: Adherent) => a.zones],
	] as const) {
		await tx.run(`DELETE FROM ${table} WHERE siret IN (${sirets.sql})`, sirets.params);
		const tags = chunk.flatMap((a) => values(a).map((v) => [a.siret, v]));
		if (tags.length) {
			const tagRows = rowSource(tx.dialect, ['text', 'text'], tags);
			await tx.run(`INSERT INTO ${table} (siret, ${column}) SELECT * FROM (${tagRows.sql}) AS src WHERE true`, tagRows.params);
		}
	}
}
