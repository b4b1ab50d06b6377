import type { SqlDb } from '../../store';
import { quoted } from '../../text';
import { writeChange, type AdherentChange, type ChangeSource } from '../changes';
import { normalizeDateTime } from '../dates';
import { exists } from './rows';

/** What pausing or resuming a member's alerts changed; no journal line when nothing did. */
export interface PauseResult {
	changed: number;
	change?: AdherentChange;
}

/** Stops alerts to a phone number (every member that has it); returns how many phones changed. */
export async function optOut(db: SqlDb, phone: string, at: string): Promise<number> {
	const when = normalizeDateTime(at);
	if (!when) throw new RangeError(`the opt-out date ${quoted(at)} is not a date of the calendar: give an ISO 8601 timestamp such as 2026-03-01T10:00:00Z`);
	return (await db.run('UPDATE adherent_phones SET opted_out_at = ? WHERE phone = ? AND opted_out_at IS NULL', [when, phone])).changes;
}

/** Resumes alerts to a phone number. */
export async function optIn(db: SqlDb, phone: string): Promise<number> {
	return (await db.run('UPDATE adherent_phones SET opted_out_at = NULL WHERE phone = ? AND opted_out_at IS NOT NULL', [phone])).changes;
}

/**
 * Pauses (or resumes) alerts to every phone of one member, other members sharing a number
 * untouched; journaled. Undefined for an unknown SIRET.
 */
export async function setPaused(db: SqlDb, siret: string, paused: boolean, change: ChangeSource): Promise<PauseResult | undefined> {
	return db.transaction(async (tx) => {
		if (!(await exists(tx, siret))) return undefined;
		const { changes } = paused
			? await tx.run('UPDATE adherent_phones SET opted_out_at = ? WHERE siret = ? AND opted_out_at IS NULL', [new Date(change.at ?? Date.now()).toISOString(), siret])
			: await tx.run('UPDATE adherent_phones SET opted_out_at = NULL WHERE siret = ? AND opted_out_at IS NOT NULL', [siret]);
		// Pausing what is already paused changes nothing and says nothing to the CCI.
		if (changes === 0) return { changed: 0 };
		const detail = `${changes} numéro${changes > 1 ? 's' : ''}`;
		return { changed: changes, change: await writeChange(tx, siret, paused ? 'paused' : 'resumed', change, detail) };
	});
}
