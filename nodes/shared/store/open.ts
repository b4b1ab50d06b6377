import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SqlDb, StoreConfig } from './db';
import { PostgresDb } from './postgres';
import { SqliteDb } from './sqlite';

/** The embedded registry file: under the n8n user folder, like n8n's own database.sqlite. */
export function defaultEmbeddedPath(): string {
	const userFolder = process.env.N8N_USER_FOLDER ?? homedir();
	return join(userFolder, '.n8n', 'alerte-commerces.sqlite');
}

/** Opens a connection (SQLite file or PostgreSQL pool) for a store configuration. */
export function openDb(config: StoreConfig): SqlDb {
	if (config.kind === 'embedded') return new SqliteDb(config.path || defaultEmbeddedPath());
	return PostgresDb.connect({
		host: config.host,
		port: config.port,
		database: config.database,
		user: config.user,
		password: config.password,
		ssl: config.ssl,
		max: config.maxConnections ?? 10,
	});
}

/** A stable key for a configuration, to share one connection per process (never includes the password). */
export function configKey(config: StoreConfig): string {
	return config.kind === 'embedded'
		? `embedded:${config.path || defaultEmbeddedPath()}`
		: `postgres:${config.user}@${config.host}:${config.port}/${config.database}`;
}
