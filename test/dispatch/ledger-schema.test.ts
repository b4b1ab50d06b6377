import { LEDGER_MIGRATIONS, openLedger } from '../../nodes/shared/dispatch';
import { migrate, openDb, type SqlDb } from '../../nodes/shared/store';
import { freshStore, recipients, type DbKind } from './helpers';

describe.each(['sqlite', 'postgres'] as DbKind[])('dispatch ledger migrations on %s', (kind) => {
	let db: SqlDb;
	afterAll(async () => db?.close());

	test('migration 5 renames the key column to message_id, keeping the rows and the one-row-per-phone key', async () => {
		db = openDb(await freshStore(kind));
		await migrate(db, 'ledger', LEDGER_MIGRATIONS.filter((m) => m.version < 5));
		const [a, b] = recipients('AC-OLD-MAJ-1', 2);
		await db.run(
			"INSERT INTO dispatch_ledger (alert_id, phone, text, sender, ref, status, queued_at, updated_at) VALUES (?, ?, ?, ?, 'r1', 'sent', 1, 1)",
			[a.alertId, a.phone, a.text, a.sender],
		);
		const ledger = await openLedger(db);
		expect(await ledger.rows('AC-OLD-MAJ-1')).toMatchObject([{ alertId: 'AC-OLD-MAJ-1', phone: a.phone, status: 'sent', ref: 'r1' }]);
		expect(await ledger.enqueue([a, b])).toBe(1);
		expect(await ledger.reachedPhones('AC-OLD')).toEqual([a.phone]);
	});
});
