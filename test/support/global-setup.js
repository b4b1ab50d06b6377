// Starts what the tests share: n8n for the end-to-end tests, a throwaway PostgreSQL (unless ALERTE_TEST_PG_URL points at one,
// as .ci/run does) and a private n8n user folder (n8n-core writes its encryption key there).
const { execFileSync } = require('node:child_process');
const { chmodSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const net = require('node:net');

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

module.exports = async () => {
	// The end-to-end tests run a real n8n 2.41.1: installed once into .n8n-app/ (≈ 5 min the first time).
	require('../../scripts/n8n-runtime.js').ensureN8n((line) => process.stderr.write(`${line}\n`));
	const root = mkdtempSync(join(tmpdir(), 'alerte-tests-'));
	chmodSync(root, 0o755); // the PostgreSQL cluster runs as user postgres when tests run as root
	process.env.ALERTE_TEST_ROOT = root;
	process.env.N8N_USER_FOLDER = join(root, 'n8n');
	process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
	process.env.N8N_LOG_LEVEL ??= 'silent'; // node errors under test are asserted, not logged
	if (!process.env.ALERTE_TEST_PG_URL) {
		const dir = join(root, 'pg');
		const port = await freePort();
		const url = execFileSync('bash', [join(__dirname, '../../scripts/pg-throwaway.sh'), 'start', dir, String(port)], {
			encoding: 'utf8',
		}).trim();
		process.env.ALERTE_TEST_PG_URL = url;
		process.env.ALERTE_TEST_PG_DIR = dir;
	}
};
