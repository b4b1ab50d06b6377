import type { SqlDb } from '../../store';
import { readChanges, type AdherentChange, type ChangeAction, type ChangeQuery, type ChangeSource } from '../changes';
import type { Adherent, AdherentStatus } from '../types';
import { erase } from './erasure';
import { addPhone, recordChange, setPlace, setStatus, type AdherentPlace, type PhoneChangeResult } from './member-changes';
import { optIn, optOut, setPaused, type PauseResult } from './opt-outs';
import { search, type AdherentQuery, type SearchResult } from './search';
import { departements, statistics, type RegistryStatistics } from './statistics';
import { upsertMany, type UpsertResult } from './writes';

/**
 * The register of member businesses over SQLite (embedded) or PostgreSQL. Writes are upserts by
 * SIRET; a member's phone set is replaced but each kept phone keeps its opt-out, so re-importing
 * the CCI's file never re-subscribes someone who asked to stop.
 *
 * One object for its callers, each concept's SQL in its own file: the table's rows (rows.ts),
 * upserts (writes.ts), search (search.ts), counts (statistics.ts), opt-outs and pauses
 * (opt-outs.ts), a member's own changes (member-changes.ts), erasure (erasure.ts); opening and
 * shared connections in open.ts.
 */
export class RegistryStore {
	constructor(readonly db: SqlDb) {}

	/** Inserts or updates one member. */
	async upsert(adherent: Adherent): Promise<UpsertResult> {
		return upsertMany(this.db, [adherent]);
	}

	/**
	 * Inserts or updates members in one transaction (all or nothing), written in bulk statements
	 * of as many rows as the database binds at once.
	 */
	async upsertMany(adherents: readonly Adherent[]): Promise<UpsertResult> {
		return upsertMany(this.db, adherents);
	}

	/** One member by SIRET. */
	async get(siret: string): Promise<Adherent | undefined> {
		return (await this.search({ siret, limit: 1 })).adherents[0];
	}

	/** Members matching the criteria, ordered by SIRET, one page at a time. */
	async search(query: AdherentQuery = {}): Promise<SearchResult> {
		return search(this.db, query);
	}

	/** Stops alerts to a phone number (every member that has it); returns how many phones changed. */
	async optOut(phone: string, at = new Date().toISOString()): Promise<number> {
		return optOut(this.db, phone, at);
	}

	/** Resumes alerts to a phone number. */
	async optIn(phone: string): Promise<number> {
		return optIn(this.db, phone);
	}

	/**
	 * Pauses alerts to every phone of one member (its phones' opt-out, dated now), other members
	 * sharing a number untouched; journaled. Undefined for an unknown SIRET.
	 */
	async pauseAlerts(siret: string, change: ChangeSource): Promise<PauseResult | undefined> {
		return setPaused(this.db, siret, true, change);
	}

	/** Resumes alerts to every phone of one member; journaled. Undefined for an unknown SIRET. */
	async resumeAlerts(siret: string, change: ChangeSource): Promise<PauseResult | undefined> {
		return setPaused(this.db, siret, false, change);
	}

	/**
	 * Adds a mobile (E.164) to a member, or puts it in place of one of its numbers (`replaces`);
	 * journaled with masked numbers. The caller confirms the new number first (a code sent to it).
	 */
	async addPhone(siret: string, phone: string, change: ChangeSource, replaces?: string): Promise<PhoneChangeResult> {
		return addPhone(this.db, { siret, phone, replaces }, change);
	}

	/**
	 * Moves a member to another commune (a place resolved by validateAdherent or resolveCommune);
	 * its coordinates are dropped, they located the old address. Journaled. Undefined for an unknown SIRET.
	 */
	async setPlace(siret: string, place: AdherentPlace, change: ChangeSource): Promise<AdherentChange | undefined> {
		return setPlace(this.db, siret, place, change);
	}

	/** Journals a request that changes nothing in the register yet (e.g. a renewal the CCI handles). */
	async recordChange(siret: string, action: ChangeAction, change: ChangeSource, detail?: string): Promise<AdherentChange | undefined> {
		return recordChange(this.db, siret, action, change, detail);
	}

	/** The change journal, in time order (a period for the CCI's digest, or one member's lines). */
	async changes(query: ChangeQuery = {}): Promise<AdherentChange[]> {
		return readChanges(this.db, query);
	}

	/** Changes a member's status (e.g. pending → active after sign-up confirmation). */
	async setStatus(siret: string, status: AdherentStatus): Promise<boolean> {
		return setStatus(this.db, siret, status);
	}

	/**
	 * Erases a member (GDPR right to erasure): the row, its phones, professions, zones and change
	 * journal go; an anonymous line (date, département, commune, NAF) stays for the yearly
	 * statistics. With `change`, the journal records who erased it.
	 */
	async erase(siret: string, change?: ChangeSource): Promise<boolean> {
		return erase(this.db, siret, change);
	}

	/** The départements the members belong to, most members first: the register's own territory. */
	async departements(): Promise<string[]> {
		return departements(this.db);
	}

	/** Counts for the CCI and the yearly review: members by status, commune and profession. */
	async statistics(date?: string): Promise<RegistryStatistics> {
		return statistics(this.db, date);
	}

	async close(): Promise<void> {
		await this.db.close();
	}
}
