import type { Dialect, SqlValue } from './db';

export type ColumnType = 'text' | 'float';

const PG_ARRAY: Record<ColumnType, string> = { text: 'text[]', float: 'float8[]' };

/** Rows per bulk statement: SQLite binds one parameter per value (32,766 at most), PostgreSQL one array per column. */
export function bulkChunk(dialect: Dialect, width: number): number {
	return dialect === 'sqlite' ? Math.floor(30_000 / width) : 10_000;
}

const memo = new Map<string, string>();

/**
 * A table of literal rows usable as a subquery (`INSERT … SELECT * FROM (source) …`, `x IN (source)`):
 * `VALUES (?, ?), …` on SQLite; on PostgreSQL `SELECT * FROM unnest(?::text[], …)`, one array per
 * column, so the statement stays small and is parsed fast however many rows it carries.
 */
export function rowSource(dialect: Dialect, types: readonly ColumnType[], rows: ReadonlyArray<readonly SqlValue[]>): { sql: string; params: SqlValue[] } {
	if (dialect === 'postgres') {
		const sql = `SELECT * FROM unnest(${types.map((t) => `?::${PG_ARRAY[t]}`).join(', ')})`;
		const params = types.map((_, column) => rows.map((row) => row[column]) as SqlValue);
		return { sql, params };
	}
	const key = `${rows.length}x${types.length}`;
	let sql = memo.get(key);
	if (!sql) {
		const row = `(${types.map(() => '?').join(', ')})`;
		sql = `VALUES ${Array.from({ length: rows.length }, () => row).join(', ')}`;
		if (memo.size > 200) memo.clear();
		memo.set(key, sql);
	}
	return { sql, params: rows.flat() };
}
