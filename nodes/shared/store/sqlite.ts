import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import type { RunResult, SqlDb, SqlValue } from './db';

function bind(params: readonly SqlValue[]): SQLInputValue[] {
	return params.map((p) => {
		if (typeof p === 'boolean') return p ? 1 : 0;
		if (Array.isArray(p)) throw new TypeError('array parameters are for PostgreSQL only: use rowSource');
		return p as SQLInputValue;
	});
}

/** Serialises async work on one SQLite connection so transactions never interleave. */
class Queue {
	private tail: Promise<unknown> = Promise.resolve();

	run<T>(fn: () => Promise<T>): Promise<T> {
		const result = this.tail.then(fn, fn);
		this.tail = result.catch(() => undefined);
		return result;
	}
}

/** Prepared statements by SQL text: bulk paths run the same statement thousands of times. */
type StatementCache = Map<string, StatementSync>;

class SqliteTx implements SqlDb {
	readonly dialect = 'sqlite' as const;

	constructor(
		protected readonly db: DatabaseSync,
		protected readonly statements: StatementCache,
	) {}

	private statement(sql: string): StatementSync {
		let statement = this.statements.get(sql);
		if (!statement) {
			if (this.statements.size > 500) this.statements.clear();
			statement = this.db.prepare(sql);
			this.statements.set(sql, statement);
		}
		return statement;
	}

	async query<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
		return this.statement(sql).all(...bind(params)) as T[];
	}

	async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
		const result = this.statement(sql).run(...bind(params));
		return { changes: Number(result.changes) };
	}

	async exec(sql: string): Promise<void> {
		this.db.exec(sql);
	}

	async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
		// Already inside a transaction: SQLite has no nesting, run in the same one.
		return fn(this);
	}

	async close(): Promise<void> {
		// The owning connection closes the database.
	}
}

/**
 * One queue per database file and process: SQLite waits for a lock synchronously (busy timeout),
 * so two connections of one process interleaving their transactions would block the event loop.
 */
const queues = new Map<string, Queue>();

/** The embedded store: one SQLite file, WAL journal, busy timeout for other processes. */
export class SqliteDb extends SqliteTx {
	private readonly queue: Queue;

	constructor(readonly path: string) {
		if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
		const db = new DatabaseSync(path);
		db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;');
		super(db, new Map());
		const key = path === ':memory:' ? Symbol('memory').toString() + Math.random() : resolve(path);
		let queue = queues.get(key);
		if (!queue) {
			queue = new Queue();
			queues.set(key, queue);
		}
		this.queue = queue;
	}

	override async query<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
		return this.queue.run(() => super.query<T>(sql, params));
	}

	override async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
		return this.queue.run(() => super.run(sql, params));
	}

	override async exec(sql: string): Promise<void> {
		return this.queue.run(() => super.exec(sql));
	}

	override async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
		return this.queue.run(async () => {
			this.db.exec('BEGIN IMMEDIATE');
			try {
				const result = await fn(new SqliteTx(this.db, this.statements));
				this.db.exec('COMMIT');
				return result;
			} catch (error) {
				this.db.exec('ROLLBACK');
				throw error;
			}
		});
	}

	override async close(): Promise<void> {
		await this.queue.run(async () => this.db.close());
	}
}
