import { ALERT_JOURNAL_MIGRATIONS, journalOf, type JournalEntry } from '../../nodes/shared/alert';
import { LEDGER_MIGRATIONS, openLedger } from '../../nodes/shared/dispatch';
import { migrate, openDb, type Migration, type SqlDb } from '../../nodes/shared/store';
import { freshStore, type DbKind } from '../dispatch/helpers';

/** The ledger's migrations 2 and 4 as they were when they created the journal's table. */
function ledgerAsItWas(upTo: number): Migration[] {
	const integer = { sqlite: 'INTEGER', postgres: 'BIGINT' };
	const sql = (build: (int: string) => string) => ({ sqlite: build(integer.sqlite), postgres: build(integer.postgres) });
	const was: Record<number, Migration['sql']> = {
		2: sql(
			(int) => `CREATE TABLE dispatch_alerts (
	message_id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, msg_type TEXT NOT NULL, status TEXT NOT NULL,
	text TEXT NOT NULL, sender TEXT, incident TEXT NOT NULL, recorded_at ${int} NOT NULL
);
CREATE INDEX dispatch_alerts_alert ON dispatch_alerts (alert_id, recorded_at);`,
		),
		4: sql(
			(int) => `ALTER TABLE dispatch_alerts ADD COLUMN decision TEXT;
CREATE TABLE dispatch_approvals (token_hash TEXT PRIMARY KEY, message_id TEXT NOT NULL, alert_id TEXT NOT NULL, reason TEXT NOT NULL,
	item TEXT NOT NULL, summary_html TEXT, recipients INTEGER, requested_at ${int} NOT NULL, expires_at ${int} NOT NULL,
	decision TEXT, decided_by TEXT, decided_at ${int});`,
		),
	};
	return LEDGER_MIGRATIONS.filter((m) => m.version <= upTo).map((m) => ({ ...m, sql: was[m.version] ?? m.sql }));
}

const entry: JournalEntry = {
	alertId: 'AC-J',
	messageId: 'AC-J',
	msgType: 'Alert',
	status: 'Actual',
	text: 'Cambriolage à Aubière.',
	sender: 'CCI63',
	incident: { type: 'cambriolage', communes: ['63014'] },
};

async function appliedVersions(db: SqlDb): Promise<number[]> {
	const rows = await db.query<{ version: number | string }>("SELECT version FROM schema_migrations WHERE component = 'alert-journal' ORDER BY version");
	return rows.map((r) => Number(r.version));
}

describe.each(['sqlite', 'postgres'] as DbKind[])('alert journal on %s', (kind) => {
	const dbs: SqlDb[] = [];
	const fresh = async () => {
		const db = openDb(await freshStore(kind));
		dbs.push(db);
		return db;
	};
	afterAll(async () => Promise.all(dbs.map((db) => db.close())));

	test('on a new database: creates its table; keeps the first recording of a message; reads an alert id as its first message', async () => {
		const journal = await journalOf(await fresh());
		expect(await journal.record({ ...entry, decision: { members: 2 } }, 1000)).toBe(true);
		expect(await journal.record({ ...entry, text: 'changed' }, 2000)).toBe(false);
		expect(await journal.record({ ...entry, messageId: 'AC-J-MAJ-1', msgType: 'Update', text: 'MAJ' }, 3000)).toBe(true);
		expect(await journal.entry('AC-J')).toEqual({ ...entry, recordedAt: 1000, decision: { members: 2 } });
		expect(await journal.entry('AC-J-MAJ-1')).toMatchObject({ alertId: 'AC-J', msgType: 'Update', text: 'MAJ' });
		expect(await journal.since(0)).toEqual([{ ...entry, recordedAt: 1000 }]);
		expect(await journal.entry('AC-NONE')).toBeUndefined();
	});

	test('adopts the table the ledger created (its migrations 2 and 4), with its rows and decisions', async () => {
		const db = await fresh();
		await migrate(db, 'ledger', ledgerAsItWas(4));
		await db.run(
			"INSERT INTO dispatch_alerts (message_id, alert_id, msg_type, status, text, sender, incident, recorded_at, decision) VALUES ('AC-OLD', 'AC-OLD', 'Alert', 'Actual', 'x', NULL, '{}', 5, '{\"members\":1}')",
		);
		const journal = await journalOf(db);
		expect(await appliedVersions(db)).toEqual(ALERT_JOURNAL_MIGRATIONS.map((m) => m.version));
		expect(await journal.entry('AC-OLD')).toEqual({ alertId: 'AC-OLD', messageId: 'AC-OLD', msgType: 'Alert', status: 'Actual', text: 'x', incident: {}, recordedAt: 5, decision: { members: 1 } });
		await openLedger(db);
		expect(await journal.record(entry)).toBe(true);
	});

	test('adds the decision column to a table the ledger created before its migration 4, whichever opens first', async () => {
		for (const ledgerFirst of [true, false]) {
			const db = await fresh();
			await migrate(db, 'ledger', ledgerAsItWas(3));
			await db.run("INSERT INTO dispatch_alerts (message_id, alert_id, msg_type, status, text, incident, recorded_at) VALUES ('AC-OLD', 'AC-OLD', 'Alert', 'Actual', 'x', '{}', 5)");
			if (ledgerFirst) await migrate(db, 'ledger', LEDGER_MIGRATIONS);
			const journal = await journalOf(db);
			await openLedger(db);
			expect(await journal.record({ ...entry, decision: { members: 3 } })).toBe(true);
			expect(await journal.entry('AC-J')).toMatchObject({ decision: { members: 3 } });
			expect(await journal.entry('AC-OLD')).toMatchObject({ text: 'x', recordedAt: 5 });
		}
	});
});
