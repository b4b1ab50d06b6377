/**
 * The other template workflows in a real n8n 2.41.1, through their real triggers: they import
 * and publish as they are; the operators' forms refuse visitors without their credentials; the
 * register import stores a CSV and reports its rejected rows; the receipts webhook rejects a
 * forged receipt; the manual alert form previews, confirms and sends; the end-of-alert form
 * reaches the same businesses once; the public sign-up checks SIRENE (a local server answering
 * as the API Recherche d'entreprises), sends a code by SMS and activates on the right code.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { toParisIso } from '../../nodes/shared/incident';
import { openRegistry } from '../../nodes/shared/registry';
import { adherent } from '../support/adherents';
import { startSmtp, type SmtpSink } from '../support/smtp';
import { waitFor } from '../support/net';
import { nextPage, pageText, submitForm, submitPage } from '../support/forms';
import { startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';
import { startSirene, useSirene } from '../support/sirene';

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
	let sirene: Awaited<ReturnType<typeof startSirene>>;
	/** The Sandbox outbox: one line per SMS sent. */
	const outbox = () =>
		readFileSync(join(n8n.userFolder, '.n8n', 'alerte-commerces-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: string; text: string });
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
		await store.db.run('UPDATE dispatch_ledger SET queued_at = ?, status = ?, delivered_at = ? WHERE message_id = ?', [lastYear, 'delivered', lastYear + 5000, 'AC-LASTYEAR']);
		await store.close();
		// Workflow 1 needs a mailbox: it has its own test (incident-email.test.ts). The receipts
		// workflow gets the provider a département plugs in (Kannel, as in the template).
		const selected = workflows.filter((w) => w.id !== 'AlerteEmailSms01').map((w) => structuredClone(w));
		// The sign-up's SIRENE check asks a local server answering as the API Recherche d'entreprises.
		sirene = await startSirene();
		useSirene(selected, sirene.url);
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
				{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: { user: 'validation', password: 'approve-e2e-pass' } },
			],
		});
		// Triggers register just after n8n says it is ready.
		for (const form of ['import', 'inscription']) await waitFor(async () => (await fetch(`${n8n.url}/form/alerte-commerces/${form}`)).status !== 404, 30_000);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await smtp?.stop();
		await sirene?.close();
	}, 60_000);

	it('reminds the members whose membership ends within 30 days: e-mail when known, else one SMS', async () => {
		const reminders = smtp.messages.filter((m) => m.subject?.includes('adhésion'));
		expect(reminders.map((m) => JSON.stringify(m.to))).toEqual([expect.stringContaining('tabac70@example.test')]);
		const sent = outbox();
		expect(sent).toHaveLength(1);
		expect(JSON.stringify(sent[0])).toContain('+33610000071');
		expect(sent[0].text).toContain('adhesion se termine');
		// Both point to « Mon adhésion » on this n8n's own address (issue 16), even from a scheduled run.
		expect(sent[0].text).toMatch(/https?:\/\/[^\s]+\/form\/alerte-commerces\/mon-adhesion$/);
		expect(reminders[0].text).toMatch(/https?:\/\/[^\s]+\/form\/alerte-commerces\/mon-adhesion\n/);
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

	it('every page that sends or publishes opens on the choice that does nothing', () => {
		type Field = { fieldType?: string; fieldLabel: string; defaultValue?: string; fieldOptions?: { values: Array<{ option: string }> } };
		let decisions = 0;
		for (const workflow of workflows) {
			for (const node of workflow.nodes as Array<{ name: string; parameters: { formFields?: { values: Field[] } } }>) {
				for (const field of node.parameters.formFields?.values ?? []) {
					const options = field.fieldOptions?.values.map((o) => o.option) ?? [];
					const harmless = options.find((o) => o === 'Annuler' || o === 'Refuser');
					if (field.fieldType !== 'dropdown' || !harmless) continue;
					decisions++;
					expect({ workflow: workflow.name, node: node.name, defaultValue: field.defaultValue }).toEqual({ workflow: workflow.name, node: node.name, defaultValue: harmless });
				}
			}
		}
		// Confirmations and approvals of workflows 1, 2, 7 and 11.
		expect(decisions).toBe(7);
	});

	it('protects the operators’ forms with basic auth', async () => {
		for (const path of ['alerte-commerces/alerte', 'alerte-commerces/import', 'alerte-commerces/fin-alerte', 'alerte-commerces/regles']) {
			const anonymous = await fetch(`${n8n.url}/form/${path}`);
			expect(anonymous.status).toBe(401);
			const operator = await fetch(`${n8n.url}/form/${path}`, { headers: { authorization: basic() } });
			expect(operator.status).toBe(200);
			expect(await operator.text()).toContain('Alerte Commerces');
		}
	});

	it('imports the CCI’s CSV through the form and reports the rejected rows', async () => {
		const csv = [
			// A file of 2027 mixes NAF rév. 2 codes (4777Z) and NAF 2025 ones (47.73Y).
			'siret;raison_sociale;code_naf;telephone;code_postal;commune',
			'73282932000074;Bijouterie Martin;4777Z;06 12 34 56 78;63500;Issoire',
			'44306184100047;Tabac du Centre;4726Z;04 73 00 00 00;63000;Clermont-Ferrand',
			'55208131766522;Pharmacie du Marché;47.73Y;07 81 23 45 67;63200;Riom',
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
			expect(await store.get('73282932000074')).toMatchObject({ naf: '47.77Z', nafNomenclature: 'rev2', professions: expect.arrayContaining(['bijouterie']) });
			expect(await store.get('55208131766522')).toMatchObject({ naf: '47.73Y', nafNomenclature: 'naf2025', professions: expect.arrayContaining(['pharmacie']) });
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

	let alertId = '';
	const ISSOIRE_PHONES = ['+33610000070', '+33610000071', '+33610000072'];

	it('manual alert form: preview with the recipient count, confirm, every member concerned gets the SMS once', async () => {
		const form = `${n8n.url}/form/alerte-commerces/alerte`;
		const started = await submitForm(form, ['Faux billets', 'Issoire', 'boulevard de la Manlière', 'commune', '', 'Deux individus écoulent des billets de 50 euros.', '', ''], { authorization: basic() });
		expect({ status: started.status, next: started.waitingUrl }).toEqual({ status: 200, next: expect.stringContaining('/form-waiting/') });
		const preview = await nextPage(started.waitingUrl!);
		// Members of Issoire whom false banknotes concern: the three tobacconists. The jeweller the CSV
		// import above stored is not one of the trades paid small sums in cash (default ruleset).
		expect(preview).toContain('Destinataires : 3');
		expect(preview).toMatch(/Faux billets/);
		// The decision summary: who, where, why, for how much, and who is left out.
		const summary = pageText(preview);
		expect(summary).toMatch(/Destinataires : 3 commerces, 3 SMS \(\d segments? chacun\) — coût estimé \d+,\d\d €/);
		expect(summary).toContain('Issoire : 3 SMS, 3 commerces — règle fausse-monnaie-agglomeration');
		expect(summary).toMatch(/Par profession .*Buralistes \(tabac\) : 3 SMS, 3 commerces/);
		expect(summary).toContain('Non alertés : 0');
		const before = outbox().length;
		const confirmed = await submitPage(started.waitingUrl!, ["Envoyer l'alerte"]);
		expect(confirmed.status).toBe(200);
		// The officer's report: sent and delivered so far, and the same breakdown as before sending.
		const report = pageText(await nextPage(confirmed.waitingUrl!));
		expect(report).toContain('Envoyés : 3 sur 3 (remis 3');
		expect(report).toContain('Issoire : 3 SMS, 3 commerces');
		const sent = outbox().slice(before);
		expect(sent.map((m) => m.to).sort()).toEqual(ISSOIRE_PHONES);
		expect(new Set(sent.map((m) => m.text)).size).toBe(1);
		expect(sent[0].text).toMatch(/Issoire/);
		const store = await openRegistry({ kind: 'embedded', path: registryPath });
		try {
			const [row] = await store.db.query<{ alert_id: string }>("SELECT message_id AS alert_id FROM dispatch_ledger WHERE text = ? LIMIT 1", [sent[0].text]);
			alertId = row.alert_id;
		} finally {
			await store.close();
		}
		expect(alertId).toMatch(/^AC-/);
	}, 120_000);

	it('end of alert: the officer gives the alert ID, checks the text, and the same recipients get "Fin d\'alerte" once', async () => {
		const form = `${n8n.url}/form/alerte-commerces/fin-alerte`;
		const unknown = await submitForm(form, ['AC-0000000000000000'], { authorization: basic() });
		expect(pageText(await nextPage(unknown.waitingUrl!))).toContain('Aucune alerte enregistrée');

		const started = await submitForm(form, [` ${alertId} `, 'individu interpellé'], { authorization: basic() });
		const preview = pageText(await nextPage(started.waitingUrl!));
		expect(preview).toContain("Fin d'alerte");
		expect(preview).toContain('Individu interpellé. Merci de votre vigilance.');
		expect(preview).toContain("Commerces qui l'ont reçue : 3");
		const before = outbox().length;
		const confirmed = await submitPage(started.waitingUrl!, ["Envoyer la fin d'alerte"]);
		expect(pageText(await nextPage(confirmed.waitingUrl!))).toContain('Envoyés : 3 sur 3 (remis 3');
		const sent = outbox().slice(before);
		expect(sent.map((m) => m.to).sort()).toEqual(ISSOIRE_PHONES);
		expect(sent.every((m) => m.text.includes("Fin d'alerte") && m.text.includes('Issoire') && m.text.includes('Individu interpellé.'))).toBe(true);

		// Sent again by mistake: nobody gets it twice.
		const again = await submitForm(form, [alertId], { authorization: basic() });
		await nextPage(again.waitingUrl!);
		await nextPage((await submitPage(again.waitingUrl!, ["Envoyer la fin d'alerte"])).waitingUrl!);
		expect(outbox().length).toBe(before + 3);
	}, 120_000);

	describe('member sign-up', () => {
		const form = () => `${n8n.url}/form/alerte-commerces/inscription`;
		const consent = ["J'accepte de recevoir les alertes par SMS et que la CCI conserve mon numéro à cette seule fin ; je peux me désinscrire à tout moment."];
		const signUp = (siret: string, phone: string, extra: { naf?: string; consent?: string[] } = {}) =>
			submitForm(form(), [siret, 'Bijouterie des Volcans', '', extra.naf ?? '47.77Z', phone, '63500', 'Issoire', '', extra.consent ?? consent]);
		const codeSentTo = (phone: string) => {
			const sms = outbox().filter((m) => m.to === phone).at(-1);
			return /code de confirmation est (\d{6})/.exec(sms?.text ?? '')?.[1];
		};
		const memberOf = async (siret: string) => {
			const store = await openRegistry({ kind: 'embedded', path: registryPath });
			try {
				return await store.get(siret);
			} finally {
				await store.close();
			}
		};
		const statusOf = async (siret: string) => (await memberOf(siret))?.status ?? null;

		it('checks SIRENE, stores the business as pending, sends a code by SMS, and activates it on the right code', async () => {
			const { siret } = adherent(80);
			const started = await signUp(siret, '06 45 00 00 80');
			const page = pageText(await nextPage(started.waitingUrl!));
			expect(page).toContain('+336 •• •• •• 80');
			expect(await statusOf(siret)).toBe('pending');
			expect(sirene.queries).toContain(siret);
			const code = codeSentTo('+33645000080');
			expect(code).toMatch(/^\d{6}$/);
			const done = await submitPage(started.waitingUrl!, [code!]);
			expect(pageText(await nextPage(done.waitingUrl!))).toContain('Votre numéro est confirmé');
			expect(await statusOf(siret)).toBe('active');
			// The directory's code is kept: its NAF 2025 code, and the same professions as in rév. 2.
			const stored = await memberOf(siret);
			expect(stored).toMatchObject({ naf: '47.77Y', nafNomenclature: 'naf2025' });
			expect(stored?.professions).toContain('bijouterie');

			// The public form cannot take over a member already signed up.
			const again = await signUp(siret, '06 45 00 00 99');
			expect(pageText(await nextPage(again.waitingUrl!))).toContain('déjà inscrit');
			expect(codeSentTo('+33645000099')).toBeUndefined();
		}, 120_000);

		it('keeps the directory’s NAF code, not the declared one, and tells the CCI when they differ', async () => {
			// Member 87 is a tabac in SIRENE (47.26Z, NAF 2025 47.26Y) that declares itself a jeweller.
			const { siret } = adherent(87);
			const before = smtp.messages.length;
			const started = await signUp(siret, '06 45 00 00 87', { naf: '47.77Z' });
			expect(pageText(await nextPage(started.waitingUrl!))).toContain('+336 •• •• •• 87');
			const stored = await memberOf(siret);
			expect(stored).toMatchObject({ status: 'pending', naf: '47.26Y', nafNomenclature: 'naf2025' });
			expect(stored?.professions).toContain('buraliste');
			expect(stored?.professions).not.toContain('bijouterie');
			const noticeOf = () => smtp.messages.slice(before).find((m) => m.subject?.includes('code NAF à vérifier'));
			await waitFor(() => noticeOf() !== undefined, 30_000);
			const notice = noticeOf()!;
			expect(JSON.stringify(notice.to)).toContain('adhesions@cci63.example');
			expect(notice.text).toContain('Code déclaré dans le formulaire : 47.77Z');
			expect(notice.text).toContain('Code du répertoire SIRENE : 47.26Y / 47.26Z');
			expect(notice.text).not.toContain('45 00 00 87');

			// A declared code the directory also gives (its rév. 2 code) is no mismatch.
			const quiet = smtp.messages.length;
			const agreeing = await signUp(adherent(900).siret, '06 45 00 09 00', { naf: '4777Z' });
			await nextPage(agreeing.waitingUrl!);
			expect(await memberOf(adherent(900).siret)).toMatchObject({ naf: '47.77Y' });
			expect(smtp.messages.slice(quiet).filter((m) => m.subject?.includes('code NAF'))).toEqual([]);
		}, 120_000);

		it('a wrong code leaves the sign-up pending; a second code to the same phone within the hour is refused', async () => {
			const { siret } = adherent(83);
			const started = await signUp(siret, '06 45 00 00 83');
			await nextPage(started.waitingUrl!);
			const code = codeSentTo('+33645000083')!;
			const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
			const done = await submitPage(started.waitingUrl!, [wrong]);
			expect(pageText(await nextPage(done.waitingUrl!))).toContain('Code incorrect');
			expect(await statusOf(siret)).toBe('pending');

			const count = outbox().length;
			const retry = await signUp(siret, '06 45 00 00 83');
			expect(pageText(await nextPage(retry.waitingUrl!))).toContain('déjà été envoyé à ce numéro');
			expect(outbox().length).toBe(count);
		}, 120_000);

		it('answers the form with the reasons: landline, closed or unknown establishment, no consent', async () => {
			const landline = await signUp(adherent(84).siret, '04 73 00 00 84');
			expect(pageText(await nextPage(landline.waitingUrl!))).toContain('un numéro de mobile français');
			const closed = await signUp(adherent(81).siret, '06 45 00 00 81');
			expect(pageText(await nextPage(closed.waitingUrl!))).toContain('est fermé au répertoire SIRENE');
			const unknown = await signUp(adherent(82).siret, '06 45 00 00 82');
			expect(pageText(await nextPage(unknown.waitingUrl!))).toContain('introuvable au répertoire des entreprises');
			const noConsent = await signUp(adherent(85).siret, '06 45 00 00 85', { consent: [] });
			expect(pageText(await nextPage(noConsent.waitingUrl!))).toContain('Cochez la case de consentement');
			const down = await signUp(adherent(86).siret, '06 45 00 00 86');
			expect(pageText(await nextPage(down.waitingUrl!))).toContain('Le répertoire des entreprises ne répond pas');
			for (const n of [81, 82, 84, 85, 86]) expect(await statusOf(adherent(n).siret)).toBeNull();
			expect(outbox().filter((m) => /^\+3364500008[12456]$/.test(m.to))).toEqual([]);
		}, 120_000);

		it('sends at most 30 codes an hour in all (SMS pumping): the next business is asked to come back later', async () => {
			// The codes of this hour share one ledger ID: fill it up to the cap, as 30 sign-ups would.
			const hour = toParisIso(Date.now()).slice(0, 13).replace(/\D/g, '');
			const store = await openRegistry({ kind: 'embedded', path: registryPath });
			try {
				const ledger = await ledgerOf(store.db);
				const sent = (await ledger.status(`INSCRIPTION-${hour}`)).total;
				const fill = Array.from({ length: Math.max(0, 30 - sent) }, (_, i) => ({ alertId: `INSCRIPTION-${hour}`, phone: `+3367700${String(i).padStart(4, '0')}`, text: 'code', sender: 'CCI63' }));
				await ledger.enqueue(fill);
			} finally {
				await store.close();
			}
			const count = outbox().length;
			const capped = await signUp(adherent(85).siret, '06 45 00 00 85');
			expect(pageText(await nextPage(capped.waitingUrl!))).toContain("Trop d'inscriptions en peu de temps");
			expect(outbox().length).toBe(count);
			// Stored as pending, never activated without its code.
			expect(await statusOf(adherent(85).siret)).toBe('pending');
		}, 120_000);
	});
});
