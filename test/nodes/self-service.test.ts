import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { AdherentRegistry } from '../../nodes/AdherentRegistry/AdherentRegistry.node';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { closeSharedDbs, sharedDb, storeConfigFromCredential, RegistryStore, type RegistryCredentialData } from '../../nodes/shared/registry';
import { adherent } from '../support/adherents';
import { connect, itemsNode, runWorkflow } from '../support/n8n-harness';

const credentialRef = { alerteCommercesRegistry: { id: '1', name: 'Registry' } };

afterAll(closeSharedDbs);

/** The Adherent Registry operations behind the "Mon adhésion" workflow, in n8n's engine. */
describe('Adherent Registry node: a member’s own changes', () => {
	let credential: Record<string, string>;
	let store: RegistryStore;
	const member = adherent(1, { phones: ['+33610000001', '+33745000011'], memberUntil: '2027-03-31' });
	const registry = async (parameters: IDataObject, continueOnFail = false) =>
		runWorkflow({
			nodes: [
				itemsNode([{}]),
				{ name: 'Registry', type: 'adherentRegistry', typeVersion: 1, position: [200, 0], parameters: { resource: 'adherent', ...parameters }, credentials: credentialRef, continueOnFail },
			],
			connections: connect('Items', 'Registry'),
			nodeTypes: { adherentRegistry: new AdherentRegistry() },
			credentials: { alerteCommercesRegistry: credential },
		});

	beforeEach(async () => {
		credential = { storage: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'node-self-')), 'r.sqlite') };
		store = new RegistryStore(await sharedDb(storeConfigFromCredential(credential as RegistryCredentialData)));
		await store.upsert(member);
	});

	it('pauses and resumes a member’s alerts, journaled with the source', async () => {
		const paused = await registry({ operation: 'pause', siret: member.siret, changeSource: 'Mon adhésion' });
		expect(paused.output('Registry')[0].json).toEqual({ siret: member.siret, paused: true, changed: 2 });
		expect((await store.get(member.siret))?.optOuts).toHaveLength(2);
		const resumed = await registry({ operation: 'resume', siret: member.siret, changeSource: 'Mon adhésion' });
		expect(resumed.output('Registry')[0].json).toEqual({ siret: member.siret, paused: false, changed: 2 });
		expect((await store.changes()).map((c) => [c.action, c.source])).toEqual([
			['paused', 'Mon adhésion'],
			['resumed', 'Mon adhésion'],
		]);
	});

	it('adds or replaces a phone; a refusal is an output item the workflow shows, not a failure', async () => {
		const replaced = await registry({ operation: 'addPhone', siret: member.siret, phone: '06 45 00 00 99', replacePhone: '06 10 00 00 01', changeSource: 'Mon adhésion' });
		expect(replaced.output('Registry')[0].json).toEqual({ siret: member.siret, changed: true, action: 'phoneReplaced', phone: '+336••••••99' });
		expect((await store.get(member.siret))?.phones).toEqual(['+33645000099', '+33745000011']);
		const twice = await registry({ operation: 'addPhone', siret: member.siret, phone: '06 45 00 00 99', changeSource: 'Mon adhésion' });
		expect(twice.output('Registry')[0].json).toMatchObject({ changed: false, reason: 'alreadyMemberPhone' });
		const landline = await registry({ operation: 'addPhone', siret: member.siret, phone: '04 73 00 00 00', changeSource: 'Mon adhésion' });
		expect(landline.error?.message).toMatch(/Invalid phone number/);
		expect(landline.error?.message).not.toContain('73 00 00 00');
	});

	it('moves the member within its département, refuses a commune elsewhere', async () => {
		const moved = await registry({ operation: 'setCommune', siret: member.siret, postalCode: '63000', city: 'clermont ferrand', changeSource: 'Mon adhésion' });
		expect(moved.output('Registry')[0].json).toMatchObject({ changed: true, communeInsee: '63113', city: 'Clermont-Ferrand', previousCity: 'Issoire' });
		const elsewhere = await registry({ operation: 'setCommune', siret: member.siret, postalCode: '75001', city: 'Paris', changeSource: 'Mon adhésion' });
		expect(elsewhere.output('Registry')[0].json).toMatchObject({ changed: false, reason: 'unknownCommune' });
		expect((await store.get(member.siret))?.communeInsee).toBe('63113');
	});

	it('reports the member, its journal and this year’s alerts; lists the day’s changes with names for the CCI', async () => {
		const ledger = await ledgerOf(store.db);
		await ledger.enqueue([
			{ alertId: 'AC-9', phone: '+33610000001', text: 'Faux billets Issoire.', sender: 'CCI63' },
			{ alertId: 'AC-9', phone: '+33745000011', text: 'Faux billets Issoire.', sender: 'CCI63' },
		]);
		await ledger.recordAlert({ alertId: 'AC-9', messageId: 'AC-9', msgType: 'Alert', status: 'Actual', text: 'Faux billets Issoire.', incident: {} });
		await registry({ operation: 'requestRenewal', siret: member.siret, changeSource: 'Mon adhésion' });
		const report = (await registry({ operation: 'report', siret: member.siret })).output('Registry')[0].json;
		expect(report).toMatchObject({ found: true, paused: false, year: String(new Date().getFullYear()), member: { siret: member.siret, name: 'Commerce 1' } });
		expect(report.alerts).toEqual([expect.objectContaining({ alertId: 'AC-9', text: 'Faux billets Issoire.', phones: ['+336••••••01', '+337••••••11'] })]);
		expect(report.changes).toEqual([expect.objectContaining({ action: 'renewalRequested', label: 'renouvellement demandé', detail: "adhésion jusqu'au 31/03/2027" })]);
		expect((await registry({ operation: 'report', siret: adherent(2).siret })).output('Registry')[0].json).toEqual({ siret: adherent(2).siret, found: false });

		const day = (await registry({ operation: 'changes', sinceHours: 24 })).output('Registry');
		expect(day.map((i) => [i.json.name, i.json.label, i.json.source])).toEqual([['Commerce 1', 'renouvellement demandé', 'Mon adhésion']]);
	});

	it('stops with an explanation on a change without source or an unknown SIRET, or continues when asked', async () => {
		const noSource = await registry({ operation: 'pause', siret: member.siret, changeSource: ' ' });
		expect(noSource.error?.message).toBe('The change has no source');
		const unknown = await registry({ operation: 'resume', siret: adherent(2).siret, changeSource: 'CCI' });
		expect(unknown.error?.message).toBe(`No member with SIRET ${adherent(2).siret}`);
		const continued = await registry({ operation: 'requestRenewal', siret: adherent(2).siret, changeSource: 'CCI' }, true);
		expect(continued.output('Registry')[0].json).toEqual({ error: `No member with SIRET ${adherent(2).siret}` });
		expect(await store.changes()).toEqual([]);
	});

	it('records who erased a member, and forgets its numbers in the ledger', async () => {
		await (await ledgerOf(store.db)).enqueue([{ alertId: 'AC-1', phone: '+33610000001', text: 'Vol Issoire.', sender: 'CCI63' }]);
		const erased = await registry({ operation: 'erase', siret: member.siret, changeSource: 'Mon adhésion' });
		expect(erased.output('Registry')[0].json).toEqual({ siret: member.siret, erased: true, ledgerRowsAnonymised: 1 });
		expect(await store.changes()).toEqual([expect.objectContaining({ action: 'erased', source: 'Mon adhésion' })]);
	});
});
