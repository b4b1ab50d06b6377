/** Debian's Chromium for the screenshot tests: where it is, how it is launched, how the editor is signed in to. */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { N8nServer } from './n8n-server';

export const CHROMIUM = '/usr/bin/chromium';

/** Whether Chromium is installed here (CI installs it: there a missing one must fail, not skip). */
export const chromiumInstalled = (): boolean => existsSync(CHROMIUM);

/** A headless Chromium that stays off the network except for what a page asks. */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
}

/** Signs in to n8n's editor as the owner and waits to leave the sign-in page. */
export async function signInToEditor(page: Page, n8n: N8nServer): Promise<void> {
	await page.goto(`${n8n.url}/signin`);
	await page.locator('input[type="email"], input[name="emailOrLdapLoginId"]').first().fill(n8n.owner.email);
	await page.locator('input[type="password"]').first().fill(n8n.owner.password);
	await page.keyboard.press('Enter');
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
}
