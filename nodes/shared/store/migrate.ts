import type { Dialect, SqlDb } from './db';

/** One schema step of a component; `sql` may differ per dialect. */
export interface Migration {
	version: number;
	description: string;
	sql: string | Record<Dialect, string>;
}

/** Column types that differ by dialect, for SQL written once (dialectSql). */
export interface DialectTypes {
	/** Epoch milliseconds: past 2^31, so BIGINT on PostgreSQL; SQLite's INTEGER holds 64 bits. */
	epochMs: 'INTEGER' | 'BIGINT';
	/** An auto-numbered primary key. */
	serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT' | 'BIGSERIAL PRIMARY KEY';
}

const TYPES: Record<Dialect, DialectTypes> = {
	sqlite: { epochMs: 'INTEGER', serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
	postgres: { epochMs: 'BIGINT', serialKey: 'BIGSERIAL PRIMARY KEY' },
};

/** A migration's SQL written once, for a table whose dialects differ only by column types. */
export function dialectSql(write: (types: DialectTypes) => string): Record<Dialect, string> {
	return { sqlite: write(TYPES.sqlite), postgres: write(TYPES.postgres) };
}

/**
 * Applies the pending migrations of one component (`registry`, `ledger`…) in order, each in its
 * own transaction, recorded in `schema_migrations`. Safe when several workers open at once:
 * PostgreSQL takes an advisory lock, SQLite a write lock.
 */
export async function migrate(db: SqlDb, component: string, migrations: readonly Migration[]): Promise<number> {
	// Under the lock too: PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against itself (two
	// workers opening a brand-new database at once both try to create the table's row type).
	await db.transaction(async (tx) => {
		await lock(tx);
		await tx.exec(
			'CREATE TABLE IF NOT EXISTS schema_migrations (component TEXT NOT NULL, version INTEGER NOT NULL, description TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (component, version))',
		);
	});
	let applied = 0;
	for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
		await db.transaction(async (tx) => {
			await lock(tx);
			const done = await tx.query('SELECT 1 AS done FROM schema_migrations WHERE component = ? AND version = ?', [
				component,
				migration.version,
			]);
			if (done.length) return;
			await tx.exec(typeof migration.sql === 'string' ? migration.sql : migration.sql[tx.dialect]);
			await tx.run('INSERT INTO schema_migrations (component, version, description, applied_at) VALUES (?, ?, ?, ?)', [
				component,
				migration.version,
				migration.description,
				new Date().toISOString(),
			]);
			applied++;
		});
	}
	return applied;
}

/** One migrator at a time on PostgreSQL (SQLite's transactions already take the write lock). */
async function lock(tx: SqlDb): Promise<void> {
	if (tx.dialect === 'postgres') await tx.query("SELECT pg_advisory_xact_lock(hashtext('alerte-commerces-migrations'))");
}
