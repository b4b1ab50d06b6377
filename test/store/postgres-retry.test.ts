/** A statement PostgreSQL aborts for a deadlock runs again, as a transaction does (store/postgres.ts). */
import type { Client } from 'pg';
import { openDb, type SqlDb } from '../../nodes/shared/store';
import { freshPgDatabase, pgClient, type PostgresConfig } from '../support/postgres';

let config: PostgresConfig;
let db: SqlDb;

beforeAll(async () => {
	config = await freshPgDatabase('pgretry');
	// Our statement's deadlock check runs once, 3 s after it starts waiting: room for the other
	// session to close the cycle first on a loaded machine.
	const admin = pgClient(config);
	await admin.connect();
	await admin.query(`ALTER DATABASE "${config.database}" SET deadlock_timeout = '3s'`);
	await admin.end();
	db = openDb(config);
	await db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL); INSERT INTO t VALUES (1, 0), (2, 0);');
});

afterAll(async () => {
	await db.close();
});

it('runs a statement again when PostgreSQL chose it as a deadlock victim', async () => {
	// Another session holds row 2 and, once our statement holds row 1 and waits for row 2, asks for
	// row 1: a deadlock. Its long deadlock_timeout makes our statement the one PostgreSQL aborts.
	const other = pgClient(config);
	const watcher = pgClient(config);
	await other.connect();
	await watcher.connect();
	try {
		await other.query("SET deadlock_timeout = '60s'");
		await other.query('BEGIN');
		await other.query('UPDATE t SET v = v + 10 WHERE id = 2');
		const ours = db.run('UPDATE t SET v = v + 1 WHERE id IN (1, 2)');
		// Ours has locked row 1 and waits for row 2. Watched from outside the other session's
		// transaction: inside it, pg_stat_activity is a snapshot taken at its first read.
		expect(await waitForLockWait(watcher, 'UPDATE t SET v = v + 1%')).toBe(true);
		const theirs = other.query('UPDATE t SET v = v + 100 WHERE id = 1');
		// Ours is aborted after its deadlock_timeout (3 s), then runs again once the other commits.
		await theirs;
		await other.query('COMMIT');
		expect(await ours).toEqual({ changes: 2 });
	} finally {
		await other.end();
		await watcher.end();
	}
	const rows = await db.query<{ id: number; v: number }>('SELECT id, v FROM t ORDER BY id');
	expect(rows).toEqual([
		{ id: 1, v: 101 },
		{ id: 2, v: 11 },
	]);
});

async function waitForLockWait(watcher: Client, queryLike: string): Promise<boolean> {
	for (let i = 0; i < 250; i++) {
		const { rows } = await watcher.query<{ n: number }>(
			"SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1",
			[queryLike],
		);
		if (rows[0].n > 0) return true;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return false;
}
