import { migrate, perConnection, type Migration, type SqlDb } from '../store';

/**
 * The alert journal: each message sent (alert, update, end of alert) with the incident it was
 * written from. An end of alert is written from the original incident (type, communes) and goes to
 * the original recipients: the journal keeps the first, the dispatch ledger the second.
 *
 * The table was first created by the dispatch ledger's migrations 2 and 4 (under the component
 * `ledger`); these migrations adopt it where it exists and create it where it does not.
 */
export const ALERT_JOURNAL_MIGRATIONS: readonly Migration[] = [
	{
		version: 1,
		description: 'alert journal: each message sent (alert, update, end of alert) with its incident',
		// Where the table already has its decision column (ledger migration 4), migration 2 is recorded
		// as done here: SQLite has no ADD COLUMN IF NOT EXISTS.
		sql: {
			sqlite: `
CREATE TABLE IF NOT EXISTS dispatch_alerts (
	message_id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, msg_type TEXT NOT NULL, status TEXT NOT NULL,
	text TEXT NOT NULL, sender TEXT, incident TEXT NOT NULL, recorded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dispatch_alerts_alert ON dispatch_alerts (alert_id, recorded_at);
INSERT INTO schema_migrations (component, version, description, applied_at)
SELECT 'alert-journal', 2, 'alert journal: the decision summary (added by the ledger''s migration 4)', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE EXISTS (SELECT 1 FROM pragma_table_info('dispatch_alerts') WHERE name = 'decision');`,
			postgres: `
CREATE TABLE IF NOT EXISTS dispatch_alerts (
	message_id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, msg_type TEXT NOT NULL, status TEXT NOT NULL,
	text TEXT NOT NULL, sender TEXT, incident TEXT NOT NULL, recorded_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS dispatch_alerts_alert ON dispatch_alerts (alert_id, recorded_at);`,
		},
	},
	{
		version: 2,
		description: 'alert journal: the decision summary of each message sent',
		sql: {
			sqlite: 'ALTER TABLE dispatch_alerts ADD COLUMN decision TEXT;',
			postgres: 'ALTER TABLE dispatch_alerts ADD COLUMN IF NOT EXISTS decision TEXT;',
		},
	},
];

/** One message of the alert journal: what was sent, and the incident it was written from. */
export interface JournalEntry {
	alertId: string;
	/** The message's own id: the alert id, or with -MAJ-…/-FIN for updates and ends of alert (message-id.ts). */
	messageId: string;
	msgType: string;
	/** Actual or Exercise. */
	status: string;
	text: string;
	sender?: string;
	/** The incident as the Alert Composer read it (type, communes, place…). */
	incident: Record<string, unknown>;
	/** Epoch ms of the first recording. */
	recordedAt?: number;
	/** The decision summary of the send (breakdown by profession and commune, exclusions, cost), as JSON. */
	decision?: Record<string, unknown>;
}

interface RawEntry {
	message_id: string;
	alert_id: string;
	msg_type: string;
	status: string;
	text: string;
	sender: string | null;
	incident: string;
	recorded_at: number | string;
	decision?: string | null;
}

function toEntry(r: RawEntry): JournalEntry {
	return {
		alertId: r.alert_id,
		messageId: r.message_id,
		msgType: r.msg_type,
		status: r.status,
		text: r.text,
		...(r.sender ? { sender: r.sender } : {}),
		incident: JSON.parse(r.incident) as Record<string, unknown>,
		recordedAt: Number(r.recorded_at),
		...(r.decision ? { decision: JSON.parse(r.decision) as Record<string, unknown> } : {}),
	};
}

/** The alert journal over a registry database (see ALERT_JOURNAL_MIGRATIONS). */
export class AlertJournal {
	constructor(readonly db: SqlDb) {}

	/** Records a message; the first recording of a message id is kept. */
	async record(entry: JournalEntry, now = Date.now()): Promise<boolean> {
		const result = await this.db.run(
			`INSERT INTO dispatch_alerts (message_id, alert_id, msg_type, status, text, sender, incident, recorded_at, decision)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING`,
			[entry.messageId, entry.alertId, entry.msgType, entry.status, entry.text, entry.sender ?? null, JSON.stringify(entry.incident), entry.recordedAt ?? now, entry.decision ? JSON.stringify(entry.decision) : null],
		);
		return result.changes === 1;
	}

	/** The entry of a message id, or else the first message recorded for an alert id. */
	async entry(id: string): Promise<JournalEntry | undefined> {
		const rows = await this.db.query<RawEntry>(
			'SELECT * FROM dispatch_alerts WHERE message_id = ? OR alert_id = ? ORDER BY CASE WHEN message_id = ? THEN 0 ELSE 1 END, recorded_at LIMIT 1',
			[id, id, id],
		);
		return rows.length ? toEntry(rows[0]) : undefined;
	}

	/**
	 * The alerts recorded since `since` (epoch ms): each real alert once (its first message), without
	 * its updates, ends or exercises, nor its decision — what a ruleset comparison replays.
	 */
	async since(since: number): Promise<JournalEntry[]> {
		const rows = await this.db.query<RawEntry>(
			`SELECT message_id, alert_id, msg_type, status, text, sender, incident, recorded_at FROM dispatch_alerts
			 WHERE recorded_at >= ? AND msg_type = 'Alert' AND status = 'Actual' ORDER BY recorded_at, message_id`,
			[since],
		);
		const seen = new Set<string>();
		return rows.filter((r) => !seen.has(r.alert_id) && seen.add(r.alert_id)).map(toEntry);
	}
}

/** The alert journal of an open connection, migrated once per connection. */
export const journalOf: (db: SqlDb) => Promise<AlertJournal> = perConnection(async (db) => {
	await migrate(db, 'alert-journal', ALERT_JOURNAL_MIGRATIONS);
	return new AlertJournal(db);
});
