/**
 * Workflow 9 in a real n8n 2.41.1 with a real Kannel: a member's phone sends STOP through the
 * fake SMSC (a mobile-originated SMS), smsbox's sms-service calls the published webhook, SMS
 * Dispatch opts the phone out and answers once through Kannel; the next alert leaves the phone out.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIncidentEmail } from '../../nodes/shared/incident';
import { maskPhone } from '../../nodes/shared/phone';
import { openRegistry } from '../../nodes/shared/registry';
import { CONFIRMATION_TEXTS, replyUrlSignature } from '../../nodes/shared/replies';
import { planTargeting, selectFromStore } from '../../nodes/shared/targeting';
import { SAMPLE_OPTIONS } from '../incident/eml';
import { adherent } from '../support/adherents';
import { KannelGateway, kannelInstalled, waitUntil } from '../support/kannel';
import { startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';

const WORKFLOW = JSON.parse(readFileSync(join(__dirname, '../../workflows/09-incoming-sms.json'), 'utf8')) as WorkflowFile;
const SECRET = 'e2e-reply-secret-0123456789abcdef';
const OUR_NUMBER = '+33644630000';
const MEMBER = '+33610000001';
const OTHER_MEMBER = '+33610000002';

(kannelInstalled() ? describe : describe.skip)('incoming SMS (workflow 9) through Kannel in a real n8n', () => {
	let n8n: N8nServer;
	let gateway: KannelGateway;
	let registryPath: string;
	let relay: http.Server;
	/** Where the relay forwards Kannel's calls: n8n's port is only known once n8n runs. */
	let n8nUrl = '';

	beforeAll(async () => {
		registryPath = join(mkdtempSync(join(tmpdir(), 'e2e-incoming-')), 'registry.sqlite');
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		await store.upsertMany([adherent(1), adherent(2)]);
		await store.close();
		// kannel.conf needs the webhook URL before n8n (which needs Kannel's URL) starts: a loopback relay between them.
		relay = http.createServer(async (req, res) => {
			const answer = await fetch(`${n8nUrl}${req.url}`).catch((error: Error) => ({ status: 502, text: async () => error.message }));
			res.writeHead(answer.status).end(await answer.text());
		});
		await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
		const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}`;
		gateway = await KannelGateway.start({
			smsServiceGetUrl: `${relayUrl}/webhook/alerte-commerces/reponses?provider=kannel&sig=${replyUrlSignature(SECRET, 'kannel')}&from=%p&to=%P&text=%a`,
		});
		const workflow = structuredClone(WORKFLOW);
		for (const node of workflow.nodes as Array<{ name: string; credentials?: Record<string, unknown> }>) {
			if (node.name === 'SMS Dispatch') node.credentials = { ...node.credentials, alerteCommercesKannelApi: { id: 'AlerteKannel01', name: 'Passerelle Kannel' } };
		}
		n8n = await startN8n({
			workflows: [workflow],
			credentials: [
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteKannel01', name: 'Passerelle Kannel', type: 'alerteCommercesKannelApi', data: { baseUrl: gateway.baseUrl, username: gateway.username, password: gateway.password, receiptSecret: SECRET } },
			],
		});
		n8nUrl = n8n.url;
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await gateway?.close();
		await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
	}, 60_000);

	/** The outcomes SMS Dispatch gave, from the workflow's finished executions. */
	const outcomes = async (count: number): Promise<string[]> => {
		let executions: Array<{ id: string; status: string }> = [];
		await waitUntil(
			async () => {
				executions = (await n8n.executions('AlerteReponses09')).filter((e) => e.status !== 'running' && e.status !== 'new');
				return executions.length >= count;
			},
			30_000,
			`${count} executions of workflow 9`,
			250,
		);
		return Promise.all(executions.map(async (e) => (await n8n.execution(e.id)).data));
	};

	it('a STOP from the member’s phone opts it out and is answered once; a second STOP gets no second answer', async () => {
		await gateway.deliverMo(MEMBER, OUR_NUMBER, 'Stop');
		await waitUntil(() => gateway.messages().some((m) => m.to === MEMBER), 30_000, 'the confirmation SMS', 250);
		expect(gateway.messages()).toEqual([expect.objectContaining({ from: OUR_NUMBER, to: MEMBER, text: CONFIRMATION_TEXTS.optOut })]);
		expect((await outcomes(1))[0]).toContain('optOut');

		await gateway.deliverMo(MEMBER, OUR_NUMBER, 'ARRET');
		const [latest] = await outcomes(2);
		expect(latest).toContain('déjà envoyée aujourd’hui');
		expect(gateway.messages()).toHaveLength(1);
		expect(n8n.log()).not.toContain(MEMBER);
	}, 120_000);

	it('a forged call (no signature, or another one) is refused and changes nothing', async () => {
		const forged = ['', `&sig=${replyUrlSignature('guessed-secret', 'kannel')}`];
		for (const sig of forged) {
			const response = await fetch(`${n8n.url}/webhook/alerte-commerces/reponses?provider=kannel${sig}&from=%2B33610000002&to=%2B33644630000&text=STOP`);
			expect(response.status).toBe(200);
		}
		const [latest, previous] = await outcomes(4);
		for (const data of [latest, previous]) expect(data).toContain('refused');
		expect(gateway.messages()).toHaveLength(1);
	}, 60_000);

	it('the next alert leaves the phone out', async () => {
		const parsed = parseIncidentEmail(
			{ from: 'corg63@gendarmerie.interieur.gouv.fr', subject: 'ALERTE COMMERCES', text: 'Type : fausse_monnaie\nCommune : Issoire\nDate des faits : 24/11/2026 10h00\nDescription : faux billets de 50 euros.' },
			SAMPLE_OPTIONS,
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		try {
			const selection = await selectFromStore(await planTargeting(parsed.incident), store, { withExclusions: true });
			expect(selection.recipients.map((r) => r.phone)).toEqual([OTHER_MEMBER]);
			expect(selection.excluded).toEqual([expect.objectContaining({ phone: maskPhone(MEMBER), reason: 'opted_out' })]);
		} finally {
			await store.close();
		}
	});
});
