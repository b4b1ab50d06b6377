/**
 * The other template workflows in a real n8n 2.41.1: they import and publish as they are, their
 * forms refuse visitors without the operators' credentials, the register import stores a CSV and
 * reports its rejected rows, and the receipts webhook rejects a forged receipt.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { openRegistry } from '../../nodes/shared/registry';
import { adherent } from '../support/adherents';
import { startSmtp, type SmtpSink } from '../support/smtp';
import { waitFor } from '../support/net';
import { startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';

const DIR = join(__dirname, '../../workflows');
const workflows = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as WorkflowFile);
const OPERATOR = { user: 'operateur', password: 'form-e2e-pass' };
const basic = (auth = OPERATOR) => `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;

describe('template workflows in a real n8n', () => {
	let n8n: N8nServer;
	let registryPath: string;
	let smtp: SmtpSink;
	const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

	beforeAll(async () => {
		const dir = mkdtempSync(join(tmpdir(), 'e2e-templates-'));
		registryPath = join(dir, 'registry.sqlite');
		smtp = await startSmtp();
		// For the scheduled workflows: two memberships ending soon (one member has an e-mail, the
		// other only a phone), one ending later; and last year's alert in the dispatch ledger.
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		await store.upsertMany([
			adherent(70, { memberUntil: inDays(10), email: 'tabac70@example.test' }),
			adherent(71, { memberUntil: inDays(20) }),
			adherent(72, { memberUntil: inDays(200) }),
		]);
		const lastYear = new Date(new Date().getFullYear() - 1, 5, 15).getTime();
		const ledger = await ledgerOf(store.db);
		await ledger.enqueue([{ alertId: 'AC-LASTYEAR', phone: '+33610000070', text: 'Faux billets à Issoire.', sender: 'CCI63' }]);
		await store.db.run('UPDATE dispatch_ledger SET queued_at = ?, status = ?, delivered_at = ? WHERE alert_id = ?', [lastYear, 'delivered', lastYear + 5000, 'AC-LASTYEAR']);
		await store.close();
		// Workflow 1 needs a mailbox: it has its own test (incident-email.test.ts). The receipts
		// workflow gets the provider a département plugs in (Kannel, as in the template).
		const selected = workflows.filter((w) => w.id !== 'AlerteEmailSms01').map((w) => structuredClone(w));
		for (const node of selected.flatMap((w) => w.nodes as Array<{ name: string; credentials?: Record<string, unknown> }>)) {
			if (node.name === 'SMS Dispatch') node.credentials = { ...node.credentials, alerteCommercesKannelApi: { id: 'AlerteKannel01', name: 'Passerelle Kannel' } };
		}
		n8n = await startN8n({
			workflows: selected,
			execute: ['AlerteRenouv08', 'AlerteBilan06'],
			credentials: [
				{ id: 'AlerteSmtp01', name: 'Messagerie de la CCI (SMTP)', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
				{ id: 'AlerteKannel01', name: 'Passerelle Kannel', type: 'alerteCommercesKannelApi', data: { baseUrl: 'http://127.0.0.1:9', username: 'alerte', password: 'unused-here' } },
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteFormAuth1', name: 'Formulaires opérateurs (accès)', type: 'httpBasicAuth', data: OPERATOR },
			],
		});
		// Triggers register just after n8n says it is ready.
		await waitFor(async () => (await fetch(`${n8n.url}/form/alerte-commerces/import`)).status !== 404, 30_000);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await smtp?.stop();
	}, 60_000);

	it('reminds the members whose membership ends within 30 days: e-mail when known, else one SMS', async () => {
		const reminders = smtp.messages.filter((m) => m.subject?.includes('adhésion'));
		expect(reminders.map((m) => JSON.stringify(m.to))).toEqual([expect.stringContaining('tabac70@example.test')]);
		const outbox = readFileSync(join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to?: string; phone?: string; text: string });
		expect(outbox).toHaveLength(1);
		expect(JSON.stringify(outbox[0])).toContain('+33610000071');
		expect(outbox[0].text).toContain('adhesion se termine');
	});

	it('sends the yearly review as a CSV: last year’s alerts, delivery rate, members by profession', async () => {
		const review = smtp.messages.find((m) => m.subject?.includes('bilan'));
		expect(review?.attachments).toHaveLength(1);
		const csv = review!.attachments[0].content.toString('utf8');
		expect(csv).toMatch(/alertes diffusées;1/);
		expect(csv).toMatch(/taux de remise;100 %/);
		expect(csv).toMatch(/Adhérents par profession;buraliste;3/);
	});

	it('every template file is an importable n8n workflow without secrets', () => {
		for (const workflow of workflows) {
			expect(workflow.id).toMatch(/^[A-Za-z0-9]{1,16}$/);
			expect(Array.isArray(workflow.nodes)).toBe(true);
			const text = JSON.stringify(workflow);
			expect(text).not.toMatch(/"(password|apiKey|authToken|secret|consumerKey)"\s*:\s*"[^"=]/i);
			const sticky = (workflow.nodes as Array<{ type: string }>).filter((n) => n.type === 'n8n-nodes-base.stickyNote');
			expect(sticky.length).toBeGreaterThan(0);
		}
	});

	it('protects the operators’ forms with basic auth', async () => {
		for (const path of ['alerte-commerces/alerte', 'alerte-commerces/import']) {
			const anonymous = await fetch(`${n8n.url}/form/${path}`);
			expect(anonymous.status).toBe(401);
			const operator = await fetch(`${n8n.url}/form/${path}`, { headers: { authorization: basic() } });
			expect(operator.status).toBe(200);
			expect(await operator.text()).toContain('Alerte Commerces');
		}
	});

	it('imports the CCI’s CSV through the form and reports the rejected rows', async () => {
		const csv = [
			'siret;raison_sociale;code_naf;telephone;code_postal;commune',
			'73282932000074;Bijouterie Martin;4777Z;06 12 34 56 78;63500;Issoire',
			'44306184100047;Tabac du Centre;4726Z;04 73 00 00 00;63000;Clermont-Ferrand',
			'55208131766522;Pharmacie du Marché;4773Z;07 81 23 45 67;63200;Riom',
		].join('\n');
		// The multipart body written out: jest's sandboxed FormData does not reach n8n as a file.
		const boundary = '----alerte-e2e-boundary';
		const body = Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="field-0"; filename="adherents.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
		);
		const multipart = { 'content-type': `multipart/form-data; boundary=${boundary}` };
		const response = await fetch(`${n8n.url}/form/alerte-commerces/import`, { method: 'POST', body, headers: { ...multipart, authorization: basic() } });
		expect({ status: response.status, body: (await response.text()).slice(0, 300) }).toEqual({ status: 200, body: expect.any(String) });
		await waitFor(async () => (await n8n.executions('AlerteImport04')).some((e) => e.status !== 'running' && e.status !== 'new'), 30_000);
		const [run] = await n8n.executions('AlerteImport04');
		expect({ status: run.status, data: (await n8n.execution(run.id)).data.slice(0, run.status === 'success' ? 0 : 4000) }).toEqual({ status: 'success', data: '' });
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		try {
			const imported = async () => (await Promise.all(['73282932000074', '44306184100047', '55208131766522'].map((siret) => store.get(siret)))).map((a) => a?.name ?? null);
			await waitFor(async () => (await imported()).filter(Boolean).length === 2, 30_000);
			expect(await imported()).toEqual(['Bijouterie Martin', null, 'Pharmacie du Marché']);
		} finally {
			await store.close();
		}
		const [execution] = await n8n.executions('AlerteImport04');
		const data = (await n8n.execution(execution.id)).data;
		expect(data).toContain('landline');
		const anonymous = await fetch(`${n8n.url}/form/alerte-commerces/import`, { method: 'POST', body, headers: multipart });
		expect(anonymous.status).toBe(401);
	}, 120_000);

	it('rejects a forged delivery receipt and changes nothing', async () => {
		const before = (await n8n.executions('AlerteReceipts05')).length;
		const response = await fetch(`${n8n.url}/webhook/alerte-commerces/accuses?provider=kannel&ref=forged&s=wrong&d=1`);
		expect(response.status).toBe(200);
		await waitFor(async () => (await n8n.executions('AlerteReceipts05')).length === before + 1, 30_000);
		const [execution] = await n8n.executions('AlerteReceipts05');
		expect(execution.status).toBe('success');
		expect((await n8n.execution(execution.id)).data).toContain('"accepted":false');
	}, 60_000);
});
