/**
 * A second person on every send path, in a real n8n 2.41.1 (one instance for the file): workflows
 * 2 (manual form) and 7 (end of alert) with their approval switched on, workflow 1 with it off but
 * an alert above the recipient cap. The approver gets an email with the summary and a link; the
 * link's page records who decided; a second use of the link sends nothing and says so; an expired
 * link says so (copies of the workflows whose links last 0.01 minute). Above the cap, the operator's
 * decision page says so and the alert leaves once confirmed; workflow 1 asks for an approval.
 * Chromium pictures workflow 1's approval page (docs/screenshots with UPDATE_SCREENSHOTS=1).
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { chromiumInstalled, launchChromium } from '../support/browser';
import { openRegistry, type Adherent } from '../../nodes/shared/registry';
import { adherent } from '../support/adherents';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { nextPage, pageText, submitForm, submitPage } from '../support/forms';
import { waitFor } from '../support/net';
import { countColour, decodePng } from '../support/png';
import { startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';
import { approvalSwitch, templateWorkflow } from '../support/workflows';
import { startSmtp, type SmtpSink } from '../support/smtp';

const OUT = process.env.UPDATE_SCREENSHOTS ? join(__dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'approval-shots-'));
const sample = (name: string) => readFileSync(join(__dirname, '../fixtures/incidents', name), 'utf8');
const OPERATOR = { user: 'operateur', password: 'form-e2e-pass' };
const APPROVER = { user: 'validation', password: 'approve-e2e-pass' };
const basic = (auth: { user: string; password: string }) => ({ authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` });
/** The cap the tests give Sector Targeting: the five tobacconists of Issoire are above it. */
const CAP = 3;
const ISSOIRE = '63178';

type Node = { name: string; type: string; parameters: Record<string, unknown>; webhookId?: string; credentials?: Record<string, unknown> };
const nodesOf = (w: WorkflowFile) => w.nodes as Node[];
const nodeOf = (w: WorkflowFile, name: string) => nodesOf(w).find((n) => n.name === name)!;

/** Gives every Sector Targeting node of a workflow the test's cap. */
function cap(w: WorkflowFile, max: number): void {
	for (const n of nodesOf(w)) if (n.type.endsWith('.sectorTargeting')) n.parameters.maxRecipients = max;
}

/** A copy of a workflow under other ids and form paths, whose approval links last `minutes`. */
function variant(w: WorkflowFile, suffix: string, minutes: number): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(w).replace(/alerte-commerces\/([a-z-]+)/g, `alerte-commerces/$1-${suffix}`)) as WorkflowFile;
	copy.id = `${String(w.id).slice(0, 12)}${suffix}`;
	copy.name = `${String(w.name)} (${suffix})`;
	for (const n of nodesOf(copy)) if (n.webhookId) n.webhookId = `${n.webhookId}-${suffix}`;
	nodeOf(copy, 'Enregistrer la demande').parameters.approvalMinutes = minutes;
	return copy;
}

describe('a second person on every send path (real n8n)', () => {
	let n8n: N8nServer;
	let smtp: SmtpSink;
	let imap: Dovecot;
	let registryPath: string;
	let browser: Browser | undefined;
	/** The Sandbox outbox: one line per SMS sent. */
	const outbox = () => {
		const file = join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl');
		return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { to: string; text: string }) : [];
	};
	const approvalMails = () => smtp.messages.filter((m) => JSON.stringify(m.to).includes('validation@cci63.example'));
	/** The approval link of the n-th approval email (its page address with the token). */
	const linkOf = (index: number) => {
		const html = String(approvalMails()[index]?.html ?? '');
		const match = /href="([^"]+jeton=[A-Za-z0-9_-]+)"/.exec(html);
		if (!match) throw new Error(`no approval link in: ${html.slice(0, 500)}`);
		return match[1].replace(/&amp;/g, '&');
	};
	const tokenOf = (link: string) => new URL(link).searchParams.get('jeton') ?? '';
	/** Opens the link's page as the approver, gives a name: the page after it (decision, or refusal). */
	const openLink = async (link: string, name = 'Claire Martin') => {
		const url = new URL(link);
		const page = await submitForm(`${url.origin}${url.pathname}`, [tokenOf(link), name], basic(APPROVER));
		expect({ status: page.status, next: page.waitingUrl }).toEqual({ status: 200, next: expect.stringContaining('/form-waiting/') });
		return { waitingUrl: page.waitingUrl!, html: await nextPage(page.waitingUrl!) };
	};
	const decide = async (waitingUrl: string, choice: "Envoyer l'alerte" | 'Refuser') => pageText(await nextPage((await submitPage(waitingUrl, [choice])).waitingUrl!));
	const approvalOf = async (messageId: string) => {
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		try {
			return (await store.db.query<{ decision: string | null; decided_by: string | null; decided_at: number | null }>('SELECT decision, decided_by, decided_at FROM dispatch_approvals WHERE message_id = ?', [messageId]))[0];
		} finally {
			await store.close();
		}
	};
	const alertIdOfText = async (text: string) => {
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		try {
			return (await store.db.query<{ alert_id: string }>('SELECT message_id AS alert_id FROM dispatch_ledger WHERE text = ? LIMIT 1', [text]))[0]?.alert_id;
		} finally {
			await store.close();
		}
	};
	/** The manual form, filled for false banknotes in Issoire: the page it leads to, and its URL. */
	const alertForm = async (path = 'alerte', description = 'Deux individus écoulent des billets de 50 euros.') => {
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/${path}`, ['Faux billets', 'Issoire', 'place de la République', 'commune', '', description, '', ''], basic(OPERATOR));
		expect(started.waitingUrl).toEqual(expect.stringContaining('/form-waiting/'));
		return { waitingUrl: started.waitingUrl!, html: await nextPage(started.waitingUrl!) };
	};
	const tobacconists: Adherent[] = Array.from({ length: 5 }, (_, i) => adherent(500 + i, { communeInsee: ISSOIRE, naf: '47.26Z' }));
	const issoirePhones = tobacconists.map((a) => a.phones[0]).sort();

	beforeAll(async () => {
		registryPath = join(mkdtempSync(join(tmpdir(), 'e2e-approval-')), 'registry.sqlite');
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		// Five tobacconists in Issoire, and businesses elsewhere that false banknotes in Issoire spare.
		await store.upsertMany([...tobacconists, ...Array.from({ length: 6 }, (_, i) => adherent(600 + i, { communeInsee: '63113', naf: '47.26Z' }))]);
		await store.close();
		[smtp, imap] = await Promise.all([startSmtp(), startDovecot()]);
		const form2 = templateWorkflow('02-manual-alert-form.json');
		approvalSwitch(form2, true);
		cap(form2, CAP);
		const end7 = templateWorkflow('07-end-of-alert.json');
		approvalSwitch(end7, true);
		// Workflow 1 as shipped but for the switch: off, so only the cap asks for an approval.
		const email1 = templateWorkflow('01-incident-email-to-sms.json');
		approvalSwitch(email1, false);
		cap(email1, CAP);
		const workflows = [form2, end7, variant(form2, 'x', 0.01), variant(end7, 'x', 0.01), email1, templateWorkflow('12-decision-map.json')];
		n8n = await startN8n({
			workflows,
			credentials: [
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteSmtp01', name: 'Messagerie de la CCI (SMTP)', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
				{ id: 'AlerteFormAuth1', name: 'Formulaires opérateurs (accès)', type: 'httpBasicAuth', data: OPERATOR },
				{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: APPROVER },
				{ id: 'AlerteImap01', name: 'Boîte des alertes (IMAP)', type: 'alerteCommercesImap', data: { user: imap.user, password: imap.password, host: imap.host, port: imap.port, secure: false, allowUnauthorizedCerts: false } },
			],
		});
		for (const path of ['alerte', 'validation-alerte', 'fin-alerte', 'validation-fin', 'alerte-x', 'validation']) {
			await waitFor(async () => (await fetch(`${n8n.url}/form/alerte-commerces/${path}`)).status !== 404, 30_000);
		}
		if (chromiumInstalled()) {
			browser = await launchChromium();
		}
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await Promise.all([smtp?.stop(), imap?.stop()]);
	}, 120_000);

	let alertId = '';

	it('workflow 2: above the cap the decision page says so; the approver sees the summary, approves once; a second use sends nothing', async () => {
		const asked = approvalMails().length;
		const { waitingUrl, html } = await alertForm();
		const page = pageText(html);
		expect(page).toContain(`cette alerte atteint 5 téléphones, au-delà du maximum de ${CAP}`);
		expect(page).toMatch(/Destinataires : 5 commerces, 5 SMS/);
		expect(page).toContain('Issoire : 5 SMS, 5 commerces');
		const waiting = pageText(await nextPage((await submitPage(waitingUrl, ["Envoyer l'alerte"])).waitingUrl!));
		expect(waiting).toContain("Rien n'est encore envoyé");
		await waitFor(() => approvalMails().length === asked + 1, 30_000);
		expect(outbox()).toHaveLength(0);

		const mail = approvalMails()[asked];
		expect(String(mail.html)).toContain('Issoire : 5 SMS, 5 commerces');
		const link = linkOf(asked);
		// The approval page is for the approvers' login only.
		expect((await fetch(link)).status).toBe(401);
		expect((await fetch(link, { headers: basic(OPERATOR) })).status).toBe(401);
		const opened = await openLink(link);
		const decision = pageText(opened.html);
		expect(decision).toContain('Alerte à valider');
		expect(decision).toMatch(/Lien valable jusqu'au \d\d\/\d\d\/\d{4} à \d\d:\d\d, une seule fois/);
		expect(decision).toContain('Issoire : 5 SMS, 5 commerces');
		const report = await decide(opened.waitingUrl, "Envoyer l'alerte");
		// The approver's last page is SMS Dispatch's Alert Status report: what left, what is delivered
		// so far, who approved and when (from the journal), the breakdown.
		expect(report).toContain('Envoyés : 5 sur 5 (remis 5');
		expect(report).toMatch(/Alerte validée par Claire Martin le \d\d\/\d\d\/\d{4} à \d\d:\d\d/);
		expect(report).toContain('Issoire : 5 SMS, 5 commerces');
		const sent = outbox();
		expect(sent.map((m) => m.to).sort()).toEqual(issoirePhones);
		alertId = (await alertIdOfText(sent[0].text))!;
		expect(await approvalOf(alertId)).toMatchObject({ decision: 'approved', decided_by: 'Claire Martin', decided_at: expect.any(Number) });

		// The same link again, even by someone else: nothing sent, and the page says who used it.
		const again = await openLink(link, 'Paul Durand');
		expect(pageText(again.html)).toMatch(/Ce lien a déjà servi : alerte validée par Claire Martin le .*rien n'a été envoyé cette fois/);
		expect(outbox()).toHaveLength(5);
		expect(await approvalOf(alertId)).toMatchObject({ decided_by: 'Claire Martin' });
	}, 240_000);

	it('workflow 2: an expired link says so and sends nothing', async () => {
		const asked = approvalMails().length;
		const { waitingUrl } = await alertForm('alerte-x', 'Un individu a tenté de payer avec un faux billet de 20 euros.');
		await nextPage((await submitPage(waitingUrl, ["Envoyer l'alerte"])).waitingUrl!);
		await waitFor(() => approvalMails().length === asked + 1, 30_000);
		const link = linkOf(asked);
		// The link lasts 0.01 minute in this copy: wait until it is past, by the clock.
		await waitFor(async () => Date.now() > (approvalMails()[asked].date?.getTime() ?? Date.now()) + 2_000, 10_000);
		const before = outbox().length;
		const expired = await openLink(link);
		expect(pageText(expired.html)).toMatch(/Ce lien a expiré le \d\d\/\d\d\/\d{4} à \d\d:\d\d\. Rien n'a été envoyé/);
		expect(outbox()).toHaveLength(before);
	}, 120_000);

	it('workflow 7: the end of alert waits for the approver, goes once, and a second use sends nothing', async () => {
		const asked = approvalMails().length;
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/fin-alerte`, [alertId, 'Individu interpellé.'], basic(OPERATOR));
		await nextPage(started.waitingUrl!);
		expect(pageText(await nextPage((await submitPage(started.waitingUrl!, ["Envoyer la fin d'alerte"])).waitingUrl!))).toContain("Rien n'est encore envoyé");
		await waitFor(() => approvalMails().length === asked + 1, 30_000);
		const before = outbox().length;
		expect(String(approvalMails()[asked].html)).toContain("commerces qui ont reçu l'alerte d'origine");
		const link = linkOf(asked);
		const opened = await openLink(link, 'Jeanne Roux');
		expect(pageText(opened.html)).toContain("Fin d'alerte");
		const report = await decide(opened.waitingUrl, "Envoyer l'alerte");
		expect(report).toContain('Envoyés : 5 sur 5');
		expect(report).toContain('Alerte validée par Jeanne Roux');
		const sent = outbox().slice(before);
		expect(sent.map((m) => m.to).sort()).toEqual(issoirePhones);
		expect(sent.every((m) => m.text.includes("Fin d'alerte"))).toBe(true);

		const again = await openLink(link, 'Jeanne Roux');
		expect(pageText(again.html)).toContain('Ce lien a déjà servi');
		expect(outbox()).toHaveLength(before + 5);
	}, 240_000);

	it('workflow 7: a refusal is recorded and sends nothing; the link then says it was refused', async () => {
		const asked = approvalMails().length;
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/fin-alerte`, [alertId, 'Second essai.'], basic(OPERATOR));
		await nextPage(started.waitingUrl!);
		await nextPage((await submitPage(started.waitingUrl!, ["Envoyer la fin d'alerte"])).waitingUrl!);
		await waitFor(() => approvalMails().length === asked + 1, 30_000);
		const before = outbox().length;
		const link = linkOf(asked);
		const opened = await openLink(link, 'Paul Durand');
		expect(await decide(opened.waitingUrl, 'Refuser')).toMatch(/Alerte refusée par Paul Durand le .*Rien n'a été envoyé/);
		expect(pageText((await openLink(link)).html)).toMatch(/Ce lien a déjà servi : alerte refusée par Paul Durand/);
		expect(outbox()).toHaveLength(before);
	}, 120_000);

	it('workflow 7: an expired link says so and sends nothing', async () => {
		const asked = approvalMails().length;
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/fin-alerte-x`, [alertId, ''], basic(OPERATOR));
		await nextPage(started.waitingUrl!);
		await nextPage((await submitPage(started.waitingUrl!, ["Envoyer la fin d'alerte"])).waitingUrl!);
		await waitFor(() => approvalMails().length === asked + 1, 30_000);
		const link = linkOf(asked);
		await waitFor(async () => Date.now() > (approvalMails()[asked].date?.getTime() ?? Date.now()) + 2_000, 10_000);
		const before = outbox().length;
		expect(pageText((await openLink(link)).html)).toMatch(/Ce lien a expiré le .*Rien n'a été envoyé/);
		expect(outbox()).toHaveLength(before);
	}, 120_000);

	it('workflow 1, approval off: an email above the cap asks for an approval, whose page shows the summary', async () => {
		const asked = approvalMails().length;
		// The Police Mail Trigger takes it on the mailbox's notification, or at its next sweep.
		await imap.deliver(sample('01-faux-billets-issoire.eml'));
		await waitFor(() => approvalMails().length === asked + 1, 90_000);
		expect(String(approvalMails()[asked].html)).toContain('dépasse le nombre maximal de destinataires');
		// The email and the page show the map as an image from workflow 12 (mail clients and n8n's forms drop inline SVG).
		const src = /<img src="([^"]+)" alt="Carte : \d+ communes? couvertes?, \d+ SMS"/.exec(String(approvalMails()[asked].html))?.[1].replace(/&amp;/g, '&');
		expect(src).toMatch(new RegExp(`^${n8n.url}/webhook/alerte-commerces/carte\\?carte=[A-Za-z0-9_-]+$`));
		const image = await fetch(src!);
		// A PNG, which Gmail and Outlook show (they show no SVG): 800 pixels wide, with the orange of the communes reached.
		expect({ status: image.status, type: image.headers.get('content-type') }).toEqual({ status: 200, type: 'image/png' });
		const picture = decodePng(Buffer.from(await image.arrayBuffer()));
		expect(picture.width).toBe(800);
		expect(countColour(picture, [0xfd, 0xba, 0x74, 255], 4)).toBeGreaterThan(100);
		const broken = await fetch(`${src!.slice(0, -10)}`);
		expect({ status: broken.status, text: await broken.text() }).toEqual({ status: 400, text: 'Carte illisible : le lien est incomplet ou modifié. Rouvrez la page de décision.' });
		const link = linkOf(asked);
		const before = outbox().length;
		if (browser) {
			const context = await browser.newContext({ httpCredentials: { username: APPROVER.user, password: APPROVER.password }, viewport: { width: 800, height: 900 } });
			const page = await context.newPage();
			await page.goto(link);
			await page.locator('input[type="text"]').first().fill('Claire Martin');
			await page.locator('button[type="submit"], #submit-btn').first().click();
			await page.getByText('Alerte à valider').first().waitFor({ timeout: 60_000 });
			await page.waitForFunction("[...document.images].every((i) => i.complete)", undefined, { timeout: 30_000 });
			expect(await page.locator('img[alt^="Carte"]').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
			const file = join(OUT, 'approval-1-page.png');
			await page.screenshot({ path: file, fullPage: true });
			expect(statSync(file).size).toBeGreaterThan(20_000);
			expect(await page.textContent('body')).toContain('Par commune');
			await page.locator('select').first().selectOption({ label: "Envoyer l'alerte" });
			await page.locator('button[type="submit"], #submit-btn').first().click();
			await page.getByText('Alerte envoyée').first().waitFor({ timeout: 60_000 });
			expect(await page.textContent('body')).toContain('Alerte validée par Claire Martin');
			await context.close();
		} else {
			const opened = await openLink(link);
			expect(pageText(await nextPage((await submitPage(opened.waitingUrl, ["Envoyer l'alerte"])).waitingUrl!))).toContain('Alerte validée par Claire Martin');
		}
		await waitFor(() => outbox().length >= before + 5, 30_000);
		expect(outbox().slice(before).map((m) => m.to).sort()).toEqual(expect.arrayContaining(issoirePhones));
		// The police sender's report: counts, the approver, the breakdown.
		await waitFor(() => smtp.messages.some((m) => JSON.stringify(m.to).includes('corg63@gendarmerie.interieur.gouv.fr')), 30_000);
		const report = smtp.messages.find((m) => JSON.stringify(m.to).includes('corg63@gendarmerie.interieur.gouv.fr'))!;
		expect(report.text).toMatch(/Envoyés : \d+ sur \d+/);
		expect(report.text).toContain('Alerte validée par Claire Martin');
		expect(report.text).toContain('Par commune');
	}, 240_000);
});
