import { dialectSql, migrate, type Migration, type SqlDb } from '../store';
import { defaultRuleset, loadRuleset } from './load';
import type { Ruleset, RulesetError } from './types';

/**
 * The register's own ruleset: one per register database, stored beside the members, so every
 * workflow that reads the register targets with the same rules. Versions are append-only: a
 * rollback publishes a copy of an earlier version, so the history always says who changed what.
 */
export const RULESET_MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		description: 'published ruleset versions: document, author, reason, time',
		// The primary key on `version` is the backstop against two publishers taking the same number
		// (publish also serialises them: see lockedCurrentVersion).
		sql: `
CREATE TABLE ruleset_versions (
	version INTEGER PRIMARY KEY,
	document TEXT NOT NULL,
	author TEXT NOT NULL,
	reason TEXT NOT NULL,
	published_at TEXT NOT NULL,
	restores INTEGER
);
`,
	},
	{
		version: 2,
		description: 'ruleset proposals waiting for a second person; who approved a version',
		// A proposal is keyed by the SHA-256 of its link token (proposals.ts), like the alert approvals.
		sql: dialectSql(
			({ epochMs }) => `
ALTER TABLE ruleset_versions ADD COLUMN approved_by TEXT;
CREATE TABLE ruleset_proposals (
	token_hash TEXT PRIMARY KEY, document TEXT NOT NULL, author TEXT NOT NULL, reason TEXT NOT NULL,
	summary_html TEXT, based_on INTEGER NOT NULL, requested_at ${epochMs} NOT NULL, expires_at ${epochMs} NOT NULL,
	decision TEXT, decided_by TEXT, decided_at ${epochMs}, published_version INTEGER
);`,
		),
	},
];

/** The package default, when the register has no version yet: version 0. */
export const PACKAGE_DEFAULT_VERSION = 0;

/** One version of the register's ruleset. */
export interface RulesetVersion {
	/** 1, 2, 3… in publishing order; 0 is the package default (nothing published yet). */
	version: number;
	ruleset: Ruleset;
	/** Who published it, as they gave their name. */
	author: string;
	reason: string;
	/** ISO time of publishing; absent for the package default. */
	publishedAt?: string;
	/** For a rollback: the version it copies. */
	restores?: number;
	/** When a second person had to approve the change (proposals.ts): who did. */
	approvedBy?: string;
}

/** A version without its document (the history list). */
export type RulesetVersionInfo = Omit<RulesetVersion, 'ruleset'> & { rules: number };

export interface PublishRulesetInput {
	/** The ruleset document (object or JSON text), validated with loadRuleset first. */
	ruleset: unknown;
	author: string;
	reason: string;
	/** Publishing time (tests); defaults to now. */
	now?: Date;
}

export interface RollbackRulesetInput {
	author: string;
	/** The version to restore; defaults to the one before the current version. */
	to?: number;
	/** Defaults to "rollback to vN". */
	reason?: string;
	now?: Date;
}

export type PublishResult = { ok: true; version: RulesetVersion } | { ok: false; errors: RulesetError[] };

interface VersionRow {
	version: number | string;
	document?: string;
	author: string;
	reason: string;
	published_at: string;
	restores: number | string | null;
	approved_by: string | null;
}

const INFO_COLUMNS = 'version, author, reason, published_at, restores, approved_by';

/** The package default, reported as version 0. */
export function packageDefaultVersion(): RulesetVersion {
	return { version: PACKAGE_DEFAULT_VERSION, ruleset: defaultRuleset(), author: 'Alerte Commerces package', reason: 'package default' };
}

/** A stored version failed validation on read: the package changed since it was published. */
export class StoredRulesetInvalidError extends Error {
	constructor(
		readonly version: number,
		readonly errors: RulesetError[],
	) {
		super(
			`Ruleset version ${version} of the register is no longer valid (${errors.length} error${errors.length > 1 ? 's' : ''}: ${errors[0].path} ${errors[0].message}); publish a corrected version or roll back`,
		);
		this.name = 'StoredRulesetInvalidError';
	}
}

/** The versioned ruleset of one register database. */
export class RulesetStore {
	// Versions never change once written: their validated rulesets (and the engines plan.ts builds
	// for them) are kept for the life of the connection.
	private readonly loaded = new Map<number, Ruleset>();

	constructor(readonly db: SqlDb) {}

	/** Validates and publishes a new version (previous + 1); an invalid ruleset is refused with its errors. */
	async publish(input: PublishRulesetInput): Promise<PublishResult> {
		const checked = checkPublication(input);
		if (!checked.ok) return checked;
		return { ok: true, version: await this.append(checked.ruleset, checked.author, checked.reason, input.now ?? new Date()) };
	}

	/**
	 * Restores an earlier version (by default the one before the current) by publishing a copy of
	 * it as a new version: the history stays append-only and the rollback itself can be undone.
	 */
	async rollback(input: RollbackRulesetInput): Promise<PublishResult> {
		const author = String(input.author ?? '').trim();
		if (!author) return { ok: false, errors: [{ path: 'author', message: 'say who rolls back (a name or e-mail address): the history keeps it' }] };
		const latest = await this.latestInfo();
		if (!latest) return { ok: false, errors: [{ path: 'version', message: 'nothing to roll back: the register has no published ruleset, it uses the package default' }] };
		const current = Number(latest.version);
		const to = input.to ?? current - 1;
		if (!Number.isInteger(to) || to < 0 || to >= current) {
			return { ok: false, errors: [{ path: 'version', message: `cannot roll back to version ${to}: choose a version from 0 (package default) to ${current - 1}` }] };
		}
		const target = to === PACKAGE_DEFAULT_VERSION ? packageDefaultVersion() : await this.get(to);
		if (!target) return { ok: false, errors: [{ path: 'version', message: `version ${to} does not exist` }] };
		const reason = String(input.reason ?? '').trim() || `rollback to v${to}`;
		return { ok: true, version: await this.append(target.ruleset, author, reason, input.now ?? new Date(), to) };
	}

	/** The version in force: the latest published, or the package default (version 0) when none was. */
	async current(): Promise<RulesetVersion> {
		const latest = await this.latestInfo();
		return latest ? this.withDocument(latest) : packageDefaultVersion();
	}

	/** One published version (0: the package default); undefined when it does not exist. */
	async get(version: number): Promise<RulesetVersion | undefined> {
		if (version === PACKAGE_DEFAULT_VERSION) return packageDefaultVersion();
		const rows = await this.db.query<VersionRow>(`SELECT ${INFO_COLUMNS} FROM ruleset_versions WHERE version = ?`, [version]);
		return rows.length ? this.withDocument(rows[0]) : undefined;
	}

	/** Every published version, newest first, without the documents (see get). */
	async history(limit = 100): Promise<RulesetVersionInfo[]> {
		const rows = await this.db.query<VersionRow>(`SELECT ${INFO_COLUMNS}, document FROM ruleset_versions ORDER BY version DESC LIMIT ?`, [limit]);
		return rows.map((row) => ({ ...info(row), rules: ruleCount(row.document) }));
	}

	private async latestInfo(): Promise<VersionRow | undefined> {
		return (await this.db.query<VersionRow>(`SELECT ${INFO_COLUMNS} FROM ruleset_versions ORDER BY version DESC LIMIT 1`))[0];
	}

	private async withDocument(row: VersionRow): Promise<RulesetVersion> {
		const version = Number(row.version);
		let ruleset = this.loaded.get(version);
		if (!ruleset) {
			const [{ document }] = await this.db.query<{ document: string }>('SELECT document FROM ruleset_versions WHERE version = ?', [version]);
			const check = loadRuleset(document);
			if (!check.ok) throw new StoredRulesetInvalidError(version, check.errors);
			ruleset = check.ruleset;
			this.loaded.set(version, ruleset);
		}
		return { ...info(row), ruleset };
	}

	private async append(ruleset: Ruleset, author: string, reason: string, now: Date, restores?: number): Promise<RulesetVersion> {
		const version = await this.db.transaction((tx) => appendVersion(tx, { ruleset, author, reason, publishedAt: now.toISOString(), restores }));
		this.loaded.set(version.version, ruleset);
		return version;
	}
}

/** A publication's author, reason and ruleset, checked: every missing or invalid part is an error. */
export function checkPublication(input: Omit<PublishRulesetInput, 'now'>): { ok: true; ruleset: Ruleset; author: string; reason: string } | { ok: false; errors: RulesetError[] } {
	const errors: RulesetError[] = [];
	const author = String(input.author ?? '').trim();
	const reason = String(input.reason ?? '').trim();
	if (!author) errors.push({ path: 'author', message: 'say who publishes this version (a name or e-mail address): the history keeps it' });
	if (!reason) errors.push({ path: 'reason', message: 'say why the rules change (e.g. "fewer SMS for shoplifting"): the history keeps it' });
	const loaded = loadRuleset(input.ruleset);
	if (!loaded.ok) errors.push(...loaded.errors);
	if (!loaded.ok || errors.length) return { ok: false, errors };
	return { ok: true, ruleset: loaded.ruleset, author, reason };
}

/** The version in force's number: the latest published, 0 when nothing was (the package default). */
export async function currentVersionNumber(db: SqlDb): Promise<number> {
	const [row] = await db.query<{ last: number | string | null }>('SELECT MAX(version) AS last FROM ruleset_versions');
	return Number(row?.last ?? 0);
}

/**
 * currentVersionNumber, with the publishers serialised from here to the end of the transaction:
 * SQLite's transaction already holds the write lock; on PostgreSQL two transactions would read
 * the same maximum, so they take a lock first.
 */
export async function lockedCurrentVersion(tx: SqlDb): Promise<number> {
	if (tx.dialect === 'postgres') await tx.query("SELECT pg_advisory_xact_lock(hashtext('alerte-commerces-ruleset-publish'))");
	return currentVersionNumber(tx);
}

/** Writes a version as previous + 1, inside the caller's transaction. */
export async function appendVersion(tx: SqlDb, input: Omit<RulesetVersion, 'version'> & { publishedAt: string }): Promise<RulesetVersion> {
	const version = (await lockedCurrentVersion(tx)) + 1;
	await tx.run('INSERT INTO ruleset_versions (version, document, author, reason, published_at, restores, approved_by) VALUES (?, ?, ?, ?, ?, ?, ?)', [
		version,
		JSON.stringify(input.ruleset, null, 2),
		input.author,
		input.reason,
		input.publishedAt,
		input.restores ?? null,
		input.approvedBy ?? null,
	]);
	const { ruleset, author, reason, publishedAt, restores, approvedBy } = input;
	return { version, ruleset, author, reason, publishedAt, ...(restores !== undefined ? { restores } : {}), ...(approvedBy ? { approvedBy } : {}) };
}

function info(row: VersionRow): Omit<RulesetVersion, 'ruleset'> {
	return {
		version: Number(row.version),
		author: row.author,
		reason: row.reason,
		publishedAt: row.published_at,
		...(row.restores !== null && row.restores !== undefined ? { restores: Number(row.restores) } : {}),
		...(row.approved_by ? { approvedBy: row.approved_by } : {}),
	};
}

function ruleCount(document: string | undefined): number {
	try {
		const rules = (JSON.parse(document ?? '{}') as { rules?: unknown }).rules;
		return Array.isArray(rules) ? rules.length : 0;
	} catch {
		return 0;
	}
}

/** Opens the ruleset store on a register database, creating or upgrading its table. */
export async function openRulesetStore(db: SqlDb): Promise<RulesetStore> {
	await migrate(db, 'ruleset', RULESET_MIGRATIONS);
	return new RulesetStore(db);
}

const stores = new WeakMap<SqlDb, Promise<RulesetStore>>();

/** The ruleset store of an open connection, migrated once per connection (nodes run once per execution). */
export function rulesetStoreOf(db: SqlDb): Promise<RulesetStore> {
	let store = stores.get(db);
	if (!store) {
		store = openRulesetStore(db);
		store.catch(() => stores.delete(db));
		stores.set(db, store);
	}
	return store;
}
