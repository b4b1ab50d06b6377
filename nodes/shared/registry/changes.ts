import type { SqlDb, SqlValue } from '../store';

/** What a member (or the CCI on its behalf) changed: the journal's vocabulary. */
export const CHANGE_ACTIONS = ['paused', 'resumed', 'phoneAdded', 'phoneReplaced', 'communeChanged', 'renewalRequested', 'erased'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** Who made a change: the page, the CCI, an SMS reply… */
export interface ChangeSource {
	/** Free text shown to the CCI, e.g. `Mon adhésion`. */
	source: string;
	/** ISO 8601; now when omitted. */
	at?: string;
}

/** One line of the change journal. */
export interface AdherentChange {
	siret: string;
	/** ISO 8601 (UTC). */
	at: string;
	source: string;
	action: ChangeAction;
	/** What changed, for a person; phone numbers masked. */
	detail?: string;
}

/** Which journal lines to read: a period (`to` excluded), a member, at most `limit` lines. */
export interface ChangeQuery {
	from?: string;
	to?: string;
	siret?: string;
	limit?: number;
}

/** French labels for the CCI's digest and the member's own page. */
export const CHANGE_LABELS: Record<ChangeAction, string> = {
	paused: 'alertes mises en pause',
	resumed: 'alertes reprises',
	phoneAdded: 'mobile ajouté',
	phoneReplaced: 'mobile remplacé',
	communeChanged: 'commune corrigée',
	renewalRequested: 'renouvellement demandé',
	erased: 'adhésion quittée, données effacées',
};

const MAX_SOURCE = 100;
const MAX_DETAIL = 500;

/** Checks a change source and returns it trimmed; throws a RangeError saying what to give instead. */
export function checkSource(change: ChangeSource): { source: string; at: string } {
	const source = String(change.source ?? '').trim();
	if (!source) throw new RangeError('a change needs its source (who made it, e.g. "Mon adhésion" or "CCI")');
	if (source.length > MAX_SOURCE) throw new RangeError(`the change source is ${source.length} characters long: give at most ${MAX_SOURCE}`);
	const at = change.at ?? new Date().toISOString();
	if (Number.isNaN(Date.parse(at))) throw new RangeError(`the change time "${at}" is not an ISO 8601 timestamp`);
	return { source, at: new Date(at).toISOString() };
}

/** Writes one journal line inside the caller's transaction. */
export async function writeChange(tx: SqlDb, siret: string, action: ChangeAction, change: ChangeSource, detail?: string): Promise<AdherentChange> {
	const { source, at } = checkSource(change);
	const cut = detail ? detail.slice(0, MAX_DETAIL) : undefined;
	await tx.run('INSERT INTO adherent_changes (siret, at, source, action, detail) VALUES (?, ?, ?, ?, ?)', [siret, at, source, action, cut ?? null]);
	return { siret, at, source, action, ...(cut ? { detail: cut } : {}) };
}

/** Journal lines in time order. */
export async function readChanges(db: SqlDb, query: ChangeQuery = {}): Promise<AdherentChange[]> {
	const where: string[] = [];
	const params: SqlValue[] = [];
	for (const [clause, value] of [
		['at >= ?', query.from],
		['at < ?', query.to],
		['siret = ?', query.siret],
	] as const) {
		if (value === undefined) continue;
		where.push(clause);
		params.push(clause.startsWith('at') ? new Date(value).toISOString() : value);
	}
	const limit = Math.max(1, Math.min(query.limit ?? 1000, 10_000));
	const rows = await db.query<{ siret: string; at: string; source: string; action: ChangeAction; detail: string | null }>(
		`SELECT siret, at, source, action, detail FROM adherent_changes ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at, siret LIMIT ${limit}`,
		params,
	);
	return rows.map((r) => ({ siret: r.siret, at: r.at, source: r.source, action: r.action, ...(r.detail ? { detail: r.detail } : {}) }));
}
