// The real n8n the project runs against (main job and end-to-end tests): installed once into the
// ignored folder .n8n-app/, and this package installed into an n8n user folder the way n8n installs
// a community package (npm pack, then the tarball with its runtime dependencies).
'use strict';
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const N8N_VERSION = '2.41.1';
const APP = join(ROOT, '.n8n-app');
const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

function npm(args, cwd, env = {}) {
	execFileSync('npm', args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

/** Path of n8n's CLI, installing n8n 2.41.1 on first use (≈ 5 min: `--ignore-scripts`, then sqlite3 built for Node 24). */
function ensureN8n(log = console.log) {
	const bin = join(APP, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = join(APP, '.ready');
	if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === N8N_VERSION) return bin;
	log(`Installing n8n ${N8N_VERSION} into .n8n-app/ (first run only, about 5 minutes)…`);
	mkdirSync(APP, { recursive: true });
	writeFileSync(join(APP, 'package.json'), JSON.stringify({ name: 'n8n-runtime', private: true }, null, 2));
	// A plain install fails here (a Kafka client downloads binaries); sqlite3 is then built from
	// source against Node 24's headers, which the node-<platform> package ships.
	npm(['install', '--save-exact', `n8n@${N8N_VERSION}`, `${NODE_PACKAGE}@${process.versions.node}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], APP);
	const nodeDir = join(APP, 'node_modules', NODE_PACKAGE);
	npm(['rebuild', 'sqlite3', '--loglevel=error'], APP, {
		PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
		npm_config_nodedir: nodeDir,
	});
	writeFileSync(marker, N8N_VERSION);
	return bin;
}

/** Installs this package (built dist/) into `<userFolder>/.n8n/nodes` as n8n would; skips when unchanged. */
function installPackage(userFolder, log = console.log) {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packDir = join(userFolder, 'pack');
	rmSync(packDir, { recursive: true, force: true });
	mkdirSync(packDir, { recursive: true });
	mkdirSync(nodesDir, { recursive: true });
	execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')));
	const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
	const stamp = join(nodesDir, '.installed');
	if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
	log('Installing n8n-nodes-alerte-commerces into the n8n user folder…');
	if (!existsSync(join(nodesDir, 'package.json'))) writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	// n8n provides n8n-workflow itself: peers are not installed (a second copy breaks instanceof checks).
	npm(['install', tarball, '--omit=dev', '--omit=peer', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], nodesDir);
	writeFileSync(stamp, digest);
}

/** Environment for an n8n process on loopback with its own user folder, telemetry off. */
function n8nEnv(userFolder, port, extra = {}) {
	return {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}`,
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// Its background refresh calls api.n8n.io every start and prints a stack trace offline.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_RUNNERS_BROKER_PORT: String(port + 1),
		DB_TYPE: 'sqlite',
		...extra,
	};
}

module.exports = { ROOT, ensureN8n, installPackage, n8nEnv, N8N_VERSION };
