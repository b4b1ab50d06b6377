import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { RunResult, SqlDb, SqlValue } from './db';

/** `?` placeholders → `$1…$n` (our SQL never has a literal `?`). */
export function numberPlaceholders(sql: string): string {
	let n = 0;
	return sql.replace(/\?/g, () => `$${++n}`);
}

type Queryable = Pool | PoolClient;

/** SQLSTATE codes after which a transaction can simply be run again. */
const RETRYABLE = { deadlock: '40P01', serialization: '40001' };

/** Runs `attempt` again (up to 5 times in all) when PostgreSQL aborted it for a deadlock or a serialization failure. */
async function retried<T>(attempt: () => Promise<T>): Promise<T> {
	for (let n = 1; ; n++) {
		try {
			return await attempt();
		} catch (error) {
			const code = (error as { code?: string }).code;
			if (n >= 5 || (code !== RETRYABLE.deadlock && code !== RETRYABLE.serialization)) throw error;
			await new Promise((resolve) => setTimeout(resolve, n * 10 + Math.random() * 20));
		}
	}
}

class PgTx implements SqlDb {
	readonly dialect = 'postgres' as const;

	constructor(protected readonly client: Queryable) {}

	async query<T extends object>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
		const result = await this.client.query(numberPlaceholders(sql), params as unknown[]);
		return result.rows as T[];
	}

	async run(sql: string, params: readonly SqlValue[] = []): Promise<RunResult> {
		const result = await this.client.query(numberPlaceholders(sql), params as unknown[]);
		return { changes: result.rowCount ?? 0 };
	}

	async exec(sql: string): Promise<void> {
		await this.client.query(sql);
	}

	async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
		return fn(this);
	}

	async close(): Promise<void> {}
}

/** PostgreSQL through a connection pool; each transaction gets a client of its own. */
export class PostgresDb extends PgTx {
	constructor(private readonly pool: Pool) {
		super(pool);
	}

	static connect(config: PoolConfig): PostgresDb {
		const pool = new Pool(config);
		// An idle client losing its connection must not crash the n8n process.
		pool.on('error', () => undefined);
		return new PostgresDb(pool);
	}

	/**
	 * Runs `fn` in a transaction, again (up to 5 times) when PostgreSQL aborts it for a deadlock or
	 * a serialization failure: `fn` must only act on the database.
	 */
	override async transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T> {
		return retried(async () => {
			const client = await this.pool.connect();
			try {
				await client.query('BEGIN');
				const result = await fn(new PgTx(client));
				await client.query('COMMIT');
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => undefined);
				throw error;
			} finally {
				client.release();
			}
		});
	}

	// A statement outside a transaction is a transaction of its own: aborted for a deadlock, it
	// changed nothing and runs again like one (a receipt racing the dispatcher's writes, seen).
	override query<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
		return retried(() => super.query<T>(sql, params));
	}

	override run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
		return retried(() => super.run(sql, params));
	}

	override exec(sql: string): Promise<void> {
		return retried(() => super.exec(sql));
	}

	override async close(): Promise<void> {
		await this.pool.end();
	}
}
