/**
 * Corrections to the NRM record, through GraphQL with the worker running and
 * the adjustable clock (docs/nrm-stages.md):
 * - the policy table in the database cites the sources of the domain's seed
 *   (two citations corrected by migration 1766800000000);
 * - a wrongly recorded RG date is corrected with a reason: the recovery
 *   period, deadlines and reminders move once, the CG gap is re-checked;
 * - coordinators change or delete a policy version not yet in force; versions
 *   in force are immutable.
 */
import { addDays, localDateTimeToInstant, NRM_POLICY_FIELDS, NRM_POLICY_SEED } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork, waitFor, WebhookSink } from './support/fixtures';

const NRM = `id status
  nrm { stage since deadlines { kind date } recoveryPeriod { startDate endDate } }
  recoveryPeriods { id sequence startDate endDate lengthDays }
  reminders { id deadlineKind deadlineDate offsetDays dueDate status }`;
const DECIDE = 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }';
const CORRECT = 'mutation($i: CorrectDecisionInput!) { correctDecision(input: $i) { type outcome decidedOn } }';

describe('NRM corrections', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let eng: Network;

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('nrm-corrections', { env: { COORDINATOR_WEBHOOK_URL: sink.url } });
    eng = await smallNetwork(h, { beds: 3, webhookUrl: sink.url, jurisdiction: 'ENGLAND' });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  const today = async () => (await h.ok<{ clock: { today: string } }>(eng.coordinator, '{ clock { today } }')).clock.today;
  const now = async () => Date.parse((await h.ok<{ clock: { now: string } }>(eng.coordinator, '{ clock { now } }')).clock.now);
  /** Moves the clock to 10:00 London on `date` (never back). */
  async function advanceToDate(date: string): Promise<void> {
    const hours = (localDateTimeToInstant(date, '10:00', 'Europe/London').getTime() - (await now())) / 3_600_000;
    if (hours > 0) await h.advance(hours, eng.coordinator);
  }
  const placement = async (id: string) => (await h.ok<{ placement: any }>(eng.staff, `query($id: ID!) { placement(id: $id) { ${NRM} } }`, { id })).placement;
  const periods = (p: any) => p.recoveryPeriods.map(({ id: _id, ...rest }: any) => rest);
  const scheduled = (p: any) =>
    p.reminders
      .filter((r: any) => r.status === 'SCHEDULED')
      .map((r: any) => [r.deadlineKind, r.deadlineDate, r.dueDate])
      .sort();
  const noticesFor = (placementId: string, kind: string) => sink.received.filter((n) => n.kind === kind && n.payload.placementId === placementId);
  async function hold(): Promise<{ referralId: string; holdId: string }> {
    const referralId = await createReferral(h, eng.officer, { acceptableRegions: [eng.regionCode] });
    const r = await h.ok<{ requestPlacement: any }>(eng.officer, REQUEST_PLACEMENT, { id: referralId });
    expect(r.requestPlacement.__typename).toBe('HoldOffered');
    return { referralId, holdId: r.requestPlacement.hold.id };
  }
  const arrive = async (holdId: string) =>
    (await h.ok<{ confirmArrival: any }>(eng.staff, `mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { ${NRM} } }`, { i: { holdId } }))
      .confirmArrival;

  it('the seeded policy versions cite the sources of NRM_POLICY_SEED; the Place of Safety figure is the 2020 announcement', async () => {
    const r = await h.ok<{ nrmPolicies: any[] }>(
      eng.officer,
      '{ nrmPolicies { jurisdiction effectiveFrom placeOfSafetyMaxWorkingDays negativeDecisionSupportWorkingDays sources { field source } } }',
    );
    for (const seed of NRM_POLICY_SEED) {
      const row = r.nrmPolicies.find((v) => v.jurisdiction === seed.jurisdiction && v.effectiveFrom === seed.effectiveFrom);
      expect(row).toBeDefined();
      const sources = Object.fromEntries(row.sources.map((s: any) => [s.field, s.source]));
      for (const f of NRM_POLICY_FIELDS)
        expect([seed.jurisdiction, seed.effectiveFrom, f, sources[f]]).toEqual([seed.jurisdiction, seed.effectiveFrom, f, seed.sources[f]]);
    }
    const england = r.nrmPolicies.find((v) => v.jurisdiction === 'ENGLAND' && v.effectiveFrom === '2022-12-13');
    const src = Object.fromEntries(england.sources.map((s: any) => [s.field, s.source]));
    // The values are unchanged; only their citations were corrected.
    expect(england).toMatchObject({ placeOfSafetyMaxWorkingDays: 3, negativeDecisionSupportWorkingDays: 9 });
    expect(src.placeOfSafetyMaxWorkingDays).toContain('29 June 2020');
    expect(src.placeOfSafetyMaxWorkingDays).toContain('up to three working days');
    expect(src.placeOfSafetyMaxWorkingDays).toContain('1 November 2023');
    expect(src.placeOfSafetyMaxWorkingDays).not.toContain('statutory guidance');
    expect(src.negativeDecisionSupportWorkingDays).toContain('NRPF Network');
  });

  it('corrects a wrongly recorded RG date: the recovery period, its deadlines and reminders move once; the CG gap is re-checked', async () => {
    const { referralId, holdId } = await hold();
    const d0 = await today();
    // The officer records the RG as today; the letter was in fact dated 4 days later (found out in week 4).
    await recordPositiveRg(h, eng.officer, referralId, d0);
    let p = await arrive(holdId);
    const e0 = addDays(d0, 29);
    expect(periods(p)).toEqual([{ sequence: 1, startDate: d0, endDate: e0, lengthDays: 30 }]);
    expect(scheduled(p)).toEqual([7, 2, 0].map((o) => ['RECOVERY_PERIOD_END', e0, addDays(e0, -o)]).sort());
    await h.settle();

    // Week 4: the 7-day reminder for the wrong end goes out (shelter and agency).
    await advanceToDate(addDays(e0, -7));
    await waitFor(() => noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER').length >= 2);
    const periodId = p.recoveryPeriods[0].id;

    // Refused, with nothing changed: no reason; a future date; a plain recordDecision with another date.
    const c1 = addDays(d0, 4);
    const noReason = await h.gql(eng.officer, CORRECT, { i: { referralId, type: 'REASONABLE_GROUNDS', decidedOn: c1, reason: '  ' } });
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    const future = await h.gql(eng.officer, CORRECT, { i: { referralId, type: 'REASONABLE_GROUNDS', decidedOn: addDays(e0, 1), reason: 'typo' } });
    expect(future.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decidedOn' });
    const plain = await h.gql(eng.officer, DECIDE, { i: { referralId, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: c1 } });
    expect(plain.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
    expect(plain.errors?.[0].message).toContain('correctDecision');
    const cgFirst = await h.gql(eng.officer, CORRECT, { i: { referralId, type: 'CONCLUSIVE_GROUNDS', decidedOn: c1, reason: 'typo' } });
    expect(cgFirst.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
    p = await placement(p.id);
    expect(periods(p)).toEqual([{ sequence: 1, startDate: d0, endDate: e0, lengthDays: 30 }]);

    // The correction: 30 days from the right date; the unsent reminders move, the sent one stays sent.
    const corrected = await h.ok<{ correctDecision: any }>(eng.officer, CORRECT, {
      i: { referralId, type: 'REASONABLE_GROUNDS', decidedOn: c1, reason: 'RG letter is dated 4 days later than recorded' },
    });
    expect(corrected.correctDecision).toMatchObject({ type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: c1 });
    p = await placement(p.id);
    const e1 = addDays(c1, 29);
    expect(periods(p)).toEqual([{ sequence: 1, startDate: c1, endDate: e1, lengthDays: 30 }]);
    expect(p.nrm).toMatchObject({ stage: 'RECOVERY_PERIOD', since: c1, recoveryPeriod: { startDate: c1, endDate: e1 } });
    expect(p.nrm.deadlines.map((d: any) => [d.kind, d.date])).toEqual([
      ['RECOVERY_PERIOD_END', e1],
      ['CG_EARLIEST', addDays(c1, 30)],
    ]);
    expect(scheduled(p)).toEqual([7, 2, 0].map((o) => ['RECOVERY_PERIOD_END', e1, addDays(e1, -o)]).sort());
    const byStatus = (s: string) =>
      p.reminders
        .filter((r: any) => r.status === s)
        .map((r: any) => [r.deadlineDate, r.offsetDays])
        .sort();
    expect(byStatus('SENT')).toEqual([[e0, 7]]);
    expect(byStatus('CANCELLED')).toEqual([
      [e0, 0],
      [e0, 2],
    ]);
    // The period was corrected in place: the reminders still point at it.
    expect(p.recoveryPeriods[0].id).toBe(periodId);
    expect(await h.db.query('SELECT DISTINCT recovery_period_id AS id FROM reminder WHERE placement_id = $1', [p.id])).toEqual([{ id: periodId }]);
    const audit = await h.db.query(
      `SELECT action, details FROM audit_event WHERE entity_type = 'referral' AND entity_id = $1 AND action = 'CORRECT_DECISION'`,
      [referralId],
    );
    expect(audit).toEqual([
      {
        action: 'CORRECT_DECISION',
        details: {
          type: 'REASONABLE_GROUNDS',
          from: { outcome: 'POSITIVE', decidedOn: d0 },
          to: { outcome: 'POSITIVE', decidedOn: c1 },
          reason: 'RG letter is dated 4 days later than recorded',
        },
      },
    ]);

    // The same correction again changes nothing: no reminder, no audit event.
    const reminderCount = p.reminders.length;
    await h.ok(eng.officer, CORRECT, { i: { referralId, type: 'REASONABLE_GROUNDS', decidedOn: c1, reason: 'again' } });
    p = await placement(p.id);
    expect(p.reminders).toHaveLength(reminderCount);
    expect(await h.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'CORRECT_DECISION'`, [referralId])).toEqual([
      { n: 1 },
    ]);

    // The reminders go out for the corrected end, each once; nothing more for the wrong one.
    await h.settle();
    await advanceToDate(addDays(e1, 1));
    await waitFor(() => noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER').length >= 8);
    await h.settle();
    const sent = noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER');
    expect(sent.map((n) => `${n.audience.type}:${n.payload.deadlineDate}:${n.payload.daysBeforeDeadline}`).sort()).toEqual(
      ['AGENCY', 'SHELTER'].flatMap((a) => [`${a}:${e0}:7`, `${a}:${e1}:0`, `${a}:${e1}:2`, `${a}:${e1}:7`]).sort(),
    );
    for (const n of sent.filter((x) => x.payload.deadlineDate === e1)) {
      expect(Date.parse(n.payload.dueAt)).toBe(localDateTimeToInstant(addDays(e1, -n.payload.daysBeforeDeadline), '09:00', 'Europe/London').getTime());
    }

    // The CG rule is re-checked: a CG on the first allowed day after the corrected RG...
    const cgOn = addDays(c1, 30);
    await advanceToDate(cgOn);
    await h.ok(eng.officer, DECIDE, { i: { referralId, type: 'CONCLUSIVE_GROUNDS', outcome: 'POSITIVE', decidedOn: cgOn } });
    // ...refuses a later RG date that would put the CG inside the minimum gap, or after it; nothing changes.
    const tooLate = await h.gql(eng.officer, CORRECT, { i: { referralId, type: 'REASONABLE_GROUNDS', decidedOn: addDays(c1, 1), reason: 'typo' } });
    expect(tooLate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decidedOn' });
    expect(tooLate.errors?.[0].message).toContain(cgOn);
    expect(tooLate.errors?.[0].message).toContain(addDays(c1, 31));
    // ...and a CG corrected to before RG + 30 days is refused the same way.
    const cgEarly = await h.gql(eng.officer, CORRECT, { i: { referralId, type: 'CONCLUSIVE_GROUNDS', decidedOn: addDays(c1, 29), reason: 'typo' } });
    expect(cgEarly.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decidedOn' });
    expect(cgEarly.errors?.[0].message).toContain(addDays(c1, 30));
    p = await placement(p.id);
    expect(p.nrm).toMatchObject({ stage: 'MOVE_ON', since: cgOn });
    expect(periods(p)).toEqual([{ sequence: 1, startDate: c1, endDate: e1, lengthDays: 30 }]);
  });

  it('coordinators change or delete a policy version not yet in force; versions in force are immutable', async () => {
    const d0 = await today();
    const base = {
      recoveryPeriodStart: 'POSITIVE_RG',
      recoveryPeriodDays: 30,
      supportContinuesUntilCg: true,
      rgTargetWorkingDays: 5,
      cgMinimumGapDays: 30,
      moveOnDays: 45,
      moveOnExtendable: true,
      negativeDecisionSupportWorkingDays: 9,
      placeOfSafetyMaxWorkingDays: 3,
    };
    const FIELDS = 'id jurisdiction effectiveFrom recoveryPeriodDays moveOnDays sources { field source }';
    const added = (
      await h.ok<{ addNrmPolicyVersion: any }>(eng.coordinator, `mutation($i: AddNrmPolicyVersionInput!) { addNrmPolicyVersion(input: $i) { ${FIELDS} } }`, {
        i: { ...base, jurisdiction: 'WALES', effectiveFrom: addDays(d0, 20), moveOnDays: 60, source: 'Draft guidance v1' },
      })
    ).addNrmPolicyVersion;
    const UPDATE = `mutation($i: UpdateNrmPolicyVersionInput!) { updateNrmPolicyVersion(input: $i) { ${FIELDS} } }`;
    const DELETE = `mutation($id: ID!) { deleteNrmPolicyVersion(id: $id) { ${FIELDS} } }`;
    const srcOf = (v: any) => Object.fromEntries(v.sources.map((s: any) => [s.field, s.source]));

    // A change before it is in force: new date and a longer move-on; the changed value cites the new source.
    const updated = (
      await h.ok<{ updateNrmPolicyVersion: any }>(eng.coordinator, UPDATE, {
        i: { ...base, id: added.id, effectiveFrom: addDays(d0, 25), moveOnDays: 90, source: 'Final guidance v2' },
      })
    ).updateNrmPolicyVersion;
    expect(updated).toMatchObject({ id: added.id, jurisdiction: 'WALES', effectiveFrom: addDays(d0, 25), moveOnDays: 90 });
    expect(srcOf(updated).moveOnDays).toBe('Final guidance v2');
    expect(srcOf(updated).recoveryPeriodDays).toContain('13 December 2022');
    const walesDates = async () =>
      (await h.ok<{ nrmPolicies: any[] }>(eng.coordinator, '{ nrmPolicies(jurisdiction: WALES) { effectiveFrom moveOnDays } }')).nrmPolicies;
    expect(await walesDates()).toEqual([
      { effectiveFrom: '2009-04-01', moveOnDays: 45 },
      { effectiveFrom: '2022-12-13', moveOnDays: 45 },
      { effectiveFrom: addDays(d0, 25), moveOnDays: 90 },
    ]);

    // Typed refusals, nothing written: bounds, a date not after today, a date taken, staff, an unknown id.
    const refusal = async (token: string, doc: string, vars: Record<string, unknown>) => (await h.gql(token, doc, vars)).errors?.[0];
    expect(
      (await refusal(eng.coordinator, UPDATE, { i: { ...base, id: added.id, effectiveFrom: addDays(d0, 25), recoveryPeriodDays: 29, source: 'x' } }))
        ?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recoveryPeriodDays' });
    expect((await refusal(eng.coordinator, UPDATE, { i: { ...base, id: added.id, effectiveFrom: d0, source: 'x' } }))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.effectiveFrom',
    });
    expect((await refusal(eng.coordinator, UPDATE, { i: { ...base, id: added.id, effectiveFrom: '2022-12-13', source: 'x' } }))?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.effectiveFrom',
    });
    expect((await refusal(eng.staff, UPDATE, { i: { ...base, id: added.id, effectiveFrom: addDays(d0, 26), source: 'x' } }))?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await refusal(eng.staff, DELETE, { id: added.id }))?.extensions?.code).toBe('FORBIDDEN');
    expect((await refusal(eng.coordinator, DELETE, { id: '00000000-0000-4000-8000-000000000000' }))?.extensions?.code).toBe('NOT_FOUND');

    // Versions in force cannot be changed or deleted.
    const inForce = (await h.ok<{ nrmPolicies: any[] }>(eng.coordinator, '{ nrmPolicies(jurisdiction: ENGLAND) { id effectiveFrom } }')).nrmPolicies.find(
      (v) => v.effectiveFrom === '2022-12-13',
    );
    const edit = await refusal(eng.coordinator, UPDATE, { i: { ...base, id: inForce.id, effectiveFrom: addDays(d0, 30), source: 'x' } });
    expect(edit?.extensions?.code).toBe('CONFLICT');
    expect(edit?.message).toContain('policy version of 2022-12-13 is in force');
    expect((await refusal(eng.coordinator, DELETE, { id: inForce.id }))?.extensions?.code).toBe('CONFLICT');

    // Once its date arrives, the edited version is in force too, and stays as it is.
    const second = (
      await h.ok<{ addNrmPolicyVersion: any }>(eng.coordinator, `mutation($i: AddNrmPolicyVersionInput!) { addNrmPolicyVersion(input: $i) { ${FIELDS} } }`, {
        i: { ...base, jurisdiction: 'WALES', effectiveFrom: addDays(d0, 40), source: 'Another draft' },
      })
    ).addNrmPolicyVersion;
    await advanceToDate(addDays(d0, 25));
    expect((await refusal(eng.coordinator, UPDATE, { i: { ...base, id: added.id, effectiveFrom: addDays(d0, 50), source: 'x' } }))?.extensions?.code).toBe(
      'CONFLICT',
    );
    expect((await refusal(eng.coordinator, DELETE, { id: added.id }))?.extensions?.code).toBe('CONFLICT');

    // The one still in the future can be deleted, once; the next delete is NOT_FOUND.
    const deleted = (await h.ok<{ deleteNrmPolicyVersion: any }>(eng.coordinator, DELETE, { id: second.id })).deleteNrmPolicyVersion;
    expect(deleted).toMatchObject({ id: second.id, effectiveFrom: addDays(d0, 40) });
    expect((await refusal(eng.coordinator, DELETE, { id: second.id }))?.extensions?.code).toBe('NOT_FOUND');
    expect((await walesDates()).map((v) => v.effectiveFrom)).toEqual(['2009-04-01', '2022-12-13', addDays(d0, 25)]);

    // Each change is audited.
    const audit = await h.db.query(
      `SELECT action, entity_id, details FROM audit_event WHERE entity_type = 'nrm_policy_version' AND entity_id IN ($1, $2) ORDER BY id`,
      [added.id, second.id],
    );
    expect(audit.map((a: any) => [a.action, a.entity_id])).toEqual([
      ['ADD_NRM_POLICY_VERSION', added.id],
      ['UPDATE_NRM_POLICY_VERSION', added.id],
      ['ADD_NRM_POLICY_VERSION', second.id],
      ['DELETE_NRM_POLICY_VERSION', second.id],
    ]);
    expect(audit[1].details).toEqual({ jurisdiction: 'WALES', effectiveFrom: addDays(d0, 25), changed: ['effectiveFrom', 'moveOnDays'] });
  });
});
