// `npm start`: the main job. Builds (done by the npm script), installs n8n on first run, installs
// this package into the project's own n8n user folder (.n8n-home/), adds the embedded registry
// credential, the template workflows and the demo of workflow 1 (`npm run demo:email`), creates an
// owner account, and runs n8n on http://127.0.0.1:5678 until Ctrl-C.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { DEMO_WORKFLOW_ID, DEMO_WORKFLOW_NAME, loadDemoWorkflow } = require('./demo-workflow');
const { ROOT, ensureN8n, installPackage, n8nEnv } = require('./n8n-runtime');
const { seedSampleRegister } = require('./sample-register');

const PORT = Number(process.env.N8N_PORT || 5678);
const HOME = join(ROOT, '.n8n-home');
const OWNER_FILE = join(HOME, 'owner.json');
const REGISTRY_CREDENTIAL_ID = 'AlerteRegistry01';
const REGISTRY_PATH = join(HOME, '.n8n', 'alerte-commerces.sqlite');
const LOG_FILE = join(HOME, 'n8n.log');

/** The last `count` lines of a text file (n8n's log when it stops). */
function tailOf(file, count) {
	return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
}
/**
 * Published on the main job: what needs no outside server (forms and the demo, SMS on the Sandbox).
 * The sign-up's SIRENE check calls the public API Recherche d'entreprises; offline, the form says
 * the directory does not answer (switch the check off in the workflow).
 */
const PUBLISHED = ['AlerteFormSms02', 'AlerteInscr03', 'AlerteImport04', 'AlerteFin07', 'AlerteAdhesion10', 'AlerteRegles11', 'AlerteCarte12', DEMO_WORKFLOW_ID];
/** What a user folder set up before imports were recorded by id holds. */
const LEGACY_TEMPLATES = ['AlerteEmailSms01', 'AlerteFormSms02', 'AlerteImport04', 'AlerteReceipts05', 'AlerteBilan06', 'AlerteRenouv08'];

function owner() {
	if (!existsSync(OWNER_FILE)) {
		// A local, loopback-only instance: the generated password is kept in the ignored user folder.
		const password = `Ac-${randomBytes(9).toString('base64url')}9`;
		const formPassword = `Op-${randomBytes(9).toString('base64url')}7`;
		writeFileSync(
			OWNER_FILE,
			JSON.stringify({ email: 'admin@alerte-commerces.local', password, firstName: 'CCI', lastName: 'Admin', form: { user: 'operateur', password: formPassword } }, null, 2),
			{ mode: 0o600 },
		);
	}
	const account = JSON.parse(readFileSync(OWNER_FILE, 'utf8'));
	// The approver's login for workflow 1's approval links (added to folders made before it existed).
	if (!account.approval) {
		account.approval = { user: 'validation', password: `Va-${randomBytes(9).toString('base64url')}5` };
		writeFileSync(OWNER_FILE, JSON.stringify(account, null, 2), { mode: 0o600 });
	}
	return account;
}

/**
 * Imports what this user folder does not have yet: the credentials on the first start, then each
 * template workflow (and the demo derived from workflow 1) once, by id, so a folder set up by an
 * earlier version gets the workflows added since. Later edits in the editor are kept.
 */
function importTemplates(n8n, env, account) {
	const cli = (...args) => execFileSync(process.execPath, [n8n, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
	const record = join(HOME, 'imported.json');
	const legacy = existsSync(join(HOME, '.templates-imported')) ? LEGACY_TEMPLATES : [];
	const imported = new Set(existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')) : legacy);
	if (existsSync(join(HOME, '.demo-imported'))) imported.add(DEMO_WORKFLOW_ID);
	if (imported.size === 0) {
		const credentials = join(HOME, 'credentials.json');
		writeFileSync(
			credentials,
			JSON.stringify([
				{ id: REGISTRY_CREDENTIAL_ID, name: 'Registre Alerte Commerces (embarqué)', type: 'alerteCommercesRegistry', data: { storage: 'embedded', path: REGISTRY_PATH } },
				{ id: 'AlerteFormAuth1', name: 'Formulaires opérateurs (accès)', type: 'httpBasicAuth', data: account.form },
				{ id: 'AlerteApprove1', name: 'Validation des alertes (accès)', type: 'httpBasicAuth', data: account.approval },
			]),
			{ mode: 0o600 },
		);
		cli('import:credentials', `--input=${credentials}`);
	}
	// Derived before anything is imported: a workflow 1 the demo no longer fits stops the start cleanly.
	const available = [
		...readdirSync(join(ROOT, 'workflows'))
			.filter((f) => f.endsWith('.json'))
			.map((f) => JSON.parse(readFileSync(join(ROOT, 'workflows', f), 'utf8'))),
		...(imported.has(DEMO_WORKFLOW_ID) ? [] : [loadDemoWorkflow()]),
	];
	const workflows = available.filter((w) => !imported.has(w.id));
	if (workflows.length === 0) return;
	const file = join(HOME, 'workflows.json');
	writeFileSync(file, JSON.stringify(workflows));
	cli('import:workflow', `--input=${file}`);
	for (const { id } of workflows) if (PUBLISHED.includes(id)) cli('publish:workflow', `--id=${id}`);
	for (const { id } of workflows) imported.add(id);
	writeFileSync(record, JSON.stringify([...imported], null, 2));
}

async function waitHealthy(url, child) {
	for (let i = 0; i < 240; i++) {
		if (child.exitCode !== null) throw new Error(`n8n exited with code ${child.exitCode}`);
		try {
			if ((await fetch(`${url}/healthz`)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('n8n did not become healthy within 2 minutes');
}

async function setupOwner(url, account) {
	// /healthz answers before the REST API is mounted: retry while it answers 404.
	for (let i = 0; i < 120; i++) {
		const response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(account),
		});
		// 400 once an owner exists: nothing to do.
		if (response.ok || response.status === 400) return;
		if (response.status !== 404) throw new Error(`Owner setup answered ${response.status}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('The n8n REST API did not come up within a minute');
}

async function main() {
	const started = Date.now();
	mkdirSync(HOME, { recursive: true });
	const n8n = ensureN8n();
	installPackage(HOME);
	const env = n8nEnv(HOME, PORT);
	const account = owner();
	importTemplates(n8n, env, account);
	const members = await seedSampleRegister(REGISTRY_PATH);
	const url = `http://127.0.0.1:${PORT}`;
	// n8n's own console (runner notices, deprecation advice) goes to a log file: the terminal shows
	// the banner, and n8n's last lines only if it stops.
	const log = createWriteStream(LOG_FILE, { flags: 'a' });
	log.write(`\n--- npm start ${new Date().toISOString()} ---\n`);
	const child = spawn(process.execPath, [n8n, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout.pipe(log, { end: false });
	child.stderr.pipe(log, { end: false });
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
	child.on('exit', (code, signal) => {
		if (signal !== 'SIGINT' && signal !== 'SIGTERM') {
			console.error(`n8n stopped (code ${code ?? signal}). Its last lines, from ${LOG_FILE}:`);
			console.error(tailOf(LOG_FILE, 30));
		}
		process.exit(code ?? 0);
	});
	await waitHealthy(url, child);
	await setupOwner(url, account);
	console.log(`
──────────────────────────────────────────────────────────────
 Alerte Commerces on n8n is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)
   Editor:   ${url}
   Login:    ${account.email}
   Password: ${account.password}   (kept in .n8n-home/owner.json)
   Registry: embedded SQLite, ${members} members (sample register of the Puy-de-Dôme)
   SMS:      Sandbox provider: each SMS is a line of .n8n-home/.n8n/alerte-commerces-outbox.jsonl
   n8n log:  .n8n-home/n8n.log
 Forms (user ${account.form.user}, password ${account.form.password}):
   Manual alert:    ${url}/form/alerte-commerces/alerte
   Register import: ${url}/form/alerte-commerces/import
   End of alert:    ${url}/form/alerte-commerces/fin-alerte
   Targeting rules: ${url}/form/alerte-commerces/regles   (spreadsheet: ${url}/webhook/alerte-commerces/regles/matrice.csv)
 Public sign-up form (businesses): ${url}/form/alerte-commerces/inscription
   (checks the SIRET in the public company directory, which needs the internet; the code SMS
   lands in the Sandbox outbox)
 Members' page (Mon adhésion): ${url}/form/alerte-commerces/mon-adhesion   (codes in the same outbox)
 Demo: ${PORT === 5678 ? '' : `N8N_PORT=${PORT} `}npm run demo:email   (a sample gendarmerie email → SMS in the Sandbox outbox;
       workflow "${DEMO_WORKFLOW_NAME}")
 Ctrl-C stops n8n.
──────────────────────────────────────────────────────────────`);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
