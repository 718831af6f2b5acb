import { DecisionOutcome } from './lifecycle';
import { DomainError } from './errors';
import { NRM_POLICY_FIELDS, NRM_POLICY_SEED, NrmPolicyVersion, policyInForce, RecoveryPeriodStart, validatePolicyVersion } from './nrm-policy';
import { deadlineReminders, DeadlineKind, deriveStage, NrmStage, PlacementStageFacts, reminderMessage, summariseDecisionTimes } from './nrm-stage';
import { Jurisdiction } from './working-days';

const { POSITIVE, NEGATIVE } = DecisionOutcome;

function facts(over: Partial<PlacementStageFacts> = {}): PlacementStageFacts {
  return {
    jurisdiction: Jurisdiction.ENGLAND,
    arrivedOn: '2026-03-02',
    placeOfSafety: false,
    nrmReferredOn: '2026-03-02',
    reasonableGrounds: null,
    conclusiveGrounds: null,
    recoveryPeriods: [],
    moveOnExtensionDays: [],
    endedOn: null,
    ...over,
  };
}
const seed = NRM_POLICY_SEED as NrmPolicyVersion[];
const kinds = (s: { deadlines: { kind: string; date: string }[] }) => s.deadlines.map((d) => [d.kind, d.date]);

describe('NRM policy table', () => {
  it('has a cited source for every value of every seeded version', () => {
    for (const v of seed) {
      for (const f of NRM_POLICY_FIELDS) {
        expect([v.jurisdiction, v.effectiveFrom, f, typeof v.sources[f]]).toEqual([v.jurisdiction, v.effectiveFrom, f, 'string']);
      }
      expect(validatePolicyVersion(v)).toEqual(v);
    }
    expect(new Set(seed.map((v) => v.jurisdiction))).toEqual(new Set(Object.values(Jurisdiction)));
  });

  it('England changed from 45 to 30 days on 13 December 2022', () => {
    expect(policyInForce(seed, Jurisdiction.ENGLAND, '2022-12-12').recoveryPeriodDays).toBe(45);
    expect(policyInForce(seed, Jurisdiction.ENGLAND, '2022-12-13').recoveryPeriodDays).toBe(30);
    expect(policyInForce(seed, Jurisdiction.WALES, '2022-12-13').recoveryPeriodDays).toBe(30);
    expect(policyInForce(seed, Jurisdiction.SCOTLAND, '2026-01-01').recoveryPeriodDays).toBe(90);
    expect(policyInForce(seed, Jurisdiction.NORTHERN_IRELAND, '2026-01-01').recoveryPeriodDays).toBe(45);
    expect(policyInForce(seed, Jurisdiction.GENERIC_ECAT, '2026-01-01').recoveryPeriodDays).toBe(30);
    // Before the first version: the first version.
    expect(policyInForce(seed, Jurisdiction.ENGLAND, '2001-01-01').effectiveFrom).toBe('2009-04-01');
  });

  it('refuses a version below the ECAT minimum, naming the field', () => {
    const v = { ...policyInForce(seed, Jurisdiction.ENGLAND, '2026-01-01'), recoveryPeriodDays: 29 };
    expect(() => validatePolicyVersion(v)).toThrow(expect.objectContaining({ field: 'recoveryPeriodDays' }));
    expect(() => validatePolicyVersion({ ...v, recoveryPeriodDays: 30, moveOnDays: 0 })).toThrow(expect.objectContaining({ field: 'moveOnDays' }));
    expect(() => validatePolicyVersion({ ...v, recoveryPeriodDays: 30, effectiveFrom: '2026-13-01' })).toThrow(
      expect.objectContaining({ field: 'effectiveFrom' }),
    );
  });
});

describe('deriveStage (hand-checked dates)', () => {
  it('Place of Safety: 3 working days in England; Friday 28 Aug 2026 arrival ends Thursday 3 Sep (31 Aug is a bank holiday)', () => {
    const s = deriveStage(facts({ arrivedOn: '2026-08-28', placeOfSafety: true, nrmReferredOn: null }), seed, '2026-08-28');
    expect(s.stage).toBe(NrmStage.PLACE_OF_SAFETY);
    expect(kinds(s)).toEqual([[DeadlineKind.PLACE_OF_SAFETY_END, '2026-09-03']]);
  });

  it('Place of Safety is refused where the policy offers none (Scotland)', () => {
    expect(() => deriveStage(facts({ jurisdiction: Jurisdiction.SCOTLAND, placeOfSafety: true, nrmReferredOn: null }), seed, '2026-03-02')).toThrow(
      expect.objectContaining({ field: 'placeOfSafety', code: 'INVALID_INPUT' }),
    );
  });

  it('Awaiting RG: due 5 working days after the NRM referral, across Christmas', () => {
    const s = deriveStage(facts({ arrivedOn: '2026-12-18', nrmReferredOn: '2026-12-18' }), seed, '2026-12-18');
    expect(s.stage).toBe(NrmStage.AWAITING_RG);
    expect(kinds(s)).toEqual([[DeadlineKind.RG_TARGET, '2026-12-29']]);
    // The Place of Safety stay turns into awaiting RG on the NRM referral.
    const pos = deriveStage(facts({ arrivedOn: '2026-12-16', placeOfSafety: true, nrmReferredOn: '2026-12-18' }), seed, '2026-12-18');
    expect([pos.stage, pos.since]).toEqual([NrmStage.AWAITING_RG, '2026-12-18']);
  });

  it('the generic profile has no RG target', () => {
    const s = deriveStage(facts({ jurisdiction: Jurisdiction.GENERIC_ECAT }), seed, '2026-03-02');
    expect([s.stage, s.deadlines]).toEqual([NrmStage.AWAITING_RG, []]);
  });

  it('a positive RG on 12 Dec 2022 gives 45 days (to 25 Jan 2023); on 13 Dec 2022, 30 days (to 11 Jan 2023)', () => {
    const before = deriveStage(
      facts({ arrivedOn: '2022-12-01', nrmReferredOn: '2022-12-01', reasonableGrounds: { outcome: POSITIVE, decidedOn: '2022-12-12' } }),
      seed,
      '2022-12-20',
    );
    expect(before.recoveryPeriod).toMatchObject({ startDate: '2022-12-12', endDate: '2023-01-25', lengthDays: 45 });
    const after = deriveStage(
      facts({ arrivedOn: '2022-12-01', nrmReferredOn: '2022-12-01', reasonableGrounds: { outcome: POSITIVE, decidedOn: '2022-12-13' } }),
      seed,
      '2022-12-20',
    );
    expect(after.stage).toBe(NrmStage.RECOVERY_PERIOD);
    expect(after.recoveryPeriod).toMatchObject({ startDate: '2022-12-13', endDate: '2023-01-11', lengthDays: 30 });
    expect(kinds(after)).toEqual([
      [DeadlineKind.RECOVERY_PERIOD_END, '2023-01-11'],
      [DeadlineKind.CG_EARLIEST, '2023-01-12'],
    ]);
    expect(after.deadlines[0].supportContinues).toBe(true);
  });

  it('support continues until CG in England: after the 30 days the stage is awaiting CG, with no end', () => {
    const f = facts({ reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-03-04' } });
    expect(deriveStage(f, seed, '2026-04-02').stage).toBe(NrmStage.RECOVERY_PERIOD); // day 30
    const s = deriveStage(f, seed, '2026-04-03');
    expect([s.stage, s.since, s.phaseStart]).toEqual([NrmStage.AWAITING_CG, '2026-04-03', '2026-03-04']);
  });

  it('an RG before arrival starts the recovery period on arrival', () => {
    const s = deriveStage(facts({ arrivedOn: '2026-03-10', reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-03-02' } }), seed, '2026-03-10');
    expect(s.recoveryPeriod).toMatchObject({ startDate: '2026-03-10', endDate: '2026-04-08' });
    expect(kinds(s)).toEqual([
      [DeadlineKind.CG_EARLIEST, '2026-04-01'],
      [DeadlineKind.RECOVERY_PERIOD_END, '2026-04-08'],
    ]);
  });

  it('Scotland: 90 days from RG (5 Jan 2026 to 4 Apr 2026), the duty not continuing to CG', () => {
    const s = deriveStage(
      facts({ jurisdiction: Jurisdiction.SCOTLAND, arrivedOn: '2026-01-05', reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-01-05' } }),
      seed,
      '2026-01-06',
    );
    expect(s.recoveryPeriod).toMatchObject({ startDate: '2026-01-05', endDate: '2026-04-04', lengthDays: 90 });
    expect(s.deadlines.find((d) => d.kind === DeadlineKind.RECOVERY_PERIOD_END)).toMatchObject({ date: '2026-04-04', supportContinues: false });
  });

  it('stored recovery periods (migrated or extended) keep their dates', () => {
    const s = deriveStage(
      facts({
        reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-03-04' },
        recoveryPeriods: [
          { startDate: '2026-03-02', endDate: '2026-04-15' },
          { startDate: '2026-04-16', endDate: '2026-05-30' },
        ],
      }),
      seed,
      '2026-03-05',
    );
    expect(s.recoveryPeriod).toMatchObject({ startDate: '2026-03-02', endDate: '2026-05-30', lengthDays: 90 });
  });

  it('positive CG: move-on of 45 days from the CG date, extended by Recovery Needs Assessments', () => {
    const f = facts({
      reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-01-05' },
      conclusiveGrounds: { outcome: POSITIVE, decidedOn: '2026-03-02' },
    });
    const s = deriveStage(f, seed, '2026-03-02');
    expect([s.stage, s.since]).toEqual([NrmStage.MOVE_ON, '2026-03-02']);
    expect(kinds(s)).toEqual([[DeadlineKind.MOVE_ON_END, '2026-04-15']]);
    expect(kinds(deriveStage({ ...f, moveOnExtensionDays: [14] }, seed, '2026-03-02'))).toEqual([[DeadlineKind.MOVE_ON_END, '2026-04-29']]);
    // Scotland sets no move-on period: no end is announced.
    expect(deriveStage({ ...f, jurisdiction: Jurisdiction.SCOTLAND }, seed, '2026-03-02').deadlines).toEqual([]);
  });

  it('negative decisions: 9 working days in England (18 Dec 2026 to 5 Jan 2027), the same day in Scotland', () => {
    const neg = facts({ reasonableGrounds: { outcome: NEGATIVE, decidedOn: '2026-12-18' } });
    const s = deriveStage(neg, seed, '2026-12-18');
    expect(s.stage).toBe(NrmStage.NEGATIVE_DECISION_SUPPORT);
    expect(kinds(s)).toEqual([[DeadlineKind.NEGATIVE_DECISION_SUPPORT_END, '2027-01-05']]);
    expect(kinds(deriveStage({ ...neg, jurisdiction: Jurisdiction.SCOTLAND }, seed, '2026-12-18'))).toEqual([
      [DeadlineKind.NEGATIVE_DECISION_SUPPORT_END, '2026-12-18'],
    ]);
    const negCg = facts({
      reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-01-05' },
      conclusiveGrounds: { outcome: NEGATIVE, decidedOn: '2026-03-02' },
    });
    expect(kinds(deriveStage(negCg, seed, '2026-03-02'))).toEqual([[DeadlineKind.NEGATIVE_DECISION_SUPPORT_END, '2026-03-13']]);
  });

  it('each stage uses the policy in force when it began: a version added mid-stay changes only later stages', () => {
    const v2: NrmPolicyVersion = {
      ...policyInForce(seed, Jurisdiction.ENGLAND, '2026-01-01'),
      effectiveFrom: '2026-04-01',
      recoveryPeriodDays: 60,
      moveOnDays: 60,
    };
    const versions = [...seed, v2];
    const f = facts({ reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-03-04' } });
    // The recovery period began on 4 Mar under the 30-day version and keeps it.
    expect(deriveStage(f, versions, '2026-04-02').recoveryPeriod).toMatchObject({ endDate: '2026-04-02', lengthDays: 30 });
    // Move-on begins on 10 Apr, under the new version: 60 days to 8 Jun.
    const s = deriveStage({ ...f, conclusiveGrounds: { outcome: POSITIVE, decidedOn: '2026-04-10' } }, versions, '2026-04-10');
    expect([s.policy.effectiveFrom, ...kinds(s)]).toEqual(['2026-04-01', [DeadlineKind.MOVE_ON_END, '2026-06-08']]);
  });

  it('ended placements have no deadlines', () => {
    const s = deriveStage(facts({ reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-03-04' }, endedOn: '2026-03-20' }), seed, '2026-03-21');
    expect([s.stage, s.since, s.deadlines]).toEqual([NrmStage.ENDED, '2026-03-20', []]);
  });

  it('RecoveryPeriodStart.ARRIVAL counts from arrival whatever the RG date', () => {
    const v: NrmPolicyVersion = { ...policyInForce(seed, Jurisdiction.GENERIC_ECAT, '2026-01-01'), recoveryPeriodStart: RecoveryPeriodStart.ARRIVAL };
    const s = deriveStage(
      facts({ jurisdiction: Jurisdiction.GENERIC_ECAT, reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-03-20' } }),
      [v],
      '2026-03-20',
    );
    expect(s.recoveryPeriod).toMatchObject({ startDate: '2026-03-02', endDate: '2026-03-31' });
  });
});

describe('deadlineReminders', () => {
  const opts = { offsets: [7, 2, 0], localTime: '09:00', zone: 'Europe/London', jurisdiction: Jurisdiction.ENGLAND };

  it('an overdue RG reminds on the first working day after the target, at 09:00 London', () => {
    const s = deriveStage(facts({ arrivedOn: '2026-12-18', nrmReferredOn: '2026-12-18' }), seed, '2026-12-18');
    const r = deadlineReminders(s.deadlines, { ...opts, notBefore: s.phaseStart });
    expect(r.map((x) => [x.kind, x.dueDate, x.offsetDays, x.dueAt.toISOString()])).toEqual([
      [DeadlineKind.RG_TARGET, '2026-12-30', -1, '2026-12-30T09:00:00.000Z'],
    ]);
  });

  it('recovery-period reminders 7, 2, 0 days before its end; 09:00 stays 09:00 across the clock change', () => {
    // RG 2 Mar 2026: 30 days end 31 Mar; reminders 24, 29 (BST from that day) and 31 Mar.
    const s = deriveStage(facts({ reasonableGrounds: { outcome: POSITIVE, decidedOn: '2026-03-02' } }), seed, '2026-03-02');
    const r = deadlineReminders(s.deadlines, { ...opts, notBefore: s.phaseStart });
    expect(r.map((x) => [x.dueDate, x.offsetDays, x.dueAt.toISOString(), x.supportContinues])).toEqual([
      ['2026-03-24', 7, '2026-03-24T09:00:00.000Z', true],
      ['2026-03-29', 2, '2026-03-29T08:00:00.000Z', true],
      ['2026-03-31', 0, '2026-03-31T08:00:00.000Z', true],
    ]);
    expect(reminderMessage(r[2])).toBe('The minimum recovery period is reached today, 2026-03-31; support continues until the conclusive grounds decision.');
    expect(reminderMessage(r[0])).not.toMatch(/ends/);
  });

  it('drops reminders before the phase began; a 3-working-day Place of Safety gets the 2- and 0-day ones', () => {
    const s = deriveStage(facts({ arrivedOn: '2026-08-28', placeOfSafety: true, nrmReferredOn: null }), seed, '2026-08-28');
    const r = deadlineReminders(s.deadlines, { ...opts, notBefore: s.phaseStart });
    expect(r.map((x) => [x.dueDate, x.offsetDays])).toEqual([
      ['2026-09-01', 2],
      ['2026-09-03', 0],
    ]);
  });

  it('leave expiry: 60, 30 and 7 days before', () => {
    const r = deadlineReminders([{ kind: DeadlineKind.LEAVE_EXPIRY, date: '2027-03-01', policyEffectiveFrom: '2022-12-13', supportContinues: false }], {
      ...opts,
      notBefore: '2026-03-01',
    });
    expect(r.map((x) => x.dueDate)).toEqual(['2026-12-31', '2027-01-30', '2027-02-22']);
  });

  it('messages never say a stay ends while support continues', () => {
    expect(reminderMessage({ kind: DeadlineKind.RECOVERY_PERIOD_END, deadlineDate: '2026-04-04', offsetDays: 7, supportContinues: false })).toBe(
      'The recovery period ends in 7 days, on 2026-04-04.',
    );
    expect(() => deriveStage(facts({ nrmReferredOn: '2026-02-30' }), seed, '2026-01-01')).toThrow(DomainError);
  });
});

describe('summariseDecisionTimes', () => {
  it('counts working days to RG per nation, the target met, the overdue, and days to CG', () => {
    const rows = [
      // Referred Fri 18 Dec 2026; RG Tue 29 Dec: 5 working days in England (on target), also 5 in Scotland.
      { jurisdiction: Jurisdiction.ENGLAND, nrmReferredOn: '2026-12-18', rgDecidedOn: '2026-12-29', cgDecidedOn: '2027-02-15' },
      // RG Wed 30 Dec: 6 working days, late.
      { jurisdiction: Jurisdiction.ENGLAND, nrmReferredOn: '2026-12-18', rgDecidedOn: '2026-12-30', cgDecidedOn: null },
      // No RG, due 29 Dec: overdue on 5 Jan.
      { jurisdiction: Jurisdiction.ENGLAND, nrmReferredOn: '2026-12-18', rgDecidedOn: null, cgDecidedOn: null },
      { jurisdiction: Jurisdiction.SCOTLAND, nrmReferredOn: '2026-12-30', rgDecidedOn: '2027-01-08', cgDecidedOn: null },
      { jurisdiction: Jurisdiction.WALES, nrmReferredOn: null, rgDecidedOn: null, cgDecidedOn: null },
    ];
    expect(summariseDecisionTimes(rows, seed, '2027-01-05')).toEqual([
      {
        jurisdiction: Jurisdiction.ENGLAND,
        referred: 3,
        rgDecided: 2,
        rgMedianWorkingDays: 5.5,
        rgWithinTarget: 1,
        rgOverdue: 1,
        cgDecided: 1,
        cgMedianDays: 48,
      },
      // 30 Dec 2026 → 8 Jan 2027 in Scotland: 31 Dec, (1, 4 Jan holidays) 5, 6, 7, 8 = 5 working days.
      {
        jurisdiction: Jurisdiction.SCOTLAND,
        referred: 1,
        rgDecided: 1,
        rgMedianWorkingDays: 5,
        rgWithinTarget: 1,
        rgOverdue: 0,
        cgDecided: 0,
        cgMedianDays: null,
      },
    ]);
  });
});
