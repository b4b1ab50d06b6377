import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { AdherentRegistry } from '../../nodes/AdherentRegistry/AdherentRegistry.node';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { closeSharedDbs, sharedDb, storeConfigFromCredential, type RegistryCredentialData } from '../../nodes/shared/registry';
import { connect, itemsNode, runWorkflow } from '../support/n8n-harness';
import { freshPgDatabase } from '../support/postgres';

const credentialRef = { alerteCommercesRegistry: { id: '1', name: 'Registry' } };

/** Runs Items → Adherent Registry with the given parameters against one registry. */
async function registry(credential: Record<string, string | number>, parameters: IDataObject, items: IDataObject[] = [{}], continueOnFail = false) {
	const result = await runWorkflow({
		nodes: [
			itemsNode(items),
			{ name: 'Registry', type: 'adherentRegistry', typeVersion: 1, position: [200, 0], parameters: { resource: 'adherent', ...parameters }, credentials: credentialRef, continueOnFail },
		],
		connections: connect('Items', 'Registry'),
		nodeTypes: { adherentRegistry: new AdherentRegistry() },
		credentials: { alerteCommercesRegistry: credential },
	});
	return result;
}

const row = (n: number, extra: IDataObject = {}): IDataObject => ({
	siret: ['73282932000074', '44306184100047', '55208131766522', '40483304800022'][n],
	raison_sociale: `Commerce ${n}`,
	code_naf: '4726Z',
	telephone: `06 12 34 56 7${n}`,
	code_postal: '63500',
	commune: 'Issoire',
	...extra,
});

afterAll(closeSharedDbs);

describe.each([
	['embedded SQLite', async (): Promise<Record<string, string | number>> => ({ storage: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'node-registry-')), 'r.sqlite') })],
	[
		'PostgreSQL',
		async (): Promise<Record<string, string | number>> => {
			const c = await freshPgDatabase('node');
			return { storage: 'postgres', host: c.host, port: c.port, database: c.database, user: c.user, password: c.password ?? '', ssl: 'disable' };
		},
	],
])('Adherent Registry node (%s)', (_name, makeCredential) => {
	let credential: Record<string, string | number>;

	beforeEach(async () => {
		credential = await makeCredential();
	});

	it('imports the CCI file: valid rows stored, invalid rows on the second output with every reason', async () => {
		const rows = [row(0), row(1, { telephone: '04 73 89 00 00', code_naf: '0000Z' }), row(2), row(3, { siret: '12345678901234' }), row(0, { raison_sociale: 'Commerce 0 bis' })];
		const result = await registry(credential, { operation: 'import', batchSize: 2 }, rows);
		expect(result.error).toBeUndefined();
		const [stored, invalid] = result.outputs('Registry');
		expect(stored.map((i) => [i.json.name, i.json.action, i.pairedItem])).toEqual([
			['Commerce 2', 'created', { item: 2 }],
			['Commerce 0 bis', 'created', { item: 4 }],
		]);
		expect(invalid.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 3 }]);
		expect(invalid[0].json.message).toContain('duplicate SIRET');
		expect((invalid[1].json.errors as IDataObject[]).map((e) => e.field)).toEqual(['naf', 'phones']);
		expect(invalid[1].json.row).toMatchObject({ name: 'Commerce 1' });
		expect(invalid[2].json.message).toContain('siret');

		const again = await registry(credential, { operation: 'import' }, [row(2)]);
		expect(again.output('Registry', 0)[0].json.action).toBe('updated');
	});

	it('upserts one member per item, with a forced status and consent for sign-up forms', async () => {
		const result = await registry(credential, { operation: 'upsert', memberField: 'member', writeOptions: { status: 'pending', consentNow: true } }, [
			{ member: row(0) },
			{ member: row(1, { telephone: '' }) },
		]);
		const [stored, invalid] = result.outputs('Registry');
		expect(stored).toHaveLength(1);
		expect(stored[0].json).toMatchObject({ siret: '73282932000074', status: 'pending', action: 'created', communeInsee: '63178', epci: '200070407' });
		expect(stored[0].json.consentAt).toEqual(expect.any(String));
		expect(invalid[0].json.errors).toEqual([{ field: 'phones', message: expect.any(String) }]);
		expect(invalid[0].pairedItem).toEqual({ item: 1 });
	});

	it('gets, searches, sets status, opts out and in, erases, counts', async () => {
		await registry(credential, { operation: 'import' }, [row(0), row(1, { code_naf: '47.77Z', code_postal: '63000', commune: 'Clermont-Ferrand' }), row(2)]);

		const got = await registry(credential, { operation: 'get', siret: '={{ $json.s }}' }, [{ s: '732 829 320 00074' }, { s: '55208131766522' }]);
		expect(got.output('Registry').map((i) => [i.json.name, i.json.found])).toEqual([
			['Commerce 0', true],
			['Commerce 2', true],
		]);

		const search = await registry(credential, { operation: 'search', filters: { communes: '63178', professions: ['buraliste'] }, returnAll: true });
		expect(search.output('Registry').map((i) => i.json.name)).toEqual(['Commerce 2', 'Commerce 0']); // by SIRET
		const page = await registry(credential, { operation: 'search', filters: {}, returnAll: false, limit: 1, offset: 1 });
		expect(page.output('Registry').map((i) => i.json.name)).toEqual(['Commerce 2']);

		const status = await registry(credential, { operation: 'setStatus', siret: '44306184100047', status: 'suspended' });
		expect(status.output('Registry')[0].json).toEqual({ siret: '44306184100047', status: 'suspended' });

		const out = await registry(credential, { operation: 'optOut', phone: '06 12 34 56 70' });
		expect(out.output('Registry')[0].json).toMatchObject({ phone: '+33612345670', optedOut: true, changed: 1 });
		const unknown = await registry(credential, { operation: 'optOut', phone: '06 99 99 99 99' });
		expect(unknown.output('Registry')[0].json).toMatchObject({ optedOut: false, message: 'No member has this phone number' });

		const stats = await registry(credential, { operation: 'statistics' });
		expect(stats.output('Registry')[0].json).toMatchObject({ members: 3, byStatus: { active: 2, suspended: 1 }, optedOutPhones: 1 });

		const back = await registry(credential, { operation: 'optIn', phone: '+33612345670' });
		expect(back.output('Registry')[0].json).toMatchObject({ optedIn: true });

		// An alert reached the member before: its number sits in the dispatch ledger too.
		const db = await sharedDb(storeConfigFromCredential(credential as RegistryCredentialData));
		await (await ledgerOf(db)).enqueue([{ alertId: 'AC-1', phone: '+33612345670', text: 'Faux billets à Issoire.', sender: 'CCI63' }]);
		const erased = await registry(credential, { operation: 'erase', siret: '73282932000074' });
		expect(erased.output('Registry')[0].json).toEqual({ siret: '73282932000074', erased: true, ledgerRowsAnonymised: 1 });
		expect(await db.query('SELECT message_id AS alert_id FROM dispatch_ledger WHERE phone = ?', ['+33612345670'])).toEqual([]);
		expect(await db.query('SELECT message_id AS alert_id FROM dispatch_ledger')).toEqual([{ alert_id: 'AC-1' }]);
		const after = await registry(credential, { operation: 'statistics' });
		expect(after.output('Registry')[0].json).toMatchObject({ members: 2, erased: 1 });
	});

	it('reports the members still on NAF rév. 2 with their NAF 2025 codes, and changes nothing until Upsert applies it', async () => {
		const rows = [row(0, { code_naf: '4726Z' }), row(1, { code_naf: '47.26Y' }), row(2, { code_naf: '45.11Z' }), row(3, { code_naf: '5610A' })];
		await registry(credential, { operation: 'import' }, rows);
		const report = (await registry(credential, { operation: 'nafTransition' })).output('Registry', 0).map((i) => i.json);
		expect(report.map((r) => [r.siret, r.naf, r.suggested ?? null, r.tagsWouldChange])).toEqual([
			[row(3).siret, '56.10A', '56.11G', false],
			[row(2).siret, '45.11Z', null, true],
			[row(0).siret, '47.26Z', '47.26Y', false],
		]);
		const onlyChanges = (await registry(credential, { operation: 'nafTransition', onlyTagChanges: true })).output('Registry', 0);
		expect(onlyChanges.map((i) => i.json.naf)).toEqual(['45.11Z']);
		// Nothing changed: the tabac is still on its rév. 2 code.
		const before = (await registry(credential, { operation: 'get', siret: row(0).siret as string })).output('Registry', 0)[0].json;
		expect(before).toMatchObject({ naf: '47.26Z', nafNomenclature: 'rev2' });

		// The CCI applies the suggested codes: the report's items go to Upsert with Member Field "apply".
		const applied = await registry(credential, { operation: 'upsert', memberField: 'apply' }, report.filter((r) => r.apply));
		expect(applied.output('Registry', 1)).toEqual([]);
		const after = (await registry(credential, { operation: 'get', siret: row(0).siret as string })).output('Registry', 0)[0].json;
		expect(after).toMatchObject({ naf: '47.26Y', nafNomenclature: 'naf2025' });
		expect(after.professions).toEqual(before.professions);
		const left = (await registry(credential, { operation: 'nafTransition' })).output('Registry', 0);
		expect(left.map((i) => i.json.naf)).toEqual(['45.11Z']);
	});

	it('masks phone numbers in its errors: on the invalid output and when it stops', async () => {
		const imported = await registry(credential, { operation: 'import' }, [row(0, { telephone: '04 73 89 12 34' }), row(1, { telephone: '07 81 23' })]);
		const [, invalid] = imported.outputs('Registry');
		expect(invalid.map((i) => i.json.message)).toEqual([
			expect.stringContaining('phones: +334••••••34 is a landline'),
			expect.stringContaining('phones: •• •• 23 is not a valid phone number'),
		]);
		expect(JSON.stringify(invalid.map((i) => [i.json.message, i.json.errors]))).not.toMatch(/73 ?89 ?12|07 81/);
		const stopped = await registry(credential, { operation: 'optOut', phone: '04 73 89 12 34' });
		expect(stopped.error?.message).toContain('+334••••••34');
		expect(stopped.error?.message).not.toMatch(/73 ?89 ?12/);
	});

	it('takes % and _ of Name Contains literally', async () => {
		await registry(credential, { operation: 'import' }, [row(0, { raison_sociale: 'Tabac 100% Presse' }), row(1)]);
		const names = async (text: string) => (await registry(credential, { operation: 'search', filters: { text }, returnAll: true })).output('Registry').map((i) => i.json.name);
		expect(await names('%')).toEqual(['Tabac 100% Presse']);
		expect(await names('_')).toEqual([]);
	});

	it('stops with an explanation on a bad SIRET or phone, or continues when asked', async () => {
		const failed = await registry(credential, { operation: 'get', siret: '123' });
		expect(failed.error?.message).toContain('Invalid SIRET');
		expect(failed.error?.description).toContain('14 digits');
		const phone = await registry(credential, { operation: 'optOut', phone: '04 73 00 00 00' });
		expect(phone.error?.message).toContain('landline');
		const continued = await registry(credential, { operation: 'setStatus', siret: '73282932000074', status: 'active' }, [{}], true);
		expect(continued.error).toBeUndefined();
		expect(continued.output('Registry')[0].json.error).toContain('No member with SIRET');
	});
});

it('explains an unreachable PostgreSQL registry', async () => {
	const result = await registry({ storage: 'postgres', host: '127.0.0.1', port: 1, database: 'x', user: 'x', password: 'secret-value', ssl: 'disable' }, { operation: 'statistics' });
	expect(result.error?.message).toMatch(/Cannot open the member registry|refused the connection/);
	expect(result.error?.description).toContain('Alerte Commerces Registry credential');
	expect(JSON.stringify(result.error)).not.toContain('secret-value');
});

describe('credential test', () => {
	const test = (data: Record<string, string | number>) =>
		new AdherentRegistry().methods.credentialTest.registryConnectionTest.call({} as never, { id: '1', name: 'Registry', type: 'alerteCommercesRegistry', data });

	it('succeeds on an embedded file and on a reachable PostgreSQL', async () => {
		expect(await test({ storage: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'cred-')), 'r.sqlite') })).toEqual({ status: 'OK', message: 'Connection successful' });
		const c = await freshPgDatabase('cred');
		expect(await test({ storage: 'postgres', host: c.host, port: c.port, database: c.database, user: c.user, ssl: 'disable' })).toMatchObject({ status: 'OK' });
	});

	it('reports an unreachable server without the password', async () => {
		const result = await test({ storage: 'postgres', host: '127.0.0.1', port: 1, database: 'x', user: 'x', password: 'hunter2-secret', ssl: 'disable' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Cannot open the registry');
		expect(result.message).not.toContain('hunter2-secret');
	});
});
