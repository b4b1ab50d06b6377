/**
 * Intake latency (`npm run bench -- intake`): from handing a police email to the mail server to the
 * first SMS of its alert at the SMSC, in a real n8n 2.41.1 running workflow 1 as shipped (approval
 * off, Kannel with its fake SMSC, an embedded register of 1,100 generated members), side by side:
 *  A. this package's Police Mail Trigger (workflow 1 as shipped), on one Dovecot;
 *  B. n8n's Email Trigger (IMAP, format Simple, mark as read) in its place, on a second Dovecot,
 *     as workflow 1 shipped before (the baseline).
 * Both workflows run in the same n8n; each scenario feeds one mailbox at a time:
 *  0. a warm-up email through each trigger, not counted (the first run of a workflow loads its nodes);
 *  1. idle: one email on a quiet system, 5 times, the next once the previous alert is out and the
 *     system has been quiet for 16 s (n8n's Email Trigger re-enters IDLE 15 s after each fetch:
 *     less would measure its backlog, not an idle system);
 *  2. burst: 20 emails one second apart.
 * p50 and p95 of the latencies; the goal (issue 13) is p95 ≤ 1 s for back-to-back emails.
 * "Delivery" is the moment the bench hands the email to Dovecot's LDA (which then writes it into the
 * mailbox); "first SMS" is when the fake SMSC has printed every part of the first message of that
 * alert, polled every 20 ms.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry } from '../nodes/shared/registry';
import { startDovecot, type Dovecot } from '../test/support/dovecot';
import { KannelGateway } from '../test/support/kannel';
import { startN8n, type WorkflowFile } from '../test/support/n8n-server';
import { startSmtp } from '../test/support/smtp';
import { generateRegister } from './members';

type Report = (line: string) => void;
type Node = { id: string; name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: Record<string, unknown>; webhookId?: string };

const ROOT = join(__dirname, '..');
const WORKFLOW_1 = JSON.parse(readFileSync(join(ROOT, 'workflows/01-incident-email-to-sms.json'), 'utf8')) as WorkflowFile;
const SAMPLE = readFileSync(join(ROOT, 'test/fixtures/incidents/01-faux-billets-issoire.eml'), 'utf8');
const IDLE_RUNS = 5;
const BURST = 20;
const IDLE_GAP_MS = 16_000;

/** The sample fiche made a distinct alert: its place carries a token unique to the run (`BenchAb07`), and the place is in the SMS. */
function fiche(tag: string, n: number): { raw: string; place: string } {
	const place = `Bench${tag}${String(n).padStart(2, '0')}`;
	const raw = SAMPLE.replace('Lieu : centre-ville, rue de la République', `Lieu : ${n} rue ${place}`)
		.replace('Référence : CORG63-2026-1187', `Référence : CORG63-2026-${tag}${n}`)
		.replace('Subject: ALERTE COMMERCES - Faux billets - Issoire', `Subject: ALERTE COMMERCES - Faux billets - Issoire (${tag} ${n})\nMessage-ID: <bench-${tag}-${n}-${Date.now()}@gendarmerie.interieur.gouv.fr>`);
	return { raw, place };
}

/** Workflow 1 as shipped, approval off, sending through Kannel. */
function workflow1(): WorkflowFile {
	const workflow = structuredClone(WORKFLOW_1);
	for (const node of workflow.nodes as Node[]) {
		if (node.name === 'Validation requise ?') (node.parameters.conditions as { conditions: Array<{ leftValue: string }> }).conditions[0].leftValue = '={{ false }}';
		if (node.name === 'SMS Dispatch') {
			node.parameters.provider = 'kannel';
			node.credentials = { ...node.credentials, alerteCommercesKannelApi: { id: 'BenchKannel1', name: 'Passerelle Kannel' } };
		}
	}
	return workflow;
}

/** The same workflow with n8n's Email Trigger in place of the Police Mail Trigger, as shipped before. */
function withEmailTrigger(): WorkflowFile {
	const workflow = workflow1();
	workflow.id = 'BenchEmailTrigB';
	workflow.name = `${workflow.name} (Email Trigger)`;
	const nodes = workflow.nodes as Node[];
	for (const node of nodes) {
		node.id = `b-${node.id}`;
		if (node.webhookId) node.webhookId = `b-${node.webhookId}`;
		if (node.name === 'Email de la police') {
			Object.assign(node, { type: 'n8n-nodes-base.emailReadImap', typeVersion: 2.2, parameters: { mailbox: 'INBOX', postProcessAction: 'read', format: 'simple', options: {} } });
			node.credentials = { imap: { id: 'BenchImapB', name: 'Boîte B (IMAP)' } };
		}
	}
	// The Email Trigger has one output: the Mailbox Health branch goes.
	const connections = workflow.connections as Record<string, { main: unknown[] }>;
	connections['Email de la police'].main = connections['Email de la police'].main.slice(0, 1);
	workflow.nodes = nodes.filter((n) => n.name !== 'Boîte des alertes injoignable');
	return workflow;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Watches the SMSC: the first time a complete message containing each awaited place was seen. */
class FirstSms {
	private readonly firstAt = new Map<string, number>();
	private readonly timer: NodeJS.Timeout;
	constructor(private readonly kannel: KannelGateway, private readonly places: () => string[]) {
		this.timer = setInterval(() => this.poll(), 20);
	}
	private poll(): void {
		const waiting = this.places().filter((p) => !this.firstAt.has(p));
		if (waiting.length === 0) return;
		const now = Date.now();
		for (const message of this.kannel.messages()) for (const place of waiting) if (!this.firstAt.has(place) && message.text.includes(place)) this.firstAt.set(place, now);
	}
	at(place: string): number | undefined {
		return this.firstAt.get(place);
	}
	stop(): void {
		clearInterval(this.timer);
	}
}

interface Scenario {
	idle: number[];
	burst: number[];
}

async function measure(mailbox: Dovecot, tag: string, watcher: FirstSms, awaited: string[], report: Report): Promise<Scenario> {
	const latency = async (sent: Array<{ place: string; at: number }>, timeoutMs: number) => {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline && sent.some((s) => watcher.at(s.place) === undefined)) await sleep(50);
		const missing = sent.filter((s) => watcher.at(s.place) === undefined).length;
		if (missing) throw new Error(`${tag}: ${missing} of ${sent.length} alerts never reached the SMSC within ${timeoutMs / 1000} s`);
		return sent.map((s) => (watcher.at(s.place) as number) - s.at);
	};
	// A warm-up email, not counted: the first execution of a workflow loads and compiles its nodes.
	const warm = fiche(`${tag}w`, 1);
	awaited.push(warm.place);
	const warmAt = Date.now();
	await mailbox.deliver(warm.raw);
	await latency([{ place: warm.place, at: warmAt }], 120_000);
	const idle: number[] = [];
	for (let n = 1; n <= IDLE_RUNS; n++) {
		await sleep(IDLE_GAP_MS);
		const email = fiche(`${tag}i`, n);
		awaited.push(email.place);
		const at = Date.now();
		await mailbox.deliver(email.raw);
		idle.push(...(await latency([{ place: email.place, at }], 120_000)));
	}
	await sleep(IDLE_GAP_MS);
	const sent: Array<{ place: string; at: number }> = [];
	const start = Date.now();
	for (let n = 1; n <= BURST; n++) {
		await sleep(Math.max(0, start + (n - 1) * 1_000 - Date.now()));
		const email = fiche(`${tag}b`, n);
		awaited.push(email.place);
		const at = Date.now();
		await mailbox.deliver(email.raw);
		sent.push({ place: email.place, at });
	}
	const burst = await latency(sent, 300_000);
	report(`  ${tag === 'A' ? 'Police Mail Trigger' : 'n8n Email Trigger  '}  idle: ${idle.map((v) => Math.round(v)).join(', ')} ms`);
	return { idle, burst };
}

export async function benchIntake(report: Report): Promise<void> {
	report('Intake latency: police email delivered → first SMS at the SMSC (workflow 1, approval off, real n8n, Dovecot, Kannel)');
	const registryPath = join(mkdtempSync(join(tmpdir(), 'bench-intake-')), 'registry.sqlite');
	const { members } = generateRegister(1_100);
	const store = await openRegistry({ kind: 'embedded', path: registryPath });
	await store.upsertMany(members);
	await store.close();
	const [kannel, boxA, boxB, smtp] = await Promise.all([KannelGateway.start(), startDovecot(), startDovecot(), startSmtp()]);
	const awaited: string[] = [];
	const watcher = new FirstSms(kannel, () => awaited);
	const n8n = await startN8n({
		workflows: [workflow1(), withEmailTrigger()],
		credentials: [
			{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
			{ id: 'AlerteImap01', name: 'Boîte des alertes (IMAP)', type: 'alerteCommercesImap', data: { user: boxA.user, password: boxA.password, host: boxA.host, port: boxA.port, secure: false, allowUnauthorizedCerts: false } },
			{ id: 'BenchImapB', name: 'Boîte B (IMAP)', type: 'imap', data: { user: boxB.user, password: boxB.password, host: boxB.host, port: boxB.port, secure: false, allowUnauthorizedCerts: false } },
			{ id: 'AlerteSmtp01', name: 'Messagerie de la CCI (SMTP)', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
			{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: { user: 'validation', password: 'unused-bench-pass' } },
			{ id: 'BenchKannel1', name: 'Passerelle Kannel', type: 'alerteCommercesKannelApi', data: { baseUrl: kannel.baseUrl, username: kannel.username, password: kannel.password } },
		],
	});
	try {
		// Both triggers connected and settled (n8n's enters IDLE 15 s after its first fetch), as a mailbox is long before an alert.
		await sleep(20_000);
		const a = await measure(boxA, 'A', watcher, awaited, report);
		const b = await measure(boxB, 'B', watcher, awaited, report);
		const recipients = new Set(kannel.messages().filter((m) => m.text.includes('BenchAi01')).map((m) => m.to)).size;
		const ms = (v: number) => `${Math.round(v)} ms`.padStart(9);
		const row = (name: string, s: Scenario) =>
			`  ${name}  ${ms(percentile(s.idle, 50))} ${ms(percentile(s.idle, 95))}   ${ms(percentile(s.burst, 50))} ${ms(percentile(s.burst, 95))} ${ms(Math.max(...s.burst))}`;
		report(`  ${members.length} members, ${recipients} phones per alert; idle: ${IDLE_RUNS} emails, ${IDLE_GAP_MS / 1000} s of quiet before each; burst: ${BURST} emails 1 s apart`);
		report('                         idle p50  idle p95   burst p50 burst p95 burst max');
		report(row('Police Mail Trigger', a));
		report(row('n8n Email Trigger  ', b));
		report(`  ratio (Email Trigger / Police Mail Trigger), burst p95: ${(percentile(b.burst, 95) / percentile(a.burst, 95)).toFixed(1)}×; goal p95 ≤ 1,000 ms: ${percentile(a.burst, 95) <= 1_000 ? 'met' : 'missed'}`);
		const executions = async (id: string) => (await n8n.executions(id)).length;
		report(`  executions: Police Mail Trigger ${await executions('AlerteEmailSms01')} for ${IDLE_RUNS + BURST + 1} emails, n8n Email Trigger ${await executions('BenchEmailTrigB')} for ${IDLE_RUNS + BURST + 1}`);
		report(`  ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ')} (load average after)`);
	} finally {
		watcher.stop();
		await n8n.stop();
		await Promise.all([kannel.stop(), boxA.stop(), boxB.stop(), smtp.stop()]);
	}
}
