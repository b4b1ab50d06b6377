/**
 * Issue 14 end to end, in a real n8n 2.41.1 and Debian's Chromium: a CCI staffer downloads the
 * rules as a CSV matrix (workflow 11, basic auth), changes one cell, uploads it, reads the
 * comparison page and publishes; the next alert of workflow 2 (manual form) and the next police
 * email of workflow 1 (a real Dovecot, approval off) are targeted by the new version; a rollback
 * restores the previous rules for both. Also pictures Sector Targeting's panel with the visual
 * rules filled. Screenshots go to a temp folder, or to docs/screenshots with UPDATE_SCREENSHOTS=1.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { chromiumInstalled, launchChromium, signInToEditor } from '../support/browser';
import { parseCsv } from '../../nodes/shared/csv';
import { openRegistry } from '../../nodes/shared/registry';
import { rulesetStoreOf, type RulesetVersion } from '../../nodes/shared/targeting';
import { adherent, members } from '../support/adherents';
import { dovecotInstalled, startDovecot, type Dovecot } from '../support/dovecot';
import { waitFor } from '../support/net';
import { startSmtp, type SmtpSink } from '../support/smtp';
import { nextPage, pageText, submitForm, submitPage } from '../support/forms';
import { startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';
import { approvalSwitch, republish, templateWorkflow } from '../support/workflows';

const OUT = process.env.UPDATE_SCREENSHOTS ? join(__dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'rules-shots-'));
const OPERATOR = { user: 'operateur', password: 'rules-e2e-pass' };
const basic = `Basic ${Buffer.from(`${OPERATOR.user}:${OPERATOR.password}`).toString('base64')}`;
/** The approvers' login (workflow 11's rules approval page shares it with the alert approvals). */
const APPROVER = { user: 'validation', password: 'rules-approver-pass' };
const ISSOIRE = '63178';
/** Issoire's members: a tabac and a clothes shop (retail: alerted for shoplifting), and a farm (not, by default). */
const TABAC = adherent(901, { naf: '47.26Z', communeInsee: ISSOIRE, name: 'Tabac de la Halle' });
const HABITS = adherent(902, { naf: '47.71Z', communeInsee: ISSOIRE, name: 'Mode Issoire' });
const FERME = adherent(903, { naf: '01.11Z', communeInsee: ISSOIRE, name: 'EARL des Couzes' });

/** Workflow 1 as a département runs it without a second person: a police email goes straight to SMS. */
function emailWorkflow(): WorkflowFile {
	const file = templateWorkflow('01-incident-email-to-sms.json');
	approvalSwitch(file, false);
	return file;
}

/** A gendarmerie fiche for a shoplifting in Issoire; `place` tells its SMS apart. */
const shopliftingEmail = (place: string, reference: string) =>
	[
		'From: CORG 63 <corg63@gendarmerie.interieur.gouv.fr>',
		'To: alerte-commerces@cci63.example',
		`Subject: ALERTE COMMERCES - Vol à l'étalage - Issoire`,
		`Message-ID: <${reference}@gendarmerie.interieur.gouv.fr>`,
		'MIME-Version: 1.0',
		'Content-Type: text/plain; charset=utf-8',
		'Content-Transfer-Encoding: 8bit',
		'',
		"Type : Vol à l'étalage",
		'Commune : Issoire',
		`Lieu : ${place}`,
		'Périmètre : commune',
		'Description : deux individus volent des vêtements en cabine.',
		`Référence : ${reference}`,
		'',
	].join('\r\n');

/** A panel-only workflow: one Sector Targeting node on Visual Rules, as a CCI switches it. */
const PANEL: WorkflowFile = {
	id: 'AlerteReglesPanel',
	name: 'Règles visuelles (capture)',
	nodes: [
		{ id: 'm1', name: 'Essai', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'st1',
			name: 'Sector Targeting',
			type: 'n8n-nodes-alerte-commerces.sectorTargeting',
			typeVersion: 1,
			position: [240, 0],
			parameters: { membersSource: 'registry', rulesetSource: 'visual', dryRun: true },
			credentials: { alerteCommercesRegistry: { id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)' } },
		},
	],
	connections: { Essai: { main: [[{ node: 'Sector Targeting', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

/** Sets one cell of a downloaded CSV matrix, found by its row's and column's codes. */
function setCell(csv: string, type: string, profession: string, value: string): string {
	const rows = parseCsv(csv).rows;
	const column = rows[0].findIndex((h) => h.endsWith(`[${profession}]`));
	const row = rows.findIndex((r) => r[0].endsWith(`[${type}]`));
	if (column < 0 || row < 0) throw new Error(`no cell ${type} × ${profession}`);
	rows[row][column] = value;
	return rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(';')).join('\r\n');
}

(chromiumInstalled() || process.env.CI ? describe : describe.skip)('targeting rules as a spreadsheet (workflow 11) in a real n8n', () => {
	let n8n: N8nServer;
	let browser: Browser;
	let registryPath: string;
	let downloaded = '';
	let imap: Dovecot | undefined;
	let smtp: SmtpSink;
	/** Workflow 1's SMS for a police email about `place`, once `count` of them left (the outbox is shared with workflow 2). */
	const emailAlert = async (place: string, reference: string, count: number): Promise<string[]> => {
		await imap!.deliver(shopliftingEmail(place, reference));
		const sms = () => outbox().filter((m) => m.text.includes(place));
		await waitFor(() => sms().length >= count, 120_000, 250, () => `SMS so far: ${sms().length}`);
		// Room for an SMS too many to show up.
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		return sms().map((m) => m.to).sort();
	};
	const emailIt = dovecotInstalled() || process.env.CI ? it : it.skip;
	const outbox = () => {
		const file = join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl');
		return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { to: string; text: string }) : [];
	};
	const versions = async (): Promise<{ current: RulesetVersion; history: number }> => {
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		try {
			const rulesets = await rulesetStoreOf(store.db);
			return { current: await rulesets.current(), history: (await rulesets.history(100)).length };
		} finally {
			await store.close();
		}
	};
	/** Workflow 2's preview of a shoplifting alert in Issoire: the page's text; the alert is then sent or cancelled. */
	const shopliftingAlert = async (decision: "Envoyer l'alerte" | 'Annuler'): Promise<string> => {
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/alerte`, ["Vol à l'étalage", 'Issoire', '', 'commune', '', 'Deux individus volent des vêtements en cabine.', '', ''], { authorization: basic });
		expect({ status: started.status, next: started.waitingUrl }).toEqual({ status: 200, next: expect.stringContaining('/form-waiting/') });
		const preview = pageText(await nextPage(started.waitingUrl!));
		const answered = await submitPage(started.waitingUrl!, [decision]);
		expect(answered.status).toBe(200);
		await nextPage(answered.waitingUrl!);
		return preview;
	};

	beforeAll(async () => {
		registryPath = join(mkdtempSync(join(tmpdir(), 'e2e-rules-')), 'registry.sqlite');
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		// Two hundred members elsewhere in the Puy-de-Dôme give the comparison a register to replay.
		await store.upsertMany([...members(200).filter((m) => m.communeInsee !== ISSOIRE), TABAC, HABITS, FERME]);
		await store.close();
		const withEmail = dovecotInstalled() || Boolean(process.env.CI);
		smtp = await startSmtp();
		if (withEmail) imap = await startDovecot();
		n8n = await startN8n({
			workflows: [templateWorkflow('02-manual-alert-form.json'), templateWorkflow('11-targeting-rules.json'), PANEL, ...(withEmail ? [emailWorkflow()] : [])],
			publish: ['AlerteFormSms02', 'AlerteRegles11', ...(withEmail ? ['AlerteEmailSms01'] : [])],
			credentials: [
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteFormAuth1', name: 'Formulaires opérateurs (accès)', type: 'httpBasicAuth', data: OPERATOR },
				{ id: 'AlerteSmtp01', name: 'Messagerie de la CCI (SMTP)', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
				{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: APPROVER },
				...(imap
					? [{ id: 'AlerteImap01', name: 'Boîte des alertes (IMAP)', type: 'alerteCommercesImap', data: { user: imap.user, password: imap.password, host: imap.host, port: imap.port, secure: false, allowUnauthorizedCerts: false } }]
					: []),
			],
		});
		browser = await launchChromium();
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await Promise.all([imap?.stop(), smtp?.stop()]);
	}, 60_000);

	it('workflows 1 and 2 take their rules from the register', () => {
		for (const file of ['01-incident-email-to-sms.json', '02-manual-alert-form.json']) {
			const targeting = (templateWorkflow(file).nodes as Array<{ type: string; parameters: { rulesetSource?: string } }>).filter((n) => n.type.endsWith('.sectorTargeting'));
			expect(targeting.length).toBeGreaterThan(0);
			// The node's default is "register": a template may leave it out or say it.
			for (const node of targeting) expect(node.parameters.rulesetSource ?? 'register').toBe('register');
		}
	});

	it('refuses the matrix and the forms to visitors without the operators’ login', async () => {
		for (const path of ['webhook/alerte-commerces/regles/matrice.csv', 'form/alerte-commerces/regles', 'form/alerte-commerces/regles/retour', 'form/alerte-commerces/regles/validation']) {
			expect({ path, status: (await fetch(`${n8n.url}/${path}`)).status }).toEqual({ path, status: 401 });
		}
	});

	it('downloads the rules in force as a CSV matrix: incident types × professions → area', async () => {
		const response = await fetch(`${n8n.url}/webhook/alerte-commerces/regles/matrice.csv`, { headers: { authorization: basic } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/csv');
		expect(response.headers.get('content-disposition')).toContain('regles-alerte-commerces-v0.csv');
		downloaded = await response.text();
		const rows = parseCsv(downloaded).rows;
		expect(rows[0]).toContain('Exploitations agricoles [agriculteur]');
		const shoplifting = rows.find((r) => r[0] === "Vol à l'étalage [vol_etalage]")!;
		expect(shoplifting[rows[0].indexOf('Commerces de détail (tous) [commerce-detail]')]).toBe('commune');
		expect(shoplifting[rows[0].indexOf('Exploitations agricoles [agriculteur]')]).toBe('');
		expect(downloaded).toContain('règles par défaut du paquet');
	});

	it('refuses a matrix with invalid cells, each by row and column, and publishes nothing', async () => {
		let bad = setCell(downloaded, 'vol_etalage', 'agriculteur', 'la ville');
		bad = setCell(bad, 'agression', 'pharmacie', '500 km');
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/regles`, [{ filename: 'regles.csv', type: 'text/csv', content: bad }, 'Claire Martin', 'essai'], { authorization: basic });
		expect(started.status).toBe(200);
		const page = pageText(await nextPage(started.waitingUrl!));
		expect(page).toContain('Matrice refusée');
		expect(page).toMatch(/ligne 4, colonne \d+ \([A-Z]+4\) : « la ville » n’est pas une zone d’alerte/);
		expect(page).toMatch(/ligne 12, colonne \d+ \([A-Z]+12\) : rayon « 500 km » impossible/);
		expect(await versions()).toMatchObject({ current: { version: 0 }, history: 0 });
	}, 120_000);

	it('a rollback before any publication says there is nothing to restore, and changes nothing', async () => {
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/regles/retour`, ['Claire Martin', ''], { authorization: basic });
		expect(started.status).toBe(200);
		const page = pageText(await nextPage(started.waitingUrl!));
		expect(page).toContain('Rien à restaurer');
		expect(page).toContain("Aucune version n'a encore été publiée");
		expect(await versions()).toMatchObject({ current: { version: 0 }, history: 0 });
	}, 120_000);

	it('before the change, a shoplifting alert reaches the shops of the commune, not the farm', async () => {
		const preview = await shopliftingAlert('Annuler');
		expect(preview).toContain('Destinataires : 2 commerces');
		expect(preview).toContain('règle vol-etalage-commune');
	}, 120_000);

	it('a CCI staffer uploads a changed cell, reads the comparison, and publishes version 1', async () => {
		const changed = setCell(downloaded, 'vol_etalage', 'agriculteur', 'commune');
		const context = await browser.newContext({ httpCredentials: { username: OPERATOR.user, password: OPERATOR.password }, viewport: { width: 1000, height: 1300 } });
		const page = await context.newPage();
		await page.goto(`${n8n.url}/form/alerte-commerces/regles`);
		await page.getByText('Alerte Commerces — règles de ciblage').first().waitFor();
		await page.locator('input[type="file"]').setInputFiles({ name: 'regles-alerte-commerces-v0.csv', mimeType: 'text/csv', buffer: Buffer.from(changed, 'utf8') });
		const inputs = page.locator('input[type="text"]');
		await inputs.nth(0).fill('Claire Martin');
		await inputs.nth(1).fill("vols à l'étalage : prévenir aussi les exploitations de la commune");
		await page.screenshot({ path: join(OUT, 'rules-1-upload.png'), fullPage: true });
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await waitForPage(page, 'Vérifiez avant de publier', 'rules-2-failed.png');
		const text = await page.innerText('body');
		expect(text).toContain('Cellules modifiées : 1');
		expect(text).toContain("Vol à l'étalage × Exploitations agricoles : (vide) → commune");
		expect(text).toMatch(/Effet sur une année : 80 alertes d’une année simulée/);
		expect(text).toMatch(/En vigueur \(v0\)\s+Proposée\s+Écart/);
		expect(text).toMatch(/SMS envoyés dans l’année\s+[\d\u202f\u00a0]+\s+[\d\u202f\u00a0]+\s+\+1\b/);
		expect(text).toContain('Alertes par adhérent');
		expect(text).toContain('Plus d’alertes : 1 adhérent');
		expect(text).toContain('EARL des Couzes (Issoire) : 2 → 3 alertes (+1)');
		await page.screenshot({ path: join(OUT, 'rules-2-comparison.png'), fullPage: true });
		// Nothing is published before the confirmation.
		expect((await versions()).history).toBe(0);
		await page.locator('select').first().selectOption({ label: 'Publier la nouvelle version' });
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await waitForPage(page, 'Règles publiées', 'rules-3-failed.png');
		expect(await page.textContent('body')).toContain('Version 1 publiée par Claire Martin');
		await context.close();
		const { current } = await versions();
		expect(current).toMatchObject({ version: 1, author: 'Claire Martin', reason: "vols à l'étalage : prévenir aussi les exploitations de la commune" });
		expect(current.ruleset.rules.map((r) => r.name)).toContain('vol-etalage-commune-2');
	}, 180_000);

	it('the next alert of workflow 2 is targeted by version 1: the farm gets the SMS', async () => {
		const before = outbox().length;
		const preview = await shopliftingAlert("Envoyer l'alerte");
		expect(preview).toContain('Destinataires : 3 commerces');
		expect(preview).toContain('vol-etalage-commune-2');
		const sent = outbox().slice(before).map((m) => m.to).sort();
		expect(sent).toEqual([TABAC, HABITS, FERME].map((m) => m.phones[0]).sort());
	}, 120_000);

	emailIt('the next police email (workflow 1) is targeted by version 1 too: the farm gets the SMS', async () => {
		expect(await emailAlert('halle aux grains', 'CORG63-2026-3101', 3)).toEqual([TABAC, HABITS, FERME].map((m) => m.phones[0]).sort());
	}, 180_000);

	it('a rollback restores the previous rules for the next alert', async () => {
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/regles/retour`, ['Claire Martin', 'les exploitations trouvent ces SMS inutiles'], { authorization: basic });
		expect(started.status).toBe(200);
		expect(pageText(await nextPage(started.waitingUrl!))).toContain('Version 2 publiée : copie de la version 0');
		const { current, history } = await versions();
		expect({ version: current.version, restores: current.restores, history }).toEqual({ version: 2, restores: 0, history: 2 });
		const preview = await shopliftingAlert('Annuler');
		expect(preview).toContain('Destinataires : 2 commerces');
		expect(preview).not.toContain('vol-etalage-commune-2');
	}, 120_000);

	emailIt('after the rollback, the next police email reaches the shops again, not the farm', async () => {
		expect(await emailAlert('place du marché', 'CORG63-2026-3102', 2)).toEqual([TABAC, HABITS].map((m) => m.phones[0]).sort());
	}, 180_000);

	it('with approval required, an upload only proposes: a second person publishes it from the emailed link, once', async () => {
		await republish(n8n, 'AlerteRegles11', (workflow) => approvalSwitch(workflow, true));
		const before = await versions();
		const mails = () => smtp.messages.filter((m) => JSON.stringify(m.to).includes('validation@cci63.example') && /^Règles de ciblage à valider/.test(m.subject ?? ''));
		const changed = setCell(downloaded, 'vol_etalage', 'agriculteur', 'commune');
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/regles`, [{ filename: 'regles.csv', type: 'text/csv', content: changed }, 'Claire Martin', 'prévenir aussi les exploitations'], { authorization: basic });
		expect(started.status).toBe(200);
		expect(pageText(await nextPage(started.waitingUrl!))).toContain('Vérifiez avant de publier');
		const proposed = await submitPage(started.waitingUrl!, ['Publier la nouvelle version']);
		expect(pageText(await nextPage(proposed.waitingUrl!))).toMatch(/En attente de validation.*Rien n'est encore publié/s);
		expect((await versions()).history).toBe(before.history);

		await waitFor(() => mails().length === 1, 30_000, 200);
		const mail = mails()[0];
		expect(mail.subject).toBe('Règles de ciblage à valider : prévenir aussi les exploitations');
		const html = String(mail.html);
		expect(html).toContain('Claire Martin propose une nouvelle version des règles de ciblage');
		// The comparison replays the journal's alerts (the ones sent above): the farm gains some.
		const [, was, will] = /EARL des Couzes \(Issoire\) : (\d+) → (\d+) alertes/.exec(html) ?? [];
		expect(Number(will)).toBeGreaterThan(Number(was));
		const link = /href="([^"]+jeton=[A-Za-z0-9_-]+)"/.exec(html)?.[1] ?? '';
		const url = new URL(link);
		expect(url.pathname).toBe('/form/alerte-commerces/regles/validation');
		const approverAuth = { authorization: `Basic ${Buffer.from(`${APPROVER.user}:${APPROVER.password}`).toString('base64')}` };

		// The proposer cannot approve their own change; the link stays open for someone else.
		const own = await submitForm(`${url.origin}${url.pathname}`, [url.searchParams.get('jeton') ?? '', 'claire martin'], approverAuth);
		expect(pageText(await nextPage(own.waitingUrl!))).toContain('Changement de règles à valider');
		const ownDecision = await submitPage(own.waitingUrl!, ['Publier la nouvelle version']);
		expect(pageText(await nextPage(ownDecision.waitingUrl!))).toMatch(/Claire Martin a proposé ce changement : une seconde personne doit le valider/);
		expect((await versions()).history).toBe(before.history);

		const context = await browser.newContext({ httpCredentials: { username: APPROVER.user, password: APPROVER.password }, viewport: { width: 1000, height: 1300 } });
		const page = await context.newPage();
		await page.goto(link);
		await page.locator('input[type="text"]').first().fill('Luc Bernard');
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await waitForPage(page, 'Changement de règles à valider', 'rules-4-failed.png');
		const text = await page.innerText('body');
		expect(text).toMatch(/Proposé par Claire Martin le .* : « prévenir aussi les exploitations »/);
		expect(text).toContain("Vol à l'étalage × Exploitations agricoles : (vide) → commune");
		await page.screenshot({ path: join(OUT, 'rules-4-approval.png'), fullPage: true });
		await page.locator('select').first().selectOption({ label: 'Publier la nouvelle version' });
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await waitForPage(page, 'Règles publiées', 'rules-5-failed.png');
		expect(await page.textContent('body')).toContain(`Version ${before.current.version + 1} publiée : proposée par Claire Martin (« prévenir aussi les exploitations »), validée par Luc Bernard.`);
		await context.close();
		const { current } = await versions();
		expect(current).toMatchObject({ version: before.current.version + 1, author: 'Claire Martin', approvedBy: 'Luc Bernard' });

		// The link worked once; the next alert uses the approved rules.
		const again = await submitForm(`${url.origin}${url.pathname}`, [url.searchParams.get('jeton') ?? '', 'Anne Roux'], approverAuth);
		expect(pageText(await nextPage(again.waitingUrl!))).toMatch(/Ce lien a déjà servi : proposition validée par Luc Bernard/);
		expect(await shopliftingAlert('Annuler')).toContain('Destinataires : 3 commerces');
	}, 240_000);

	it('shows Sector Targeting’s visual rules filled with the rules in force in the editor', async () => {
		const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await signInToEditor(page, n8n);
		await page.goto(`${n8n.url}/workflow/AlerteReglesPanel/st1`); // n8n opens a node's panel from its id in the URL
		await page.getByText('Add Rule').first().waitFor({ timeout: 60_000 });
		const names = async () => page.locator('input').evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
		await page.waitForFunction("[...document.querySelectorAll('input')].some((i) => i.value === 'cambriolage-voisinage')", undefined, { timeout: 30_000 });
		expect(await names()).toEqual(expect.arrayContaining(['cambriolage-voisinage', 'vol-etalage-commune']));
		await page.waitForTimeout(1000); // let the panel settle before the picture
		await page.screenshot({ path: join(OUT, 'sector-targeting-visual-rules.png') });
		await page.close();
	}, 120_000);
});

/** Waits for the next form page by its text; if it never comes, pictures what came instead. */
async function waitForPage(page: Page, text: string, failedShot: string): Promise<void> {
	await page
		.getByText(text)
		.first()
		.waitFor({ timeout: 60_000 })
		.catch(async (error: Error) => {
			await page.screenshot({ path: join(OUT, failedShot), fullPage: true });
			throw error;
		});
}
