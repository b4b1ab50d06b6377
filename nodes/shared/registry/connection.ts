import { openDb, type StoreConfig } from '../store';

/** The registry credential's fields, as n8n hands them to a node. */
export interface RegistryCredentialData {
	storage?: string;
	path?: string;
	host?: string;
	port?: number;
	database?: string;
	user?: string;
	password?: string;
	ssl?: string;
}

/** Turns the `alerteCommercesRegistry` credential into a store configuration. */
export function storeConfigFromCredential(data: RegistryCredentialData): StoreConfig {
	if (data.storage === 'postgres') {
		return {
			kind: 'postgres',
			host: data.host || 'localhost',
			port: Number(data.port) || 5432,
			database: data.database || 'alerte_commerces',
			user: data.user || 'postgres',
			password: data.password || undefined,
			ssl: data.ssl === 'require' ? true : data.ssl === 'allow-unauthorized' ? { rejectUnauthorized: false } : false,
		};
	}
	return { kind: 'embedded', path: data.path ?? '' };
}

/** Opens the registry a credential describes and runs one query: the credential test of every node using it. */
export async function testRegistryConnection(data: RegistryCredentialData): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const db = openDb(storeConfigFromCredential(data));
	try {
		await db.query('SELECT 1 AS ok');
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: `Cannot open the registry: ${(error as Error).message}` };
	} finally {
		await db.close().catch(() => undefined);
	}
}
