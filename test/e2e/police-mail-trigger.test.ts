/**
 * The Police Mail Trigger in a real n8n 2.41.1: workflow 1 (approval off) reading a real Dovecot
 * (through a loopback link the test can cut), sending through a real Kannel. 20 police emails
 * arrive before, during and after an n8n restart: each alert reaches each targeted phone exactly
 * once; n8n killed during 10 more loses none; a mailbox that cannot be read is told to the CCI.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { communesOfEpci } from '../../nodes/shared/geo';
import { parseIncidentEmail } from '../../nodes/shared/incident';
import { openRegistry, type Adherent } from '../../nodes/shared/registry';
import { planTargeting, selectRecipients } from '../../nodes/shared/targeting';
import { adherent } from '../support/adherents';
import { dovecotInstalled, startDovecot, type Dovecot } from '../support/dovecot';
import { KannelGateway } from '../support/kannel';
import { waitFor } from '../support/net';
import { executionFailure, startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';
import { startSmtp, type SmtpSink } from '../support/smtp';
import { CuttableLink } from '../support/tcp-relay';
import { approvalSwitch } from '../support/workflows';

const WORKFLOW = JSON.parse(readFileSync(join(__dirname, '../../workflows/01-incident-email-to-sms.json'), 'utf8')) as WorkflowFile;
const SAMPLE = readFileSync(join(__dirname, '../fixtures/incidents/01-faux-billets-issoire.eml'), 'utf8');
type Node = { name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, unknown> };

/** The sample fiche, made a distinct alert by its place and reference. */
function fiche(i: number): string {
	return SAMPLE.replace('Lieu : centre-ville, rue de la République', `Lieu : ${i + 1} rue de la République`)
		.replace('Référence : CORG63-2026-1187', `Référence : CORG63-2026-${2000 + i}`)
		.replace('Subject: ALERTE COMMERCES - Faux billets - Issoire', `Subject: ALERTE COMMERCES - Faux billets - Issoire (${i + 1})\nMessage-ID: <e2e-restart-${i}@gendarmerie.interieur.gouv.fr>`);
}

function register(): Adherent[] {
	const agglo = communesOfEpci('200070407');
	const naf = ['47.26Z', '47.77Z', '47.11C', '56.30Z', '47.73Z', '01.11Z'];
	return agglo.slice(0, 6).flatMap((commune, i) => naf.map((code, j) => adherent(1000 + i * 10 + j, { communeInsee: commune, naf: code })));
}

/** Statuses of a run n8n did not finish because it was stopped under it. */
const INTERRUPTED = ['crashed', 'canceled', 'new', 'running'];
const tally = (statuses: string[]) => [...new Set(statuses)].map((status) => `${statuses.filter((s) => s === status).length} ${status}`).join(', ');

const suite = dovecotInstalled() ? describe : describe.skip;

suite('Police Mail Trigger in a real n8n (Dovecot, Kannel)', () => {
	let kannel: KannelGateway;
	let imap: Dovecot;
	let link: CuttableLink;
	let smtp: SmtpSink;
	let n8n: N8nServer;
	let members: Adherent[];
	let phones: string[];
	let firstRuns = 20;

	/** True when `count` distinct alert texts each reached every targeted phone. */
	const reachedAll = (messages: Array<{ text: string; to: string }>, count: number) => {
		const texts = new Map<string, Set<string>>();
		for (const message of messages) texts.set(message.text, (texts.get(message.text) ?? new Set()).add(message.to));
		return texts.size === count && [...texts.values()].every((to) => to.size === phones.length);
	};
	/** Where a wait stood, for its failure message: executions by status, SMS, and the trigger's last log lines. */
	const progress = async (alerts: number, from = 0) => {
		const statuses = (await n8n.executions('AlerteEmailSms01')).map((e) => e.status);
		const texts = new Set(kannel.messages().slice(from).map((m) => m.text));
		const log = n8n
			.log()
			.split('\n')
			.filter((line) => /Police Mail Trigger|Shutdown|shutting|Stopping|crash|Waiting for|active executions|Error/i.test(line))
			.slice(-30)
			.join('\n');
		return `executions: ${tally(statuses)}; SMS: ${kannel.messages().length - from} for ${texts.size}/${alerts} alerts (${phones.length} phones each)\nn8n log:\n${log}`;
	};

	beforeAll(async () => {
		const registryPath = join(mkdtempSync(join(tmpdir(), 'e2e-pmt-')), 'registry.sqlite');
		members = register();
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		await store.upsertMany(members);
		await store.close();
		[kannel, imap, smtp] = await Promise.all([KannelGateway.start(), startDovecot(), startSmtp()]);
		link = await CuttableLink.open(imap.port);
		const workflow = structuredClone(WORKFLOW);
		approvalSwitch(workflow, false);
		for (const node of workflow.nodes as Node[]) {
			if (node.name === 'Email de la police') {
				expect(node.type).toBe('n8n-nodes-alerte-commerces.policeMailTrigger');
				// Faster than the defaults (60 s, 60 s, 5 min) so that the faults below play out in seconds.
				node.parameters.options = { sweepIntervalSeconds: 5, maxReconnectDelaySeconds: 2, silenceAlarmMinutes: 0.2 };
			}
			if (node.name === 'SMS Dispatch') {
				node.parameters.provider = 'kannel';
				node.credentials = { ...node.credentials, alerteCommercesKannelApi: { id: 'AlerteKannel01', name: 'Passerelle Kannel' } };
			}
		}
		n8n = await startN8n({
			workflows: [workflow],
			credentials: [
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteImap01', name: 'Boîte des alertes (IMAP)', type: 'alerteCommercesImap', data: { user: imap.user, password: imap.password, host: imap.host, port: link.port, secure: false, allowUnauthorizedCerts: false } },
				{ id: 'AlerteSmtp01', name: 'Messagerie de la CCI (SMTP)', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
				{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: { user: 'validation', password: 'unused-e2e-pass' } },
				{ id: 'AlerteKannel01', name: 'Passerelle Kannel', type: 'alerteCommercesKannelApi', data: { baseUrl: kannel.baseUrl, username: kannel.username, password: kannel.password } },
			],
		});
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([kannel?.stop(), imap?.stop(), smtp?.stop(), link?.close()]);
	}, 120_000);

	it('turns 20 emails delivered around an n8n restart into 20 successful runs and one SMS per alert and phone', async () => {
		const parsed = parseIncidentEmail(
			{ from: 'corg63@gendarmerie.interieur.gouv.fr', subject: 'ALERTE COMMERCES - Faux billets - Issoire', text: SAMPLE.split('\n\n').slice(1).join('\n\n') },
			{ allowedSenders: ['@gendarmerie.interieur.gouv.fr'], departements: ['63'] },
		);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		phones = selectRecipients(await planTargeting(parsed.incident), members).map((r) => r.phone).sort();
		expect(phones.length).toBeGreaterThan(3);

		const started = Date.now();
		for (let i = 0; i < 6; i++) await imap.deliver(fiche(i));
		// Restart while the first executions run; 8 emails arrive while n8n is down.
		await n8n.restart(async () => {
			for (let i = 6; i < 14; i++) await imap.deliver(fiche(i));
		});
		const restartedAt = Date.now();
		for (let i = 14; i < 20; i++) await imap.deliver(fiche(i));

		// Settled when every alert reached every phone and 20 runs succeeded: a run the restart cut
		// short may stay "crashed", "canceled" or even "new" in n8n's list (an execution created as
		// SIGTERM came is dropped by n8n's shutdown, never started); its email, left unread, ran again.
		const succeeded = async () => (await n8n.executions('AlerteEmailSms01')).filter((e) => e.status === 'success').length;
		await waitFor(async () => reachedAll(kannel.messages(), 20) && (await succeeded()) >= 20, 240_000, 1_000, () => progress(20));
		// Room for a late duplicate to show up before counting.
		await new Promise((resolve) => setTimeout(resolve, 12_000));

		const executions = await n8n.executions('AlerteEmailSms01');
		firstRuns = executions.length;
		expect(executions.filter((e) => e.status === 'success').length).toBeGreaterThanOrEqual(20);
		// Anything but a success is a run the restart interrupted (created before n8n was back), never an error.
		const failed = await Promise.all(
			executions
				.filter((e) => e.status !== 'success' && !(INTERRUPTED.includes(e.status) && Date.parse(e.createdAt ?? e.startedAt ?? '') < restartedAt))
				.map(async (e) => `${e.id}: ${e.status} at ${executionFailure((await n8n.execution(e.id)).data)}`),
		);
		expect(failed).toEqual([]);
		const byText = new Map<string, string[]>();
		for (const message of kannel.messages()) byText.set(message.text, [...(byText.get(message.text) ?? []), message.to]);
		expect(byText.size).toBe(20);
		for (const [, to] of byText) expect([...to].sort()).toEqual(phones);
		process.stderr.write(`police-mail e2e: 20 emails around a restart → ${executions.length} executions (${tally(executions.map((e) => e.status))}), ${kannel.messages().length} SMS to ${phones.length} phones, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	}, 600_000);

	it('loses no alert when n8n is killed while it handles 10 emails: each phone gets each alert, none more than twice', async () => {
		const before = kannel.messages().length;
		const started = Date.now();
		for (let i = 20; i < 30; i++) await imap.deliver(fiche(i));
		// Killed once the first SMS of this batch leave: executions are under way, emails unmarked.
		await waitFor(() => kannel.messages().length > before, 120_000, 20);
		await n8n.restart(undefined, 'SIGKILL');
		await waitFor(() => reachedAll(kannel.messages().slice(before), 10), 240_000, 500, () => progress(10, before));
		await new Promise((resolve) => setTimeout(resolve, 12_000));

		const copies = new Map<string, number>();
		for (const message of kannel.messages().slice(before)) copies.set(`${message.text}\u0000${message.to}`, (copies.get(`${message.text}\u0000${message.to}`) ?? 0) + 1);
		expect(copies.size).toBe(10 * phones.length);
		expect(Math.max(...copies.values())).toBeLessThanOrEqual(2);
		const twice = [...copies.values()].filter((n) => n === 2).length;
		const statuses = (await n8n.executions('AlerteEmailSms01')).slice(0, -firstRuns).map((e) => e.status);
		process.stderr.write(`police-mail e2e: 10 emails, n8n killed during them → executions ${tally(statuses)}; ${copies.size} (alert, phone) pairs all reached, ${twice} sent twice (in doubt at the kill), in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
	}, 600_000);

	it('emails the CCI when the mailbox cannot be read, once, and again when it can; the email that waited is sent', async () => {
		const health = () => smtp.messages.filter((m) => /boîte des alertes/i.test(m.subject ?? ''));
		const before = health().length;
		const sent = kannel.messages().length;
		link.cut();
		await imap.deliver(fiche(40));
		await waitFor(() => health().length > before, 90_000, 500);
		const alarm = health()[before];
		expect(alarm.subject).toBe("URGENT : la boîte des alertes n'est plus lue");
		expect(alarm.to && 'text' in alarm.to ? alarm.to.text : '').toBe('revue@cci63.example');
		expect(alarm.text).toMatch(/La boîte des alertes \(INBOX sur 127\.0\.0\.1\) n'est plus lue depuis \d+ min \(dernière lecture le /);
		expect(alarm.text).toContain('Dernière erreur');
		expect(alarm.text).not.toContain(imap.password);
		expect(kannel.messages().length).toBe(sent);

		link.heal();
		await waitFor(() => health().length > before + 1, 90_000, 500);
		const back = health()[before + 1];
		expect(back.subject).toBe('Boîte des alertes de nouveau lue');
		expect(back.text).toMatch(/est de nouveau lue, après \d+ min d'interruption/);
		// One alarm for the whole outage, then the email delivered during it reaches every phone.
		expect(health().slice(before).map((m) => m.subject)).toEqual(["URGENT : la boîte des alertes n'est plus lue", 'Boîte des alertes de nouveau lue']);
		await waitFor(() => kannel.messages().length >= sent + phones.length, 120_000, 500);
		expect(kannel.messages().slice(sent).map((m) => m.to).sort()).toEqual(phones);
	}, 300_000);
});
