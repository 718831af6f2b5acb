/**
 * Browser tests: Debian's Chromium (/usr/bin/chromium, or HARBOUR_CHROMIUM)
 * driven by playwright-core, the web app built by scripts/build-web.js, and an
 * axe-core check that fails on any WCAG 2.1 A/AA violation.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

const REPO = path.resolve(__dirname, '../..');

const webBuild = require(path.join(REPO, 'scripts/build-web.js')) as { ensureWebBuilt(opts?: { log?: (m: string) => void }): Promise<unknown> };

/** Where Chromium is: HARBOUR_CHROMIUM or Debian's /usr/bin/chromium (.ci/run installs it when missing). */
export const CHROMIUM = process.env.HARBOUR_CHROMIUM ?? '/usr/bin/chromium';

/** Builds the web app into apps/web/dist when its sources changed (about 10 s when it has to). */
export async function ensureWebBuilt(): Promise<void> {
  await webBuild.ensureWebBuilt({ log: () => undefined });
}

/** Headless Chromium with the flags this machine needs (no sandbox as root, no GPU, no calls home). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium (or set HARBOUR_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A phone-sized page (360 × 740) that records console errors, failed requests and CSP violations. */
export async function phonePage(browser: Browser): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB', hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // A 4xx answer the app handles (e.g. a refused sign-in) is logged by Chromium as a console error; those are expected where tested.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { context, page, problems };
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is and fails with every violation listed. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = result.violations.map((v) => ({ where, rule: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  expect(violations).toEqual([]);
  expect(result.passes.length).toBeGreaterThan(5);
}

/** Every interactive element on the page smaller than 44 × 44 CSS pixels (WCAG 2.5.5 target size), by its text. */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a[href], select, input:not([type=radio]):not([type=checkbox]), textarea, summary, label.choice')]
      .filter((el) => el.offsetParent !== null && !el.classList.contains('skip'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width < 44 || r.height < 44;
      })
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`,
      ),
  );
}
