import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { resolveCommune } from '../../nodes/shared/geo';
import { openRegistry, type RegistryStore } from '../../nodes/shared/registry';
import type { StoreConfig } from '../../nodes/shared/store';
import { adherent } from '../support/adherents';
import { freshPgDatabase } from '../support/postgres';

/** What a member does for itself (the "Mon adhésion" page), on the embedded store and PostgreSQL. */
const stores: Array<[string, () => Promise<StoreConfig>]> = [
	['SQLite', async () => ({ kind: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'changes-')), 'registry.sqlite') })],
	['PostgreSQL', () => freshPgDatabase('changes')],
];
const PAGE = { source: 'Mon adhésion' };

describe.each(stores)('member self-service on %s', (_name, makeConfig) => {
	let store: RegistryStore;

	beforeEach(async () => {
		store = await openRegistry(await makeConfig());
	});

	afterEach(async () => {
		await store.close();
	});

	describe('pauseAlerts / resumeAlerts', () => {
		it('pauses every phone of the member and only its own, then resumes them, each journaled once', async () => {
			const shared = '+33610000001';
			await store.upsertMany([adherent(1, { phones: [shared, '+33745000011'] }), adherent(2, { phones: [shared] })]);
			const paused = await store.pauseAlerts(adherent(1).siret, { source: 'Mon adhésion', at: '2026-12-01T09:00:00Z' });
			expect(paused).toMatchObject({ changed: 2, change: { action: 'paused', source: 'Mon adhésion', at: '2026-12-01T09:00:00.000Z', detail: '2 numéros' } });
			expect((await store.get(adherent(1).siret))?.optOuts.map((o) => o.phone)).toEqual([shared, '+33745000011']);
			expect((await store.get(adherent(2).siret))?.optOuts).toEqual([]);
			// Pausing again changes nothing and journals nothing.
			expect(await store.pauseAlerts(adherent(1).siret, PAGE)).toEqual({ changed: 0 });

			expect(await store.resumeAlerts(adherent(1).siret, PAGE)).toMatchObject({ changed: 2, change: { action: 'resumed' } });
			expect((await store.get(adherent(1).siret))?.optOuts).toEqual([]);
			expect((await store.changes({ siret: adherent(1).siret })).map((c) => c.action)).toEqual(['paused', 'resumed']);
		});

		it('answers undefined for an unknown SIRET and journals nothing', async () => {
			expect(await store.pauseAlerts(adherent(9).siret, PAGE)).toBeUndefined();
			expect(await store.changes()).toEqual([]);
		});

		it('refuses a change without its source', async () => {
			await store.upsert(adherent(1));
			await expect(store.pauseAlerts(adherent(1).siret, { source: '  ' })).rejects.toThrow(/needs its source/);
			expect((await store.get(adherent(1).siret))?.optOuts).toEqual([]);
		});
	});

	describe('addPhone', () => {
		it('adds a number, or replaces one, with masked numbers in the journal', async () => {
			await store.upsert(adherent(1));
			const { siret } = adherent(1);
			expect(await store.addPhone(siret, '+33745000001', PAGE)).toMatchObject({ ok: true, change: { action: 'phoneAdded', detail: '+337••••••01' } });
			expect((await store.get(siret))?.phones).toEqual(['+33610000001', '+33745000001']);
			const replaced = await store.addPhone(siret, '+33645000002', PAGE, '+33610000001');
			expect(replaced).toMatchObject({ ok: true, change: { action: 'phoneReplaced', detail: '+336••••••01 remplacé par +336••••••02' } });
			expect((await store.get(siret))?.phones).toEqual(['+33645000002', '+33745000001']);
			expect(JSON.stringify(await store.changes())).not.toMatch(/45000001|45000002|10000001/);
		});

		it('refuses a number the member already has, one it does not have to replace, a sixth one, an unknown member', async () => {
			await store.upsert(adherent(1, { phones: ['+33610000001', '+33610000002', '+33610000003', '+33610000004', '+33610000005'] }));
			const { siret } = adherent(1);
			expect(await store.addPhone(siret, '+33610000001', PAGE)).toEqual({ ok: false, reason: 'alreadyMemberPhone' });
			expect(await store.addPhone(siret, '+33645000009', PAGE, '+33699999999')).toEqual({ ok: false, reason: 'notMemberPhone' });
			expect(await store.addPhone(siret, '+33645000009', PAGE)).toEqual({ ok: false, reason: 'tooManyPhones' });
			expect(await store.addPhone(adherent(2).siret, '+33645000009', PAGE)).toEqual({ ok: false, reason: 'unknownMember' });
			expect((await store.get(siret))?.phones).toHaveLength(5);
			expect(await store.changes()).toEqual([]);
		});
	});

	describe('setPlace', () => {
		it('moves the member to the commune, drops the old coordinates, and journals old and new', async () => {
			await store.upsert(adherent(1, { lat: 45.54, lon: 3.25 }));
			const resolved = resolveCommune({ postalCode: '63000', name: 'Clermont-Ferrand' });
			if (!resolved.ok) throw new Error(resolved.message);
			const c = resolved.commune;
			const change = await store.setPlace(adherent(1).siret, { communeInsee: c.code, postalCode: '63000', city: c.name, departement: c.departement, epci: c.epci, arrondissement: c.arrondissement }, PAGE);
			expect(change).toMatchObject({ action: 'communeChanged', detail: 'Issoire (63178) → Clermont-Ferrand (63113)' });
			const moved = await store.get(adherent(1).siret);
			expect(moved).toMatchObject({ communeInsee: '63113', city: 'Clermont-Ferrand', postalCode: '63000', epci: c.epci });
			expect(moved).not.toHaveProperty('lat');
			expect(await store.search({ communes: ['63113'] })).toMatchObject({ total: 1 });
			expect(await store.setPlace(adherent(2).siret, { communeInsee: '63113', city: 'Clermont-Ferrand', departement: '63' }, PAGE)).toBeUndefined();
		});
	});

	describe('changes', () => {
		it('reads a period in time order, its end excluded', async () => {
			await store.upsertMany([adherent(1), adherent(2)]);
			await store.recordChange(adherent(2).siret, 'renewalRequested', { source: 'Mon adhésion', at: '2026-12-02T08:00:00Z' });
			await store.recordChange(adherent(1).siret, 'renewalRequested', { source: 'CCI', at: '2026-12-01T08:00:00Z' });
			await store.recordChange(adherent(1).siret, 'renewalRequested', { source: 'CCI', at: '2026-12-03T08:00:00Z' });
			const day = await store.changes({ from: '2026-12-01T00:00:00Z', to: '2026-12-03T08:00:00Z' });
			expect(day.map((c) => [c.siret, c.source])).toEqual([
				[adherent(1).siret, 'CCI'],
				[adherent(2).siret, 'Mon adhésion'],
			]);
			expect(await store.recordChange(adherent(3).siret, 'renewalRequested', PAGE)).toBeUndefined();
		});
	});

	describe('erase with a source', () => {
		it('removes the member and its journal, keeps one "erased" line without detail', async () => {
			await store.upsert(adherent(1));
			await store.addPhone(adherent(1).siret, '+33745000001', PAGE);
			expect(await store.erase(adherent(1).siret, PAGE)).toBe(true);
			expect(await store.get(adherent(1).siret)).toBeUndefined();
			expect(await store.changes()).toEqual([{ siret: adherent(1).siret, at: expect.any(String), source: 'Mon adhésion', action: 'erased' }]);
			expect(await store.erase(adherent(1).siret, PAGE)).toBe(false);
			expect(await store.changes()).toHaveLength(1);
		});
	});

	describe('Ledger.receivedBy', () => {
		it('lists the alert messages a member’s phones were sent in a period, not its codes or reminders', async () => {
			const ledger = await ledgerOf(store.db);
			const phone = '+33610000001';
			await ledger.enqueue([
				{ alertId: 'AC-1', phone, text: 'Faux billets Issoire.', sender: 'CCI63' },
				{ alertId: 'AC-2', phone: '+33610000002', text: 'Vol Issoire.', sender: 'CCI63' },
				{ alertId: 'AC-OLD', phone, text: 'Ancienne alerte.', sender: 'CCI63' },
				{ alertId: 'INSCRIPTION-2026120109', phone, text: 'votre code', sender: 'CCI63' },
			]);
			for (const id of ['AC-1', 'AC-2', 'AC-OLD']) {
				await ledger.recordAlert({ alertId: id, messageId: id, msgType: 'Alert', status: 'Actual', text: 'x', incident: {} });
			}
			const old = Date.parse('2025-06-01T10:00:00Z');
			await store.db.run('UPDATE dispatch_ledger SET queued_at = ? WHERE message_id = ?', [old, 'AC-OLD']);
			const year = await ledger.receivedBy([phone], Date.parse('2026-01-01T00:00:00+01:00'), Date.now() + 1000);
			expect(year.map((m) => [m.alertId, m.text])).toEqual([['AC-1', 'Faux billets Issoire.']]);
			expect(await ledger.receivedBy([], 0, Date.now())).toEqual([]);
		});
	});
});
