/**
 * Workflow 10, "Mon adhésion", in a real n8n 2.41.1: a member identifies with its SIRET and one of
 * its mobiles, types the code the Sandbox outbox received, and acts on its membership. The alerts
 * go through workflow 2 (the manual alert form) on the same register, so "skipped while paused" is
 * what SMS Dispatch really sent. The CCI's digest runs with `n8n execute` and reaches a loopback
 * SMTP sink. Chromium (playwright-core) pictures the page's steps; UPDATE_SCREENSHOTS=1 writes them
 * to docs/screenshots (look at them before committing).
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { chromiumInstalled, launchChromium } from '../support/browser';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { openRegistry } from '../../nodes/shared/registry';
import { adherent } from '../support/adherents';
import { nextPage, pageText, submitForm, submitPage } from '../support/forms';
import { waitFor } from '../support/net';
import { startSmtp, type SmtpSink } from '../support/smtp';
import { startN8n, type N8nServer } from '../support/n8n-server';
import { templateWorkflow } from '../support/workflows';

const OPERATOR = { user: 'operateur', password: 'form-e2e-pass' };
const basic = `Basic ${Buffer.from(`${OPERATOR.user}:${OPERATOR.password}`).toString('base64')}`;
const SHOTS = process.env.UPDATE_SCREENSHOTS ? join(__dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'self-shots-'));
const PAUSE = 'Mettre mes alertes en pause';
const RESUME = 'Reprendre mes alertes';

/** Members of Issoire (tobacconists: counterfeit notes reach them), each with phones enough for one session an hour per phone. */
const M = {
	pauser: adherent(11, { phones: ['+33610000011', '+33645000011'], tradeName: 'Tabac de la Halle', memberUntil: '2027-03-31', email: 'halle@example.test' }),
	mover: adherent(12, { phones: ['+33610000012', '+33645000012'] }),
	wrong: adherent(13, { phones: ['+33610000013'] }),
	leaver: adherent(14, { phones: ['+33610000014'] }),
	other: adherent(15, { phones: ['+33610000015', '+33645000015', '+33745000015'] }),
	shown: adherent(16, { phones: ['+33610000016', '+33645000016'], tradeName: 'Le Balto', memberUntil: '2027-06-30' }),
};

describe('Mon adhésion (workflow 10) in a real n8n', () => {
	let n8n: N8nServer;
	let smtp: SmtpSink;
	let registryPath: string;
	const outbox = () =>
		existsSync(join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl'))
			? readFileSync(join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: string; text: string })
			: [];
	const codeSentTo = (phone: string) => /Mon adhésion est (\d{6})/.exec(outbox().filter((m) => m.to === phone).at(-1)?.text ?? '')?.[1];
	const registry = async <T>(fn: (store: Awaited<ReturnType<typeof openRegistry>>) => Promise<T>): Promise<T> => {
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		try {
			return await fn(store);
		} finally {
			await store.close();
		}
	};
	const form = () => `${n8n.url}/form/alerte-commerces/mon-adhesion`;

	/** Identifies with SIRET and mobile, types the code from the outbox; returns the waiting URL and the member's page. */
	async function signIn(siret: string, typed: string, e164: string): Promise<{ url: string; page: string }> {
		const started = await submitForm(form(), [siret, typed]);
		const codePage = pageText(await nextPage(started.waitingUrl!));
		expect(codePage).toContain(`${e164.slice(0, 4)} •• •• •• ${e164.slice(-2)}`);
		const code = codeSentTo(e164);
		expect(code).toMatch(/^\d{6}$/);
		const entered = await submitPage(started.waitingUrl!, [code!]);
		return { url: entered.waitingUrl!, page: pageText(await nextPage(entered.waitingUrl!)) };
	}

	/** Picks an action on the member's page; returns the next page's text. */
	async function choose(url: string, action: string): Promise<{ url: string; page: string }> {
		// Radio buttons travel as a JSON array, as the page's script sends them.
		const next = await submitPage(url, [[action]]);
		return { url: next.waitingUrl!, page: pageText(await nextPage(next.waitingUrl!)) };
	}

	/** Sends a counterfeit-notes alert for Issoire through workflow 2; returns the phones it reached. */
	async function alertIssoire(description: string): Promise<string[]> {
		const before = outbox().length;
		const started = await submitForm(`${n8n.url}/form/alerte-commerces/alerte`, ['Faux billets', 'Issoire', '', 'commune', '', description, '', ''], { authorization: basic });
		await nextPage(started.waitingUrl!);
		const confirmed = await submitPage(started.waitingUrl!, ["Envoyer l'alerte"]);
		expect(pageText(await nextPage(confirmed.waitingUrl!))).toMatch(/Alerte envoyée Envoyés : (\d+) sur \1 /);
		return outbox()
			.slice(before)
			.map((m) => m.to)
			.sort();
	}

	beforeAll(async () => {
		registryPath = join(mkdtempSync(join(tmpdir(), 'e2e-self-')), 'registry.sqlite');
		await openRegistry({ kind: 'embedded', path: registryPath }).then(async (store) => {
			await store.upsertMany(Object.values(M));
			await store.close();
		});
		smtp = await startSmtp();
		n8n = await startN8n({
			workflows: [templateWorkflow('02-manual-alert-form.json'), templateWorkflow('10-mon-adhesion.json')],
			credentials: [
				{ id: 'AlerteRegistry01', name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: registryPath } },
				{ id: 'AlerteFormAuth1', name: 'Formulaires opérateurs (accès)', type: 'httpBasicAuth', data: OPERATOR },
				{ id: 'AlerteSmtp01', name: 'Messagerie de la CCI (SMTP)', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
			],
		});
		await waitFor(async () => (await fetch(form())).status !== 404, 30_000);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await smtp?.stop();
	}, 60_000);

	const everyone = Object.values(M).flatMap((m) => m.phones).sort();

	it('a member pauses its alerts through the page, is skipped by the next alert, and resumes', async () => {
		expect(await alertIssoire('Billets de 50 euros contrefaits, premier signalement.')).toEqual(everyone);

		const session = await signIn(M.pauser.siret, '06 10 00 00 11', '+33610000011');
		expect(session.page).toContain('Ce que le registre contient');
		expect(session.page).toContain('Tabac de la Halle');
		expect(session.page).toMatch(/Alertes reçues en \d{4} : 1/);
		expect(session.page).toContain('Faux billets');
		const paused = await choose(session.url, PAUSE);
		expect(paused.page).toContain('Vous ne recevez plus les alertes');
		expect((await registry((s) => s.get(M.pauser.siret)))?.optOuts.map((o) => o.phone)).toEqual(M.pauser.phones);

		const reached = await alertIssoire('Billets de 20 euros contrefaits, second signalement.');
		expect(reached).toEqual(everyone.filter((p) => !M.pauser.phones.includes(p)));

		// One code per phone and hour: the first phone is refused, the other one gets its code.
		const count = outbox().length;
		const again = await submitForm(form(), [M.pauser.siret, '0610000011']);
		expect(pageText(await nextPage(again.waitingUrl!))).toContain('Code déjà envoyé');
		expect(outbox()).toHaveLength(count);
		const second = await signIn(M.pauser.siret, '+33 6 45 00 00 11', '+33645000011');
		expect(second.page).toContain('Vos alertes sont en pause');
		expect((await choose(second.url, RESUME)).page).toContain('Vous recevez de nouveau les alertes');
		expect((await registry((s) => s.get(M.pauser.siret)))?.optOuts).toEqual([]);
		expect((await registry((s) => s.changes({ siret: M.pauser.siret }))).map((c) => [c.action, c.source])).toEqual([
			['paused', 'Mon adhésion'],
			['resumed', 'Mon adhésion'],
		]);
	}, 240_000);

	it('a phone change takes effect only once the new number’s own code is typed', async () => {
		const session = await signIn(M.mover.siret, '06 10 00 00 12', '+33610000012');
		const asked = await choose(session.url, 'Changer ou ajouter un mobile');
		expect(asked.page).toContain('Le nouveau numéro recevra un code');
		const sent = await submitPage(asked.url, ['07 45 00 00 12', ['remplace celui avec lequel je me suis identifié']]);
		const confirm = pageText(await nextPage(sent.waitingUrl!));
		expect(confirm).toContain('+337 •• •• •• 12');
		// The code went to the new number; the register has not changed yet.
		const code = codeSentTo('+33745000012');
		expect(code).toMatch(/^\d{6}$/);
		expect((await registry((s) => s.get(M.mover.siret)))?.phones).toEqual(M.mover.phones);
		const done = await submitPage(sent.waitingUrl!, [code!]);
		expect(pageText(await nextPage(done.waitingUrl!))).toContain('Le nouveau numéro remplace l');
		expect((await registry((s) => s.get(M.mover.siret)))?.phones).toEqual(['+33645000012', '+33745000012']);
		const [change] = await registry((s) => s.changes({ siret: M.mover.siret }));
		expect(change).toMatchObject({ action: 'phoneReplaced', source: 'Mon adhésion', detail: '+336••••••12 remplacé par +337••••••12' });
	}, 240_000);

	it('a wrong code for the new number changes nothing; a landline is refused before any SMS', async () => {
		const session = await signIn(M.wrong.siret, '06 10 00 00 13', '+33610000013');
		const asked = await choose(session.url, 'Changer ou ajouter un mobile');
		const sent = await submitPage(asked.url, ['07 45 00 00 13', ["s'ajoute à mes numéros"]]);
		await nextPage(sent.waitingUrl!);
		const code = codeSentTo('+33745000013')!;
		const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
		const done = await submitPage(sent.waitingUrl!, [wrong]);
		expect(pageText(await nextPage(done.waitingUrl!))).toContain('Code incorrect');
		expect((await registry((s) => s.get(M.wrong.siret)))?.phones).toEqual(M.wrong.phones);

		const other = await signIn(M.other.siret, '06 10 00 00 15', '+33610000015');
		const count = outbox().length;
		const landline = await submitPage((await choose(other.url, 'Changer ou ajouter un mobile')).url, ['04 73 00 00 15', ["s'ajoute à mes numéros"]]);
		expect(pageText(await nextPage(landline.waitingUrl!))).toContain('un mobile français');
		expect(outbox()).toHaveLength(count);
	}, 240_000);

	it('corrects the commune, downloads the data, asks for renewal', async () => {
		const first = await signIn(M.other.siret, '06 45 00 00 15', '+33645000015');
		const place = await choose(first.url, 'Corriger ma commune');
		expect(place.page).toContain('enregistré à Issoire');
		const moved = await submitPage(place.url, ['63000', 'Clermont-Ferrand']);
		expect(pageText(await nextPage(moved.waitingUrl!))).toContain('désormais rattaché à Clermont-Ferrand');
		expect(await registry((s) => s.get(M.other.siret))).toMatchObject({ communeInsee: '63113', city: 'Clermont-Ferrand' });

		const second = await signIn(M.other.siret, '07 45 00 00 15', '+33745000015');
		const download = await submitPage(second.url, [['Télécharger mes données (fichier)']]);
		// The completion page carries the file and its script starts the download, as n8n renders it.
		const completion = await nextPage(download.waitingUrl!);
		const embedded = /decodeURIComponent\("([^"]+)"\)/.exec(completion)?.[1];
		expect(embedded).toBeDefined();
		const [file] = JSON.parse(decodeURIComponent(embedded!)) as Array<{ fileName: string; type: string; data: string | { type: 'Buffer'; data: number[] } }>;
		expect(file).toMatchObject({ fileName: `mes-donnees-alerte-commerces-${M.other.siret}.json`, type: 'application/json' });
		const body = (typeof file.data === 'string' ? Buffer.from(file.data, 'latin1') : Buffer.from(file.data.data)).toString('utf8');
		const data = JSON.parse(body) as Array<{ adherent: { siret: string; city: string }; changements: Array<{ action: string }> }>;
		expect(data[0].adherent).toMatchObject({ siret: M.other.siret, city: 'Clermont-Ferrand' });
		expect(data[0].changements.map((c) => c.action)).toEqual(['communeChanged']);

		const third = await signIn(M.shown.siret, '06 10 00 00 16', '+33610000016');
		expect((await choose(third.url, 'Renouveler mon adhésion')).page).toContain("jusqu'au 30/06/2027");
		expect((await registry((s) => s.changes({ siret: M.shown.siret }))).map((c) => c.action)).toEqual(['renewalRequested']);
	}, 240_000);

	it('leaving erases the member, and its numbers leave the dispatch ledger', async () => {
		const phone = M.leaver.phones[0];
		expect(await registry(async (s) => (await s.db.query('SELECT message_id AS alert_id FROM dispatch_ledger WHERE phone = ?', [phone])).length)).toBeGreaterThan(0);
		const session = await signIn(M.leaver.siret, '06 10 00 00 14', phone);
		const confirm = await choose(session.url, 'Quitter le dispositif et effacer mes données');
		expect(confirm.page).toContain('seront effacés');
		const erased = await submitPage(confirm.url, [['Je confirme : effacer mon adhésion et mes données']]);
		expect(pageText(await nextPage(erased.waitingUrl!))).toContain('Votre adhésion et vos numéros sont effacés');
		expect(await registry((s) => s.get(M.leaver.siret))).toBeUndefined();
		expect(await registry((s) => s.db.query('SELECT message_id AS alert_id FROM dispatch_ledger WHERE phone = ?', [phone]))).toEqual([]);
		expect(await registry((s) => s.changes({ siret: M.leaver.siret }))).toEqual([expect.objectContaining({ action: 'erased', source: 'Mon adhésion' })]);
		// The counts stay: the ledger rows are there, their number is gone.
		expect(await registry(async (s) => (await (await ledgerOf(s.db)).periodStatistics(0, Date.now() + 1)).recipients)).toBeGreaterThan(0);
	}, 240_000);

	it('answers an unknown SIRET and a number that is not the member’s alike, and sends no code', async () => {
		const count = outbox().length;
		for (const [siret, phone] of [
			[adherent(99).siret, '06 10 00 00 99'],
			[M.shown.siret, '06 10 00 00 11'],
			[M.shown.siret, '04 73 00 00 16'],
			['123', '06 10 00 00 16'],
		]) {
			const started = await submitForm(form(), [siret, phone]);
			expect(pageText(await nextPage(started.waitingUrl!))).toContain('Aucune adhésion ne correspond à ce SIRET et à ce mobile');
		}
		expect(outbox()).toHaveLength(count);
	}, 120_000);

	it('sends the CCI a digest of the day’s changes, with their time and source, numbers masked', async () => {
		const printed = await n8n.execute('AlerteAdhesion10');
		expect(printed).not.toMatch(/error/i);
		await waitFor(() => smtp.messages.some((m) => m.subject?.includes('changement')), 30_000);
		const digest = smtp.messages.find((m) => m.subject?.includes('changement'))!;
		expect(JSON.stringify(digest.to)).toContain('adhesions@cci63.example');
		for (const text of ['Tabac de la Halle', 'alertes mises en pause', 'alertes reprises', 'mobile remplacé', 'commune corrigée', 'renouvellement demandé', 'adhésion quittée', 'Mon adhésion', 'Demandes de renouvellement à traiter : 1']) {
			expect(digest.text).toContain(text);
		}
		expect(digest.text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2} : alertes mises en pause/);
		expect(digest.text).not.toMatch(/45 ?00 ?00 ?12|10 ?00 ?00 ?14/);
	}, 120_000);

	(chromiumInstalled() ? describe : describe.skip)('seen in Chromium', () => {
		let browser: Browser;
		beforeAll(async () => {
			browser = await launchChromium();
		});
		afterAll(async () => browser?.close());

		it('pictures each step: identification, code, the member’s page, pause', async () => {
			const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
			const submit = () => page.locator('button[type="submit"], #submit-btn').first().click();
			await page.goto(form());
			await page.getByText('Alerte Commerces — mon adhésion').first().waitFor();
			const text = page.locator('input[type="text"]');
			await text.nth(0).fill(M.shown.siret.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 '));
			await text.nth(1).fill('06 45 00 00 16');
			await page.screenshot({ path: join(SHOTS, 'adhesion-1-identification.png'), fullPage: true });
			await submit();
			await page.getByText('Votre code').first().waitFor({ timeout: 60_000 });
			await page.screenshot({ path: join(SHOTS, 'adhesion-2-code.png'), fullPage: true });
			await page.locator('input[type="text"]').first().fill(codeSentTo('+33645000016')!);
			await submit();
			await page.getByText('Ce que le registre contient').first().waitFor({ timeout: 60_000 });
			expect(await page.textContent('body')).toContain('Le Balto');
			await page.screenshot({ path: join(SHOTS, 'adhesion-3-page.png'), fullPage: true });
			await page.getByText(PAUSE).first().click();
			await submit();
			await page.getByText('Vous ne recevez plus les alertes').first().waitFor({ timeout: 60_000 });
			const file = join(SHOTS, 'adhesion-4-paused.png');
			await page.screenshot({ path: file, fullPage: true });
			expect(statSync(file).size).toBeGreaterThan(10_000);
			await page.close();
		}, 180_000);
	});
});
