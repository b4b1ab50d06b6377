import { configKey, migrate, openDb, type SqlDb, type StoreConfig } from '../../store';
import { REGISTRY_MIGRATIONS } from '../schema';
import { RegistryStore } from './registry-store';

/** Opens the registry (and applies pending migrations) on an already open connection. */
export async function registryOn(db: SqlDb): Promise<RegistryStore> {
	await migrate(db, 'registry', REGISTRY_MIGRATIONS);
	return new RegistryStore(db);
}

/** Opens a registry for a configuration (a new connection the caller closes). */
export async function openRegistry(config: StoreConfig): Promise<RegistryStore> {
	return registryOn(openDb(config));
}

const shared = new Map<string, Promise<SqlDb>>();

/**
 * One connection per configuration and process, migrated once: n8n runs a node's execute for
 * every execution, and reopening a pool (or re-checking migrations) each time would be waste.
 */
export function sharedDb(config: StoreConfig): Promise<SqlDb> {
	const key = configKey(config);
	let db = shared.get(key);
	if (!db) {
		db = (async () => {
			const opened = openDb(config);
			await migrate(opened, 'registry', REGISTRY_MIGRATIONS);
			return opened;
		})();
		db.catch(() => shared.delete(key));
		shared.set(key, db);
	}
	return db;
}

/** Closes every shared connection (tests, process shutdown). */
export async function closeSharedDbs(): Promise<void> {
	const all = [...shared.values()];
	shared.clear();
	await Promise.all(all.map(async (db) => (await db).close().catch(() => undefined)));
}
