import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject, ILoadOptionsFunctions, INodeParameters } from 'n8n-workflow';
import { getProfessions } from '../../nodes/common/methods';
import { getCommunes, getIncidentTypes, getZones } from '../../nodes/SectorTargeting/methods/loadOptions';
import { AlertComposer } from '../../nodes/AlertComposer/AlertComposer.node';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { SectorTargeting } from '../../nodes/SectorTargeting/SectorTargeting.node';
import { SmsDispatch } from '../../nodes/SmsDispatch/SmsDispatch.node';
import { generateRegister } from '../../bench/members';
import { closeSharedDbs, openRegistry } from '../../nodes/shared/registry';
import type { Adherent } from '../../nodes/shared/registry/types';
import { decisionMapFromParameter, defaultRuleset, planTargeting, selectRecipients } from '../../nodes/shared/targeting';
import { decodePng } from '../support/png';
import { connect, itemsNode, runWorkflow } from '../support/n8n-harness';
import { freshPgDatabase } from '../support/postgres';
import { AUBIERE, CLERMONT, incident, JAUDE, member } from '../targeting/fixtures';

const credentialRef = { alerteCommercesRegistry: { id: '1', name: 'Registry' } };
const NOW = '2026-03-15T10:00:00+01:00';

/** The Alert Composer's output item: the alert with its incident and CAP document. */
function alertItem(type: Parameters<typeof incident>[0], communes: string[], extra: IDataObject = {}): IDataObject {
	return {
		alertId: `ALERT-${type}`,
		messageId: `ALERT-${type}`,
		msgType: 'Alert',
		status: 'Actual',
		segments: 1,
		text: 'Faux billets Clermont-Ferrand. Ne pas intervenir, ne pas transférer SMS.',
		sender: 'CCI63',
		cap: '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">…</alert>',
		incident: incident(type, communes, { coordinates: JAUDE }) as unknown as IDataObject,
		...extra,
	};
}

function members(): Adherent[] {
	return [
		member(CLERMONT, '47.26Z'), // buraliste
		member(CLERMONT, '47.77Z'), // bijouterie
		member(AUBIERE, '47.26Z'),
		member(CLERMONT, '56.30Z'), // bar
		member(CLERMONT, '01.11Z'), // farm
		member(CLERMONT, '47.26Z', { status: 'suspended' }),
		member(CLERMONT, '47.26Z', { memberUntil: '2025-12-31' }),
	];
}

async function run(parameters: IDataObject, items: IDataObject[], options: { credential?: ICredentialDataDecryptedObject; continueOnFail?: boolean; before?: { name: string; items: IDataObject[] }; version?: number } = {}) {
	const first = options.before ? [itemsNode(options.before.items, options.before.name)] : [];
	const chain = [...first.map((n) => n.name), 'Alerts', 'Targeting'];
	return runWorkflow({
		nodes: [
			...first,
			{ ...itemsNode(items, 'Alerts'), position: [100, 0] },
			{
				name: 'Targeting',
				type: 'sectorTargeting',
				typeVersion: options.version ?? 1,
				position: [300, 0],
				parameters: { options: { alertDate: NOW }, ...parameters },
				credentials: options.credential ? credentialRef : undefined,
				continueOnFail: options.continueOnFail,
			},
		],
		connections: connect(...chain),
		nodeTypes: { sectorTargeting: new SectorTargeting() },
		credentials: options.credential ? { alerteCommercesRegistry: options.credential } : {},
	});
}

afterAll(closeSharedDbs);

describe.each([
	['embedded SQLite', async (): Promise<ICredentialDataDecryptedObject> => ({ storage: 'embedded', path: join(mkdtempSync(join(tmpdir(), 'node-targeting-')), 'r.sqlite') })],
	[
		'PostgreSQL',
		async (): Promise<ICredentialDataDecryptedObject> => {
			const c = await freshPgDatabase('targetnode');
			return { storage: 'postgres', host: c.host, port: c.port, database: c.database, user: c.user, password: c.password ?? '', ssl: 'disable' };
		},
	],
])('Sector Targeting node with the registry (%s)', (_name, makeCredential) => {
	let credential: ICredentialDataDecryptedObject;
	let registered: Adherent[];

	beforeAll(async () => {
		credential = await makeCredential();
		const { storage, path, host, port, database, user, password } = credential as Record<string, string>;
		const store = await openRegistry(storage === 'embedded' ? { kind: 'embedded', path } : { kind: 'postgres', host, port: Number(port), database, user, password });
		registered = members();
		await store.upsertMany(registered);
		await store.close();
	});

	it('emits one item per recipient, paired with its alert, with the reasons', async () => {
		const result = await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: false, maxRecipients: 100 }, [alertItem('fausse_monnaie', [CLERMONT]), alertItem('vol_vehicule_materiel', [CLERMONT])], { credential });
		expect(result.error).toBeUndefined();
		const out = result.output('Targeting');
		const expected = selectRecipients(await planTargeting(incident('fausse_monnaie', [CLERMONT]), defaultRuleset(), new Date(NOW)), registered, { now: new Date(NOW) });
		const first = out.filter((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0);
		expect(first.map((i) => i.json.siret)).toEqual(expected.map((r) => r.siret));
		// Counterfeit notes go to the trades paid small sums in cash: the tabacs and the bar, not the jeweller.
		expect(first.map((i) => i.json.siret)).toEqual([registered[0].siret, registered[2].siret, registered[3].siret].sort());
		expect(Object.keys(first[0].json).sort()).toEqual(['alertId', 'communeInsee', 'messageId', 'msgType', 'name', 'phone', 'reasons', 'sender', 'siret', 'status', 'text']);
		expect(first[0].json).toMatchObject({ alertId: 'ALERT-fausse_monnaie', sender: 'CCI63', reasons: [{ rule: 'fausse-monnaie-agglomeration', area: 'epci 246300701' }] });
		const second = out.filter((i) => (i.pairedItem as { item: number }).item === 1);
		expect(second.map((i) => i.json.siret)).toEqual([registered[4].siret]);
	});

	it('dry run: one summary per alert, exclusions with their reason', async () => {
		const result = await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: true, maxRecipients: 2 }, [alertItem('fausse_monnaie', [CLERMONT])], { credential });
		const [summary] = result.output('Targeting');
		expect(summary.pairedItem).toEqual({ item: 0 });
		expect(summary.json).toMatchObject({
			dryRun: true,
			alertId: 'ALERT-fausse_monnaie',
			recipients: 3,
			overLimit: true,
			byRule: { 'fausse-monnaie-agglomeration': 3 },
			byCommune: { '63113 Clermont-Ferrand': 2, '63014 Aubière': 1 },
			excluded: { total: 2, byReason: { suspended: 1, expired: 1 } },
		});
		expect((summary.json.byProfession as IDataObject).buraliste).toBe(2);
		expect((summary.json.sample as IDataObject[])[0].phone).toContain('••••••');
	});

	it('dry run: carries the decision summary, priced at the provider given, as text and HTML for the confirmation page', async () => {
		const options = { costProvider: 'twilio' };
		const result = await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: true, maxRecipients: 0, options }, [alertItem('fausse_monnaie', [CLERMONT])], { credential });
		const [summary] = result.output('Targeting');
		expect(summary.json.decision).toMatchObject({
			sms: { sender: 'CCI63', encoding: 'GSM-7', segments: 1 },
			members: 3,
			messages: 3,
			byCommune: [{ label: 'Clermont-Ferrand', sms: 2, rules: ['fausse-monnaie-agglomeration'] }, { label: 'Aubière', sms: 1 }],
			excluded: { total: 2, byReason: { suspended: 1, expired: 1 } },
			cost: { unitPrice: 0.08, segments: 3, total: 0.24 },
		});
		expect(summary.json.decisionText).toContain('Destinataires : 3 commerces, 3 SMS (1 segment chacun) — coût estimé 0,24 €');
		expect(summary.json.decisionHtml).toContain('<li>Clermont-Ferrand : 2 SMS, 2 commerces — règle fausse-monnaie-agglomeration</li>');
	});

	it('guard: stops with a clear error when an alert would reach too many phones', async () => {
		const result = await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: false, maxRecipients: 2 }, [alertItem('escroquerie', [CLERMONT])], { credential });
		expect(result.error?.message).toBe('This alert would reach 5 phones, more than the maximum of 2');
		expect(result.error?.description).toContain('escroquerie-agglomeration (5)');
		expect(result.output('Targeting')).toEqual([]);
	});

	it('guard: a count a person confirmed lets the alert past the cap, up to that count', async () => {
		const confirmed = await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: false, maxRecipients: 2, confirmedRecipients: 5 }, [alertItem('escroquerie', [CLERMONT])], { credential, version: 2 });
		expect(confirmed.error).toBeUndefined();
		expect(confirmed.output('Targeting')).toHaveLength(5);
		const fewer = await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: false, maxRecipients: 2, confirmedRecipients: 4 }, [alertItem('escroquerie', [CLERMONT])], { credential, version: 2 });
		expect(fewer.error?.message).toBe('This alert would reach 5 phones, more than the maximum of 2, and more than the 4 a person confirmed');
	});

	it('Maximum Recipients: version 1 keeps 5,000 by default, version 2 has 30,000', async () => {
		const dry = async (version: number) =>
			(await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: true }, [alertItem('fausse_monnaie', [CLERMONT])], { credential, version })).output('Targeting')[0].json.maxRecipients;
		expect(await dry(1)).toBe(5000);
		expect(await dry(2)).toBe(30000);
	});

	it('dry run with Include the Alert: the alert’s fields travel on beside the summary', async () => {
		const item = alertItem('fausse_monnaie', [CLERMONT]);
		const [summary] = (await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: true, options: { alertDate: NOW, includeAlert: true } }, [item], { credential, version: 2 })).output('Targeting');
		expect(summary.json).toMatchObject({ text: item.text, sender: 'CCI63', incident: item.incident, recipients: 3, overLimit: false, decision: { messages: 3 } });
		const [bare] = (await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: true }, [item], { credential, version: 2 })).output('Targeting');
		expect(bare.json.incident).toBeUndefined();
	});

	it('sending records the decision summary in the journal, for the report', async () => {
		const result = await run({ membersSource: 'registry', rulesetSource: 'default', dryRun: false, maxRecipients: 0 }, [alertItem('fausse_monnaie', [CLERMONT])], { credential, version: 2 });
		expect(result.error).toBeUndefined();
		const { storage, path, host, port, database, user, password } = credential as Record<string, string>;
		const store = await openRegistry(storage === 'embedded' ? { kind: 'embedded', path } : { kind: 'postgres', host, port: Number(port), database, user, password });
		try {
			const entry = await (await ledgerOf(store.db)).journalEntry('ALERT-fausse_monnaie');
			expect(entry?.decision).toMatchObject({ members: 3, messages: 3, byCommune: [{ key: CLERMONT, sms: 2 }, { sms: 1 }], excluded: { total: 2 } });
		} finally {
			await store.close();
		}
	});
});

describe('Sector Targeting "One Item per Alert" → SMS Dispatch (Sandbox, Input "One Item per Alert")', () => {
	const dir = mkdtempSync(join(tmpdir(), 'node-targeting-per-alert-'));
	const credential = { storage: 'embedded', path: join(dir, 'registry.sqlite') };
	const outboxPath = join(dir, 'outbox.jsonl');
	const register = generateRegister(3000, { seed: 7 }).members;

	beforeAll(async () => {
		const store = await openRegistry({ kind: 'embedded', path: credential.path });
		await store.upsertMany(register);
		await store.close();
	});

	function sendWorkflow(items: IDataObject[]) {
		return runWorkflow({
			nodes: [
				{ ...itemsNode(items, 'Alerts'), position: [0, 0] },
				{
					name: 'Targeting',
					type: 'sectorTargeting',
					typeVersion: 1,
					position: [200, 0],
					parameters: { membersSource: 'registry', rulesetSource: 'default', dryRun: false, output: 'alert', maxRecipients: 0, options: { alertDate: NOW } },
					credentials: credentialRef,
				},
				{
					name: 'SMS',
					type: 'smsDispatch',
					typeVersion: 1,
					position: [400, 0],
					parameters: { resource: 'delivery', operation: 'send', provider: 'sandbox', inputMode: 'alert', options: { outboxPath } },
					credentials: credentialRef,
				},
			],
			connections: connect('Alerts', 'Targeting', 'SMS'),
			nodeTypes: { sectorTargeting: new SectorTargeting(), smsDispatch: new SmsDispatch() },
			credentials: { alerteCommercesRegistry: credential },
		});
	}

	it('stores the recipients in the ledger, outputs one item per alert, and every recipient gets exactly one SMS', async () => {
		const alert = alertItem('vol_main_armee', [CLERMONT], { incident: incident('vol_main_armee', [CLERMONT]) as unknown as IDataObject });
		// Planned at the alert date, as the node does: the night rule must not depend on when the test runs.
		const expected = selectRecipients(await planTargeting(incident('vol_main_armee', [CLERMONT]), defaultRuleset(), new Date(NOW)), register, { now: new Date(NOW) });
		expect(expected.length).toBeGreaterThan(500);

		const result = await sendWorkflow([alert]);
		expect(result.error).toBeUndefined();
		const targeting = result.output('Targeting');
		expect(targeting).toHaveLength(1);
		expect(targeting[0].pairedItem).toEqual({ item: 0 });
		expect(targeting[0].json).toEqual({
			alertId: 'ALERT-vol_main_armee',
			messageId: 'ALERT-vol_main_armee',
			msgType: 'Alert',
			status: 'Actual',
			text: alert.text,
			sender: 'CCI63',
			recipients: expected.length,
			newlyQueued: expected.length,
			byRule: expect.objectContaining({ 'vol-main-armee-exposes': expect.any(Number) }),
			recipientsStoredIn: 'dispatch ledger',
			rulesetVersion: 0,
		});
		const sms = result.output('SMS');
		expect(sms).toHaveLength(1);
		expect(sms[0].json).toMatchObject({ alertId: 'ALERT-vol_main_armee', total: expected.length, counts: { delivered: expected.length } });
		const sent = readFileSync(outboxPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { to: string });
		const phones = sent.map((m) => m.to);
		expect(new Set(phones).size).toBe(phones.length);
		expect([...phones].sort()).toEqual(expected.map((r) => r.phone).sort());

		// Running the alert again queues nothing new and sends nothing twice.
		const again = await sendWorkflow([alert]);
		expect(again.output('Targeting')[0].json).toMatchObject({ recipients: expected.length, newlyQueued: 0 });
		expect(readFileSync(outboxPath, 'utf8').trim().split('\n')).toHaveLength(expected.length);
	});

	const outbox = () => readFileSync(outboxPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { to: string; text: string });

	it('an update is a message of its own: every recipient of the alert gets it once', async () => {
		const update = alertItem('vol_main_armee', [CLERMONT], {
			messageId: 'ALERT-vol_main_armee-MAJ-0A1B2C3D',
			msgType: 'Update',
			text: 'MISE A JOUR Vol à main armée Clermont-Ferrand. Véhicule en fuite vers Riom.',
			incident: incident('vol_main_armee', [CLERMONT]) as unknown as IDataObject,
		});
		const before = outbox().length;
		const result = await sendWorkflow([update]);
		expect(result.error).toBeUndefined();
		const queued = Number(result.output('Targeting')[0].json.newlyQueued);
		expect(queued).toBeGreaterThan(500);
		expect(result.output('SMS')[0].json).toMatchObject({ alertId: 'ALERT-vol_main_armee-MAJ-0A1B2C3D', total: queued, counts: { delivered: queued } });
		const sent = outbox().slice(before);
		expect(sent).toHaveLength(queued);
		expect(sent.every((m) => m.text === update.text)).toBe(true);
	});

	it('an end of alert goes to everyone the alert reached, from the journal, less the numbers opted out since', async () => {
		// The original alert, composed by the Alert Composer, targeted and sent.
		const composerNode = (name: string, parameters: INodeParameters) => ({ name, type: 'alertComposer', typeVersion: 1, position: [0, 0] as [number, number], parameters: { departements: '63', ...parameters } });
		const fiche = { ...incident('cambriolage', [AUBIERE]), occurredAt: '2026-03-15T09:40:00+01:00' };
		const original = await runWorkflow({
			nodes: [
				itemsNode([fiche as unknown as IDataObject], 'Fiche'),
				composerNode('Composer', { mode: 'json', options: { sender: 'CCI63' } }),
				{ name: 'Targeting', type: 'sectorTargeting', typeVersion: 1, position: [200, 0], parameters: { membersSource: 'registry', rulesetSource: 'default', output: 'alert', maxRecipients: 0, options: { alertDate: NOW } }, credentials: credentialRef },
				{ name: 'SMS', type: 'smsDispatch', typeVersion: 1, position: [400, 0], parameters: { resource: 'delivery', operation: 'send', provider: 'sandbox', inputMode: 'alert', options: { outboxPath } }, credentials: credentialRef },
			],
			connections: connect('Fiche', 'Composer', 'Targeting', 'SMS'),
			nodeTypes: { alertComposer: new AlertComposer(), sectorTargeting: new SectorTargeting(), smsDispatch: new SmsDispatch() },
			credentials: { alerteCommercesRegistry: credential },
		});
		expect(original.error).toBeUndefined();
		const alertId = String(original.output('Composer')[0].json.alertId);
		expect(alertId).toMatch(/^AC-/);
		const reached = outbox().filter((m) => m.text === original.output('Composer')[0].json.text).map((m) => m.to);
		expect(reached.length).toBeGreaterThan(10);
		const store = await openRegistry({ kind: 'embedded', path: credential.path });
		await store.optOut(reached[0]);
		await store.close();

		const endOfAlert = () =>
			runWorkflow({
				nodes: [
					itemsNode([{ alertId }], 'Officer'),
					{ name: 'Status', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters: { resource: 'delivery', operation: 'alertStatus', statusAlertId: '={{ $json.alertId }}' }, credentials: credentialRef },
					composerNode('End', { mode: 'json', incidentJson: '={{ $json.alert.incident }}', msgType: 'Cancel', references: '={{ $json.alertId }}', options: { sender: 'CCI63' } }),
					{ name: 'Send End', type: 'smsDispatch', typeVersion: 1, position: [600, 0], parameters: { resource: 'delivery', operation: 'send', provider: 'sandbox', inputMode: 'alert', recipientsFrom: 'previousAlert', options: { outboxPath } }, credentials: credentialRef },
				],
				connections: connect('Officer', 'Status', 'End', 'Send End'),
				nodeTypes: { alertComposer: new AlertComposer(), smsDispatch: new SmsDispatch() },
				credentials: { alerteCommercesRegistry: credential },
			});
		const before = outbox().length;
		const ended = await endOfAlert();
		expect(ended.error).toBeUndefined();
		expect(ended.output('Status')[0].json).toMatchObject({ alertId, total: reached.length, alert: { alertId, messageId: alertId, msgType: 'Alert', incident: { type: 'cambriolage', communes: [AUBIERE] } } });
		// The report shows the recorded decision; its map only as an image from the map webhook.
		expect(String(ended.output('Status')[0].json.reportHtml)).not.toMatch(/<svg|Carte/);
		const mapped = await runWorkflow({
			nodes: [
				itemsNode([{ alertId }], 'Officer'),
				{ name: 'Status', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters: { resource: 'delivery', operation: 'alertStatus', statusAlertId: '={{ $json.alertId }}', statusMapImageUrl: 'https://cci63.example/webhook/alerte-commerces/carte' }, credentials: credentialRef },
			],
			connections: connect('Officer', 'Status'),
			nodeTypes: { smsDispatch: new SmsDispatch() },
			credentials: { alerteCommercesRegistry: credential },
		});
		const src = /<img src="https:\/\/cci63\.example\/webhook\/alerte-commerces\/carte\?carte=([A-Za-z0-9_-]+)"/.exec(String(mapped.output('Status')[0].json.reportHtml))?.[1] ?? '';
		const map = decisionMapFromParameter(src);
		expect(map.place?.incident).toEqual([AUBIERE]);
		expect(map.byCommune.reduce((n, g) => n + g.sms, 0)).toBe(reached.length);
		const end = ended.output('End')[0].json;
		expect(end).toMatchObject({ alertId, messageId: `${alertId}-FIN`, msgType: 'Cancel' });
		expect(String(end.text)).toContain("Fin d'alerte");
		expect(ended.output('Send End')[0].json).toMatchObject({ alertId: `${alertId}-FIN`, total: reached.length - 1, counts: { delivered: reached.length - 1 } });
		const sent = outbox().slice(before);
		expect(sent.every((m) => m.text === end.text)).toBe(true);
		expect(sent.map((m) => m.to).sort()).toEqual(reached.slice(1).sort());

		// Sent once: ending the alert again sends nothing more.
		const again = await endOfAlert();
		expect(again.error).toBeUndefined();
		expect(outbox()).toHaveLength(before + reached.length - 1);
	});

	it('an end of alert for an alert that reached no one stops with an explained error', async () => {
		const result = await runWorkflow({
			nodes: [
				itemsNode([{ alertId: 'AC-0000000000000000', messageId: 'AC-0000000000000000-FIN', text: "Fin d'alerte - Cambriolage à Aubière.", sender: 'CCI63' }], 'End'),
				{ name: 'Send End', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters: { resource: 'delivery', operation: 'send', provider: 'sandbox', inputMode: 'alert', recipientsFrom: 'previousAlert', options: { outboxPath } }, credentials: credentialRef },
			],
			connections: connect('End', 'Send End'),
			nodeTypes: { smsDispatch: new SmsDispatch() },
			credentials: { alerteCommercesRegistry: credential },
		});
		expect(result.error?.message).toBe('Alert AC-0000000000000000 reached no one');
	});

	it('refuses an alert without a sender: the stored recipients would not be sendable', async () => {
		const result = await sendWorkflow([alertItem('fausse_monnaie', [CLERMONT], { alertId: 'ALERT-NOSENDER', sender: '' })]);
		expect(result.error?.message).toContain('Cannot store the recipients of this alert');
	});
});

describe('Sector Targeting node with members from elsewhere', () => {
	const records = [
		{ siret: '73282932000074', raison_sociale: 'Tabac de Jaude', code_naf: '4726Z', telephone: '06 12 34 56 70', code_insee: CLERMONT, commune: 'Clermont-Ferrand' },
		{ siret: '44306184100047', raison_sociale: 'Bijouterie Aubière', code_naf: '4777Z', telephone: '06 12 34 56 71', code_insee: AUBIERE, commune: 'Aubière' },
		{ siret: '55208131766522', raison_sociale: 'Boulangerie', code_naf: '1071C', telephone: '06 12 34 56 72', code_insee: CLERMONT, commune: 'Clermont-Ferrand' },
		{ siret: '12345678901234', raison_sociale: 'SIRET faux', code_naf: '4726Z', telephone: '06 12 34 56 73', code_insee: CLERMONT },
	];

	it('reads them from a field of the item (validated; invalid ones listed in the dry run)', async () => {
		const bare = { ...incident('vol_main_armee', [CLERMONT]), reference: 'REF-1', adherents: records };
		const result = await run({ membersSource: 'field', membersField: 'adherents', rulesetSource: 'default', dryRun: false, maxRecipients: 0 }, [bare as unknown as IDataObject]);
		expect(result.error).toBeUndefined();
		expect(result.output('Targeting').map((i) => [i.json.name, i.json.alertId, i.json.phone])).toEqual([
			['Bijouterie Aubière', 'REF-1', '+33612345671'],
			['Boulangerie', 'REF-1', '+33612345672'],
			['Tabac de Jaude', 'REF-1', '+33612345670'],
		]);
		const dry = await run({ membersSource: 'field', membersField: 'adherents', rulesetSource: 'default', dryRun: true, maxRecipients: 0 }, [bare as unknown as IDataObject]);
		expect(dry.output('Targeting')[0].json.invalidMembers).toMatchObject({ total: 1, sample: [{ record: 3 }] });
	});

	it('reads them from another node, with visual rules from the form', async () => {
		const result = await run(
			{
				membersSource: 'node',
				membersNode: 'Members',
				rulesetSource: 'visual',
				visualRules: {
					rule: [
						{ name: 'bijoux-agglo', description: '', incidentTypes: ['vol_main_armee'], professions: ['bijouterie'], areaLevel: 'epci', radiusKm: 2, zones: [] },
						{ name: 'centre', description: 'le centre', incidentTypes: ['vol_main_armee'], professions: ['boulangerie'], areaLevel: 'zones', radiusKm: 2, zones: ['centre'] },
					],
				},
				// Clermont chosen from the list, Aubière typed as zones were before the list existed.
				zones: { zone: [{ name: 'centre', communeCodes: [CLERMONT], communes: AUBIERE }] },
				areaPolicy: 'rules',
				dryRun: false,
				maxRecipients: 10,
			},
			[alertItem('vol_main_armee', [CLERMONT], { incident: { ...incident('vol_main_armee', [CLERMONT]), area: { level: 'departement' } } as unknown as IDataObject })],
			{ before: { name: 'Members', items: records } },
		);
		expect(result.error).toBeUndefined();
		expect(result.output('Targeting').map((i) => [i.json.name, (i.json.reasons as IDataObject[])[0].rule])).toEqual([
			['Bijouterie Aubière', 'bijoux-agglo'],
			['Boulangerie', 'centre'],
		]);
	});

	it('opens Visual Rules filled with the package default, which targets like the default itself, night rule included', async () => {
		const rules = (new SectorTargeting().description.properties.find((p) => p.name === 'visualRules')?.default as { rule: IDataObject[] }).rule;
		expect(rules.map((r) => r.name)).toEqual(defaultRuleset().rules.map((r) => r.name));
		expect(rules.find((r) => r.name === 'nuit-stations-service')).toMatchObject({ hoursFrom: 22, hoursTo: 6 });
		const night = (type: Parameters<typeof incident>[0]) =>
			alertItem(type, [CLERMONT], { incident: { ...incident(type, [CLERMONT], { coordinates: JAUDE }), occurredAt: '2026-03-15T23:10:00+01:00' } as unknown as IDataObject, adherents: records });
		const items = [night('vol_main_armee'), night('fausse_monnaie'), night('cambriolage')];
		const asOpened = await run({ membersSource: 'field', membersField: 'adherents', rulesetSource: 'visual', dryRun: true, maxRecipients: 0 }, items);
		const packaged = await run({ membersSource: 'field', membersField: 'adherents', rulesetSource: 'default', dryRun: true, maxRecipients: 0 }, items);
		expect(asOpened.error).toBeUndefined();
		const decided = (result: typeof asOpened) => result.output('Targeting').map((i) => [i.json.rules, i.json.recipients]);
		expect(decided(asOpened)).toEqual(decided(packaged));
		expect((decided(asOpened)[0][0] as IDataObject[]).map((r) => r.rule)).toContain('nuit-stations-service');
	});

	it('shows JSON ruleset errors with their path; continueOnFail turns them into paired error items', async () => {
		const rulesetJson = JSON.stringify({ version: 1, rules: [{ name: 'x', description: 'x', conditions: { all: [] }, event: { type: 'target', params: { professions: ['boulanger'], area: { level: 'commune' } } } }] });
		const parameters = { membersSource: 'field', membersField: 'adherents', rulesetSource: 'json', rulesetJson, dryRun: false, maxRecipients: 0 };
		const items = [{ ...alertItem('cambriolage', [CLERMONT]), adherents: records }];
		const failed = await run(parameters, items);
		expect(failed.error?.message).toBe('The ruleset has 1 error: /rules/0/event/params/professions/0 unknown profession tag "boulanger" (see rules/professions.json)');
		const tolerated = await run(parameters, [...items, { type: 'nothing' }], { continueOnFail: true });
		expect(tolerated.error).toBeUndefined();
		expect(tolerated.output('Targeting').map((i) => [i.pairedItem, String(i.json.error).slice(0, 25)])).toEqual([
			[{ item: 0 }, 'The ruleset has 1 error: '],
			[{ item: 1 }, 'The item is not an alert '],
		]);
	});
});

describe('Sector Targeting dropdowns', () => {
	const ctx = (zones: IDataObject = {}) => ({ getCurrentNodeParameter: () => zones }) as unknown as ILoadOptionsFunctions;

	it('list incident types, professions and zones with readable labels', async () => {
		const types = await getIncidentTypes.call(ctx());
		expect(types).toHaveLength(12);
		expect(types).toContainEqual({ name: 'Fausse monnaie / faux billets', value: 'fausse_monnaie' });
		const professions = await getProfessions.call(ctx());
		expect(professions).toContainEqual({ name: 'Buralistes (tabac)', value: 'buraliste', description: 'NAF rév. 2 47.26Z · NAF 2025 47.26Y' });
		expect(await getZones.call(ctx({ zone: [{ name: 'centre', communes: '63113' }, { name: '' }] }))).toEqual([{ name: 'centre', value: 'centre', description: 'Clermont-Ferrand' }]);
		expect(await getZones.call(ctx({ zone: [{ name: 'centre', communeCodes: ['63014'], communes: '63113, 63014' }] }))).toEqual([
			{ name: 'centre', value: 'centre', description: 'Aubière, Clermont-Ferrand' },
		]);
	});

	it('list the communes of the register’s département by name, INSEE code shown', async () => {
		const path = join(mkdtempSync(join(tmpdir(), 'communes-')), 'registry.sqlite');
		const store = await openRegistry({ kind: 'embedded', path });
		const withCredential = { getCredentials: async () => ({ storage: 'embedded', path }), getNode: () => ({ name: 'Targeting' }) } as unknown as ILoadOptionsFunctions;
		try {
			await expect(getCommunes.call(withCredential)).rejects.toThrow('The register has no member yet, so its département is unknown');
			await store.upsertMany([member(CLERMONT, '47.26Z'), member(AUBIERE, '47.26Z')]);
			const communes = await getCommunes.call(withCredential);
			expect(communes).toContainEqual({ name: 'Issoire (63178)', value: '63178' });
			expect(communes).toContainEqual({ name: 'Clermont-Ferrand (63113)', value: '63113' });
			expect(communes.every((c) => String(c.value).startsWith('63'))).toBe(true);
			expect(communes.length).toBeGreaterThan(400);
			expect(communes.map((c) => c.name)).toEqual([...communes.map((c) => c.name)].sort((a, b) => a.localeCompare(b, 'fr')));
		} finally {
			await store.close();
			await closeSharedDbs();
		}
		const withoutCredential = { getCredentials: async () => Promise.reject(new Error('Node does not have any credentials set')), getNode: () => ({ name: 'Targeting' }) } as unknown as ILoadOptionsFunctions;
		await expect(getCommunes.call(withoutCredential)).rejects.toThrow("Cannot read the register's département");
	});

	it('describe the node as n8n expects', () => {
		const { description } = new SectorTargeting();
		expect(description).toMatchObject({ name: 'sectorTargeting', usableAsTool: true, icon: { light: 'file:sectorTargeting.svg', dark: 'file:sectorTargeting.dark.svg' } });
	});
});

describe('Sector Targeting → Draw Decision Map', () => {
	const draw = (carte: string, continueOnFail = false, mapFormat?: 'png' | 'svg') =>
		runWorkflow({
			nodes: [itemsNode([{ query: { carte } }], 'Webhook'), { name: 'Map', type: 'sectorTargeting', typeVersion: 2, position: [300, 0], parameters: { operation: 'drawMap', ...(mapFormat ? { mapFormat } : {}) }, continueOnFail }],
			connections: connect('Webhook', 'Map'),
			nodeTypes: { sectorTargeting: new SectorTargeting() },
			credentials: {},
		});

	it('draws the SVG, or a PNG, of the map link a dry run wrote into its decision HTML, reading no registry', async () => {
		const dry = await run(
			{ membersSource: 'field', membersField: 'adherents', rulesetSource: 'default', dryRun: true, maxRecipients: 0, options: { alertDate: NOW, mapImageUrl: 'https://cci63.example/webhook/alerte-commerces/carte' } },
			[alertItem('fausse_monnaie', [CLERMONT], { adherents: [{ siret: '73282932000074', raison_sociale: 'Tabac de Jaude', code_naf: '4726Z', telephone: '06 12 34 56 70', code_insee: CLERMONT }] })],
		);
		expect(dry.error).toBeUndefined();
		const html = String(dry.output('Targeting')[0].json.decisionHtml);
		expect(html).not.toContain('<svg');
		const src = /<img src="([^"]+)"/.exec(html)?.[1].replace(/&amp;/g, '&') ?? '';
		const carte = new URL(src).searchParams.get('carte') ?? '';
		expect(carte).not.toBe('');
		const result = await draw(carte);
		expect(result.error).toBeUndefined();
		const [item] = result.output('Map');
		expect(dry.output('Targeting')[0].json).toMatchObject({ invalidMembers: { total: 0 } });
		expect(item.json).toMatchObject({ sms: dry.output('Targeting')[0].json.recipients });
		expect(item.json.sms).toBeGreaterThan(0);
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/svg+xml', fileName: 'carte-alerte-commerces.svg' });
		const svg = Buffer.from(item.binary!.data.data, 'base64').toString('utf8');
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		expect(svg).toContain('data-role="incident"');

		// The same link as a PNG, for mail clients without SVG: 800 pixels wide.
		const png = (await draw(carte, false, 'png')).output('Map')[0];
		expect(png.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'carte-alerte-commerces.png' });
		const bytes = Buffer.from(png.binary!.data.data, 'base64');
		expect(decodePng(bytes).width).toBe(800);
		expect(png.json).toMatchObject({ sms: item.json.sms, bytes: bytes.length });
	});

	it('refuses a cut link with an error a person can act on, or as an error item with Continue On Fail', async () => {
		const failed = await draw('abc$');
		expect(failed.error?.message).toBe('This map link cannot be read: it is too long or not in its format');
		expect(failed.error?.description).toMatch(/^Open the map again from the decision page or email/);
		const continued = await draw('', true);
		expect(continued.output('Map')[0].json).toEqual({ error: 'This map link cannot be read: it is empty' });
	});
});
