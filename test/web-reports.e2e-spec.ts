/**
 * The reports page of the web app in a real browser (Debian's Chromium through
 * playwright-core) at phone width, against the real API: a coordinator asks
 * for today's report and sees exactly what the `report` query gives, hidden
 * counts marked "hidden", the bar tables of `harbour report`'s charts, axe-core
 * clean, 44 px targets, and Welsh; a commissioner signs in with the
 * development sign-in straight to the reports page, which is all they get, and
 * sees no shelter, location or person.
 */
import { Browser } from 'playwright-core';
import { Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork, Network } from './support/fixtures';
import { ensureWebBuilt, expectAccessible, launchBrowser, phonePage, smallTargets } from './support/browser';

jest.setTimeout(180_000);

describe('web app: reports', () => {
  let h: Harbour;
  let base: string;
  let browser: Browser;
  let net: Network;
  let today: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    h = await Harbour.start('web_reports');
    base = h.url.replace(/\/graphql$/, '');
    net = await smallNetwork(h, { beds: 6 });
    // Six referrals (shown: at least the threshold of 5), two of them offered a bed (hidden: under 5).
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await createReferral(h, net.officer, { initials: `R${'ABCDEF'[i]}` }));
    for (const id of ids.slice(0, 2)) await h.ok(net.officer, REQUEST_PLACEMENT, { id });
    today = (await h.ok<{ clock: { now: string } }>(net.coordinator, '{ clock { now } }')).clock.now.slice(0, 10);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("coordinator: the period's report, as the API computes it, with hidden counts alike", async () => {
    const api = await h.ok<{ report: { totals: { metric: string; total: number | null }[] } }>(
      net.coordinator,
      'query($i: ReportInput!) { report(input: $i) { totals { metric total } } }',
      { i: { from: today, to: today, groupBy: [] } },
    );
    const total = (m: string) => api.report.totals.find((x) => x.metric === m)!.total;
    expect([total('REFERRALS'), total('OFFERS')]).toEqual([6, null]);

    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('radio', { name: 'Coordinator' }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Free beds across the network' }).waitFor();
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports for commissioners' }).waitFor();
    await page.getByLabel('From').fill(today);
    await page.getByLabel('To (included)').fill(today);
    await page.getByRole('button', { name: 'Show the report' }).click();

    const totals = page.getByRole('table', { name: 'What happened in the period' });
    const row = (name: string) =>
      totals
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
        .getByRole('cell');
    await row('Referrals').getByText('6', { exact: true }).waitFor();
    expect(await row('Offers').textContent()).toBe('hidden');
    expect(await row('Escalations').textContent()).toBe(String(total('ESCALATIONS')));
    await page.getByText('Counts of people under 5 are hidden').waitFor();
    for (const chart of ['Occupancy by month (bed-nights)', 'Time to a safe bed (hours)', 'Turnaways, declines and exits by reason', 'Regional pressure']) {
      await page.getByRole('table', { name: chart }).waitFor();
    }
    await expectAccessible(page, 'reports');
    expect(await smallTargets(page)).toEqual([]);

    await page.getByLabel('Language').selectOption('cy');
    await page.getByRole('heading', { level: 1, name: 'Adroddiadau i gomisiynwyr' }).waitFor();
    await page.getByRole('table', { name: 'Beth ddigwyddodd yn y cyfnod' }).getByText('cudd').first().waitFor();
    await expectAccessible(page, 'reports in Welsh');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('commissioner: signs in to the reports page, their only page, with nothing personal or locational', async () => {
    const { context, page, problems } = await phonePage(browser);
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('radio', { name: 'Commissioner' }).check();
    // A commissioner has no shelter and no agency to pick.
    expect(await page.getByLabel('Shelter', { exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Agency', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reports for commissioners' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/reports');
    await page.getByText('Signed in as Commissioner').waitFor();
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['Reports']);

    await page.getByLabel('From').fill(today);
    await page.getByLabel('To (included)').fill(today);
    await page.getByRole('button', { name: 'Show the report' }).click();
    const totals = page.getByRole('table', { name: 'What happened in the period' });
    const row = (name: string) =>
      totals
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
        .getByRole('cell');
    await row('Referrals').getByText('6', { exact: true }).waitFor();
    expect(await row('Offers').textContent()).toBe('hidden');
    await expectAccessible(page, 'reports as a commissioner');

    // Nothing personal or locational on the page: no shelter's code name, address or postcode, no
    // agency, no referral's initials or reference.
    const text = await page.locator('body').innerText();
    const shelters: { code_name: string; address: string | null; postcode: string | null }[] = await h.db.query(
      `SELECT s.code_name, l.address, l.postcode FROM shelter s LEFT JOIN shelter_location l ON l.shelter_id = s.id`,
    );
    const referrals6: { initials: string; agency_reference: string }[] = await h.db.query(`SELECT initials, agency_reference FROM referral`);
    const agencies: { name: string }[] = await h.db.query(`SELECT name FROM agency`);
    const secrets = [
      ...shelters.flatMap((s) => [s.code_name, s.address, s.postcode]),
      ...referrals6.flatMap((r) => [r.agency_reference]),
      ...agencies.map((a) => a.name),
    ].filter((x): x is string => Boolean(x));
    expect(secrets.length).toBeGreaterThanOrEqual(6);
    expect(secrets.filter((x) => text.includes(x))).toEqual([]);
    expect(referrals6.map((r) => r.initials).filter((i) => new RegExp(`\\b${i}\\b`).test(text))).toEqual([]);

    // The coordinator's pages are not there for them.
    for (const path of ['/network', '/operations', '/referrals', '/shelter']) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1, name: 'This page does not exist.' }).waitFor();
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
