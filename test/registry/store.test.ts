import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, REGISTRY_MIGRATIONS, type RegistryStore } from '../../nodes/shared/registry';
import { migrate, openDb, type StoreConfig } from '../../nodes/shared/store';
import { adherent, members } from '../support/adherents';
import { freshPgDatabase } from '../support/postgres';

/** The same behaviour suite against the embedded SQLite store and PostgreSQL. */
const stores: Array<[string, () => Promise<StoreConfig>]> = [
	['SQLite', async () => ({ kind: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'registry-')), 'registry.sqlite') })],
	['PostgreSQL', () => freshPgDatabase('registry')],
];

describe.each(stores)('RegistryStore on %s', (_name, makeConfig) => {
	let config: StoreConfig;
	let store: RegistryStore;

	beforeEach(async () => {
		config = await makeConfig();
		store = await openRegistry(config);
	});

	afterEach(async () => {
		await store.close();
	});

	it('creates, reads back and updates a member by SIRET', async () => {
		const a = adherent(1, { tradeName: 'Le Balto', lat: 45.54, lon: 3.25, zones: ['centre-ville'], email: 'a@b.example', memberSince: '2026-01-01' });
		expect(await store.upsert(a)).toMatchObject({ created: 1, updated: 0 });
		expect(await store.get(a.siret)).toEqual(a);
		const changed = { ...a, name: 'Tabac du Centre', phones: [...a.phones, '+33781234567'] };
		expect(await store.upsert(changed)).toMatchObject({ created: 0, updated: 1 });
		expect(await store.get(a.siret)).toEqual({ ...changed, phones: [...changed.phones].sort() });
		expect(await store.get('00000000000000')).toBeUndefined();
	});

	it('applies migrations once, however often it is opened', async () => {
		const again = await openRegistry(config);
		const rows = await again.db.query<{ component: string; version: number }>('SELECT component, version FROM schema_migrations ORDER BY version');
		expect(rows).toEqual(REGISTRY_MIGRATIONS.map((m) => ({ component: 'registry', version: m.version })));
		await again.close();
	});

	it('marks the members stored before NAF 2025 as NAF rév. 2 when it migrates', async () => {
		const previous = await makeConfig();
		const db = openDb(previous);
		await migrate(db, 'registry', REGISTRY_MIGRATIONS.filter((m) => m.version < 3));
		const insert = `INSERT INTO adherents (siret, siren, name, naf, commune_insee, city, departement, status, created_at, updated_at)
VALUES (?, ?, ?, ?, '63113', 'Clermont-Ferrand', '63', 'active', '2026-01-01', '2026-01-01')`;
		await db.run(insert, ['73282932000074', '732829320', 'Tabac du Centre', '47.26Z']);
		await db.run(insert, ['44306184100047', '443061841', 'Sans code', null]);
		await db.close();

		const migrated = await openRegistry(previous);
		expect(await migrated.get('73282932000074')).toMatchObject({ naf: '47.26Z', nafNomenclature: 'rev2' });
		expect(await migrated.get('44306184100047')).not.toHaveProperty('nafNomenclature');
		await migrated.close();
	});

	it('keeps a NAF 2025 code and its nomenclature', async () => {
		const a = adherent(2, { naf: '47.26Y' });
		await store.upsert(a);
		expect(await store.get(a.siret)).toEqual({ ...a, naf: '47.26Y', nafNomenclature: 'naf2025' });
	});

	it('keeps a phone’s opt-out across re-imports, drops phones no longer listed', async () => {
		const a = adherent(2, { phones: ['0612000002', '0781234567'] });
		await store.upsert(a);
		expect(await store.optOut('+33781234567', '2026-03-01T00:00:00.000Z')).toBe(1);
		await store.upsert(a); // the CCI re-imports its file
		expect((await store.get(a.siret))?.optOuts).toEqual([{ phone: '+33781234567', at: '2026-03-01T00:00:00.000Z' }]);
		await store.upsert({ ...a, phones: ['+33612000002'] });
		expect(await store.get(a.siret)).toMatchObject({ phones: ['+33612000002'], optOuts: [] });
		expect(await store.optIn('+33612000002')).toBe(0);
		await store.optOut('+33612000002');
		expect(await store.optIn('+33612000002')).toBe(1);
		expect((await store.get(a.siret))?.optOuts).toEqual([]);
	});

	it('stores a batch in one go and reports created and updated', async () => {
		const batch = members(1200);
		const first = await store.upsertMany(batch);
		expect(first).toMatchObject({ created: 1200, updated: 0 });
		expect(first.createdSirets.size).toBe(1200);
		const second = await store.upsertMany(batch.slice(0, 700));
		expect(second).toMatchObject({ created: 0, updated: 700 });
		expect((await store.search({ limit: 1 })).total).toBe(1200);
	});

	it('searches by commune, EPCI, département, profession, zone, status and name, with pagination', async () => {
		await store.upsertMany([
			adherent(10, { communeInsee: '63178', naf: '47.77Z', zones: 'centre-ville' }),
			adherent(11, { communeInsee: '63113', naf: '47.26Z', status: 'suspended' }),
			adherent(12, { communeInsee: '63300', naf: '01.11Z', name: 'GAEC des Volcans' }),
			adherent(13, { communeInsee: '03185', naf: '47.26Z' }),
		]);
		const sirets = async (query: Parameters<RegistryStore['search']>[0]) => (await store.search(query)).adherents.map((a) => a.name);
		expect(await sirets({ communes: ['63178', '63300'] })).toEqual(['Commerce 10', 'GAEC des Volcans']);
		expect(await sirets({ epcis: ['246300701'] })).toEqual(['Commerce 11']);
		expect(await sirets({ departements: ['03'] })).toEqual(['Commerce 13']);
		expect(await sirets({ professions: ['buraliste'] })).toEqual(['Commerce 11', 'Commerce 13']);
		expect(await sirets({ professions: ['buraliste'], statuses: ['active'] })).toEqual(['Commerce 13']);
		expect(await sirets({ zones: ['centre-ville'] })).toEqual(['Commerce 10']);
		expect(await sirets({ text: 'volcans' })).toEqual(['GAEC des Volcans']);
		expect(await sirets({ phone: '+33610000012' })).toEqual(['GAEC des Volcans']);
		const page = await store.search({ limit: 2, offset: 1 });
		expect(page).toMatchObject({ total: 4 });
		expect(page.adherents.map((a) => a.name)).toEqual(['Commerce 11', 'GAEC des Volcans']);
	});

	it('takes % and _ in a name search literally, not as wildcards', async () => {
		await store.upsertMany([
			adherent(60, { name: 'Tabac 100% Presse' }),
			adherent(61, { name: 'Le_Balto', tradeName: 'Chez Max!' }),
			adherent(62, { name: 'Boulangerie Durand' }),
		]);
		const names = async (text: string) => (await store.search({ text })).adherents.map((a) => a.name);
		expect(await names('%')).toEqual(['Tabac 100% Presse']);
		expect(await names('_')).toEqual(['Le_Balto']);
		expect(await names('0% p')).toEqual(['Tabac 100% Presse']);
		expect(await names('le_b')).toEqual(['Le_Balto']);
		expect(await names('le b')).toEqual([]);
		expect(await names('x!')).toEqual(['Le_Balto']); // the escape character is literal too
		expect(await names('!%')).toEqual([]);
		expect(await names('durand')).toEqual(['Boulangerie Durand']);
		expect((await store.search({ text: '%' })).total).toBe(1);
	});

	it('refuses an opt-out dated on a day that does not exist, and stores a real one in UTC', async () => {
		const a = adherent(63);
		await store.upsert(a);
		await expect(store.optOut(a.phones[0], '2026-02-30T10:00:00Z')).rejects.toThrow(/"2026-02-30T10:00:00Z" is not a date of the calendar/);
		expect((await store.get(a.siret))?.optOuts).toEqual([]);
		expect(await store.optOut(a.phones[0], '2026-03-01T11:00:00+01:00')).toBe(1);
		expect((await store.get(a.siret))?.optOuts).toEqual([{ phone: a.phones[0], at: '2026-03-01T10:00:00.000Z' }]);
	});

	it('finds the members whose membership ends within a window (renewal reminders)', async () => {
		await store.upsertMany([
			adherent(50, { memberUntil: '2026-12-01' }),
			adherent(51, { memberUntil: '2026-12-31' }),
			adherent(52, { memberUntil: '2027-06-30' }),
			adherent(53),
		]);
		const ending = await store.search({ memberUntilFrom: '2026-11-22', memberUntilTo: '2026-12-22' });
		expect(ending.adherents.map((a) => a.name)).toEqual(['Commerce 50']);
	});

	it('erases a member’s personal data and keeps an anonymous count', async () => {
		const a = adherent(20, { phones: ['0612000020'] });
		await store.upsert(a);
		expect(await store.erase(a.siret)).toBe(true);
		expect(await store.erase(a.siret)).toBe(false);
		expect(await store.get(a.siret)).toBeUndefined();
		expect(await store.search({ phone: '+33612000020' })).toEqual({ adherents: [], total: 0 });
		const leftovers = await store.db.query('SELECT * FROM adherent_phones WHERE phone = ?', ['+33612000020']);
		expect(leftovers).toEqual([]);
		expect(await store.statistics()).toMatchObject({ members: 0, erased: 1 });
	});

	it('counts members by status, commune and profession', async () => {
		await store.upsertMany([
			adherent(30, { communeInsee: '63178', naf: '47.26Z' }),
			adherent(31, { communeInsee: '63178', naf: '47.77Z', status: 'suspended' }),
			adherent(32, { communeInsee: '63113', naf: '47.26Z', memberUntil: '2020-12-31' }),
		]);
		await store.optOut('+33610000030');
		const stats = await store.statistics('2026-11-22');
		expect(stats).toMatchObject({ members: 3, byStatus: { active: 2, suspended: 1 }, expired: 1, phones: 3, optedOutPhones: 1, erased: 0 });
		expect(stats.byCommune).toEqual([
			{ communeInsee: '63178', city: 'Issoire', count: 2 },
			{ communeInsee: '63113', city: 'Clermont-Ferrand', count: 1 },
		]);
		expect(stats.byProfession).toEqual(
			expect.arrayContaining([
				{ profession: 'buraliste', count: 2 },
				{ profession: 'bijouterie', count: 1 },
			]),
		);
	});

	it('changes a member’s status', async () => {
		const a = adherent(40, { status: 'pending' });
		await store.upsert(a);
		expect(await store.setStatus(a.siret, 'active')).toBe(true);
		expect((await store.get(a.siret))?.status).toBe('active');
		expect(await store.setStatus('00000000000000', 'active')).toBe(false);
	});

	it('loses no update when writers run concurrently', async () => {
		// Two connections (two n8n workers) write overlapping members at the same time, while a
		// third opts a phone out: every write and the opt-out must survive.
		const other = await openRegistry(config);
		const shared = members(300);
		const a = shared.map((m) => ({ ...m, name: `${m.name} (A)` }));
		const b = shared.map((m) => ({ ...m, name: `${m.name} (B)`, tradeName: 'B' }));
		await store.upsertMany(shared);
		await Promise.all([store.upsertMany(a), other.upsertMany(b), other.optOut(shared[5].phones[0], '2026-01-01T00:00:00.000Z'), store.upsertMany(a.slice(100, 200))]);
		const all = (await store.search({ limit: 1000 })).adherents;
		expect(all).toHaveLength(300);
		for (const m of all) expect(m.name).toMatch(/\((A|B)\)$/);
		expect(all.find((m) => m.siret === shared[5].siret)?.optOuts).toEqual([{ phone: shared[5].phones[0], at: '2026-01-01T00:00:00.000Z' }]);
		await other.close();
	});
});

describe('a brand-new PostgreSQL database opened by several workers at once', () => {
	it('is migrated once, and every worker opens it', async () => {
		// n8n in queue mode: each worker's first execution opens the register at the same moment.
		for (let round = 0; round < 3; round++) {
			const config = await freshPgDatabase('registry_race');
			const opened = await Promise.allSettled(Array.from({ length: 8 }, () => openRegistry(config)));
			const failures = opened.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
			const stores = opened.filter((o): o is PromiseFulfilledResult<RegistryStore> => o.status === 'fulfilled').map((o) => o.value);
			try {
				expect(failures).toEqual([]);
				const rows = await stores[0].db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM schema_migrations WHERE component = 'registry'");
				expect(Number(rows[0].n)).toBe(REGISTRY_MIGRATIONS.length);
			} finally {
				await Promise.all(stores.map((s) => s.close()));
			}
		}
	});
});
