import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { comparisonChartHtml, rulesetComparisonHtml, type RulesetComparison } from '../../nodes/shared/targeting';

const COMPARISON: RulesetComparison = {
	current: { sms: 1334, recipients: 185, median: 6, p90: 9, max: 31 },
	proposed: { sms: 1290, recipients: 180, median: 5, p90: 9, max: 31 },
	changes: [
		{ siret: '11111111111111', current: 4, proposed: 9 },
		{ siret: '22222222222222', current: 8, proposed: 2 },
		{ siret: '33333333333333', current: 3, proposed: 2 },
	],
	histogram: { current: [1, 2, 0, 3], proposed: [2, 0, 4] },
};

describe('the comparison page', () => {
	const html = rulesetComparisonHtml({
		comparison: COMPARISON,
		cells: [{ incidentType: 'vol_etalage', column: 'agriculteur', before: '', after: 'commune' }],
		member: (siret) => (siret === '11111111111111' ? { name: 'Ferme <Les Couzes>', communeInsee: '63178' } : undefined),
		incidents: { count: 37, simulated: false },
		currentVersion: 3,
	});

	it('shows the changed cells, the replayed alerts and the figures before and after with the difference', () => {
		expect(html).toContain("<li>Vol à l&#39;étalage × Exploitations agricoles : (vide) → <b>commune</b></li>");
		expect(html).toContain('les 37 alertes du journal des douze derniers mois');
		expect(html).toContain('<th>En vigueur (v3)</th>');
		expect(html).toContain('<tr><td>SMS envoyés dans l’année</td><td>1\u202f334</td><td><b>1\u202f290</b></td><td>−44</td></tr>');
		expect(html).toContain('<tr><td>Alertes reçues au 90e centile</td><td>9</td><td><b>9</b></td><td>=</td></tr>');
		expect(html).not.toContain('\n');
	});

	it('lists who gains and who loses the most, by name (escaped) and commune, else by SIRET', () => {
		expect(html).toContain('<b>Plus d’alertes : 1 adhérent</b><ul><li>Ferme &lt;Les Couzes&gt; (Issoire) : 4 → 9 alertes (+5)</li></ul>');
		expect(html).toContain('<b>Moins d’alertes : 2 adhérents</b><ul><li>22222222222222 : 8 → 2 alertes (−6)</li><li>33333333333333 : 3 → 2 alertes (−1)</li></ul>');
	});

	it('draws members per number of alerts as text bars, grouped in ranges beyond ten rows', () => {
		const chart = comparisonChartHtml(COMPARISON.histogram!);
		// The longest bar (4 members) is 14 characters.
		expect(chart).toContain(`<tr><td>0</td><td><code>${'█'.repeat(4)}</code> 1</td><td><code>${'█'.repeat(7)}</code> 2</td></tr>`);
		expect(chart).toContain(`<tr><td>2</td><td><code></code> 0</td><td><code>${'█'.repeat(14)}</code> 4</td></tr>`);
		expect(chart).toContain('<tr><td>3</td><td><code>███████████</code> 3</td><td><code></code> 0</td></tr>');
		const wide = comparisonChartHtml({ current: Array.from({ length: 40 }, () => 1), proposed: [5] });
		expect(wide).toContain('<td>0 à 3</td>');
		expect(wide.match(/<tr><td>/g)).toHaveLength(10);
	});

	it('says when the alerts are a simulated year', () => {
		const simulated = rulesetComparisonHtml({ comparison: { ...COMPARISON, changes: [] }, incidents: { count: 80, simulated: true }, currentVersion: 0 });
		expect(simulated).toContain('80 alertes d’une année simulée');
		expect(simulated).toContain('Cellules modifiées : aucune');
	});

	// n8n's own sanitizer of form descriptions, when the real n8n of the e2e tests is installed.
	const formUtils = join(__dirname, '../../.n8n-app/node_modules/n8n-nodes-base/dist/nodes/Form/utils/utils.js');
	(existsSync(formUtils) ? it : it.skip)('loses nothing on an n8n form page', () => {
		// In a child Node: the sanitizer's parser is an ES module, which jest's require cannot load.
		const sanitized = execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(formUtils)}).sanitizeHtml(require('node:fs').readFileSync(0, 'utf8')))`], { input: html, encoding: 'utf8' });
		const text = (s: string) =>
			s
				.replace(/<[^>]+>/g, '')
				.replace(/&#39;|&#x27;/g, "'")
				.replace(/&lt;/g, '<')
				.replace(/&gt;/g, '>')
				.replace(/&amp;/g, '&');
		expect(text(sanitized)).toBe(text(html));
		expect(sanitized).toContain('<code>');
	});
});
