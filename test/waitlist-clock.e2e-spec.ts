/**
 * The waitlist's assignment window runs on Harbour's clock (the cause of
 * `harbour replay --seed N` giving different counts on two fresh databases):
 * a freed bed's waitlist job carries its due time (`dueAt`, Harbour clock), and
 * advanceClock promotes it once the clock passes that time, so the bed is
 * offered at a point the replay chooses, not whenever real time runs the
 * window out. With a 300 s window and no real waiting, the offer is made only
 * after the clock moves past it.
 */
import { Queue } from 'bullmq';
import { QueueName, WaitlistJob } from '@harbour/platform';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

jest.setTimeout(120_000);

describe('waitlist assignment window on the adjustable clock', () => {
  let h: Harbour;
  let net: Network;
  let waitlist: Queue<WaitlistJob>;
  /** The referral the first test's freed bed was offered to. */
  let heldReferral: string;

  beforeAll(async () => {
    h = await Harbour.start('waitlist_clock', { env: { ASSIGNMENT_WINDOW_SECONDS: '300' } });
    net = await smallNetwork(h, { beds: 1 });
    waitlist = h.queue(QueueName.WAITLIST) as Queue<WaitlistJob>;
  });

  afterAll(async () => {
    await waitlist?.close();
    await h?.close();
  });

  it('offers a freed bed when the clock passes the window, not before', async () => {
    const first = await createReferral(h, net.officer);
    const held = await h.ok<{ requestPlacement: { hold: { id: string } } }>(net.officer, REQUEST_PLACEMENT, { id: first });
    const placed = await h.ok<{ confirmArrival: { id: string } }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId: held.requestPlacement.hold.id },
    });
    const waiting = await createReferral(h, net.officer);
    expect((await h.ok<{ requestPlacement: { __typename: string } }>(net.officer, REQUEST_PLACEMENT, { id: waiting })).requestPlacement.__typename).toBe(
      'Waitlisted',
    );
    await h.settle();

    const before = Date.parse((await h.ok<{ clock: { now: string } }>(net.coordinator, '{ clock { now } }')).clock.now);
    await h.ok(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', {
      i: { placementId: placed.confirmArrival.id, exitReason: 'MOVED_ON' },
    });
    await h.settle();

    // The freed bed's waitlist job waits, due 300 s later on Harbour's clock (adding the bed queued one too, earlier).
    const delayed = await waitlist.getDelayed(0, -1);
    const dueTimes = delayed.map((j) => Date.parse(j.data.dueAt!)).sort((a, b) => a - b);
    expect(dueTimes.length).toBeGreaterThanOrEqual(1);
    const dueAt = dueTimes[dueTimes.length - 1];
    expect(dueAt - before).toBeGreaterThanOrEqual(300_000);
    const referralStatus = async () =>
      (await h.ok<{ referral: { status: string } }>(net.coordinator, 'query($id: ID!) { referral(id: $id) { status } }', { id: waiting })).referral.status;
    expect(await referralStatus()).toBe('WAITLISTED');

    // Moving the clock short of the window promotes nothing; past it, the job runs and the bed is offered.
    const short = await h.ok<{ advanceClock: string }>(net.coordinator, 'mutation { advanceClock(hours: 0.01) }');
    expect(Date.parse(short.advanceClock)).toBeLessThan(dueAt);
    await h.settle();
    expect(await waitlist.getDelayedCount()).toBe(delayed.length);
    expect(await referralStatus()).toBe('WAITLISTED');

    await h.advance(0.1, net.coordinator);
    expect(await waitlist.getDelayedCount()).toBe(0);
    expect(await referralStatus()).toBe('HELD');
    heldReferral = waiting;
  });

  // What makes `harbour replay --seed N` repeatable (test/replay-repeatable.e2e-spec.ts): while the
  // replay holds the windows, neither their timers nor advanceClock close them; only the replay does.
  it('a held window stays open past its timer and advanceClock until closeAssignmentWindows closes it', async () => {
    const held = await h.ok<{ referral: { activeHold: { id: string } } }>(net.coordinator, 'query($id: ID!) { referral(id: $id) { activeHold { id } } }', {
      id: heldReferral,
    });
    const live = held.referral.activeHold;
    const placed = await h.ok<{ confirmArrival: { id: string } }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId: live.id },
    });
    const waiting = await createReferral(h, net.officer);
    expect((await h.ok<{ requestPlacement: { __typename: string } }>(net.officer, REQUEST_PLACEMENT, { id: waiting })).requestPlacement.__typename).toBe(
      'Waitlisted',
    );
    const close = 'mutation($s: Int!) { closeAssignmentWindows(holdForSeconds: $s) }';
    expect((await h.ok<{ closeAssignmentWindows: number }>(net.coordinator, close, { s: 600 })).closeAssignmentWindows).toBe(0);
    await h.ok(net.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', {
      i: { placementId: placed.confirmArrival.id, exitReason: 'MOVED_ON' },
    });
    await h.settle();

    // The freed bed's job waits out the hold as well as the window: its timer cannot close it mid-step.
    const [job] = await waitlist.getDelayed(0, -1);
    expect(job.opts.delay).toBeGreaterThan((300 + 590) * 1000);
    // Moving the clock a day on, far past the window, leaves the held window open.
    await h.advance(24, net.coordinator);
    expect(await waitlist.getDelayedCount()).toBe(1);
    const status = async () =>
      (await h.ok<{ referral: { status: string } }>(net.coordinator, 'query($id: ID!) { referral(id: $id) { status } }', { id: waiting })).referral.status;
    expect(await status()).toBe('WAITLISTED');

    // Closing it offers the bed; 0 also ends the hold.
    expect((await h.ok<{ closeAssignmentWindows: number }>(net.coordinator, close, { s: 0 })).closeAssignmentWindows).toBe(1);
    await h.settle();
    expect(await status()).toBe('HELD');
    const [row] = await h.db.query('SELECT windows_held_until FROM clock_setting WHERE id = 1');
    expect(row.windows_held_until).toBeNull();

    // Coordinators only; bad hold lengths are refused by name.
    expect((await h.gql(net.staff, close, { s: 0 })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const bad = await h.gql(net.coordinator, close, { s: 3601 });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'holdForSeconds' });
  });
});
