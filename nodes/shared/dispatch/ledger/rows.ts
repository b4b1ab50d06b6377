import { updatePrefixOf } from '../../alert/message-id';
import type { SqlDb } from '../../store';
import type { LedgerRow, LedgerStatus } from '../types';
import { CHUNK, marks, toRow, type RawRow } from './schema';

/** Statuses of a recipient who was sent a message: they get its updates and its end. */
const REACHED: readonly LedgerStatus[] = ['sent', 'delivered', 'expired'];

/** All rows of a message, by id. */
export async function rowsOf(db: SqlDb, messageId: string): Promise<LedgerRow[]> {
	return (await db.query<RawRow>('SELECT * FROM dispatch_ledger WHERE message_id = ? ORDER BY id', [messageId])).map(toRow);
}

/** Rows of a message for some phones (dry run, output), by phone. */
export async function rowsFor(db: SqlDb, messageId: string, phones: readonly string[]): Promise<Map<string, LedgerRow>> {
	const found = new Map<string, LedgerRow>();
	for (let i = 0; i < phones.length; i += CHUNK) {
		const chunk = phones.slice(i, i + CHUNK);
		const rows = await db.query<RawRow>(`SELECT * FROM dispatch_ledger WHERE message_id = ? AND phone IN (${marks(chunk)})`, [messageId, ...chunk]);
		for (const r of rows) found.set(r.phone, toRow(r));
	}
	return found;
}

async function hasTable(db: SqlDb, name: string): Promise<boolean> {
	const rows =
		db.dialect === 'postgres'
			? await db.query<{ found: string | null }>('SELECT to_regclass(?) AS found', [name])
			: await db.query<{ found: string | null }>("SELECT name AS found FROM sqlite_master WHERE type = 'table' AND name = ?", [name]);
	return rows.length > 0 && rows[0].found !== null;
}

/**
 * The phones an alert reached (its own rows and its updates' rows, `AC-…-MAJ-…`, sent or
 * delivered), less those opted out in the registry since and those erased: who an end of
 * alert goes to.
 */
export async function reachedPhones(db: SqlDb, alertId: string): Promise<string[]> {
	const prefix = updatePrefixOf(alertId);
	const optedOut = (await hasTable(db, 'adherent_phones'))
		? ' AND NOT EXISTS (SELECT 1 FROM adherent_phones p WHERE p.phone = d.phone AND p.opted_out_at IS NOT NULL)'
		: '';
	const rows = await db.query<{ phone: string }>(
		`SELECT DISTINCT d.phone FROM dispatch_ledger d
		 WHERE (d.message_id = ? OR substr(d.message_id, 1, ?) = ?) AND d.status IN (${marks(REACHED)})
		 AND substr(d.phone, 1, 1) = '+'${optedOut} ORDER BY d.phone`,
		[alertId, prefix.length, prefix, ...REACHED],
	);
	return rows.map((r) => r.phone);
}
