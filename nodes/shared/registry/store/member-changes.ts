import { maskPhone } from '../../phone';
import type { SqlDb } from '../../store';
import { writeChange, type AdherentChange, type ChangeAction, type ChangeSource } from '../changes';
import type { Adherent, AdherentStatus } from '../types';
import { exists } from './rows';

/** As many phones as rules/adherent.schema.json allows a member. */
const MAX_PHONES = 5;

/** The place columns a commune decides (validateAdherent resolves them from a postal code and a name). */
export type AdherentPlace = Pick<Adherent, 'communeInsee' | 'postalCode' | 'city' | 'departement' | 'epci' | 'arrondissement'>;

/** What became of a phone change; `reason` says why nothing changed. */
export type PhoneChangeResult =
	| { ok: true; change: AdherentChange }
	| { ok: false; reason: 'unknownMember' | 'notMemberPhone' | 'alreadyMemberPhone' | 'tooManyPhones' };

/** A phone change: a mobile (E.164) to add, or to put in place of one of the member's numbers. */
export interface PhoneChange {
	siret: string;
	phone: string;
	replaces?: string;
}

/**
 * Adds a mobile to a member, or puts it in place of one of its numbers; journaled with masked
 * numbers. The caller confirms the new number first (a code sent to it).
 */
export async function addPhone(db: SqlDb, { siret, phone, replaces }: PhoneChange, change: ChangeSource): Promise<PhoneChangeResult> {
	return db.transaction(async (tx) => {
		if (!(await exists(tx, siret))) return { ok: false, reason: 'unknownMember' };
		const phones = (await tx.query<{ phone: string }>('SELECT phone FROM adherent_phones WHERE siret = ?', [siret])).map((p) => p.phone);
		if (phones.includes(phone)) return { ok: false, reason: 'alreadyMemberPhone' };
		if (replaces !== undefined && !phones.includes(replaces)) return { ok: false, reason: 'notMemberPhone' };
		if (replaces === undefined && phones.length >= MAX_PHONES) return { ok: false, reason: 'tooManyPhones' };
		if (replaces !== undefined) await tx.run('DELETE FROM adherent_phones WHERE siret = ? AND phone = ?', [siret, replaces]);
		await tx.run('INSERT INTO adherent_phones (siret, phone, opted_out_at) VALUES (?, ?, NULL)', [siret, phone]);
		await tx.run('UPDATE adherents SET updated_at = ? WHERE siret = ?', [new Date().toISOString(), siret]);
		const detail = replaces === undefined ? maskPhone(phone) : `${maskPhone(replaces)} remplacé par ${maskPhone(phone)}`;
		return { ok: true, change: await writeChange(tx, siret, replaces === undefined ? 'phoneAdded' : 'phoneReplaced', change, detail) };
	});
}

/**
 * Moves a member to another commune; its coordinates are dropped, they located the old address.
 * Journaled. Undefined for an unknown SIRET.
 */
export async function setPlace(db: SqlDb, siret: string, place: AdherentPlace, change: ChangeSource): Promise<AdherentChange | undefined> {
	return db.transaction(async (tx) => {
		const [before] = await tx.query<{ commune_insee: string; city: string }>('SELECT commune_insee, city FROM adherents WHERE siret = ?', [siret]);
		if (!before) return undefined;
		await tx.run(
			`UPDATE adherents SET commune_insee = ?, postal_code = ?, city = ?, departement = ?, epci = ?, arrondissement = ?, lat = NULL, lon = NULL, updated_at = ?
			 WHERE siret = ?`,
			[place.communeInsee, place.postalCode ?? null, place.city, place.departement, place.epci ?? null, place.arrondissement ?? null, new Date().toISOString(), siret],
		);
		return writeChange(tx, siret, 'communeChanged', change, `${before.city} (${before.commune_insee}) → ${place.city} (${place.communeInsee})`);
	});
}

/** A journal line for a request that changes nothing in the register yet; undefined for an unknown SIRET. */
export async function recordChange(db: SqlDb, siret: string, action: ChangeAction, change: ChangeSource, detail?: string): Promise<AdherentChange | undefined> {
	return db.transaction(async (tx) => ((await exists(tx, siret)) ? writeChange(tx, siret, action, change, detail) : undefined));
}

/** Changes a member's status; false for an unknown SIRET. */
export async function setStatus(db: SqlDb, siret: string, status: AdherentStatus): Promise<boolean> {
	const now = new Date().toISOString();
	return (await db.run('UPDATE adherents SET status = ?, updated_at = ? WHERE siret = ?', [status, now, siret])).changes > 0;
}
