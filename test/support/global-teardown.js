// Stops the PostgreSQL cluster global-setup started (not one .ci/run provided).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async () => {
	if (process.env.ALERTE_TEST_PG_DIR) {
		execFileSync('bash', [join(__dirname, '../../scripts/pg-throwaway.sh'), 'stop', process.env.ALERTE_TEST_PG_DIR]);
	}
};
