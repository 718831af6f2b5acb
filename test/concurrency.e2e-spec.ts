/**
 * Two requests can never take the same bed (docs/architecture.md, Concurrency): 20
 * officers asking at once for 5 free beds get exactly 5 holds and 15 waitlist
 * places, no errors, and no bed held twice.
 */
import { Harbour } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

describe('concurrent placement requests', () => {
  let h: Harbour;
  beforeAll(async () => {
    h = await Harbour.start('concurrency');
  });
  afterAll(async () => h?.close());

  it('20 concurrent requestPlacement calls for 5 free beds give 5 holds and 15 waitlisted, each bed held once', async () => {
    const net = await smallNetwork(h, { beds: 5 });
    const referralIds: string[] = [];
    for (let i = 0; i < 20; i++) referralIds.push(await createReferral(h, net.officer));

    const results = await Promise.all(referralIds.map((id) => h.gql<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id })));

    expect(results.filter((r) => r.errors?.length)).toEqual([]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const kinds = results.map((r) => r.data!.requestPlacement.__typename);
    expect(kinds.filter((k) => k === 'HoldOffered')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'Waitlisted')).toHaveLength(15);
    const positions = results
      .filter((r) => r.data!.requestPlacement.__typename === 'Waitlisted')
      .map((r) => r.data!.requestPlacement.position)
      .sort((a: number, b: number) => a - b);
    expect(positions).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));

    const claims: { bed_id: string; n: number }[] = await h.db.query(
      `SELECT bed_id, count(*)::int AS n FROM bed_claim WHERE released_at IS NULL GROUP BY bed_id`,
    );
    expect(claims).toHaveLength(5);
    expect(claims.every((c) => c.n === 1)).toBe(true);
    expect(new Set(claims.map((c) => c.bed_id))).toEqual(new Set(net.bedIds));
    const beds: { status: string }[] = await h.db.query(`SELECT status FROM bed`);
    expect(beds.map((b) => b.status)).toEqual(['HELD', 'HELD', 'HELD', 'HELD', 'HELD']);

    // Asking again is idempotent: the same holds and positions, nothing new.
    const again = await Promise.all(referralIds.map((id) => h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id })));
    expect(again.map((r) => r.requestPlacement.__typename)).toEqual(kinds);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM hold`);
    expect(n).toBe(5);
  });

  it('the database refuses a second live claim on a bed even if code tried', async () => {
    const [claim] = await h.db.query(`SELECT bed_id, referral_id, hold_id FROM bed_claim WHERE released_at IS NULL LIMIT 1`);
    await expect(
      h.db.query(`INSERT INTO bed_claim (bed_id, referral_id, hold_id, claimed_at) VALUES ($1, $2, $3, now())`, [
        claim.bed_id,
        claim.referral_id,
        claim.hold_id,
      ]),
    ).rejects.toThrow(/bed_claim_one_live_per_bed/);
  });
});
