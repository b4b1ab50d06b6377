/**
 * The demo of the main job in a real n8n 2.41.1: workflow 1 turned into the demo workflow by
 * scripts/demo-workflow.js, the sample register of `npm start`, and the very injection of
 * `npm run demo:email`. The Sandbox outbox gets one SMS per phone the targeting functions select,
 * the webhook answers with the report, and the same email injected again sends nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllowedSenders, parseIncidentEmail } from '../../nodes/shared/incident';
import { openRegistry } from '../../nodes/shared/registry';
import { planTargeting, selectRecipientsFromStore } from '../../nodes/shared/targeting';
import { freePort, waitFor } from '../support/net';
import { startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';

interface DemoEmail {
	from?: string;
	subject?: string;
	date: string;
	textPlain?: string;
	textHtml?: string;
}
interface OutboxLine {
	to: string;
	from: string;
	text: string;
}
interface Injection {
	report: Record<string, unknown> & { email?: { to: string; subject: string; text: string } };
	sms: OutboxLine[];
}

const { demoWorkflow, loadDemoWorkflow, DEMO_WORKFLOW_ID } = require('../../scripts/demo-workflow.js') as {
	demoWorkflow(workflow1: WorkflowFile): WorkflowFile;
	loadDemoWorkflow(): WorkflowFile;
	DEMO_WORKFLOW_ID: string;
};
const demo = require('../../scripts/demo-email.js') as {
	injectEmail(options: { baseUrl: string; outboxPath: string; email: DemoEmail }): Promise<Injection>;
	readEmail(raw: Buffer | string, now?: Date): DemoEmail;
	describe(result: Injection, outboxLabel: string): string[];
	SAMPLE: string;
};
const { seedSampleRegister } = require('../../scripts/sample-register.js') as { seedSampleRegister(path: string): Promise<number> };

const WORKFLOW_1 = JSON.parse(readFileSync(join(__dirname, '../../workflows/01-incident-email-to-sms.json'), 'utf8')) as WorkflowFile;
type Node = { name: string; type: string; parameters: Record<string, unknown> };

describe('npm run demo:email: the demo workflow in a real n8n', () => {
	let n8n: N8nServer;
	let registryPath: string;
	let outboxPath: string;
	// One arrival time for both injections: the sample's "hier 17h45" is read from it.
	const email = demo.readEmail(readFileSync(demo.SAMPLE), new Date());

	beforeAll(async () => {
		registryPath = join(mkdtempSync(join(tmpdir(), 'e2e-demo-')), 'registry.sqlite');
		expect(await seedSampleRegister(registryPath)).toBe(300);
		n8n = await startN8n({
			workflows: [loadDemoWorkflow()],
			credentials: [{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } }],
		});
		// Where the Sandbox provider writes: <N8N_USER_FOLDER>/.n8n/alerte-commerces-outbox.jsonl.
		outboxPath = join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl');
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		if (registryPath) rmSync(dirname(registryPath), { recursive: true, force: true });
	}, 60_000);

	const inject = (mail: DemoEmail = email) => demo.injectEmail({ baseUrl: n8n.url, outboxPath, email: mail });

	it('sends the sample email to exactly the phones the targeting selects, once each, and answers with the report', async () => {
		const composer = (WORKFLOW_1.nodes as Node[]).find((n) => n.name === 'Alert Composer')!;
		const parsed = parseIncidentEmail(
			{ from: email.from, subject: email.subject, text: email.textPlain, date: email.date },
			{ allowedSenders: parseAllowedSenders(String(composer.parameters.allowedSenders)), departements: ['63'] },
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		const expected = (await selectRecipientsFromStore(await planTargeting(parsed.incident), store)).map((r) => r.phone).sort();
		await store.close();
		expect(expected.length).toBeGreaterThan(5);

		const { report, sms } = await inject();
		expect(sms.map((line) => line.to).sort()).toEqual(expected);
		expect(new Set(sms.map((line) => line.to)).size).toBe(sms.length);
		expect(report).toMatchObject({ alertId: expect.stringMatching(/^AC-/), recipients: expected.length, skipped: 0, failed: 0, reference: 'CORG63-DEMO-0001' });
		expect(report.text).toContain('Faux billets à Riom');
		for (const line of sms) expect(line).toMatchObject({ text: report.text, from: 'CCI63' });
		// What the report email would have said, kept in the webhook's answer.
		expect(report.email).toMatchObject({ to: 'corg63@gendarmerie.interieur.gouv.fr', subject: expect.stringContaining(`${expected.length} destinataires`) });
		expect(report.email?.text).toContain(String(report.text));
		expect(demo.describe({ report, sms }, 'outbox').join('\n')).toContain(`Recipients chosen by Sector Targeting: ${expected.length}`);
	}, 120_000);

	it('sends nothing when the same email is injected again, and says so', async () => {
		const { report, sms } = await inject();
		expect(sms).toHaveLength(0);
		expect(report.skipped).toBe(report.recipients);
		expect(demo.describe({ report, sms }, 'outbox').join('\n')).toContain('Nothing new was sent');
	}, 120_000);

	it('refuses a sender outside the allowed list: a review item, no SMS', async () => {
		const { report, sms } = await inject({ ...email, from: 'Faux CORG <corg63@gendarmerie.example>' });
		expect(sms).toHaveLength(0);
		expect(report).toMatchObject({ refused: true, email: { to: 'revue@cci63.example' } });
		expect(String(report.reasons)).toMatch(/corg63@gendarmerie\.example/);
	}, 120_000);

	it('keeps the demo in the executions of n8n as one successful run per injection', async () => {
		const runs = await n8n.executions(DEMO_WORKFLOW_ID);
		expect(runs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
	});

	it('tells a newcomer to run npm start when n8n is not running', async () => {
		const baseUrl = `http://127.0.0.1:${await freePort()}`;
		await expect(demo.injectEmail({ baseUrl, outboxPath, email })).rejects.toThrow(/npm start/);
	});

	it('tells a newcomer to publish the demo when n8n runs without it', async () => {
		await n8n.rest(`/workflows/${DEMO_WORKFLOW_ID}/deactivate`, { method: 'POST', body: '{}' });
		// n8n drops the webhook shortly after it answers; until then the demo still runs (sending nothing new).
		let error: Error | undefined;
		await waitFor(async () => {
			error = await inject().then(() => undefined, (e: Error) => e);
			return error !== undefined;
		}, 30_000, 500);
		expect(error?.message).toMatch(/demo workflow is not published/);
	}, 60_000);

	it('fails loudly when workflow 1 no longer has the nodes the demo replaces', () => {
		const withoutTrigger = { ...WORKFLOW_1, nodes: (WORKFLOW_1.nodes as Node[]).filter((n) => n.type !== 'n8n-nodes-alerte-commerces.policeMailTrigger') };
		expect(() => demoWorkflow(withoutTrigger)).toThrow(/Police Mail Trigger/);
		const derived = loadDemoWorkflow();
		expect((derived.nodes as Node[]).filter((n) => n.type === 'n8n-nodes-base.emailSend')).toEqual([]);
		// The Mailbox Health branch goes with the mailbox; every connection names a node of the demo.
		const names = new Set((derived.nodes as Node[]).map((n) => n.name));
		const connections = derived.connections as Record<string, { main: Array<Array<{ node: string }> | null> }>;
		for (const [from, outputs] of Object.entries(connections)) {
			expect(names.has(from)).toBe(true);
			for (const branch of outputs.main) for (const c of branch ?? []) expect(names.has(c.node)).toBe(true);
		}
		expect(JSON.stringify(derived.nodes)).not.toContain('AlerteSmtp01');
	});
});
