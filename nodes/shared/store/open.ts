import { createHash } from 'node:crypto';
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

/**
 * A stable key for a configuration, to share one connection per process. The password only
 * enters as a hash, so a changed credential gets a new pool and the key never reveals it.
 */
export function configKey(config: StoreConfig): string {
	if (config.kind === 'embedded') return `embedded:${config.path || defaultEmbeddedPath()}`;
	const secret = createHash('sha256').update(`${config.password ?? ''}|${JSON.stringify(config.ssl ?? false)}`).digest('hex').slice(0, 16);
	return `postgres:${config.user}@${config.host}:${config.port}/${config.database}#${secret}`;
}
