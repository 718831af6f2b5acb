/**
 * The whole placement lifecycle through the GraphQL API with the worker running:
 * referral → positive RG → hold → arrival (the recovery period starts on
 * arrival, the RG having come first) → reminders at 09:00 London 7 and 2 days
 * before the end and on the last day → extension (reminders rescheduled) → exit.
 * The NRM stages themselves are in nrm-stages.e2e-spec.ts.
 */
import { addDays, localDateTimeToInstant } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork, waitFor, WebhookSink } from './support/fixtures';

const PLACEMENT_FIELDS = `id status arrivedOn endedOn
  currentRecoveryPeriod { sequence startDate endDate lengthDays }
  recoveryPeriods { sequence startDate endDate lengthDays reason }
  reminders { id offsetDays dueDate dueAt status sentAt late }`;

describe('placement lifecycle from referral to exit', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let net: Network;

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('lifecycle');
    net = await smallNetwork(h, { beds: 1, webhookUrl: sink.url });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  async function clockNow(): Promise<number> {
    const d = await h.ok<{ clock: { now: string } }>(net.coordinator, '{ clock { now } }');
    return Date.parse(d.clock.now);
  }

  /** Advances the clock to `instant` + `extraMs`. */
  async function advanceTo(instant: number, extraMs = 0): Promise<void> {
    const hours = (instant + extraMs - (await clockNow())) / 3_600_000;
    if (hours > 0) await h.advance(hours, net.coordinator);
  }

  async function placement(id: string) {
    return (await h.ok<{ placement: any }>(net.staff, `query($id: ID!) { placement(id: $id) { ${PLACEMENT_FIELDS} } }`, { id })).placement;
  }

  const reminderNotices = () => sink.of('RECOVERY_PERIOD_REMINDER');

  it('places, reminds at the right times once each, reschedules on extension and frees the bed on exit', async () => {
    const referralId = await createReferral(h, net.officer);
    await recordPositiveRg(h, net.officer, referralId);
    const requested = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    expect(requested.requestPlacement.__typename).toBe('HoldOffered');
    const holdId = requested.requestPlacement.hold.id;

    const confirmed = await h.ok<{ confirmArrival: any }>(
      net.staff,
      `mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { ${PLACEMENT_FIELDS} } }`,
      { i: { holdId } },
    );
    const p = confirmed.confirmArrival;
    expect(p.status).toBe('ACTIVE');
    // Day 1 is the arrival date (the RG came earlier); England's 30-day period ends on day 30, inclusive.
    expect(p.currentRecoveryPeriod).toEqual({
      sequence: 1,
      startDate: p.arrivedOn,
      endDate: addDays(p.arrivedOn, 29),
      lengthDays: 30,
    });
    const end1 = p.currentRecoveryPeriod.endDate;
    const sorted = [...p.reminders].sort((a: any, b: any) => b.offsetDays - a.offsetDays);
    expect(sorted.map((r: any) => [r.offsetDays, r.dueDate, r.status])).toEqual([
      [7, addDays(end1, -7), 'SCHEDULED'],
      [2, addDays(end1, -2), 'SCHEDULED'],
      [0, end1, 'SCHEDULED'],
    ]);
    for (const r of sorted) {
      expect(Date.parse(r.dueAt)).toBe(localDateTimeToInstant(r.dueDate, '09:00', 'Europe/London').getTime());
    }
    await h.settle();

    // One minute before the first reminder: nothing sent yet.
    const first = Date.parse(sorted[0].dueAt);
    await advanceTo(first, -60_000);
    expect(reminderNotices()).toHaveLength(0);

    // Just after it: the 7-day reminder, to the shelter and to the referring agency.
    await advanceTo(first, 60_000);
    await waitFor(() => reminderNotices().length >= 2);
    expect(
      reminderNotices()
        .map((n) => [n.audience.type, n.payload.reminderId, n.payload.daysBeforeEnd])
        .sort(),
    ).toEqual(
      [
        ['AGENCY', sorted[0].id, 7],
        ['SHELTER', sorted[0].id, 7],
      ].sort(),
    );

    // Extension: period 2 starts the day after period 1 ends; unsent reminders of period 1 are cancelled.
    const extended = await h.ok<{ extendRecoveryPeriod: any }>(
      net.staff,
      `mutation($i: ExtendRecoveryPeriodInput!) { extendRecoveryPeriod(input: $i) { sequence startDate endDate lengthDays reason } }`,
      { i: { placementId: p.id, reason: 'awaiting conclusive grounds decision' } },
    );
    expect(extended.extendRecoveryPeriod).toEqual({
      sequence: 2,
      startDate: addDays(end1, 1),
      endDate: addDays(end1, 45),
      lengthDays: 45,
      reason: 'awaiting conclusive grounds decision',
    });
    await h.settle();
    const afterExtension = await placement(p.id);
    const byStatus = (s: string) => afterExtension.reminders.filter((r: any) => r.status === s);
    expect(byStatus('SENT').map((r: any) => r.id)).toEqual([sorted[0].id]);
    expect(
      byStatus('CANCELLED')
        .map((r: any) => r.offsetDays)
        .sort(),
    ).toEqual([0, 2]);
    const period2 = byStatus('SCHEDULED');
    expect(period2.map((r: any) => r.dueDate).sort()).toEqual(
      [addDays(extended.extendRecoveryPeriod.endDate, -7), addDays(extended.extendRecoveryPeriod.endDate, -2), extended.extendRecoveryPeriod.endDate].sort(),
    );

    // Run to the end of period 2: its three reminders go out, each once, the cancelled ones never.
    const last = Math.max(...period2.map((r: any) => Date.parse(r.dueAt)));
    for (const r of [...period2].sort((a: any, b: any) => Date.parse(a.dueAt) - Date.parse(b.dueAt))) {
      await advanceTo(Date.parse(r.dueAt), 60_000);
    }
    await advanceTo(last, 3_600_000);
    await waitFor(() => reminderNotices().length >= 8);
    await h.settle();
    const counts = new Map<string, number>();
    for (const n of reminderNotices()) counts.set(n.payload.reminderId, (counts.get(n.payload.reminderId) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([sorted[0].id, ...period2.map((r: any) => r.id)].sort());
    expect([...counts.values()]).toEqual([2, 2, 2, 2]);
    const final = await placement(p.id);
    for (const r of final.reminders.filter((x: any) => x.status === 'SENT')) {
      const lag = Date.parse(r.sentAt) - Date.parse(r.dueAt);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(5 * 60_000);
    }

    // Exit: the bed is free again and nothing more is sent.
    const ended = await h.ok<{ endPlacement: any }>(net.staff, `mutation($i: EndPlacementInput!) { endPlacement(input: $i) { status exitReason endedOn } }`, {
      i: { placementId: p.id, exitReason: 'MOVED_ON' },
    });
    expect(ended.endPlacement.status).toBe('ENDED');
    expect(ended.endPlacement.exitReason).toBe('MOVED_ON');
    await h.settle();
    const shelter = await h.ok<{ shelter: any }>(net.staff, 'query($id: ID!) { shelter(id: $id) { freeBeds occupiedBeds } }', {
      id: net.shelterId,
    });
    expect(shelter.shelter).toEqual({ freeBeds: 1, occupiedBeds: 0 });
    const referral = await h.ok<{ referral: any }>(net.officer, 'query($id: ID!) { referral(id: $id) { status } }', { id: referralId });
    expect(referral.referral.status).toBe('EXITED');
    await h.advance(24 * 10, net.coordinator);
    expect(reminderNotices()).toHaveLength(8);
    // Every delivery carried a valid HMAC-SHA256 signature.
    expect(sink.attempts).toBeGreaterThan(8);
    expect(sink.badSignatures).toBe(0);
  });
});
