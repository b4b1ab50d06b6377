import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { StoreConfig } from '../../nodes/shared/store';

export type PostgresConfig = Extract<StoreConfig, { kind: 'postgres' }>;

/** (Re)creates database `name` on the cluster at `url` (admin URL) and returns its store configuration. */
export async function createPgDatabase(url: string, name: string): Promise<PostgresConfig> {
	const admin = new Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query(`DROP DATABASE IF EXISTS ${name}`);
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const parsed = new URL(url);
	return {
		kind: 'postgres',
		host: parsed.hostname,
		port: Number(parsed.port || 5432),
		database: name,
		user: decodeURIComponent(parsed.username || 'postgres'),
		password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
	};
}

/** A new empty database on the test cluster, for one suite. */
export async function freshPgDatabase(prefix = 'test'): Promise<PostgresConfig> {
	const url = process.env.ALERTE_TEST_PG_URL;
	if (!url) throw new Error('ALERTE_TEST_PG_URL is not set: run the tests with `npm test` (global setup starts PostgreSQL)');
	return createPgDatabase(url, `${prefix}_${randomBytes(4).toString('hex')}`);
}

/** A plain pg client (not yet connected) on the database of a store configuration, for what a test or a bench does beside the store. */
export function pgClient(config: PostgresConfig): Client {
	return new Client({ host: config.host, port: config.port, database: config.database, user: config.user, password: config.password });
}
