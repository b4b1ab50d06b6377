import type { SqlDb, SqlValue } from '../../store';

export interface RegistryStatistics {
	members: number;
	byStatus: Record<string, number>;
	byCommune: Array<{ communeInsee: string; city: string; count: number }>;
	byProfession: Array<{ profession: string; count: number }>;
	/** Active members whose membership ended before today. */
	expired: number;
	phones: number;
	optedOutPhones: number;
	/** Members erased on request (GDPR): only these anonymous counts remain. */
	erased: number;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Counts for the CCI and the yearly review: members by status, commune and profession. */
export async function statistics(db: SqlDb, date = today()): Promise<RegistryStatistics> {
	const count = async (sql: string, params: SqlValue[] = []) => Number((await db.query<{ n: number | string }>(sql, params))[0].n);
	const byStatus = await db.query<{ status: string; n: number | string }>('SELECT status, COUNT(*) AS n FROM adherents GROUP BY status ORDER BY status');
	const byCommune = await db.query<{ commune_insee: string; city: string; n: number | string }>(
		'SELECT commune_insee, MIN(city) AS city, COUNT(*) AS n FROM adherents GROUP BY commune_insee ORDER BY COUNT(*) DESC, commune_insee',
	);
	const byProfession = await db.query<{ profession: string; n: number | string }>(
		'SELECT profession, COUNT(*) AS n FROM adherent_professions GROUP BY profession ORDER BY COUNT(*) DESC, profession',
	);
	return {
		members: await count('SELECT COUNT(*) AS n FROM adherents'),
		byStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
		byCommune: byCommune.map((r) => ({ communeInsee: r.commune_insee, city: r.city, count: Number(r.n) })),
		byProfession: byProfession.map((r) => ({ profession: r.profession, count: Number(r.n) })),
		expired: await count("SELECT COUNT(*) AS n FROM adherents WHERE status = 'active' AND member_until IS NOT NULL AND member_until < ?", [date]),
		phones: await count('SELECT COUNT(*) AS n FROM adherent_phones'),
		optedOutPhones: await count('SELECT COUNT(*) AS n FROM adherent_phones WHERE opted_out_at IS NOT NULL'),
		erased: await count('SELECT COUNT(*) AS n FROM registry_erasures'),
	};
}

/** The départements the members belong to, most members first: the register's own territory. */
export async function departements(db: SqlDb): Promise<string[]> {
	const rows = await db.query<{ departement: string; n: number | string }>(
		'SELECT departement, COUNT(*) AS n FROM adherents GROUP BY departement ORDER BY COUNT(*) DESC, departement',
	);
	return rows.map((r) => r.departement);
}
