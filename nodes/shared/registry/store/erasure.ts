import type { SqlDb } from '../../store';
import { writeChange, type ChangeSource } from '../changes';

/** The tables that hold a member's data, the adherents row last. */
const MEMBER_TABLES = ['adherent_phones', 'adherent_professions', 'adherent_zones', 'adherent_changes', 'adherents'];

/**
 * Erases a member (GDPR right to erasure): the row, its phones, professions, zones and change
 * journal go; an anonymous line (date, département, commune, NAF) stays for the yearly
 * statistics. With `change`, the journal records who erased it.
 */
export async function erase(db: SqlDb, siret: string, change?: ChangeSource): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [row] = await tx.query<{ departement: string; commune_insee: string; naf: string | null }>(
			'SELECT departement, commune_insee, naf FROM adherents WHERE siret = ?',
			[siret],
		);
		if (!row) return false;
		for (const table of MEMBER_TABLES) await tx.run(`DELETE FROM ${table} WHERE siret = ?`, [siret]);
		// The journal keeps one line, without detail, so the CCI's digest says who left.
		if (change) await writeChange(tx, siret, 'erased', change);
		await tx.run('INSERT INTO registry_erasures (erased_at, departement, commune_insee, naf) VALUES (?, ?, ?, ?)', [
			new Date().toISOString(),
			row.departement,
			row.commune_insee,
			row.naf,
		]);
		return true;
	});
}
