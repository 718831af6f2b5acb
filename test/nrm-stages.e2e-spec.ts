/**
 * A placement follows the NRM stages of its jurisdiction, through GraphQL with
 * the worker running and the adjustable clock (docs/nrm-stages.md):
 * Place of Safety → NRM referral → RG (overdue first) → recovery period →
 * awaiting CG → CG (too early refused) → move-on → RNA extension → leave →
 * exit with outreach, in England; the same in Scotland (no Place of Safety,
 * 90 days whose reminders announce the end, no move-on period, exit into
 * outreach); leave expiry reminders; a policy version changing mid-stay. Reminders are checked as they arrive at the webhook sink.
 */
import { addDays, addWorkingDays, daysBetween, Jurisdiction, localDateTimeToInstant, workingDaysBetween } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, recordPositiveRg, REQUEST_PLACEMENT, smallNetwork, waitFor, WebhookSink } from './support/fixtures';

const NRM = `id jurisdiction placeOfSafety nrmReferredOn outreachProvider status
  nrm { stage since deadlines { kind date supportContinues policyEffectiveFrom } nextDeadline { kind date }
        policy { jurisdiction effectiveFrom recoveryPeriodDays moveOnDays } recoveryPeriod { startDate endDate lengthDays } }
  recoveryPeriods { sequence startDate endDate }
  reminders { id deadlineKind deadlineDate offsetDays dueDate dueAt status supportContinues message }`;

const DECIDE = 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }';

describe('NRM stages drive the stay, its deadlines and its reminders', () => {
  let h: Harbour;
  let sink: WebhookSink;
  let eng: Network;
  let sco: Network;
  /** Working days the England journey's RG took (for the decision-times report). */
  let englandRgWorkingDays = -1;

  beforeAll(async () => {
    sink = await new WebhookSink().start();
    h = await Harbour.start('nrm-stages', { env: { COORDINATOR_WEBHOOK_URL: sink.url } });
    eng = await smallNetwork(h, { beds: 2, webhookUrl: sink.url, jurisdiction: 'ENGLAND' });
    sco = await smallNetwork(h, { beds: 2, webhookUrl: sink.url, jurisdiction: 'SCOTLAND' });
  });
  afterAll(async () => {
    await h?.close();
    await sink?.stop();
  });

  const today = async () => (await h.ok<{ clock: { today: string } }>(eng.coordinator, '{ clock { today } }')).clock.today;
  const now = async () => Date.parse((await h.ok<{ clock: { now: string } }>(eng.coordinator, '{ clock { now } }')).clock.now);
  /** Moves the clock to `instant` + `extraMs` (never back). */
  async function advanceTo(instant: number, extraMs = 60_000): Promise<void> {
    const hours = (instant + extraMs - (await now())) / 3_600_000;
    if (hours > 0) await h.advance(hours, eng.coordinator);
  }
  /** Moves the clock to 10:00 London on `date`. */
  const advanceToDate = (date: string) => advanceTo(localDateTimeToInstant(date, '10:00', 'Europe/London').getTime(), 0);
  const placement = async (net: Network, id: string) =>
    (await h.ok<{ placement: any }>(net.staff, `query($id: ID!) { placement(id: $id) { ${NRM} } }`, { id })).placement;
  const scheduled = (p: any) =>
    p.reminders
      .filter((r: any) => r.status === 'SCHEDULED')
      .map((r: any) => [r.deadlineKind, r.deadlineDate, r.dueDate])
      .sort();
  const noticesFor = (placementId: string, kind: string) => sink.received.filter((n) => n.kind === kind && n.payload.placementId === placementId);

  async function hold(net: Network): Promise<{ referralId: string; holdId: string }> {
    const referralId = await createReferral(h, net.officer, { acceptableRegions: [net.regionCode] });
    const r = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referralId });
    expect(r.requestPlacement.__typename).toBe('HoldOffered');
    return { referralId, holdId: r.requestPlacement.hold.id };
  }
  async function arrive(net: Network, holdId: string, extra: Record<string, unknown> = {}) {
    return (
      await h.ok<{ confirmArrival: any }>(net.staff, `mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { ${NRM} } }`, {
        i: { holdId, ...extra },
      })
    ).confirmArrival;
  }

  it('England: Place of Safety, NRM referral, overdue RG, recovery period, CG refused too early, move-on, RNA, exit into outreach', async () => {
    const { referralId, holdId } = await hold(eng);
    const d0 = await today();

    // 1. Place of Safety: bounded by 3 working days (England's bank holidays counted).
    let p = await arrive(eng, holdId, { placeOfSafety: true });
    const posEnd = addWorkingDays(d0, 3, Jurisdiction.ENGLAND);
    expect(p).toMatchObject({ jurisdiction: 'ENGLAND', placeOfSafety: true, nrmReferredOn: null });
    expect(p.nrm).toMatchObject({ stage: 'PLACE_OF_SAFETY', since: d0, deadlines: [{ kind: 'PLACE_OF_SAFETY_END', date: posEnd }] });
    expect(p.recoveryPeriods).toEqual([]);
    expect(scheduled(p)).toEqual(
      [2, 0]
        .map((o) => ['PLACE_OF_SAFETY_END', posEnd, addDays(posEnd, -o)])
        .filter((r) => r[2] >= d0)
        .sort(),
    );

    // 2. The person consents to the NRM: awaiting RG, due in 5 working days; the Place of Safety reminders go.
    p = (
      await h.ok<{ recordNrmReferral: any }>(eng.staff, `mutation($i: RecordNrmReferralInput!) { recordNrmReferral(input: $i) { ${NRM} } }`, {
        i: { placementId: p.id },
      })
    ).recordNrmReferral;
    const rgDue = addWorkingDays(d0, 5, Jurisdiction.ENGLAND);
    const rgOverdueOn = addWorkingDays(rgDue, 1, Jurisdiction.ENGLAND);
    expect(p.nrm).toMatchObject({ stage: 'AWAITING_RG', since: d0, deadlines: [{ kind: 'RG_TARGET', date: rgDue }] });
    expect(scheduled(p)).toEqual([['RG_TARGET', rgDue, rgOverdueOn]]);
    expect(p.reminders.filter((r: any) => r.deadlineKind === 'PLACE_OF_SAFETY_END').every((r: any) => r.status === 'CANCELLED')).toBe(true);
    await h.settle();

    // 3. The RG is overdue: the agency and the coordinators are told at 09:00 on the next working day, not before.
    const overdueAt = localDateTimeToInstant(rgOverdueOn, '09:00', 'Europe/London').getTime();
    await advanceTo(overdueAt, -60_000);
    expect(noticesFor(p.id, 'NRM_DEADLINE_REMINDER')).toHaveLength(0);
    await advanceTo(overdueAt);
    await waitFor(() => noticesFor(p.id, 'NRM_DEADLINE_REMINDER').length >= 2);
    const overdue = noticesFor(p.id, 'NRM_DEADLINE_REMINDER');
    expect(overdue.map((n) => n.audience.type).sort()).toEqual(['AGENCY', 'COORDINATORS']);
    expect(overdue[0].payload).toMatchObject({ deadlineKind: 'RG_TARGET', deadlineDate: rgDue, daysBeforeDeadline: -daysBetween(rgDue, rgOverdueOn) });
    expect(overdue[0].payload.message).toContain('overdue');

    // 4. Positive RG today: the recovery period runs 30 days from it; support continues until CG.
    const rgOn = await today();
    await recordPositiveRg(h, eng.officer, referralId, rgOn);
    englandRgWorkingDays = workingDaysBetween(d0, rgOn, Jurisdiction.ENGLAND);
    await h.settle();
    p = await placement(eng, p.id);
    const minEnd = addDays(rgOn, 29);
    expect(p.nrm).toMatchObject({
      stage: 'RECOVERY_PERIOD',
      since: rgOn,
      policy: { jurisdiction: 'ENGLAND', effectiveFrom: '2022-12-13', recoveryPeriodDays: 30 },
      recoveryPeriod: { startDate: rgOn, endDate: minEnd, lengthDays: 30 },
    });
    expect(p.nrm.deadlines).toEqual([
      { kind: 'RECOVERY_PERIOD_END', date: minEnd, supportContinues: true, policyEffectiveFrom: '2022-12-13' },
      { kind: 'CG_EARLIEST', date: addDays(rgOn, 30), supportContinues: false, policyEffectiveFrom: '2022-12-13' },
    ]);
    expect(p.recoveryPeriods).toEqual([{ sequence: 1, startDate: rgOn, endDate: minEnd }]);
    expect(scheduled(p)).toEqual([7, 2, 0].map((o) => ['RECOVERY_PERIOD_END', minEnd, addDays(minEnd, -o)]).sort());
    // The overdue RG reminder was sent and stays sent, once.
    expect(p.reminders.filter((r: any) => r.deadlineKind === 'RG_TARGET').map((r: any) => r.status)).toEqual(['SENT']);

    // 5. Through the 30 days: three reminders that say support continues, none that the stay ends.
    await advanceToDate(addDays(minEnd, 1));
    await waitFor(() => noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER').length >= 6);
    const rp = noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER');
    expect(rp.map((n) => n.payload.daysBeforeDeadline).sort()).toEqual([0, 0, 2, 2, 7, 7]);
    for (const n of rp) {
      expect(n.payload.supportContinuesUntilCg).toBe(true);
      expect(n.payload.message).toContain('support continues until the conclusive grounds decision');
      expect(n.payload.message).not.toMatch(/ends/);
    }
    p = await placement(eng, p.id);
    // No end is announced: the only date ahead is the first day a CG may carry.
    expect(p.nrm).toMatchObject({ stage: 'AWAITING_CG', since: addDays(minEnd, 1), nextDeadline: { kind: 'CG_EARLIEST', date: addDays(rgOn, 30) } });

    // 6. A CG dated before RG + 30 days is refused with a typed error naming the field; nothing changes.
    const early = await h.gql(eng.officer, DECIDE, {
      i: { referralId, type: 'CONCLUSIVE_GROUNDS', outcome: 'POSITIVE', decidedOn: addDays(rgOn, 29) },
    });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.decidedOn' });
    expect(early.errors?.[0].message).toContain(addDays(rgOn, 30));
    expect((await placement(eng, p.id)).nrm.stage).toBe('AWAITING_CG');

    // 7. Positive CG on the first allowed day: move-on of 45 days from it, with its own reminders.
    const cgOn = addDays(rgOn, 30);
    await h.ok(eng.officer, DECIDE, { i: { referralId, type: 'CONCLUSIVE_GROUNDS', outcome: 'POSITIVE', decidedOn: cgOn } });
    p = await placement(eng, p.id);
    const moveOnEnd = addDays(cgOn, 44);
    expect(p.nrm).toMatchObject({ stage: 'MOVE_ON', since: cgOn, deadlines: [{ kind: 'MOVE_ON_END', date: moveOnEnd }] });
    expect(scheduled(p)).toEqual([7, 2, 0].map((o) => ['MOVE_ON_END', moveOnEnd, addDays(moveOnEnd, -o)]).sort());

    // 8. A Recovery Needs Assessment extends move-on by 14 days: the reminders follow the new end. It needs a reason.
    const RNA = 'mutation($i: RecordRecoveryNeedsAssessmentInput!) { recordRecoveryNeedsAssessment(input: $i) { id extensionDays } }';
    const noReason = await h.gql(eng.staff, RNA, { i: { placementId: p.id, extensionDays: 14, reason: '  ' } });
    expect(noReason.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reason' });
    expect(scheduled(await placement(eng, p.id))).toEqual([7, 2, 0].map((o) => ['MOVE_ON_END', moveOnEnd, addDays(moveOnEnd, -o)]).sort());
    await h.ok(eng.staff, RNA, {
      i: { placementId: p.id, extensionDays: 14, reason: 'needs trauma counselling to continue' },
    });
    p = await placement(eng, p.id);
    const extendedEnd = addDays(moveOnEnd, 14);
    expect(p.nrm.deadlines).toEqual([{ kind: 'MOVE_ON_END', date: extendedEnd, supportContinues: false, policyEffectiveFrom: '2022-12-13' }]);
    expect(scheduled(p)).toEqual([7, 2, 0].map((o) => ['MOVE_ON_END', extendedEnd, addDays(extendedEnd, -o)]).sort());
    await h.settle();

    // 9. The move-on reminders go out at 09:00, each once, to shelter and agency.
    await advanceToDate(addDays(extendedEnd, 1));
    await waitFor(() => noticesFor(p.id, 'NRM_DEADLINE_REMINDER').filter((n) => n.payload.deadlineKind === 'MOVE_ON_END').length >= 6);
    const moveOn = noticesFor(p.id, 'NRM_DEADLINE_REMINDER').filter((n) => n.payload.deadlineKind === 'MOVE_ON_END');
    expect(moveOn.map((n) => `${n.audience.type}:${n.payload.daysBeforeDeadline}`).sort()).toEqual([
      'AGENCY:0',
      'AGENCY:2',
      'AGENCY:7',
      'SHELTER:0',
      'SHELTER:2',
      'SHELTER:7',
    ]);
    for (const n of moveOn)
      expect(Date.parse(n.payload.dueAt)).toBe(localDateTimeToInstant(addDays(extendedEnd, -n.payload.daysBeforeDeadline), '09:00', 'Europe/London').getTime());

    // 10. Exit into outreach support: the stage ends, nothing more is scheduled.
    const ended = await h.ok<{ endPlacement: any }>(eng.staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { status outreachProvider } }', {
      i: { placementId: p.id, exitReason: 'MOVED_ON', outreachProvider: 'Local outreach service' },
    });
    expect(ended.endPlacement).toEqual({ status: 'ENDED', outreachProvider: 'Local outreach service' });
    p = await placement(eng, p.id);
    expect(p.nrm.stage).toBe('ENDED');
    expect(scheduled(p)).toEqual([]);
  });

  it('Scotland: no Place of Safety stay; 90 days from RG that end (no duty to CG); no move-on period; leave renewal reminders', async () => {
    const { referralId, holdId } = await hold(sco);
    // Scotland's policy offers no Place of Safety stay: refused, and the hold stays as it was.
    const refused = await h.gql(sco.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId, placeOfSafety: true },
    });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.placeOfSafety' });

    const rgOn = await today();
    await recordPositiveRg(h, sco.officer, referralId, rgOn);
    let p = await arrive(sco, holdId);
    const end = addDays(rgOn, 89);
    expect(p.jurisdiction).toBe('SCOTLAND');
    expect(p.nrm).toMatchObject({
      stage: 'RECOVERY_PERIOD',
      policy: { jurisdiction: 'SCOTLAND', effectiveFrom: '2018-04-01', recoveryPeriodDays: 90, moveOnDays: null },
      recoveryPeriod: { startDate: rgOn, endDate: end, lengthDays: 90 },
    });
    const rpReminders = p.reminders.filter((r: any) => r.deadlineKind === 'RECOVERY_PERIOD_END');
    expect(rpReminders.map((r: any) => [r.dueDate, r.supportContinues]).sort()).toEqual([7, 2, 0].map((o) => [addDays(end, -o), false]).sort());
    expect(rpReminders.find((r: any) => r.offsetDays === 0).message).toBe(`The recovery period ends today, ${end}.`);

    // Leave granted today, expiring in 70 days: renewal reminders 60, 30 and 7 days before.
    const expiresOn = addDays(rgOn, 70);
    const leave = await h.ok<{ recordLeave: any }>(sco.staff, 'mutation($i: RecordLeaveInput!) { recordLeave(input: $i) { kind grantedOn expiresOn } }', {
      i: { placementId: p.id, kind: 'TEMPORARY_PERMISSION_TO_STAY', grantedOn: rgOn, expiresOn },
    });
    expect(leave.recordLeave).toEqual({ kind: 'TEMPORARY_PERMISSION_TO_STAY', grantedOn: rgOn, expiresOn });
    p = await placement(sco, p.id);
    expect(scheduled(p).filter((r: any) => r[0] === 'LEAVE_EXPIRY')).toEqual(
      [60, 30, 7].map((o) => ['LEAVE_EXPIRY', expiresOn, addDays(expiresOn, -o)]).sort(),
    );
    await h.settle();
    await advanceToDate(addDays(expiresOn, -30));
    await waitFor(() => noticesFor(p.id, 'LEAVE_EXPIRY_REMINDER').length >= 4);
    expect(
      noticesFor(p.id, 'LEAVE_EXPIRY_REMINDER')
        .map((n) => `${n.audience.type}:${n.payload.daysBeforeDeadline}`)
        .sort(),
    ).toEqual(['AGENCY:30', 'AGENCY:60', 'SHELTER:30', 'SHELTER:60']);

    // Positive CG after the 30-day gap: move-on with no period set by Scottish law, so no end is announced.
    const cgOn = addDays(rgOn, 40);
    await h.ok(sco.officer, DECIDE, { i: { referralId, type: 'CONCLUSIVE_GROUNDS', outcome: 'POSITIVE', decidedOn: cgOn } });
    p = await placement(sco, p.id);
    expect(p.nrm).toMatchObject({ stage: 'MOVE_ON', since: cgOn, deadlines: [] });
    // The recovery-period reminders not yet sent are cancelled; the leave reminder still to come stays.
    expect(scheduled(p)).toEqual([['LEAVE_EXPIRY', expiresOn, addDays(expiresOn, -7)]]);
    expect(noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER')).toHaveLength(0);
  });

  it('Scotland: 12 months of leave by default; the 90-day reminders go out at 09:00 and say the period ends; CG after it; exit into outreach', async () => {
    const { referralId, holdId } = await hold(sco);
    const rgOn = await today();
    await recordPositiveRg(h, sco.officer, referralId, rgOn);
    let p = await arrive(sco, holdId);
    const end = addDays(rgOn, 89);
    // Temporary permission to stay with no expiry given: 12 months, the day before the same date a year on.
    const [y, m, d] = rgOn.split('-').map(Number);
    const yearOn = addDays(new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10), -1);
    const leave = await h.ok<{ recordLeave: any }>(sco.staff, 'mutation($i: RecordLeaveInput!) { recordLeave(input: $i) { expiresOn } }', {
      i: { placementId: p.id, kind: 'TEMPORARY_PERMISSION_TO_STAY', grantedOn: rgOn },
    });
    expect(leave.recordLeave.expiresOn).toBe(yearOn);
    p = await placement(sco, p.id);
    expect(scheduled(p)).toEqual(
      [
        ...[7, 2, 0].map((o) => ['RECOVERY_PERIOD_END', end, addDays(end, -o)]),
        ...[60, 30, 7].map((o) => ['LEAVE_EXPIRY', yearOn, addDays(yearOn, -o)]),
      ].sort(),
    );
    await h.settle();

    // Nothing before 09:00 seven days before the end; then three reminders, each once, to shelter and agency.
    await advanceTo(localDateTimeToInstant(addDays(end, -7), '09:00', 'Europe/London').getTime(), -60_000);
    expect(noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER')).toHaveLength(0);
    await advanceToDate(addDays(end, 1));
    await waitFor(() => noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER').length >= 6);
    await h.settle();
    const rp = noticesFor(p.id, 'RECOVERY_PERIOD_REMINDER');
    expect(rp.map((n) => `${n.audience.type}:${n.payload.daysBeforeDeadline}`).sort()).toEqual([
      'AGENCY:0',
      'AGENCY:2',
      'AGENCY:7',
      'SHELTER:0',
      'SHELTER:2',
      'SHELTER:7',
    ]);
    for (const n of rp) {
      expect(Date.parse(n.payload.dueAt)).toBe(localDateTimeToInstant(addDays(end, -n.payload.daysBeforeDeadline), '09:00', 'Europe/London').getTime());
      expect(n.payload).toMatchObject({ jurisdiction: 'SCOTLAND', deadlineDate: end, supportContinuesUntilCg: false });
      // No duty to support until CG in Scotland: the reminder announces the end.
      expect(n.payload.message).toMatch(/^The recovery period ends (in [27] days, on|today,) /);
    }
    p = await placement(sco, p.id);
    expect(p.nrm).toMatchObject({ stage: 'AWAITING_CG', since: addDays(end, 1) });

    // A positive CG after the 90 days, then exit into outreach support: nothing more is scheduled (the leave reminders go too).
    const cgOn = await today();
    await h.ok(sco.officer, DECIDE, { i: { referralId, type: 'CONCLUSIVE_GROUNDS', outcome: 'POSITIVE', decidedOn: cgOn } });
    p = await placement(sco, p.id);
    expect(p.nrm).toMatchObject({ stage: 'MOVE_ON', since: cgOn, deadlines: [] });
    const ended = await h.ok<{ endPlacement: any }>(
      sco.staff,
      'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { status exitReason outreachProvider } }',
      { i: { placementId: p.id, exitReason: 'MOVED_ON', outreachProvider: 'Scottish outreach service' } },
    );
    expect(ended.endPlacement).toEqual({ status: 'ENDED', exitReason: 'MOVED_ON', outreachProvider: 'Scottish outreach service' });
    p = await placement(sco, p.id);
    expect(p.nrm.stage).toBe('ENDED');
    expect(scheduled(p)).toEqual([]);
  });

  it('a policy version added mid-stay with a future date governs only the stages that begin after it', async () => {
    const d0 = await today();
    // A version cannot start today or earlier (rules in force are not rewritten).
    const base = {
      jurisdiction: 'ENGLAND',
      recoveryPeriodStart: 'POSITIVE_RG',
      recoveryPeriodDays: 30,
      supportContinuesUntilCg: true,
      rgTargetWorkingDays: 5,
      cgMinimumGapDays: 30,
      moveOnDays: 60,
      moveOnExtendable: true,
      negativeDecisionSupportWorkingDays: 9,
      placeOfSafetyMaxWorkingDays: 3,
      source: 'Test guidance update',
    };
    const ADD = 'mutation($i: AddNrmPolicyVersionInput!) { addNrmPolicyVersion(input: $i) { effectiveFrom moveOnDays sources { field source } } }';
    const past = await h.gql(eng.coordinator, ADD, { i: { ...base, effectiveFrom: d0 } });
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.effectiveFrom' });
    const low = await h.gql(eng.coordinator, ADD, { i: { ...base, effectiveFrom: addDays(d0, 10), recoveryPeriodDays: 29 } });
    expect(low.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.recoveryPeriodDays' });
    const staffTry = await h.gql(eng.staff, ADD, { i: { ...base, effectiveFrom: addDays(d0, 10) } });
    expect(staffTry.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // The stay begins under the current rules: RG today, 30 days.
    const { referralId, holdId } = await hold(eng);
    await recordPositiveRg(h, eng.officer, referralId, d0);
    let p = await arrive(eng, holdId);
    expect(p.nrm.policy).toMatchObject({ effectiveFrom: '2022-12-13', moveOnDays: 45 });

    // Mid-stay, coordinators add a version from d0 + 10 with 60 days of move-on.
    const added = await h.ok<{ addNrmPolicyVersion: any }>(eng.coordinator, ADD, { i: { ...base, effectiveFrom: addDays(d0, 10) } });
    expect(added.addNrmPolicyVersion.moveOnDays).toBe(60);
    const src = Object.fromEntries(added.addNrmPolicyVersion.sources.map((s: any) => [s.field, s.source]));
    expect(src.moveOnDays).toBe('Test guidance update');
    expect(src.recoveryPeriodDays).toContain('13 December 2022');
    const policies = await h.ok<{ nrmPolicies: any[] }>(eng.officer, '{ nrmPolicies(jurisdiction: ENGLAND) { effectiveFrom } }');
    expect(policies.nrmPolicies.map((v) => v.effectiveFrom)).toEqual(['2009-04-01', '2022-12-13', addDays(d0, 10)]);

    // The recovery period keeps the rules in force when it began.
    p = await placement(eng, p.id);
    expect(p.nrm).toMatchObject({ stage: 'RECOVERY_PERIOD', policy: { effectiveFrom: '2022-12-13' }, recoveryPeriod: { endDate: addDays(d0, 29) } });

    // The move-on stage begins after the new version: 60 days.
    const cgOn = addDays(d0, 30);
    await advanceToDate(cgOn);
    await h.ok(eng.officer, DECIDE, { i: { referralId, type: 'CONCLUSIVE_GROUNDS', outcome: 'POSITIVE', decidedOn: cgOn } });
    p = await placement(eng, p.id);
    expect(p.nrm).toMatchObject({
      stage: 'MOVE_ON',
      policy: { effectiveFrom: addDays(d0, 10), moveOnDays: 60 },
      deadlines: [{ kind: 'MOVE_ON_END', date: addDays(cgOn, 59), policyEffectiveFrom: addDays(d0, 10) }],
    });
    expect(p.recoveryPeriods).toEqual([{ sequence: 1, startDate: d0, endDate: addDays(d0, 29) }]);
  });

  it('reports decision times per nation to coordinators only', async () => {
    const Q = '{ nrmDecisionTimes { jurisdiction referred rgDecided rgMedianWorkingDays rgWithinTarget rgOverdue cgDecided cgMedianDays } }';
    const r = await h.ok<{ nrmDecisionTimes: any[] }>(eng.coordinator, Q);
    expect(englandRgWorkingDays).toBeGreaterThan(5);
    expect(r.nrmDecisionTimes).toEqual([
      // The overdue journey and the same-day RG of the policy test; both CGs 30 days after RG.
      {
        jurisdiction: 'ENGLAND',
        referred: 2,
        rgDecided: 2,
        rgMedianWorkingDays: englandRgWorkingDays / 2,
        rgWithinTarget: 1,
        rgOverdue: 0,
        cgDecided: 2,
        cgMedianDays: 30,
      },
      // Scotland: CGs 40 and 90 days after the same-day RGs.
      { jurisdiction: 'SCOTLAND', referred: 2, rgDecided: 2, rgMedianWorkingDays: 0, rgWithinTarget: 2, rgOverdue: 0, cgDecided: 2, cgMedianDays: 65 },
    ]);
    const staff = await h.gql(eng.staff, Q);
    expect(staff.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
