/**
 * Lock order (docs/guarantees.md, "Lock order"): a hold expiring (the worker's
 * hold-expiry job) and a waitlist offer into the same room (the waitlist job)
 * lock the shelter, room and bed rows in the same order, so they wait for each
 * other and never deadlock. The interleaving that deadlocked before (the offer
 * holding the room and waiting for the shelter, the expiry holding the shelter
 * and waiting for the room) is forced with a third transaction that holds the
 * shelter row until both are queued behind it; no sleeps.
 */
import { QueryRunner } from 'typeorm';
import { PlacementService, WaitlistAssignmentService } from '@harbour/core';
import { onTransactionRetry, TransactionRetry } from '@harbour/core';
import { createReferral, REQUEST_PLACEMENT, smallNetwork, waitFor } from './support/fixtures';
import { Harbour } from './support/harbour-harness';

describe('lock order: hold expiry and a waitlist offer on the same room', () => {
  let h: Harbour;
  const retries: TransactionRetry[] = [];
  let stop: () => void;
  beforeAll(async () => {
    // No worker: the test runs the two jobs' service calls itself, at the moments it chooses.
    h = await Harbour.start('lock-order', { worker: false });
    stop = onTransactionRetry((r) => retries.push(r));
  });
  afterAll(async () => {
    stop?.();
    await h?.close();
  });

  /** Backends of this database waiting for a lock (PostgreSQL names who they wait for). */
  const waiting = async (): Promise<number> =>
    Number(
      (await h.db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND cardinality(pg_blocking_pids(pid)) > 0`))[0].n,
    );

  it('the expiry and the offer both finish without a deadlock: the offer takes the free bed, the expired referral waits', async () => {
    const net = await smallNetwork(h, { beds: 0 });
    const beds = await h.ok<{ addBeds: { id: string; label: string }[] }>(net.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id label } }', {
      i: { shelterId: net.shelterId, roomLabel: 'A', count: 2 },
    });
    const second = [...beds.addBeds].sort((a, b) => a.label.localeCompare(b.label))[1];
    const setStatus = (bedId: string, status: string) =>
      h.ok(net.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
        i: { bedId, status, reason: status === 'OUT_OF_SERVICE' ? 'repairs' : null },
      });
    // X holds the first bed (by label); Y waits (the second bed is out of service), then the second bed is back.
    await setStatus(second.id, 'OUT_OF_SERVICE');
    const x = await createReferral(h, net.officer);
    const held = await h.ok<{ requestPlacement: { __typename: string; hold: { id: string } } }>(net.officer, REQUEST_PLACEMENT, { id: x });
    expect(held.requestPlacement.__typename).toBe('HoldOffered');
    const y = await createReferral(h, net.officer);
    expect((await h.ok<{ requestPlacement: { __typename: string } }>(net.officer, REQUEST_PLACEMENT, { id: y })).requestPlacement.__typename).toBe(
      'Waitlisted',
    );
    await setStatus(second.id, 'AVAILABLE');
    // X's hold is past its time.
    await h.ok(net.coordinator, 'mutation { advanceClock(hours: 25) }');

    const blocker: QueryRunner = h.db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('SELECT 1 FROM shelter WHERE id = $1 FOR UPDATE', [net.shelterId]);
    retries.length = 0;
    const placements = h.api.get(PlacementService);
    const assignment = h.api.get(WaitlistAssignmentService);
    let offer: Promise<unknown> | undefined;
    let expiry: Promise<unknown> | undefined;
    try {
      // The offer to Y queues first behind the blocker, then X's expiry.
      offer = assignment.assignWaitlist([net.regionCode]);
      // (The solver runs first: on a busy machine that can take a while.)
      await waitFor(async () => (await waiting()) === 1, 120_000);
      expiry = placements.expireHold(held.requestPlacement.hold.id);
      // Queued behind the offer (PostgreSQL then names the offer as its blocker, not the third transaction).
      await waitFor(async () => (await waiting()) === 2, 120_000);
    } finally {
      await blocker.commitTransaction();
      await blocker.release();
    }
    const [assigned, expired] = await Promise.all([offer, expiry]);
    expect(expired).toBe('EXPIRED');
    expect((assigned as { holds: { referralId: string; roomId: string }[] }).holds.map((hd) => hd.referralId)).toEqual([y]);
    // No transaction was rolled back and run again: neither waited for the other in a cycle.
    expect(retries).toEqual([]);

    const status = async (id: string) => (await h.db.query('SELECT status FROM referral WHERE id = $1', [id]))[0].status;
    expect(await status(y)).toBe('HELD');
    // X's only shelter let its offer lapse: it waits (docs/waiting.md), not offered the same shelter again.
    expect(await status(x)).toBe('WAITLISTED');
    const claims = await h.db.query(`SELECT bed_id, referral_id FROM bed_claim WHERE released_at IS NULL`);
    expect(claims).toEqual([{ bed_id: second.id, referral_id: y }]);
    const counts = await h.db.query('SELECT available_beds, used_beds FROM room WHERE shelter_id = $1', [net.shelterId]);
    expect(counts).toEqual([{ available_beds: 1, used_beds: 1 }]);
  }, 300_000);
});
