/**
 * The scheme as a person sees it: Debian's Chromium (playwright-core) opens workflow 1 in the n8n
 * editor, fills the manual alert form up to its confirmation page, and signs a business up on the
 * public form, typing the code it received by SMS (read from the Sandbox outbox). Screenshots go to a temp
 * folder, or to docs/screenshots with UPDATE_SCREENSHOTS=1 (then look at them before committing).
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { chromiumInstalled, launchChromium, signInToEditor } from '../support/browser';
import { openRegistry } from '../../nodes/shared/registry';
import { adherent, members } from '../support/adherents';
import { startSirene, useSirene } from '../support/sirene';
import { startN8n, type N8nServer } from '../support/n8n-server';
import { templateWorkflow } from '../support/workflows';

const OUT = process.env.UPDATE_SCREENSHOTS ? join(__dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'screenshots-'));
const OPERATOR = { username: 'operateur', password: 'form-shot-pass' };

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

(chromiumInstalled() || process.env.CI ? describe : describe.skip)('seen in Chromium', () => {
	let n8n: N8nServer;
	let browser: Browser;
	let sirene: Awaited<ReturnType<typeof startSirene>>;

	beforeAll(async () => {
		const registryPath = join(mkdtempSync(join(tmpdir(), 'shots-')), 'registry.sqlite');
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		await store.upsertMany(members(400));
		await store.close();
		sirene = await startSirene();
		const signUp = templateWorkflow('03-member-sign-up.json');
		useSirene([signUp], sirene.url);
		n8n = await startN8n({
			workflows: [templateWorkflow('01-incident-email-to-sms.json'), templateWorkflow('02-manual-alert-form.json'), signUp, templateWorkflow('12-decision-map.json')],
			publish: ['AlerteFormSms02', 'AlerteInscr03', 'AlerteCarte12'],
			credentials: [
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteFormAuth1', name: 'Formulaires opérateurs (accès)', type: 'httpBasicAuth', data: { user: OPERATOR.username, password: OPERATOR.password } },
				{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: { user: 'validation', password: 'approve-shot-pass' } },
			],
		});
		browser = await launchChromium();
	}, 600_000);

	afterAll(async () => {
		await browser?.close();
		await n8n?.stop();
		await sirene?.close();
	}, 60_000);

	it('shows workflow 1 in the n8n editor', async () => {
		const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		await signInToEditor(page, n8n);
		await page.goto(`${n8n.url}/workflow/AlerteEmailSms01`);
		await page.getByText('Alert Composer').first().waitFor({ timeout: 60_000 });
		await page.getByText('SMS Dispatch').first().waitFor();
		await page.waitForTimeout(1500); // let the canvas settle before the picture
		const file = join(OUT, 'workflow-1-editor.png');
		await page.screenshot({ path: file });
		expect(statSync(file).size).toBeGreaterThan(20_000);
		// The trigger's panel: what a CCI sets for the police mailbox, with the health option shown.
		await page.goto(`${n8n.url}/workflow/AlerteEmailSms01/n1`); // n8n opens a node's panel from its id in the URL
		await page.getByText('Handled Emails').first().waitFor({ timeout: 60_000 });
		await page.getByPlaceholder('Add option').first().click();
		await page.getByText('Health Alarm After (Minutes)').last().click();
		await page.waitForTimeout(1000);
		const panel = join(OUT, 'police-mail-trigger-panel.png');
		await page.screenshot({ path: panel });
		await page.close();
	}, 120_000);

	it('fills the manual alert form and reaches the confirmation page with the SMS preview', async () => {
		const context = await browser.newContext({ httpCredentials: OPERATOR, viewport: { width: 900, height: 1300 } });
		const page = await context.newPage();
		await page.goto(`${n8n.url}/form/alerte-commerces/alerte`);
		await page.getByText('Alerte Commerces — nouvelle alerte').first().waitFor();
		await page.locator('select').first().selectOption({ label: 'Faux billets' });
		const inputs = page.locator('input[type="text"], textarea');
		await inputs.nth(0).fill('Issoire');
		await inputs.nth(1).fill('centre-ville, rue de la République');
		await page.locator('select').nth(1).selectOption({ label: 'agglomération' });
		await page.locator('textarea').first().fill('Plusieurs billets de 50 euros contrefaits écoulés dans les commerces du centre.');
		await page.screenshot({ path: join(OUT, 'form-1-incident.png'), fullPage: true });
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await waitForPage(page, 'Vérifiez avant d', 'form-2-failed.png');
		const text = await page.textContent('body');
		expect(text).toContain('Faux billets');
		expect(text).toMatch(/Destinataires : \d+ commerces?, \d+ SMS/);
		expect(text).toContain('Par commune');
		// The map: an image from workflow 12's webhook, drawn from its link (the form drops inline SVG).
		const map = page.locator('img[alt^="Carte"]');
		await map.waitFor();
		await page.waitForFunction("[...document.images].every((i) => i.complete)", undefined, { timeout: 30_000 });
		expect(await map.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
		await page.screenshot({ path: join(OUT, 'form-2-confirmation.png'), fullPage: true });
		await context.close();
	}, 120_000);

	it('signs a business up on the public form: code page, then confirmation', async () => {
		const context = await browser.newContext({ viewport: { width: 900, height: 1400 } });
		const page = await context.newPage();
		await page.goto(`${n8n.url}/form/alerte-commerces/inscription`);
		await page.getByText('Alerte Commerces — inscription').first().waitFor();
		const text = page.locator('input[type="text"]');
		await text.nth(0).fill(adherent(900).siret.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 '));
		await text.nth(1).fill('Bijouterie des Volcans');
		await text.nth(2).fill('Or et Volcans');
		await text.nth(3).fill('47.77Z');
		await text.nth(4).fill('06 45 00 09 00');
		await text.nth(5).fill('63500');
		await text.nth(6).fill('Issoire');
		await page.locator('input[type="email"]').first().fill('contact@or-et-volcans.example');
		await page.locator('input[type="checkbox"]').first().check();
		await page.screenshot({ path: join(OUT, 'signup-1-form.png'), fullPage: true });
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await waitForPage(page, 'Confirmez votre numéro', 'signup-2-failed.png');
		await page.screenshot({ path: join(OUT, 'signup-2-code.png'), fullPage: true });
		expect(await page.textContent('body')).toContain('+336 •• •• •• 00');
		const outbox = readFileSync(join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl'), 'utf8');
		const code = /code de confirmation est (\d{6})/.exec(outbox)?.[1];
		expect(code).toMatch(/^\d{6}$/);
		await page.locator('input[type="text"]').first().fill(code!);
		await page.locator('button[type="submit"], #submit-btn').first().click();
		await page.getByText('Inscription confirmée').first().waitFor({ timeout: 60_000 });
		await page.screenshot({ path: join(OUT, 'signup-3-confirmed.png'), fullPage: true });
		await context.close();
	}, 120_000);
});
