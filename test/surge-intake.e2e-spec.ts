/**
 * Surge intake (issue 5): bulkCreateReferrals takes up to 200 referrals all or
 * nothing, then one batch assignment spreads them over the network's regions
 * within every hard rule. Timing is measured by `harbour bench surge`, not here.
 */
import { randomBytes } from 'node:crypto';
import { AssignmentInput, FreeRoom, Offer, assignmentViolations, checkEligibility, greedyFirstCome, Role } from '@harbour/domain';
import { surgeReferrals } from '../apps/cli/src/bench/surge';
import { QueueName } from '@harbour/platform';
import { Harbour } from './support/harbour-harness';

const BULK = `mutation($i: [CreateReferralInput!]!) { bulkCreateReferrals(input: $i) {
  holdsOffered stillWaiting noSuitableProvision runs solverStatus objective
  referrals { id agencyReference status noSuitableProvision { exclusions { rule } } activeHold { id priority assignment { runId ranAt waitingReferrals } shelter { id regionCode } } }
} }`;
const SHELTERS = `query($r: String!) { shelters(first: 50, regionCode: $r) { edges { node {
  id codeName regionCode genderPolicy acceptsFamilies acceptsMinors adultMaxAge languages specialisms status totalBeds
  rooms { id accessibilityFeatures beds { id } }
} } } }`;

describe('surge intake: bulkCreateReferrals', () => {
  let h: Harbour;
  let coordinator: string;
  let officer: string;
  let regions: string[];
  const shelters: any[] = [];
  beforeAll(async () => {
    h = await Harbour.start('surge-intake');
    coordinator = await h.token({ role: Role.COORDINATOR, sub: 'coordinator-1' });
    const tag = randomBytes(2).toString('hex').toUpperCase();
    regions = [0, 1, 2, 3, 4].map((i) => `SG${i}-${tag}`);
    for (const c of regions) await h.ok(coordinator, 'mutation($c: String!) { createRegion(code: $c, name: $c) { code } }', { c });
    const agency = await h.ok<{ createAgency: { id: string } }>(coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
      i: { name: `Surge agency ${tag}`, kind: 'POLICE' },
    });
    officer = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-1', agencyId: agency.createAgency.id });
    // Two safe houses per region (women-only with families and minors; mixed, adults alone): 5 rooms, 11 beds each.
    for (const [k, regionCode] of regions.entries()) {
      for (const [j, extra] of [
        { genderPolicy: 'WOMEN_ONLY', acceptsFamilies: true, acceptsMinors: true, adultMaxAge: 120, languages: ['ro', 'en'], specialisms: ['SEXUAL'] },
        { genderPolicy: 'MIXED', acceptsFamilies: false, acceptsMinors: false, languages: ['en'], specialisms: ['LABOUR'] },
      ].entries()) {
        const s = await h.ok<{ createShelter: { id: string } }>(coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
          i: { codeName: `SURGE-${tag}-${k}-${j}`, regionCode, ...extra },
        });
        for (const [roomLabel, count, features] of [
          ['A', 1, ['STEP_FREE']],
          ['B', 1, []],
          ['C', 2, []],
          ['D', 3, ['STEP_FREE']],
          ['E', 4, []],
        ] as const) {
          await h.ok(coordinator, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
            i: { shelterId: s.createShelter.id, roomLabel, count, accessibilityFeatures: features },
          });
        }
      }
    }
    await h.settle();
    for (const r of regions) shelters.push(...(await h.ok<{ shelters: any }>(coordinator, SHELTERS, { r })).shelters.edges.map((e: any) => e.node));
  });
  afterAll(async () => h?.close());

  const referralCount = async () => Number((await h.db.query('SELECT count(*)::int AS n FROM referral'))[0].n);

  it('refuses more than 200 referrals in one call, naming the input', async () => {
    const res = await h.gql(officer, BULK, { i: surgeReferrals(201, regions, 'CAP') });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(res.errors?.[0]?.message).toContain('At most 200');
    expect(await referralCount()).toBe(0);
  });

  it('refuses the whole batch when any item is bad, listing every problem of every item at once; nothing is written', async () => {
    const items: any[] = surgeReferrals(10, regions, 'BAD');
    // Item 2: three bad fields the service finds (not letters, an adult without consent, not a language code).
    Object.assign(items[2], { initials: '12', ageBand: 'AGE_25_34', consentGiven: false, languages: ['not a code'] });
    items[3].agencyReference = 'not a reference!';
    items[5].agencyReference = items[1].agencyReference;
    items[8].preferredRegions = ['NOWHERE'];
    // Item 9: one problem the API's input check finds (too long) and one only the database can (no such region).
    Object.assign(items[9], { initials: 'ABCDEFG', acceptableRegions: ['NOWHERE-9'] });
    const res = await h.gql(officer, BULK, { i: items });
    expect(res.errors).toHaveLength(1);
    const ext = res.errors?.[0]?.extensions as any;
    expect(ext.code).toBe('BAD_USER_INPUT');
    expect(ext.field).toBe('input.2.initials');
    expect(ext.problems.map((p: any) => [p.index, p.field, p.code])).toEqual([
      [2, 'input.2.initials', 'BAD_USER_INPUT'],
      [2, 'input.2.consentGiven', 'BAD_USER_INPUT'],
      [2, 'input.2.languages', 'BAD_USER_INPUT'],
      [3, 'input.3.agencyReference', 'BAD_USER_INPUT'],
      [5, 'input.5.agencyReference', 'CONFLICT'],
      [8, 'input.8.preferredRegions', 'BAD_USER_INPUT'],
      [9, 'input.9.initials', 'BAD_USER_INPUT'],
      [9, 'input.9.acceptableRegions', 'BAD_USER_INPUT'],
    ]);
    expect(ext.problems[4].message).toBe(`reference ${items[1].agencyReference} is also used by item 1 of this batch`);
    expect(ext.problems[5].message).toBe('Unknown region(s): NOWHERE');
    expect(ext.problems[7].message).toBe('Unknown region(s): NOWHERE-9');
    expect(res.errors?.[0]?.message).toContain('5 of 10 referrals refused (8 problems); none was created');
    expect(await referralCount()).toBe(0);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM waitlist_entry`);
    expect(n).toBe(0);
  });

  it('takes 200 referrals at once and spreads them over every region within the hard rules', async () => {
    const surge = surgeReferrals(200, regions, 'OK');
    const { bulkCreateReferrals: out } = await h.ok<{ bulkCreateReferrals: any }>(officer, BULK, { i: surge });
    expect(out.referrals).toHaveLength(200);
    expect(out.referrals.map((r: any) => r.agencyReference)).toEqual(surge.map((s) => s.agencyReference));
    const held = out.referrals.filter((r: any) => r.status === 'HELD');
    // A household no room here could take even empty (e.g. a man with children: the women-only houses take
    // the families, the mixed ones no families) is kept OPEN with NoSuitableProvision, not waitlisted (issue 9).
    // Checked independently: every room of the network, as if empty, against checkEligibility.
    const fitsSomewhere = (x: (typeof surge)[number]) =>
      shelters.some((sh) =>
        sh.rooms.some(
          (room: any) =>
            checkEligibility(
              {
                ...x,
                dependants: x.dependants as never,
                exploitationTypes: x.exploitationTypes as never,
                accessibilityNeeds: x.accessibilityNeeds as never,
              } as never,
              { ...sh, usedBeds: 0 },
              { accessibilityFeatures: room.accessibilityFeatures, availableBeds: room.beds.length, occupants: [] },
            ).eligible,
        ),
      );
    const unplaceable = surge.filter((x) => !fitsSomewhere(x)).map((x) => x.agencyReference);
    expect(unplaceable.length).toBeGreaterThan(0);
    const open = out.referrals.filter((r: any) => r.status === 'OPEN');
    expect(open.map((r: any) => r.agencyReference)).toEqual(unplaceable);
    expect(open.every((r: any) => r.noSuitableProvision.exclusions.some((e: any) => e.rule === 'GENDER_POLICY'))).toBe(true);
    expect(out.noSuitableProvision).toBe(unplaceable.length);
    expect(out.referrals.every((r: any) => ['HELD', 'WAITLISTED', 'OPEN'].includes(r.status))).toBe(true);
    expect(out.holdsOffered).toBe(held.length);
    expect(out.stillWaiting).toBe(200 - held.length - open.length);
    expect(out.runs).toBe(1);
    // Optimal unless the solver's time limit was hit on a loaded machine; the result is never below greedy either way.
    expect(['Optimal', 'Time limit reached']).toContain(out.solverStatus);
    expect(new Set(held.map((r: any) => r.activeHold.assignment.runId)).size).toBe(1);
    expect(held[0].activeHold.assignment.waitingReferrals).toBe(200 - open.length);

    // 110 beds for 200 people: most beds are given, and every region takes some although 90% prefer the first.
    const beds = shelters.reduce((s, x) => s + x.totalBeds, 0);
    expect(beds).toBe(110);
    const preferFirst = surge.filter((s) => s.preferredRegions[0] === regions[0]).length;
    expect(preferFirst).toBeGreaterThan(170);
    const byRegion = new Map<string, number>();
    for (const r of held) byRegion.set(r.activeHold.shelter.regionCode, (byRegion.get(r.activeHold.shelter.regionCode) ?? 0) + 1);
    expect([...byRegion.keys()].sort()).toEqual([...regions].sort());

    // Every hold checked independently against the hard rules and the rooms' beds.
    const holds: { referral_id: string; room_id: string }[] = await h.db.query(`SELECT referral_id, room_id FROM hold WHERE status = 'ACTIVE'`);
    expect(holds).toHaveLength(held.length);
    // The same input the run saw (its now, each referral's time on the waitlist, the rooms' tie order), so the
    // greedy rule below makes exactly the choices the service's own greedy fallback made: on a loaded machine the
    // solver may stop at its time limit, and then only the better of its incumbent and the greedy results is promised.
    const idByRef = new Map(out.referrals.map((r: any) => [r.agencyReference, r.id]));
    const joined = new Map<string, Date>(
      (await h.db.query(`SELECT referral_id, joined_at FROM waitlist_entry WHERE referral_id = ANY($1)`, [[...idByRef.values()]])).map(
        (w: { referral_id: string; joined_at: Date }) => [w.referral_id, w.joined_at],
      ),
    );
    const waitlisted = surge.filter((s) => joined.has(idByRef.get(s.agencyReference) as string));
    expect(waitlisted).toHaveLength(200 - open.length);
    const input: AssignmentInput = {
      now: new Date(held[0].activeHold.assignment.ranAt),
      referrals: waitlisted.map((s) => ({
        id: idByRef.get(s.agencyReference) as string,
        urgency: s.urgency as never,
        waitingSince: joined.get(idByRef.get(s.agencyReference) as string)!,
        profile: {
          gender: s.gender as never,
          ageBand: s.ageBand as never,
          dependants: s.dependants as never,
          languages: s.languages,
          exploitationTypes: s.exploitationTypes as never,
          accessibilityNeeds: s.accessibilityNeeds as never,
          exclusionRegions: s.exclusionRegions,
          preferredRegions: s.preferredRegions,
          acceptableRegions: s.acceptableRegions,
        },
      })),
      rooms: shelters.flatMap((x): FreeRoom[] =>
        x.rooms.map((room: any) => ({
          shelterId: x.id,
          roomId: room.id,
          tieKey: String(x.codeName).toLowerCase(),
          shelter: { ...x, usedBeds: 0 },
          room: { accessibilityFeatures: room.accessibilityFeatures, availableBeds: room.beds.length, occupants: [] },
        })),
      ),
    };
    const offers = holds.map((x) => ({ referralId: x.referral_id, roomId: x.room_id }) as Offer);
    expect(assignmentViolations(input, offers)).toEqual([]);
    const greedy = greedyFirstCome(input);
    expect(out.objective).toBeGreaterThanOrEqual(Math.round(greedy.objective * 100) / 100);
    const claims: { n: number }[] = await h.db.query(`SELECT count(*)::int AS n FROM bed_claim WHERE released_at IS NULL GROUP BY bed_id HAVING count(*) > 1`);
    expect(claims).toEqual([]);
    const [{ heldBeds }] = await h.db.query(`SELECT count(*)::int AS "heldBeds" FROM bed WHERE status = 'HELD'`);
    const householdBeds = held.reduce((s: number, r: any) => s + 1 + surge.find((x) => x.agencyReference === r.agencyReference)!.dependants.length, 0);
    expect(heldBeds).toBe(householdBeds);
    expect(heldBeds).toBeGreaterThan(90);

    // Committed with the referrals, an all-region assignment for the worker, delayed past the API's own run:
    // if the API dies after the commit (or its run fails), the surge is still assigned.
    const events = await h.db.query(`SELECT payload FROM outbox_event WHERE aggregate_id = 'surge-intake'`);
    expect(events.map((e: { payload: unknown }) => e.payload)).toEqual([{ regionCodes: [], freed: true, delaySeconds: 70 }]);
    const waitlistJobs = await h.queue(QueueName.WAITLIST);
    try {
      // In whatever state it is by now (a slow solve on a loaded machine may have let it run already).
      const jobs = await waitlistJobs.getJobs(['delayed', 'waiting', 'active', 'completed']);
      expect(jobs.some((j) => j.data.regionCodes.length === 0 && j.opts.delay === 70_000)).toBe(true);
    } finally {
      await waitlistJobs.close();
    }
  }, 180_000); // 200 referrals and a solver limit of 20 s: on the shared 2-core machine under load the call alone took 62 s.
});
