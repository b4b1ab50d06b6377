import { readdirSync } from 'node:fs';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { AlertComposer } from '../../nodes/AlertComposer/AlertComposer.node';
import { sample, SAMPLES_DIR } from '../incident/eml';
import { connect, itemsNode, runWorkflow, type HarnessWorkflow } from '../support/n8n-harness';

const ALLOWED = '@gendarmerie.interieur.gouv.fr\nsic-ddsp63@interieur.gouv.fr';

function composer(parameters: IDataObject, credentials?: Record<string, { id: string; name: string }>): HarnessWorkflow['nodes'][number] {
	return {
		name: 'Alert Composer',
		type: 'alertComposer',
		typeVersion: 1,
		position: [200, 0],
		parameters: parameters as INodeParameters,
		...(credentials ? { credentials } : {}),
	};
}

async function run(items: IDataObject[], parameters: IDataObject, extra: { credentials?: Record<string, IDataObject>; nodeCredentials?: Record<string, { id: string; name: string }> } = {}) {
	return runWorkflow({
		nodes: [itemsNode(items), composer(parameters, extra.nodeCredentials)],
		connections: connect('Items', 'Alert Composer'),
		nodeTypes: { alertComposer: new AlertComposer() },
		credentials: extra.credentials as Record<string, Record<string, string>> | undefined,
	});
}

/** The samples as the Email Trigger hands them over (from, subject, text/html, date). */
const sampleItems = readdirSync(SAMPLES_DIR)
	.filter((f) => f.endsWith('.eml'))
	.sort()
	.map((f) => sample(f) as unknown as IDataObject);

describe('Alert Composer node (in n8n’s engine)', () => {
	// The samples were sent on 22–25 November 2026: read them as on the 25th at noon.
	beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-25T12:00:00+01:00')));
	afterEach(() => jest.restoreAllMocks());

	test('From Email: the four good samples become alerts, the fifth is refused with its reason', async () => {
		const result = await run(sampleItems, { mode: 'email', allowedSenders: ALLOWED, departements: '63' });
		expect(result.error).toBeUndefined();
		const alerts = result.output('Alert Composer', 0);
		const refused = result.output('Alert Composer', 1);
		expect(alerts.map((a) => (a.json.incident as IDataObject).type)).toEqual(['fausse_monnaie', 'cambriolage', 'vol_main_armee', 'escroquerie']);
		expect(alerts.map((a) => a.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		for (const alert of alerts) {
			expect(alert.json).toMatchObject({ encoding: 'GSM-7', msgType: 'Alert', status: 'Actual' });
			expect(alert.json.alertId).toMatch(/^AC-[0-9A-F]{16}$/);
			expect(alert.json.segments as number).toBeLessThanOrEqual(2);
			expect(String(alert.json.cap)).toContain('<msgType>Alert</msgType>');
			expect(String(alert.json.preview)).toMatch(/^\d SMS GSM-7 \(\d+\/\d+\)/);
		}
		// CAP sent time is the email's own date: a re-delivered email gives the same document.
		expect(alerts[0].json.sent).toBe('2026-11-22T15:02:11+01:00');
		expect(refused).toHaveLength(1);
		expect(refused[0].pairedItem).toEqual({ item: 4 });
		expect(refused[0].json.reasons).toContain('"Saint-Germain" is not a commune of département 63');
		expect(refused[0].json.input).toMatchObject({ mode: 'email', subject: "ALERTE COMMERCES - Vol à l'étalage" });
	});

	test('a re-delivered email gives the same alert id and the same CAP document', async () => {
		const twice = [sampleItems[0], sampleItems[0]];
		const result = await run(twice, { mode: 'email', allowedSenders: ALLOWED, departements: '63' });
		const [a, b] = result.output('Alert Composer', 0);
		expect(a.json.alertId).toBe(b.json.alertId);
		expect(a.json.cap).toBe(b.json.cap);
	});

	test('a forged sender goes to output 1 and does not stop the others', async () => {
		const forged = { ...sampleItems[0], from: 'CORG 63 <corg63@gendarmerie.interieur.gouv.fr.evil.example>' };
		const result = await run([forged, sampleItems[1]], { mode: 'email', allowedSenders: ALLOWED, departements: '63' });
		expect(result.output('Alert Composer', 0)).toHaveLength(1);
		const [refusal] = result.output('Alert Composer', 1);
		expect(refusal.json.reasons).toContain('corg63@gendarmerie.interieur.gouv.fr.evil.example is not an allowed sender');
		expect(refusal.pairedItem).toEqual({ item: 0 });
	});

	test('mailparser-style from objects (Email Trigger "resolved" format) are read', async () => {
		const item = { ...sampleItems[0], from: { text: 'CORG 63 <corg63@gendarmerie.interieur.gouv.fr>', value: [{ address: 'corg63@gendarmerie.interieur.gouv.fr', name: 'CORG 63' }] } };
		const result = await run([item], { mode: 'email', allowedSenders: ALLOWED, departements: '63' });
		expect(result.output('Alert Composer', 0)).toHaveLength(1);
	});

	test('no allowed senders: n8n itself refuses the empty required parameter; a list of separators is a configuration error', async () => {
		await expect(run(sampleItems.slice(0, 1), { mode: 'email', allowedSenders: '', departements: '63' })).rejects.toThrow('Allowed Senders');
		const result = await run(sampleItems.slice(0, 1), { mode: 'email', allowedSenders: ' ,\n; ', departements: '63' });
		expect(result.error?.message).toBe('No allowed senders configured');
		expect(result.error?.description).toContain('Allowed Senders');
	});

	test('a malformed allowed sender entry is a configuration error', async () => {
		const result = await run(sampleItems.slice(0, 1), { mode: 'email', allowedSenders: 'gendarmerie.interieur.gouv.fr', departements: '63' });
		expect(result.error?.message).toBe('Invalid allowed sender: gendarmerie.interieur.gouv.fr');
	});

	test('no département configured: a configuration error', async () => {
		await expect(run(sampleItems.slice(0, 1), { mode: 'email', allowedSenders: ALLOWED, departements: '' })).rejects.toThrow('Départements');
		const result = await run(sampleItems.slice(0, 1), { mode: 'email', allowedSenders: ALLOWED, departements: ' , ' });
		expect(result.error?.message).toBe('No département configured');
	});

	test('an invalid sender ID is a configuration error', async () => {
		const result = await run(sampleItems.slice(0, 1), { mode: 'email', allowedSenders: ALLOWED, departements: '63', options: { sender: 'ALERTECOMMERCES63' } });
		expect(result.error?.message).toContain('at most 11');
	});

	test('a protected sender name is composed all the same, with a warning in the editor', async () => {
		const result = await run(sampleItems.slice(0, 1), { mode: 'email', allowedSenders: ALLOWED, departements: '63', options: { sender: 'POLICE63' } });
		expect(result.error).toBeUndefined();
		expect(result.output('Alert Composer')[0].json.sender).toBe('POLICE63');
		expect(result.run.data.resultData.runData['Alert Composer'][0].hints).toEqual([{ message: expect.stringContaining('contains "POLICE"'), type: 'warning', location: 'outputPane' }]);
	});

	test('the shared code comes from the credential; a missing or wrong code is refused and never echoed', async () => {
		const withCode = { ...sampleItems[0], text: String(sampleItems[0].text).replace('Référence :', 'Code : Tulipe-4821\nRéférence :') };
		const wrongCode = { ...sampleItems[0], text: `Code : Tulipe-0000\n${String(sampleItems[0].text)}` };
		const result = await run([withCode, sampleItems[0], wrongCode], { mode: 'email', allowedSenders: ALLOWED, departements: '63', requireCode: true }, {
			credentials: { alerteCommercesSenderCode: { secret: 'Tulipe-4821' } },
			nodeCredentials: { alerteCommercesSenderCode: { id: '1', name: 'Code' } },
		});
		expect(result.error).toBeUndefined();
		const alerts = result.output('Alert Composer', 0);
		expect(alerts).toHaveLength(1);
		expect(JSON.stringify(alerts[0].json)).not.toContain('Tulipe');
		const refused = result.output('Alert Composer', 1);
		expect(refused.map((r) => r.json.reasons)).toEqual(['The shared code is missing (line "Code : …")', 'The shared code is wrong']);
		expect(JSON.stringify(refused.map((r) => r.json))).not.toContain('Tulipe-4821');
	});

	test('From Fields: Form Trigger labels mapped by default', async () => {
		const form = {
			Type: 'Faux billets',
			Commune: 'Issoire',
			Lieu: 'place de la République',
			'Date des faits': '22/11/2026 14h30',
			Description: 'billets de 20 euros',
			Périmètre: 'agglomération',
		};
		const defaults = new AlertComposer().description.properties.filter((p) => p.displayOptions?.show?.mode?.includes('fields'));
		const parameters: IDataObject = { mode: 'fields', departements: '63' };
		for (const p of defaults) parameters[p.name] = p.default as string;
		const result = await run([form], parameters);
		expect(result.error).toBeUndefined();
		const [alert] = result.output('Alert Composer', 0);
		expect(alert.json.incident).toMatchObject({ type: 'fausse_monnaie', communes: ['63178'], area: { level: 'epci' }, issuer: 'formulaire' });
		expect(alert.json.text).toContain('Faux billets à Issoire');
	});

	test('From Fields: a missing commune is refused', async () => {
		const result = await run([{}], { mode: 'fields', departements: '63', type: 'braquage', communes: '', description: 'x' });
		const [refusal] = result.output('Alert Composer', 1);
		expect(refusal.json.errors).toEqual([expect.objectContaining({ field: 'communes' })]);
	});

	test('From JSON, then an update and an end of alert that keep the original alert id', async () => {
		const incident = { type: 'vol_main_armee', communes: ['63300'], description: 'braquage bijouterie', occurredAt: '2026-11-24T17:55:00+01:00' };
		const first = await run([{ incident }], { mode: 'json', departements: '63' });
		const [alert] = first.output('Alert Composer', 0);
		expect(alert.json.alertId).toMatch(/^AC-/);

		const update = await run([alert.json], { mode: 'json', departements: '63', msgType: 'Update' });
		const [updated] = update.output('Alert Composer', 0);
		expect(updated.json.alertId).toBe(alert.json.alertId);
		expect(updated.json.messageId).toMatch(new RegExp(`^${String(alert.json.alertId)}-MAJ-`));
		expect(String(updated.json.cap)).toContain(`<references>${String(alert.json.capReference)}</references>`);
		expect(updated.json.text).toContain('mise à jour');

		const cancel = await run([alert.json], { mode: 'json', departements: '63', msgType: 'Cancel', options: { exercise: false } });
		const [ended] = cancel.output('Alert Composer', 0);
		expect(ended.json).toMatchObject({ alertId: alert.json.alertId, messageId: `${String(alert.json.alertId)}-FIN`, msgType: 'Cancel' });
		expect(ended.json.text).toContain("Fin d'alerte");
	});

	test('From JSON: text that is not JSON is refused, not thrown', async () => {
		const result = await run([{}], { mode: 'json', departements: '63', incidentJson: '{ not json' });
		expect(result.output('Alert Composer', 1)[0].json.reasons).toBe('The incident is not valid JSON');
	});

	test('an unknown mode (a workflow from a newer version) stops the node with the modes it knows', async () => {
		const result = await run([{}], { mode: 'fromSms', departements: '63' });
		expect(result.error?.message).toBe('The mode "fromSms" is not supported');
		expect(result.error?.description).toContain('From Email (email), From Fields (fields), From JSON (json)');
	});

	test('exercise mode and unicode option reach the SMS and the CAP', async () => {
		const incident = { type: 'fausse_monnaie', communes: ['63178'], description: 'billets « neufs » très bien imités' };
		const result = await run([{ incident }], { mode: 'json', departements: '63', options: { exercise: true, unicode: true, sender: 'CCI63' } });
		const [alert] = result.output('Alert Composer', 0);
		expect(alert.json).toMatchObject({ status: 'Exercise', encoding: 'UCS-2', sender: 'CCI63' });
		expect(alert.json.alertId).toMatch(/^EX-/);
		expect(alert.json.text).toMatch(/^EXERCICE /);
		expect(String(alert.json.cap)).toContain('<status>Exercise</status>');
	});

	test('continueOnFail: an unexpected error goes to the refused output', async () => {
		const node = new AlertComposer();
		const original = node.execute;
		expect(typeof original).toBe('function');
		const result = await runWorkflow({
			nodes: [itemsNode([{ incident: { type: 'cambriolage', communes: ['63113'], description: 'x' } }]), { ...composer({ mode: 'json', departements: '63', options: { maxSegments: 1.5 } }), continueOnFail: true }],
			connections: connect('Items', 'Alert Composer'),
			nodeTypes: { alertComposer: node },
		});
		// A bad max segments value is refused per item (the composer's own check).
		expect(result.error).toBeUndefined();
		expect(result.output('Alert Composer', 1)[0].json.reasons).toContain('Max segments');
	});
});

describe('Alert Composer node: Authentication Server ID', () => {
	beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-25T12:00:00+01:00')));
	afterEach(() => jest.restoreAllMocks());
	const verdict = 'mx.cci63.example; dkim=pass header.d=gendarmerie.interieur.gouv.fr; dmarc=pass header.from=gendarmerie.interieur.gouv.fr';

	test('the trigger’s metadata (Simple format) carries the server’s verdict: with it an alert, without it a refusal naming the sender', async () => {
		const vouched = { ...sampleItems[0], metadata: { 'authentication-results': verdict } };
		const result = await run([vouched, sampleItems[1]], { mode: 'email', allowedSenders: ALLOWED, departements: '63', authServId: 'mx.cci63.example' });
		expect(result.error).toBeUndefined();
		expect(result.output('Alert Composer', 0).map((a) => a.pairedItem)).toEqual([{ item: 0 }]);
		const [refusal] = result.output('Alert Composer', 1);
		expect(refusal.json.errors).toEqual([{ field: 'sender', message: expect.stringContaining('gave no verdict on this email') }]);
	});

	test('an Authentication Server ID with spaces or ";" is a configuration error', async () => {
		const result = await run([sampleItems[0]], { mode: 'email', allowedSenders: ALLOWED, departements: '63', authServId: 'mx; dmarc=pass' });
		expect(result.error?.message).toBe('Invalid Authentication Server ID: mx; dmarc=pass');
	});
});
