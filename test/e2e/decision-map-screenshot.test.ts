/**
 * The decision map as an approver sees it on a phone: decisionSummaryHtml of a real plan (the
 * default ruleset, the sample register's communes) written to a static page, opened by Debian's
 * Chromium at 390 px. The screenshot goes to a temp folder, or to docs/screenshots with
 * UPDATE_SCREENSHOTS=1 (then look at it before committing).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { chromiumInstalled, launchChromium } from '../support/browser';
import { decisionPlace, decisionSummary, decisionSummaryHtml, defaultRuleset, planTargeting, selectFromMembers } from '../../nodes/shared/targeting';
import { member } from '../targeting/fixtures';
import { communesOfDepartement } from '../../nodes/shared/geo';

const OUT = process.env.UPDATE_SCREENSHOTS ? join(__dirname, '../../docs/screenshots') : mkdtempSync(join(tmpdir(), 'screenshots-'));
/** Rue de la Berbiziale, Issoire. */
const PLACE = { lat: 45.5445, lon: 3.2495 };

(chromiumInstalled() || process.env.CI ? describe : describe.skip)('the decision map in Chromium', () => {
	let browser: Browser;

	beforeAll(async () => {
		browser = await launchChromium();
	});

	afterAll(async () => {
		await browser?.close();
	});

	it('reads on a 390 px phone: area, radius, incident and SMS per commune', async () => {
		// Tobacconists across the département, 1 to 6 per commune, in the 60 largest communes.
		const communes = communesOfDepartement('63')
			.sort((a, b) => (b.population ?? 0) - (a.population ?? 0))
			.slice(0, 60);
		const members = communes.flatMap((c, i) => Array.from({ length: 1 + (i % 6) }, () => member(c.code, '47.26Z')));
		const incident = { type: 'fausse_monnaie' as const, communes: ['63178'], coordinates: PLACE, description: 'Faux billets de 50 €', issuer: 'corg63@gendarmerie.interieur.gouv.fr' };
		const now = new Date('2026-12-02T10:00:00+01:00');
		const plan = await planTargeting(incident, defaultRuleset(), now);
		const selection = selectFromMembers(plan, members, { now, withExclusions: true });
		expect(selection.recipients.length).toBeGreaterThan(0);
		const summary = decisionSummary({
			alert: { text: 'Faux billets de 50 euros agglomeration d Issoire. Ne pas intervenir, ne pas transferer SMS.', sender: 'CCI63' },
			selection,
			professionsOf: () => ['buraliste'],
			provider: 'ovh',
			place: decisionPlace(plan, PLACE),
		});
		const html = decisionSummaryHtml(summary);
		expect(html).toContain('<svg ');
		const file = join(mkdtempSync(join(tmpdir(), 'decision-map-')), 'page.html');
		writeFileSync(
			file,
			`<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Vérifiez avant d'envoyer</title>` +
				`<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.4;margin:16px;color:#1f2937">${html}</body></html>`,
		);
		const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
		await page.goto(`file://${file}`);
		const map = page.locator('svg');
		const box = await map.boundingBox();
		// The map fits the phone's width and is drawn at a readable size, not shrunk to a stamp.
		expect(box?.width).toBeLessThanOrEqual(390 - 2 * 16);
		expect(box?.width).toBeGreaterThan(300);
		await map.screenshot({ path: join(OUT, 'decision-map.png') });
		await page.screenshot({ path: join(OUT, 'decision-summary-phone.png'), fullPage: true });
		await page.close();
	});
});
