/**
 * Workflow 1 end to end in a real n8n 2.41.1: a police email delivered into a real IMAP mailbox
 * (Dovecot) goes through the Police Mail Trigger, Alert Composer, the approval by a second person
 * (link in an email caught by a loopback SMTP server, opened with its basic auth), Sector
 * Targeting on the embedded registry, SMS Dispatch to a real Kannel, and a report email.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planTargeting, selectRecipients } from '../../nodes/shared/targeting';
import { parseIncidentEmail } from '../../nodes/shared/incident';
import { openRegistry, type Adherent } from '../../nodes/shared/registry';
import { communesOfEpci } from '../../nodes/shared/geo';
import { adherent } from '../support/adherents';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { KannelGateway } from '../support/kannel';
import { waitFor } from '../support/net';
import { startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';
import { startSmtp, type SmtpSink } from '../support/smtp';

const WORKFLOW = JSON.parse(readFileSync(join(__dirname, '../../workflows/01-incident-email-to-sms.json'), 'utf8')) as WorkflowFile;
const sample = (name: string) => readFileSync(join(__dirname, '../fixtures/incidents', name), 'utf8');
const APPROVER = { user: 'validation', password: 'approve-e2e-pass' };

/** Members around Issoire (its agglomération) and elsewhere in the Puy-de-Dôme. */
function register(): Adherent[] {
	const agglo = communesOfEpci('200070407');
	const naf = ['47.26Z', '47.77Z', '47.11C', '56.30Z', '47.73Z', '01.11Z', '43.21A', '69.20Z'];
	const near = agglo.slice(0, 12).flatMap((commune, i) => naf.map((code, j) => adherent(1000 + i * 10 + j, { communeInsee: commune, naf: code })));
	const far = ['63113', '63300', '63430'].flatMap((commune, i) => naf.map((code, j) => adherent(2000 + i * 10 + j, { communeInsee: commune, naf: code })));
	return [...near, ...far, adherent(3000, { communeInsee: agglo[0], naf: '47.26Z', status: 'suspended' })];
}

describe('workflow 1: incident email → SMS (real n8n, IMAP, SMTP, Kannel)', () => {
	let kannel: KannelGateway;
	let imap: Dovecot;
	let smtp: SmtpSink;
	let n8n: N8nServer;
	let members: Adherent[];

	beforeAll(async () => {
		const dir = mkdtempSync(join(tmpdir(), 'e2e-wf1-'));
		const registryPath = join(dir, 'registry.sqlite');
		members = register();
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		await store.upsertMany(members);
		await store.close();
		[kannel, imap, smtp] = await Promise.all([KannelGateway.start(), startDovecot(), startSmtp()]);
		// A département plugs in its SMS provider: here Kannel instead of the template's Sandbox.
		const workflow = structuredClone(WORKFLOW);
		for (const node of workflow.nodes as Array<{ name: string; parameters: Record<string, unknown>; credentials?: Record<string, unknown> }>) {
			if (node.name === 'SMS Dispatch') {
				node.parameters.provider = 'kannel';
				node.credentials = { ...node.credentials, alerteCommercesKannelApi: { id: 'AlerteKannel01', name: 'Passerelle Kannel' } };
			}
		}
		n8n = await startN8n({
			workflows: [workflow],
			credentials: [
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteImap01', name: 'Boîte des alertes (IMAP)', type: 'alerteCommercesImap', data: { user: imap.user, password: imap.password, host: imap.host, port: imap.port, secure: false, allowUnauthorizedCerts: false } },
				{ id: 'AlerteSmtp01', name: 'Messagerie de la CCI (SMTP)', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
				{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: APPROVER },
				{ id: 'AlerteKannel01', name: 'Passerelle Kannel', type: 'alerteCommercesKannelApi', data: { baseUrl: kannel.baseUrl, username: kannel.username, password: kannel.password } },
			],
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([kannel?.stop(), imap?.stop(), smtp?.stop()]);
	}, 120_000);

	const mailTo = (address: string) => smtp.messages.filter((m) => JSON.stringify(m.to).includes(address));
	const approvalLink = (index: number) => {
		const text = mailTo('validation@cci63.example')[index]?.text ?? '';
		const match = /(http\S+decision=envoyer)/.exec(text);
		if (!match) throw new Error(`no approval link in: ${text}`);
		return match[1];
	};
	const approve = (url: string, auth = APPROVER) =>
		fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` } });

	it('sends a valid police email, once approved, to exactly the targeted phones, and reports to the sender', async () => {
		const raw = sample('01-faux-billets-issoire.eml');
		await imap.deliver(raw);
		await waitFor(() => mailTo('validation@cci63.example').length === 1, 90_000);
		expect(kannel.received()).toHaveLength(0); // not a single part leaves before approval

		const link = approvalLink(0);
		expect([401, 403]).toContain((await approve(link, { user: 'validation', password: 'wrong' })).status);
		expect(kannel.received()).toHaveLength(0);
		expect((await approve(link)).status).toBe(200);

		// The expected recipients, computed by the same domain functions from the same register.
		const parsed = parseIncidentEmail(
			{ from: 'corg63@gendarmerie.interieur.gouv.fr', subject: 'ALERTE COMMERCES - Faux billets - Issoire', text: raw.split('\n\n').slice(1).join('\n\n') },
			{ allowedSenders: ['@gendarmerie.interieur.gouv.fr'], departements: ['63'] },
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const expected = selectRecipients(await planTargeting(parsed.incident), members).map((r) => r.phone).sort();
		expect(expected.length).toBeGreaterThan(5);

		await waitFor(() => kannel.messages().length >= expected.length, 90_000);
		const received = kannel.messages();
		expect(received.map((m) => m.to).sort()).toEqual(expected);
		expect(new Set(received.map((m) => m.to)).size).toBe(received.length);
		expect(received[0].text).toContain('Faux billets');
		expect(received[0].text).toContain('Issoire');
		expect(received[0].text).toContain('Ne pas intervenir');

		await waitFor(() => mailTo('corg63@gendarmerie.interieur.gouv.fr').length === 1, 60_000);
		const report = mailTo('corg63@gendarmerie.interieur.gouv.fr')[0];
		expect(report.subject).toContain(`${expected.length} destinataires`);
		expect(report.text).toContain('Faux billets');
	}, 240_000);

	it('sends nothing the second time the same email arrives', async () => {
		const before = kannel.messages().length;
		await imap.deliver(sample('01-faux-billets-issoire.eml'));
		await waitFor(() => mailTo('validation@cci63.example').length === 2, 90_000);
		expect((await approve(approvalLink(1))).status).toBe(200);
		await waitFor(() => mailTo('corg63@gendarmerie.interieur.gouv.fr').length === 2, 90_000);
		const report = mailTo('corg63@gendarmerie.interieur.gouv.fr')[1];
		expect(report.text).toMatch(/lors d'un précédent passage : [1-9]/);
		expect(kannel.messages()).toHaveLength(before);
	}, 240_000);

	it('sends a refused email to review, never to SMS', async () => {
		const before = kannel.messages().length;
		await imap.deliver(sample('05-refused-unknown-commune.eml'));
		await waitFor(() => mailTo('revue@cci63.example').length === 1, 90_000);
		const review = mailTo('revue@cci63.example')[0];
		expect(review.text).toContain('Saint-Germain');
		expect(kannel.messages()).toHaveLength(before);
	}, 180_000);

	it('refuses an email from an address that is not allowed', async () => {
		const before = kannel.messages().length;
		const forged = sample('01-faux-billets-issoire.eml').replace('From: CORG 63 <corg63@gendarmerie.interieur.gouv.fr>', 'From: CORG 63 <corg63@gendarmerie.interieur.gouv.fr.evil.example>');
		await imap.deliver(forged, 'corg63@gendarmerie.interieur.gouv.fr.evil.example');
		await waitFor(() => mailTo('revue@cci63.example').length === 2, 90_000);
		expect(mailTo('revue@cci63.example')[1].text).toMatch(/not an? allowed sender/);
		expect(mailTo('validation@cci63.example')).toHaveLength(2);
		expect(kannel.messages()).toHaveLength(before);
	}, 180_000);
});
