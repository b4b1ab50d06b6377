/**
 * A small SQL connection interface over two drivers: Node's built-in `node:sqlite` (the embedded
 * default, no server) and PostgreSQL through `pg` (queue mode, several workers).
 * SQL is written once with `?` placeholders; the PostgreSQL driver numbers them.
 */
export type Dialect = 'sqlite' | 'postgres';

/** A bound value; arrays only on PostgreSQL (see rowSource). */
export type SqlValue = string | number | bigint | null | boolean | Uint8Array | ReadonlyArray<string | number | null>;

export interface RunResult {
	changes: number;
}

export interface SqlDb {
	readonly dialect: Dialect;
	/** Rows of a query. */
	query<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
	/** A statement without rows; returns the number of rows changed. */
	run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
	/** Several statements without parameters (migrations). */
	exec(sql: string): Promise<void>;
	/**
	 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
	 * On SQLite the write lock is taken at the start (BEGIN IMMEDIATE) and transactions of the
	 * same connection are serialised; on PostgreSQL each transaction has its own pooled client.
	 */
	transaction<T>(fn: (tx: SqlDb) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** Where the registry (and the dispatch ledger beside it) lives. */
export type StoreConfig =
	| { kind: 'embedded'; path: string }
	| {
			kind: 'postgres';
			host: string;
			port: number;
			database: string;
			user: string;
			password?: string;
			ssl?: boolean | { rejectUnauthorized: boolean };
			/** Pool size per process. */
			maxConnections?: number;
	  };
