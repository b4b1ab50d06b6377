/**
 * Issue 16, point 3: the alerts stay transactional. No alert text carries a marketing STOP
 * clause, and no provider is asked to add one: OVH is sent with `noStopClause: true` and Brevo
 * with `type: transactional` (their request bodies are checked in test/dispatch/http-providers.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeAlert } from '../../nodes/shared/alert';
import { INCIDENT_TYPES, parseIncidentEmail } from '../../nodes/shared/incident';
import { SAMPLE_OPTIONS } from '../incident/eml';

const NODES = join(__dirname, '../../nodes');
const sources = (dir: string): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
	);

describe('alerts stay transactional', () => {
	test.each(INCIDENT_TYPES)('an alert of type %s has no STOP clause', (type) => {
		const parsed = parseIncidentEmail(
			{ from: 'corg63@gendarmerie.interieur.gouv.fr', subject: 'ALERTE COMMERCES', text: `Type : ${type}\nCommune : Issoire\nDate des faits : 24/11/2026 10h00\nDescription : faits signalés.` },
			SAMPLE_OPTIONS,
		);
		if (!parsed.ok) throw new Error(`type ${type} refused: ${JSON.stringify(parsed.errors)}`);
		const alert = composeAlert(parsed.incident, { sent: SAMPLE_OPTIONS.now });
		expect(alert.text).not.toMatch(/\bSTOP\b|d[ée]sinscri|d[ée]sabonn/i);
	});

	test('no provider is asked for a STOP clause or a marketing SMS', () => {
		const code = sources(NODES).map((file) => readFileSync(file, 'utf8'));
		expect(code.filter((text) => /noStopClause\s*:\s*(false|!)/.test(text))).toEqual([]);
		expect(code.filter((text) => /type\s*:\s*['"]marketing['"]/.test(text))).toEqual([]);
		expect(readFileSync(join(NODES, 'shared/dispatch/providers/ovh.ts'), 'utf8')).toMatch(/noStopClause: true/);
		expect(readFileSync(join(NODES, 'shared/dispatch/providers/brevo.ts'), 'utf8')).toMatch(/type: 'transactional'/);
	});
});
