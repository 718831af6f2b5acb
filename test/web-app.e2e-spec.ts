/**
 * The web app in a real browser (Debian's Chromium through playwright-core) at
 * phone width (360 px), against the real API and worker on a real HTTP port,
 * PostgreSQL and Redis: each role's main journey through the development
 * sign-in, axe-core on every page, 44 px targets, the Content Security Policy,
 * no address on the wire to an officer, and a production API without the
 * development sign-in.
 */
import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork, Network, waitFor } from './support/fixtures';
import { ensureWebBuilt, expectAccessible, launchBrowser, phonePage, smallTargets } from './support/browser';
import { calendarDate } from '../apps/web/src/format';
import { demoSignInLinks } from '../apps/cli/src/commands/demo.command';
import { LiveEventHub } from '../apps/api/src/live/live-hub';

jest.setTimeout(120_000);

const ADDRESS = '1 Secret Street';
const POSTCODE = 'AB1 2CD';

describe('web app', () => {
  let h: Harbour;
  let base: string;
  let browser: Browser;
  let net: Network;
  let shelterCode: string;
  let alertFree: number;
  const holdIds: string[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    h = await Harbour.start('web');
    base = h.url.replace(/\/graphql$/, '');
    net = await smallNetwork(h, { beds: 3 });
    await h.ok(net.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', { i: { shelterId: net.shelterId, roomLabel: 'Family', count: 2 } });
    shelterCode = (await h.ok<{ shelter: { codeName: string } }>(net.coordinator, 'query($id: ID!) { shelter(id: $id) { codeName } }', { id: net.shelterId }))
      .shelter.codeName;
    // Two households on their way: one speaking Romanian with a child, one speaking English.
    for (const overrides of [
      { initials: 'RM', languages: ['ro'], dependants: [{ ageBand: 'UNDER_18', gender: 'FEMALE' }] },
      { initials: 'EN', languages: ['en'] },
    ]) {
      const id = await createReferral(h, net.officer, overrides);
      // A positive reasonable grounds decision first: the stay then starts in its recovery period on arrival.
      await h.ok(net.officer, 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { __typename } }', {
        i: { referralId: id, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: new Date().toISOString().slice(0, 10) },
      });
      const r = await h.ok<{ requestPlacement: { __typename: string; hold?: { id: string } } }>(net.officer, REQUEST_PLACEMENT, { id });
      expect(r.requestPlacement.__typename).toBe('HoldOffered');
      holdIds.push(r.requestPlacement.hold!.id);
    }
    // A rule that opens an alert at once: fewer than 50 free beds in the region.
    await h.ok(net.coordinator, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', {
      i: { category: 'ALL', regionCode: net.regionCode, threshold: 50 },
    });
    await h.settle();
    const opened = await h.ok<{ alerts: { edges: { node: { freeBedsAtOpen: number } }[] } }>(
      net.coordinator,
      '{ alerts(first: 5, status: OPEN) { edges { node { freeBedsAtOpen } } } }',
    );
    expect(opened.alerts.edges).toHaveLength(1);
    alertFree = opened.alerts.edges[0].node.freeBedsAtOpen;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  /** The NRM facts of the active stay of the household with these initials, from the API (as a coordinator). */
  async function stayNrm(initials: string) {
    type Nrm = { stage: string; since: string; nextDeadline: { kind: string; date: string; supportContinues: boolean } | null };
    const res = await h.ok<{ placements: { edges: { node: { referral: { initials: string }; nrm: Nrm } }[] } }>(
      net.coordinator,
      'query($s: ID!) { placements(shelterId: $s, active: true, first: 10) { edges { node { referral { initials } nrm { stage since nextDeadline { kind date supportContinues } } } } } }',
      { s: net.shelterId },
    );
    return res.placements.edges.find((e) => e.node.referral.initials === initials)!.node.nrm;
  }

  /** With HARBOUR_SCREENSHOTS=<folder>, a PNG of the page as it is (the README's screenshots come from here). */
  async function screenshot(page: Page, name: string) {
    if (process.env.HARBOUR_SCREENSHOTS) await page.screenshot({ path: `${process.env.HARBOUR_SCREENSHOTS}/${name}.png`, fullPage: false });
  }

  async function signIn(page: Page, role: 'Shelter staff' | 'Referral officer' | 'Coordinator', pick?: { label: string; option: string }) {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await page.getByRole('radio', { name: role }).check();
    if (pick) await page.getByLabel(pick.label, { exact: true }).selectOption({ label: pick.option });
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('is served from the API origin with a strict Content Security Policy, without shadowing /graphql or /auth', async () => {
    const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<div id="root"></div>');
    // Every script is a file from this origin: none inline.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    // A route of the app gets the page; the API's own routes are not shadowed.
    const route = await fetch(`${base}/referrals/new`, { headers: { accept: 'text/html' } });
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    const gql = await h.gql(net.coordinator, '{ me { role } }');
    expect(gql.data).toEqual({ me: { role: 'COORDINATOR' } });
    const options = await fetch(`${base}/auth/dev/options`, { headers: { accept: 'text/html,application/json' } });
    expect(options.headers.get('content-type')).toMatch(/application\/json/);
    const missingAsset = await fetch(`${base}/assets/nope.js`, { headers: { accept: 'text/html' } });
    expect(missingAsset.status).toBe(404);
  });

  it('shelter staff: a bed out of service in three taps, a hold confirmed and one declined with a reason code', async () => {
    const { context, page, problems } = await phonePage(browser);
    await signIn(page, 'Shelter staff', { label: 'Shelter', option: `${shelterCode} (${net.regionCode})` });
    await page.getByRole('heading', { level: 1, name: `Beds at ${shelterCode}` }).waitFor();
    await page.getByText('Expires in 23 h').first().waitFor();
    await expectAccessible(page, 'shelter board');
    await screenshot(page, 'web-shelter-staff');
    expect(await smallTargets(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The holds, with their countdowns and the households' needs.
    const rm = page.getByRole('listitem').filter({ hasText: 'Hold for RM' });
    await expect(rm.getByText('Interpreter: ro').count()).resolves.toBe(1);
    await expect(rm.getByText('Children: 1').count()).resolves.toBe(1);
    await expect(rm.getByText('Household of 2').count()).resolves.toBe(1);
    const en = page.getByRole('listitem').filter({ hasText: 'Hold for EN' });
    await expect(en.getByText('No interpreter needed').count()).resolves.toBe(1);
    // Which room and beds to get ready: the family room's two beds for RM, one bed for EN, as the API holds them.
    await expect(rm.getByText('Room Family, beds Family-1, Family-2', { exact: true }).count()).resolves.toBe(1);
    const held = await h.ok<{ holds: { edges: { node: { referral: { initials: string }; room: { label: string }; beds: { label: string }[] } }[] } }>(
      net.staff,
      '{ holds(status: ACTIVE, first: 5) { edges { node { referral { initials } room { label } beds { label } } } } }',
    );
    const enHold = held.holds.edges.find((e) => e.node.referral.initials === 'EN')!.node;
    expect(enHold.beds).toHaveLength(1);
    await expect(en.getByText(`Room ${enHold.room.label}, bed ${enHold.beds[0].label}`, { exact: true }).count()).resolves.toBe(1);

    // Three taps: the bed, the reason, the action.
    const free = await h.ok<{ shelter: { rooms: { beds: { id: string; label: string; status: string }[] }[] } }>(
      net.staff,
      'query($id: ID!) { shelter(id: $id) { rooms { beds { id label status } } } }',
      { id: net.shelterId },
    );
    const bed = free.shelter.rooms.flatMap((r) => r.beds).find((b) => b.status === 'AVAILABLE')!;
    await page.getByRole('button', { name: `Bed ${bed.label}: Available` }).click();
    const dialog = page.getByRole('dialog', { name: `Bed ${bed.label}` });
    await dialog.waitFor();
    await expectAccessible(page, 'bed sheet');
    await dialog.getByText('Deep clean').click();
    await dialog.getByRole('button', { name: 'Mark out of service' }).click();
    await page.getByRole('button', { name: `Bed ${bed.label}: Out of service` }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: `Bed ${bed.label} is now Out of service.` })
      .waitFor();
    const saved = await h.ok<{
      shelter: { rooms: { beds: { id: string; status: string; outOfServiceReason: string | null; expectedReturn: string | null }[] }[] };
    }>(net.staff, 'query($id: ID!) { shelter(id: $id) { rooms { beds { id status outOfServiceReason expectedReturn } } } }', { id: net.shelterId });
    const after = saved.shelter.rooms.flatMap((r) => r.beds).find((b) => b.id === bed.id)!;
    expect(after.status).toBe('OUT_OF_SERVICE');
    expect(after.outOfServiceReason).toBe('Deep clean');
    expect(after.expectedReturn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Confirm one arrival; decline the other with a reason code (declineHold requires one).
    await rm.getByRole('button', { name: 'Confirm arrival' }).click();
    await page.getByRole('status').filter({ hasText: 'Arrival confirmed for RM.' }).waitFor();
    await en.getByRole('button', { name: 'Decline' }).click();
    const reasons = en.getByRole('group', { name: 'Why are you declining?' });
    // Every code of HoldDeclineReason, each with its label; nothing chosen for the person declining.
    const labels = [
      'No staff to admit them tonight',
      'The room does not fit the household',
      'We cannot meet their needs (language, access, support)',
      'Too close to where they were exploited',
      'The person refused the place',
      'Other reason',
    ];
    expect(await reasons.getByRole('radio').evaluateAll((radios) => radios.map((r) => (r as HTMLInputElement).value))).toEqual([
      'NO_STAFF_TO_ADMIT',
      'NO_ROOM_FOR_HOUSEHOLD',
      'NEEDS_NOT_MET',
      'TOO_CLOSE_TO_EXPLOITATION_AREA',
      'REFUSED_BY_PERSON',
      'OTHER',
    ]);
    for (const name of labels) expect(await reasons.getByRole('radio', { name, checked: false }).count()).toBe(1);
    const activeHolds = async () =>
      (await h.ok<{ holds: { totalCount: number } }>(net.staff, 'query($s: ID) { holds(shelterId: $s, status: ACTIVE) { totalCount } }', { s: net.shelterId }))
        .holds.totalCount;
    const submit = en.getByRole('button', { name: 'Decline this hold' });
    // No code chosen: the browser does not send the form.
    await submit.click();
    expect(
      await reasons
        .getByRole('radio')
        .first()
        .evaluate((r) => (r as HTMLInputElement).validity.valueMissing),
    ).toBe(true);
    // The text box is there only for OTHER, and required there (blank is not a reason).
    expect(await en.getByLabel('Say why').count()).toBe(0);
    await reasons.getByRole('radio', { name: 'Other reason' }).check();
    const why = en.getByLabel('Say why');
    await submit.click();
    expect(await why.evaluate((t) => (t as HTMLTextAreaElement).validity.valueMissing)).toBe(true);
    await why.fill('   ');
    await submit.click();
    expect(await why.evaluate((t) => (t as HTMLTextAreaElement).validationMessage)).toBe('Write the reason (not only spaces)');
    expect(await activeHolds()).toBe(1);
    // Another code: the text box goes, and the hold is declined with that code.
    await reasons.getByRole('radio', { name: 'No staff to admit them tonight' }).check();
    expect(await en.getByLabel('Say why').count()).toBe(0);
    await expectAccessible(page, 'decline form');
    await submit.click();
    await page.getByRole('status').filter({ hasText: 'Hold for EN declined.' }).waitFor();
    const declined = await h.ok<{ holds: { edges: { node: { declineReason: string; referral: { initials: string } } }[] } }>(
      net.coordinator,
      'query($s: ID) { holds(shelterId: $s, status: DECLINED) { edges { node { declineReason referral { initials } } } } }',
      { s: net.shelterId },
    );
    expect(declined.holds.edges.map((e) => [e.node.referral.initials, e.node.declineReason])).toEqual([['EN', 'NO_STAFF_TO_ADMIT']]);
    await page.getByText('No household is on its way.').waitFor();

    // The stay that began: its recovery period's last day and reminders; extend it (reason required), then end it.
    const stay = page.getByRole('listitem').filter({ hasText: 'Stay of RM' });
    await stay.getByText(/^Recovery period 1 ends /).waitFor();
    await stay.getByText('Room Family, beds Family-1, Family-2', { exact: true }).waitFor();
    await stay.getByText(/^Reminders due: /).waitFor();
    // Its NRM stage and next deadline, as the API computes them (a positive RG came first).
    const nrm = await stayNrm('RM');
    expect([nrm.stage, nrm.nextDeadline?.kind]).toEqual(['RECOVERY_PERIOD', 'RECOVERY_PERIOD_END']);
    await stay.getByText(`NRM stage: Recovery period, since ${calendarDate('en', nrm.since)}`, { exact: true }).waitFor();
    await stay.getByText(`Next deadline: the recovery period ends ${calendarDate('en', nrm.nextDeadline!.date)}`, { exact: true }).waitFor();
    expect(await stay.getByText(/^Support continues until the conclusive grounds decision/).count()).toBe(nrm.nextDeadline!.supportContinues ? 1 : 0);
    await stay.getByRole('button', { name: 'Extend recovery period' }).click();
    await stay.getByLabel('Reason for the extension').fill('Conclusive grounds decision still pending');
    await expectAccessible(page, 'extend form');
    await stay.getByRole('button', { name: 'Extend', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Recovery period for RM extended to / })
      .waitFor();
    await stay.getByText(/^Recovery period 2 ends /).waitFor();
    await stay.getByRole('button', { name: 'End stay' }).click();
    await stay.getByLabel('Exit reason').selectOption('MOVED_ON');
    await expectAccessible(page, 'end stay form');
    await stay.getByRole('button', { name: 'End this stay' }).click();
    await page.getByRole('status').filter({ hasText: 'Stay of RM ended.' }).waitFor();
    await page.getByText('No household is staying now.').waitFor();
    const placements = await h.ok<{
      placements: { edges: { node: { status: string; exitReason: string; recoveryPeriods: { sequence: number; reason: string | null }[] } }[] };
    }>(net.coordinator, '{ placements(first: 5) { edges { node { status exitReason recoveryPeriods { sequence reason } } } } }');
    expect(placements.placements.edges.map((e) => e.node)).toEqual([
      {
        status: 'ENDED',
        exitReason: 'MOVED_ON',
        recoveryPeriods: [
          { sequence: 1, reason: null },
          { sequence: 2, reason: 'Conclusive grounds decision still pending' },
        ],
      },
    ]);
    const holds = await h.ok<{ holds: { edges: { node: { id: string; status: string } }[] } }>(
      net.coordinator,
      '{ holds(first: 10) { edges { node { id status } } } }',
    );
    const status = new Map(holds.holds.edges.map((e) => [e.node.id, e.node.status]));
    expect([status.get(holdIds[0]), status.get(holdIds[1])]).toEqual(['CONFIRMED', 'DECLINED']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shelter staff offline: changes are kept on the device, survive a reload, and are replayed; a conflict is said plainly', async () => {
    const referralId = await createReferral(h, net.officer, { initials: 'WL', agencyReference: 'OFFLINE-1' });
    const offered = await h.ok<{ requestPlacement: { __typename: string; hold?: { id: string } } }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    expect(offered.requestPlacement.__typename).toBe('HoldOffered');
    const holdId = offered.requestPlacement.hold!.id;
    const beds = async () =>
      (
        await h.ok<{ shelter: { rooms: { beds: { id: string; label: string; status: string }[] }[] } }>(
          net.staff,
          'query($id: ID!) { shelter(id: $id) { rooms { beds { id label status } } } }',
          {
            id: net.shelterId,
          },
        )
      ).shelter.rooms.flatMap((r) => r.beds);
    const bed = (await beds()).find((b) => b.status === 'AVAILABLE')!;

    const { context, page, problems } = await phonePage(browser);
    await signIn(page, 'Shelter staff', { label: 'Shelter', option: `${shelterCode} (${net.regionCode})` });
    await page.getByRole('heading', { level: 1, name: `Beds at ${shelterCode}` }).waitFor();
    const hold = page.getByRole('listitem').filter({ hasText: 'Hold for WL' });
    await hold.waitFor();
    // The service worker has the app shell before the connection goes.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    await context.setOffline(true);
    await page.getByRole('button', { name: `Bed ${bed.label}: Available` }).click();
    await page.getByRole('dialog').getByText('Deep clean').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Mark out of service' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `No connection: kept on this device to send later: Bed ${bed.label}: Out of service.` })
      .waitFor();
    await hold.getByRole('button', { name: 'Confirm arrival' }).click();
    await page.getByRole('status').filter({ hasText: 'No connection: kept on this device to send later: Arrival of WL.' }).waitFor();
    const panel = page.getByRole('region', { name: 'You are offline' });
    await panel.getByRole('heading', { name: 'Waiting to be sent (2)' }).waitFor();
    await expectAccessible(page, 'offline queue');
    expect((await beds()).find((b) => b.id === bed.id)!.status).toBe('AVAILABLE');

    // Kept on the device: a reload without a connection opens the app from the service worker with the queue intact.
    await page.reload();
    await page.getByRole('region', { name: 'You are offline' }).getByRole('heading', { name: 'Waiting to be sent (2)' }).waitFor();
    await page.getByText(`Bed ${bed.label}: Out of service`).waitFor();

    // Meanwhile the hold is declined elsewhere: when the connection returns, the bed change goes through and the arrival conflicts.
    await h.ok(net.staff, 'mutation($id: ID!) { declineHold(holdId: $id, reason: "Declined by phone", reasonCode: OTHER) { id } }', { id: holdId });
    await context.setOffline(false);
    await page
      .getByRole('status')
      .filter({ hasText: `Sent: Bed ${bed.label}: Out of service.` })
      .waitFor();
    const conflict = page.getByRole('listitem').filter({ hasText: 'Conflicted, not applied: Arrival of WL' });
    await conflict.waitFor();
    await page.getByRole('heading', { name: 'Changes kept on this device' }).waitFor();
    await expectAccessible(page, 'offline conflict');
    expect((await beds()).find((b) => b.id === bed.id)!.status).toBe('OUT_OF_SERVICE');
    const placements = await h.ok<{ placements: { totalCount: number } }>(net.coordinator, '{ placements(active: true) { totalCount } }');
    expect(placements.placements.totalCount).toBe(0);
    await conflict.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('heading', { name: 'Changes kept on this device' }).waitFor({ state: 'detached' });
    expect(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|Failed to fetch/.test(p))).toEqual([]);
    await h.ok(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', { i: { bedId: bed.id, status: 'AVAILABLE' } });
    await context.close();
  });

  it('referral officer: the API’s field errors on the form, ranked candidates without an address, a placement request and its hold', async () => {
    const { context, page, problems } = await phonePage(browser);
    const bodies: string[] = [];
    page.on('response', async (res) => {
      if (res.url().startsWith(base)) bodies.push(await res.text().catch(() => ''));
    });
    const agencyName = (await h.ok<{ agencies: { id: string; name: string }[] }>(net.coordinator, '{ agencies { id name } }')).agencies.find(
      (a) => a.id === net.agencyId,
    )!.name;
    await signIn(page, 'Referral officer', { label: 'Agency', option: agencyName });
    await page.getByRole('heading', { level: 1, name: 'Your agency’s referrals' }).waitFor();
    await page.getByRole('link', { name: /\(RM\): Exited/ }).waitFor();
    await expectAccessible(page, 'referrals');
    // The stay that ended: its NRM stage on the referral's page.
    await page.getByRole('link', { name: /\(RM\): Exited/ }).click();
    await page.getByText(/^NRM stage: Ended, since /).waitFor();
    await page.getByText('No deadline ahead in this stage', { exact: true }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'New referral' }).waitFor();

    await page.getByRole('link', { name: 'New referral' }).click();
    await page.getByRole('heading', { level: 1, name: 'New referral' }).waitFor();
    await page.getByRole('checkbox', { name: net.regionCode }).first().waitFor();
    await expectAccessible(page, 'new referral');
    expect(await smallTargets(page)).toEqual([]);
    await page.getByLabel('Your reference').fill('WEB-001');
    await page.getByLabel('Initials').fill('A1B2C');
    await page.getByLabel('Gender').selectOption('FEMALE');
    await page.getByLabel('Age band').selectOption('AGE_25_34');
    await page.getByLabel('The referred person consents to this referral').check();
    await page.getByLabel('Languages spoken').fill('en, pl');
    await page.getByRole('button', { name: 'Create referral' }).click();
    // The message is the API's own, next to the field and in the summary.
    const initials = page.getByLabel('Initials');
    await page.locator('#initials-error').waitFor();
    const message = (await page.locator('#initials-error').textContent())!.replace('⚠', '').trim();
    expect(message).toMatch(/initials/i);
    expect(await initials.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('link', { name: message }).count()).toBe(1);
    await expectAccessible(page, 'new referral with errors');
    await initials.fill('AC');
    await page.getByRole('button', { name: 'Create referral' }).click();

    await page.getByRole('heading', { level: 1, name: 'Referral WEB-001' }).waitFor();
    await page.getByText('Rooms that fit, best first').waitFor();
    const candidate = page.getByRole('heading', { level: 3, name: new RegExp(`^${shelterCode} in ${net.regionCode}: score`) }).first();
    await candidate.waitFor();
    await page.getByText('Why this score').first().click();
    await page
      .getByText(/^Language: \d+\.\d points/)
      .first()
      .waitFor();
    await expectAccessible(page, 'referral candidates');
    await page.getByRole('button', { name: 'Request placement' }).click();
    await page.getByRole('heading', { level: 2, name: `Bed held at ${shelterCode}` }).waitFor();
    await page.getByText('Shelter contact line: 0800 000 000').waitFor();
    await page.getByText(/Hold expires .*\(Expires in 23 h/).waitFor();
    await expectAccessible(page, 'referral hold');
    await screenshot(page, 'web-referral-officer');

    // Nothing the officer's browser received holds the shelter's address or postcode.
    const wire = bodies.join('\n');
    expect(wire).toContain(shelterCode);
    expect(wire).not.toContain(ADDRESS);
    expect(wire).not.toContain(POSTCODE);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('referral officer: surge intake previews a CSV with every problem by row and field, lists the API’s refusals, then creates the rows', async () => {
    const { context, page, problems } = await phonePage(browser);
    const agencyName = (await h.ok<{ agencies: { id: string; name: string }[] }>(net.coordinator, '{ agencies { id name } }')).agencies.find(
      (a) => a.id === net.agencyId,
    )!.name;
    await signIn(page, 'Referral officer', { label: 'Agency', option: agencyName });
    await page.getByRole('link', { name: 'Surge intake' }).click();
    await page.getByRole('heading', { level: 1, name: 'Surge intake' }).waitFor();
    await expectAccessible(page, 'surge intake');
    const header = 'agencyReference,initials,gender,ageBand,consentGiven,languages,children';
    const upload = (name: string, csv: string) => page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });

    // Problems the browser can see: listed by row and field, and nothing can be sent.
    await upload('bad.csv', `${header},colour\nSURGE-1,AB,woman,AGE_25_34,yes,en,0,red\nSURGE-2,CD,FEMALE,AGE_35_44,maybe,pl,x,blue\n`);
    await page.getByText('bad.csv: 2 rows, 4 problems').waitFor();
    for (const line of [
      'File, colour: “colour” is not a column Harbour knows',
      'Row 1, gender: must be one of FEMALE, MALE, NON_BINARY',
      'Row 2, consentGiven: “maybe” is not yes or no',
      'Row 2, children: “x” is not a number from 0 to 12',
    ]) {
      await page.getByRole('listitem').filter({ hasText: line }).waitFor();
    }
    expect(await page.getByRole('button', { name: 'Send 2 referrals' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'surge preview with problems');

    // A problem only the API knows (a reference already used): listed by row and field; nothing created.
    const before = (await h.ok<{ referrals: { totalCount: number } }>(net.officer, '{ referrals { totalCount } }')).referrals.totalCount;
    await upload('clash.csv', `${header}\nSURGE-1,AB,FEMALE,AGE_25_34,yes,en,0\nWEB-001,CD,FEMALE,AGE_35_44,yes,pl,1\n`);
    await page.getByText('clash.csv: 2 rows, 0 problems').waitFor();
    await page.getByRole('button', { name: 'Send 2 referrals' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: /^Row 2, agencyReference: / })
      .waitFor();
    expect((await h.ok<{ referrals: { totalCount: number } }>(net.officer, '{ referrals { totalCount } }')).referrals.totalCount).toBe(before);

    // A clean file: created together, each linking to its referral.
    await upload('good.csv', `${header}\nSURGE-1,AB,FEMALE,AGE_25_34,yes,en,0\nSURGE-2,CD,FEMALE,AGE_35_44,yes,pl,0\n`);
    await page.getByText('good.csv: 2 rows, 0 problems').waitFor();
    await page.getByRole('button', { name: 'Send 2 referrals' }).click();
    await page.getByRole('heading', { level: 2, name: /^2 referrals created: \d+ beds held, \d+ waiting$/ }).waitFor();
    await page.getByRole('link', { name: /^SURGE-1 \(AB\): / }).waitFor();
    await expectAccessible(page, 'surge result');
    expect(await smallTargets(page)).toEqual([]);
    const after = await h.ok<{ referrals: { edges: { node: { agencyReference: string; status: string } }[] } }>(
      net.officer,
      '{ referrals(first: 50) { edges { node { agencyReference status } } } }',
    );
    const refs = after.referrals.edges.map((e) => e.node.agencyReference);
    expect(refs).toEqual(expect.arrayContaining(['SURGE-1', 'SURGE-2']));
    expect(refs).toHaveLength(before + 2);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('coordinator: the network board shows free beds by region and category, pressure in words, and freshness', async () => {
    const { context, page, problems } = await phonePage(browser);
    await signIn(page, 'Coordinator');
    await page.getByRole('heading', { level: 1, name: 'Free beds across the network' }).waitFor();
    const region = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: `${net.regionCode} (${net.regionCode})` }) });
    await region.waitFor();
    const live = await h.ok<{ availability: { regionCode: string; all: number; totalBeds: number; womenOnly: number }[] }>(
      net.coordinator,
      '{ availability { regionCode all totalBeds womenOnly } }',
    );
    const mine = live.availability.find((a) => a.regionCode === net.regionCode)!;
    await region.getByText(`${mine.all} free of ${mine.totalBeds}`).waitFor();
    // Pressure as text, not only colour; freshness as text.
    await region.getByText(/^(▲|◆|▽) (High pressure|Some pressure|Low pressure)$/).waitFor();
    await region.getByText(/^Oldest bed update /).waitFor();
    expect(await region.locator('dt', { hasText: 'Women only' }).locator('xpath=following-sibling::dd').textContent()).toBe(String(mine.womenOnly));
    await expectAccessible(page, 'network board');
    expect(await smallTargets(page)).toEqual([]);

    // The capacity alert the rule opened: acknowledge it.
    const alert = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: `All beds in ${net.regionCode}: ${alertFree} free when opened` }) });
    await alert.getByText('Open', { exact: true }).waitFor();
    await screenshot(page, 'web-coordinator');
    await alert.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('status').filter({ hasText: 'Alert acknowledged.' }).waitFor();
    await alert.getByText('Acknowledged', { exact: true }).waitFor();
    expect(await alert.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    const alerts = await h.ok<{ alerts: { edges: { node: { status: string; regionCode: string } }[] } }>(
      net.coordinator,
      '{ alerts(first: 5) { edges { node { status regionCode } } } }',
    );
    expect(alerts.alerts.edges.map((e) => e.node)).toEqual([{ status: 'ACKNOWLEDGED', regionCode: net.regionCode }]);

    // Welsh, everywhere the page speaks.
    await page.getByLabel('Language').selectOption('cy');
    await page.getByRole('heading', { level: 1, name: 'Gwelyau rhydd ar draws y rhwydwaith' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('cy');
    await expectAccessible(page, 'network board in Welsh');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('live: a bed changed by staff in one browser shows on the coordinator’s network board in another within a second; the inbox bell', async () => {
    const hub = h.api.get(LiveEventHub);
    // Earlier tests' pages are closed: their subscriptions end as their sockets close.
    await waitFor(() => hub.listenerCount === 0);
    const coordinator = await phonePage(browser);
    await signIn(coordinator.page, 'Coordinator');
    await coordinator.page.getByRole('heading', { level: 1, name: 'Free beds across the network' }).waitFor();
    // The coordinator's page is subscribed (beds, holds, alerts, inbox) before the change is made.
    await waitFor(() => hub.listenerCount === 4);
    const region = coordinator.page
      .getByRole('listitem')
      .filter({ has: coordinator.page.getByRole('heading', { name: `${net.regionCode} (${net.regionCode})` }) });
    const before = (
      await h.ok<{ availability: { regionCode: string; all: number; totalBeds: number }[] }>(net.coordinator, '{ availability { regionCode all totalBeds } }')
    ).availability.find((a) => a.regionCode === net.regionCode)!;
    await region.getByText(`${before.all} free of ${before.totalBeds}`).waitFor();

    const staff = await phonePage(browser);
    await signIn(staff.page, 'Shelter staff', { label: 'Shelter', option: `${shelterCode} (${net.regionCode})` });
    await staff.page.getByRole('heading', { level: 1, name: `Beds at ${shelterCode}` }).waitFor();
    const beds = await h.ok<{ shelter: { rooms: { beds: { id: string; label: string; status: string }[] }[] } }>(
      net.staff,
      'query($id: ID!) { shelter(id: $id) { rooms { beds { id label status } } } }',
      { id: net.shelterId },
    );
    const bed = beds.shelter.rooms.flatMap((r) => r.beds).find((b) => b.status === 'AVAILABLE')!;
    await staff.page.getByRole('button', { name: `Bed ${bed.label}: Available` }).click();
    const dialog = staff.page.getByRole('dialog', { name: `Bed ${bed.label}` });
    await dialog.getByText('Deep clean').click();
    await dialog.getByRole('button', { name: 'Mark out of service' }).click();
    await staff.page.getByRole('button', { name: `Bed ${bed.label}: Out of service` }).waitFor();
    // The other browser's board follows within a second, by the live event (its own refetch is every 15 s).
    await region.getByText(`${before.all - 1} free of ${before.totalBeds}`).waitFor({ timeout: 1_000 });
    // The bed back in service (the tests after this one need a free bed), and the board follows again.
    await h.ok(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', { i: { bedId: bed.id, status: 'AVAILABLE' } });
    await region.getByText(`${before.all} free of ${before.totalBeds}`).waitFor({ timeout: 1_000 });

    // The bell: the capacity alert opened in beforeAll is in the coordinators' inbox, with its state in words.
    const bell = coordinator.page.getByRole('button', { name: /^Notifications: \d+ new$/ });
    await bell.click();
    const inbox = coordinator.page.getByRole('region', { name: 'Notifications' });
    const item = inbox.getByRole('listitem').filter({ hasText: 'Capacity alert opened' }).first();
    await item.getByText('New', { exact: true }).waitFor();
    expect(await item.getByRole('link', { name: 'Capacity alert opened' }).getAttribute('href')).toMatch(/^\/network#alert-[0-9a-f-]{36}$/);
    await expectAccessible(coordinator.page, 'inbox');
    expect(await smallTargets(coordinator.page)).toEqual([]);
    await item.getByRole('button', { name: 'Done' }).click();
    // Its state in words, once the API has stored it (the button goes with it).
    await item.locator('.state', { hasText: 'Done' }).waitFor();
    await item.getByRole('button', { name: 'Done' }).waitFor({ state: 'detached' });
    // Stored for the signed-in coordinator only: another coordinator's copy is still unread.
    const acted: { subject: string }[] = await h.db.query(
      `SELECT r.subject FROM notification_receipt r JOIN notification n ON n.id = r.notification_id
        WHERE n.kind = 'CAPACITY_ALERT_OPENED' AND r.acted_at IS NOT NULL AND r.read_at IS NOT NULL`,
    );
    expect(acted).toHaveLength(1);
    const other = await h.ok<{ myNotifications: { edges: { node: { kind: string; readAt: string | null } }[] } }>(
      net.coordinator,
      '{ myNotifications(first: 20) { edges { node { kind readAt } } } }',
    );
    expect(other.myNotifications.edges.filter((e) => e.node.kind === 'CAPACITY_ALERT_OPENED').map((e) => e.node.readAt)).toEqual([null]);
    expect([...coordinator.problems, ...staff.problems]).toEqual([]);
    await staff.context.close();
    await coordinator.context.close();
  });

  it('coordinator: operations shows the audit chain, the waitlist, the work queues and webhook health', async () => {
    const { context, page, problems } = await phonePage(browser);
    await signIn(page, 'Coordinator');
    await page.getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
    await page.getByText(/^✓ The audit chain verifies \(\d+ events checked\)$/).waitFor();
    const status = await h.ok<{ waitlist: { totalCount: number }; workStatus: { queues: { name: string }[] } }>(
      net.coordinator,
      '{ waitlist { totalCount } workStatus { queues { name } } }',
    );
    await page.getByRole('heading', { level: 2, name: `Waitlist (${status.waitlist.totalCount} waiting)` }).waitFor();
    for (const q of status.workStatus.queues) await page.getByRole('heading', { level: 3, name: q.name, exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor();
    await expectAccessible(page, 'operations');
    expect(await smallTargets(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('can be used by keyboard alone: skip link, sign-in and the bed sheet', async () => {
    const { context, page } = await phonePage(browser);
    await page.goto(`${base}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.getByRole('radio', { name: 'Shelter staff' }).focus();
    await page.getByRole('button', { name: 'Sign in' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Beds at ${shelterCode}` }).waitFor();
    const bed = page.getByRole('button', { name: /: Available$/ }).first();
    await bed.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await context.close();
  });

  it('a sign-in link from harbour demo preselects the role and the agency or shelter; one press signs in', async () => {
    // Another agency that the sign-in page would offer first, so only the link can pick the network's.
    await h.ok(net.coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', { i: { name: '0 First listed agency', kind: 'NGO' } });
    const links = demoSignInLinks({ graphqlUrl: h.url, shelterId: net.shelterId, agencyId: net.agencyId });
    expect(links.map((l) => l.who)).toEqual(['staff', 'officer', 'coordinator']);
    const { context, page, problems } = await phonePage(browser);
    await page.goto(links[1].url);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('Agency', { exact: true }).waitFor();
    expect(await page.getByRole('radio', { name: 'Referral officer' }).isChecked()).toBe(true);
    expect(await page.getByLabel('Agency', { exact: true }).inputValue()).toBe(net.agencyId);
    const offered = await page
      .getByLabel('Agency', { exact: true })
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered[0]).not.toBe(net.agencyId);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your agency’s referrals' }).waitFor();
    await context.close();
    // The staff link: the network's shelter, preselected.
    const staff = await phonePage(browser);
    await staff.page.goto(links[0].url);
    await staff.page.getByLabel('Shelter', { exact: true }).waitFor();
    expect(await staff.page.getByRole('radio', { name: 'Shelter staff' }).isChecked()).toBe(true);
    expect(await staff.page.getByLabel('Shelter', { exact: true }).inputValue()).toBe(net.shelterId);
    await staff.page.getByRole('button', { name: 'Sign in' }).click();
    await staff.page.getByRole('heading', { level: 1, name: `Beds at ${shelterCode}` }).waitFor();
    await staff.context.close();
    // A link naming what is not on offer falls back to the page's own choices.
    const odd = await phonePage(browser);
    await odd.page.goto(`${base}/sign-in?role=AUDITOR&agencyId=${randomUUID()}`);
    await odd.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await odd.page.getByLabel('Shelter', { exact: true }).waitFor();
    expect(await odd.page.getByRole('radio', { name: 'Shelter staff' }).isChecked()).toBe(true);
    await odd.context.close();
    expect(problems).toEqual([]);
    expect(staff.problems).toEqual([]);
  });
});

describe('web app in production', () => {
  let h: Harbour;
  let browser: Browser;

  beforeAll(async () => {
    await ensureWebBuilt();
    h = await Harbour.start('web_prod', {
      worker: false,
      env: {
        NODE_ENV: 'production',
        CLOCK_MODE: 'system',
        JWT_SECRET: 'production-test-secret-0123456789abcdefghijkl',
        AUDIT_CHAIN_KEY: 'production-test-audit-key-0123456789abcdefghij',
        NOTES_ENCRYPTION_KEYS: 'p1:cHJvZHVjdGlvbi10ZXN0LW5vdGVzLWtleS0wMTIzNDU=',
        WEBHOOK_SIGNING_SECRET: 'production-test-webhook-secret-0123456789abcd',
        DATABASE_SCOPE_KEY: 'production-test-scope-key-0123456789abcdefghij',
      },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('has no development sign-in: its routes answer 404 and the page says sign-in goes through the organisation', async () => {
    expect(h.config.DEV_SIGN_IN).toBe(false);
    const base = h.url.replace(/\/graphql$/, '');
    const options = await fetch(`${base}/auth/dev/options`, { headers: { accept: 'application/json' } });
    expect(options.status).toBe(404);
    const token = await fetch(`${base}/auth/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: Role.COORDINATOR }),
    });
    expect(token.status).toBe(404);
    expect(JSON.stringify(await token.json())).not.toMatch(/eyJ/);
    const html = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const { context, page } = await phonePage(browser);
    await page.goto(`${base}/`);
    await page.getByText('Development sign-in is not available on this server.').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(0);
    await expectAccessible(page, 'production sign-in');
    await context.close();
  });
});
