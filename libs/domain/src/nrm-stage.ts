/**
 * The stage machine of a placement under the NRM (docs/nrm-stages.md):
 *
 *   PLACE_OF_SAFETY ──NRM referral──▶ AWAITING_RG ──positive RG──▶ RECOVERY_PERIOD ──(period over)──▶ AWAITING_CG
 *                                          │                            │ CG                              │ CG
 *                                          │ negative RG                ▼                                 ▼
 *                                          └──────▶ NEGATIVE_DECISION_SUPPORT ◀──negative── · ──positive──▶ MOVE_ON
 *   any stage ──exit──▶ ENDED
 *
 * {@link deriveStage} computes the stage, when it began, the policy version in
 * force on that day, and the deadlines of the current phase, from the facts
 * recorded on the placement (arrival, NRM referral, decisions, Recovery Needs
 * Assessments, exit). It is pure: the same facts give the same answer.
 *
 * Date conventions (as recovery-period.ts): a period of N calendar days has
 * day 1 on its start date and ends, inclusive, on start + N - 1. Working-day
 * deadlines are the N-th working day after the start (working-days.ts).
 */
import { DecisionOutcome } from './lifecycle';
import { DomainError } from './errors';
import { NrmPolicyVersion, policyInForce, RecoveryPeriodStart } from './nrm-policy';
import { addDays, CalendarDate, daysBetween, LocalTime, localDateTimeToInstant } from './recovery-period';
import { addWorkingDays, Jurisdiction, workingDaysBetween } from './working-days';

/** Where a placement is in the NRM process. */
export enum NrmStage {
  /** Staying before any NRM referral: consent to the stay, not yet to the NRM; bounded in working days. */
  PLACE_OF_SAFETY = 'PLACE_OF_SAFETY',
  /** Referred into the NRM, waiting for the reasonable grounds decision. */
  AWAITING_RG = 'AWAITING_RG',
  /** The recovery period after a positive reasonable grounds decision. */
  RECOVERY_PERIOD = 'RECOVERY_PERIOD',
  /** The recovery period is over and the conclusive grounds decision has not come. */
  AWAITING_CG = 'AWAITING_CG',
  /** After a positive conclusive grounds decision. */
  MOVE_ON = 'MOVE_ON',
  /** After a negative reasonable or conclusive grounds decision. */
  NEGATIVE_DECISION_SUPPORT = 'NEGATIVE_DECISION_SUPPORT',
  /** The placement has ended. */
  ENDED = 'ENDED',
}

/** A dated deadline of a stage. */
export enum DeadlineKind {
  /** Last day of a Place of Safety stay. */
  PLACE_OF_SAFETY_END = 'PLACE_OF_SAFETY_END',
  /** The day the reasonable grounds decision is due; overdue from the next working day. */
  RG_TARGET = 'RG_TARGET',
  /** Last day of the recovery period (where support continues until CG, not the end of the stay). */
  RECOVERY_PERIOD_END = 'RECOVERY_PERIOD_END',
  /** First day a conclusive grounds decision may carry. */
  CG_EARLIEST = 'CG_EARLIEST',
  /** Last day of move-on support after a positive CG. */
  MOVE_ON_END = 'MOVE_ON_END',
  /** Last day of support after a negative decision. */
  NEGATIVE_DECISION_SUPPORT_END = 'NEGATIVE_DECISION_SUPPORT_END',
  /** Expiry of temporary permission to stay (or a residence permit). */
  LEAVE_EXPIRY = 'LEAVE_EXPIRY',
}

/** A recorded NRM decision. */
export interface NrmDecisionFact {
  outcome: DecisionOutcome;
  decidedOn: CalendarDate;
}

/** What is recorded on a placement that the stage depends on. */
export interface PlacementStageFacts {
  jurisdiction: Jurisdiction;
  arrivedOn: CalendarDate;
  /** The person came to a Place of Safety: not referred into the NRM on arrival. */
  placeOfSafety: boolean;
  /** Date of the NRM referral (null: none yet, only for a Place of Safety stay). */
  nrmReferredOn: CalendarDate | null;
  reasonableGrounds: NrmDecisionFact | null;
  conclusiveGrounds: NrmDecisionFact | null;
  /** Stored recovery periods (migrated placements and extensions); their dates win over the policy's. */
  recoveryPeriods: readonly { startDate: CalendarDate; endDate: CalendarDate }[];
  /** Extensions of the move-on period by a Recovery Needs Assessment, in calendar days each. */
  moveOnExtensionDays: readonly number[];
  endedOn: CalendarDate | null;
}

/** One deadline of the current phase. */
export interface StageDeadline {
  kind: DeadlineKind;
  /** The deadline's date (YYYY-MM-DD, inclusive last day, or the due day for RG_TARGET / CG_EARLIEST). */
  date: CalendarDate;
  /** effectiveFrom of the policy version that set it. */
  policyEffectiveFrom: CalendarDate;
  /** For RECOVERY_PERIOD_END: support goes on after it, until the conclusive grounds decision. */
  supportContinues: boolean;
}

/** The stage of a placement and what follows from it. */
export interface PlacementStageState<V extends NrmPolicyVersion = NrmPolicyVersion> {
  stage: NrmStage;
  /** The day the current stage (for AWAITING_CG: the phase after the positive RG) began. */
  since: CalendarDate;
  /** The policy version in force on `since`: the rules of this stage. */
  policy: V;
  /** Deadlines of the current phase (sorted by date); reminders are scheduled for these. */
  deadlines: StageDeadline[];
  /** First day of the phase the deadlines belong to (= `since`, except AWAITING_CG: the recovery period's start). */
  phaseStart: CalendarDate;
  /** The recovery period, once a positive RG has been recorded. */
  recoveryPeriod: { startDate: CalendarDate; endDate: CalendarDate; lengthDays: number; policy: V } | null;
}

/**
 * The stage of a placement on `today` and the deadlines of its phase.
 * @param versions - every policy version of the jurisdiction (or more)
 * @throws DomainError INVALID_INPUT for a Place of Safety stay where the
 *   policy offers none (`placeOfSafety`), or bad dates
 */
export function deriveStage<V extends NrmPolicyVersion>(facts: PlacementStageFacts, versions: readonly V[], today: CalendarDate): PlacementStageState<V> {
  const j = facts.jurisdiction;
  const at = (d: CalendarDate) => policyInForce(versions, j, d);
  const deadline = (kind: DeadlineKind, date: CalendarDate, p: V, supportContinues = false): StageDeadline => ({
    kind,
    date,
    policyEffectiveFrom: p.effectiveFrom,
    supportContinues,
  });
  const done = (s: Omit<PlacementStageState<V>, 'phaseStart'> & { phaseStart?: CalendarDate }): PlacementStageState<V> => ({
    ...s,
    phaseStart: s.phaseStart ?? s.since,
    deadlines: [...s.deadlines].sort((a, b) => a.date.localeCompare(b.date)),
  });
  const rg = facts.reasonableGrounds;
  const cg = facts.conclusiveGrounds;

  let recovery: PlacementStageState<V>['recoveryPeriod'] = null;
  if (rg?.outcome === DecisionOutcome.POSITIVE) {
    const rgPolicy = at(rg.decidedOn);
    const start =
      facts.recoveryPeriods.length > 0
        ? facts.recoveryPeriods[0].startDate
        : rgPolicy.recoveryPeriodStart === RecoveryPeriodStart.ARRIVAL || rg.decidedOn < facts.arrivedOn
          ? facts.arrivedOn
          : rg.decidedOn;
    const policy = at(start);
    const end =
      facts.recoveryPeriods.length > 0 ? facts.recoveryPeriods[facts.recoveryPeriods.length - 1].endDate : addDays(start, policy.recoveryPeriodDays - 1);
    recovery = { startDate: start, endDate: end, lengthDays: daysBetween(start, end) + 1, policy };
  }

  if (facts.endedOn) {
    return done({ stage: NrmStage.ENDED, since: facts.endedOn, policy: at(facts.endedOn), deadlines: [], recoveryPeriod: recovery });
  }

  const negative = (decidedOn: CalendarDate) => {
    const p = at(decidedOn);
    const n = p.negativeDecisionSupportWorkingDays;
    return done({
      stage: NrmStage.NEGATIVE_DECISION_SUPPORT,
      since: decidedOn,
      policy: p,
      deadlines: n === null ? [] : [deadline(DeadlineKind.NEGATIVE_DECISION_SUPPORT_END, addWorkingDays(decidedOn, n, j), p)],
      recoveryPeriod: recovery,
    });
  };

  if (!rg) {
    if (facts.placeOfSafety && !facts.nrmReferredOn) {
      const p = at(facts.arrivedOn);
      if (p.placeOfSafetyMaxWorkingDays === null) {
        throw new DomainError('INVALID_INPUT', `${j} offers no Place of Safety stay (policy of ${p.effectiveFrom})`, 'placeOfSafety');
      }
      return done({
        stage: NrmStage.PLACE_OF_SAFETY,
        since: facts.arrivedOn,
        policy: p,
        deadlines: [deadline(DeadlineKind.PLACE_OF_SAFETY_END, addWorkingDays(facts.arrivedOn, p.placeOfSafetyMaxWorkingDays, j), p)],
        recoveryPeriod: null,
      });
    }
    const referredOn = facts.nrmReferredOn ?? facts.arrivedOn;
    const p = at(referredOn);
    return done({
      stage: NrmStage.AWAITING_RG,
      since: referredOn,
      policy: p,
      deadlines: p.rgTargetWorkingDays === null ? [] : [deadline(DeadlineKind.RG_TARGET, addWorkingDays(referredOn, p.rgTargetWorkingDays, j), p)],
      recoveryPeriod: null,
    });
  }

  if (rg.outcome === DecisionOutcome.NEGATIVE) return negative(rg.decidedOn);
  const rec = recovery!;

  if (cg) {
    if (cg.outcome === DecisionOutcome.NEGATIVE) return negative(cg.decidedOn);
    const p = at(cg.decidedOn);
    const extra = facts.moveOnExtensionDays.reduce((s, d) => s + d, 0);
    return done({
      stage: NrmStage.MOVE_ON,
      since: cg.decidedOn,
      policy: p,
      deadlines: p.moveOnDays === null ? [] : [deadline(DeadlineKind.MOVE_ON_END, addDays(cg.decidedOn, p.moveOnDays + extra - 1), p)],
      recoveryPeriod: rec,
    });
  }

  const rgPolicy = at(rg.decidedOn);
  const deadlines = [deadline(DeadlineKind.RECOVERY_PERIOD_END, rec.endDate, rec.policy, rec.policy.supportContinuesUntilCg)];
  if (rgPolicy.cgMinimumGapDays !== null) {
    deadlines.push(deadline(DeadlineKind.CG_EARLIEST, addDays(rg.decidedOn, rgPolicy.cgMinimumGapDays), rgPolicy));
  }
  const over = today > rec.endDate;
  return done({
    stage: over ? NrmStage.AWAITING_CG : NrmStage.RECOVERY_PERIOD,
    since: over ? addDays(rec.endDate, 1) : rec.startDate,
    phaseStart: rec.startDate,
    policy: rec.policy,
    deadlines,
    recoveryPeriod: rec,
  });
}

/**
 * The earliest date a conclusive grounds decision may carry, given the
 * positive or negative RG decision date and the policy in force on it (null: no minimum).
 */
export function earliestConclusiveGrounds(rgDecidedOn: CalendarDate, policy: Pick<NrmPolicyVersion, 'cgMinimumGapDays'>): CalendarDate | null {
  return policy.cgMinimumGapDays === null ? null : addDays(rgDecidedOn, policy.cgMinimumGapDays);
}

/** One reminder of a deadline: due at `localTime` on `dueDate`. */
export interface DeadlineReminder {
  kind: DeadlineKind;
  deadlineDate: CalendarDate;
  /** Calendar days from the reminder to the deadline (negative: after it, as for an overdue RG). */
  offsetDays: number;
  dueDate: CalendarDate;
  dueAt: Date;
  supportContinues: boolean;
}

/** Days before a leave expiry that renewal reminders go out. */
export const LEAVE_REMINDER_OFFSETS: readonly number[] = Object.freeze([60, 30, 7]);

/**
 * The reminders of a phase's deadlines:
 * - RG_TARGET: one, on the first working day after the target (the decision is overdue), to the agency and coordinators;
 * - CG_EARLIEST: none (it bounds what may be recorded);
 * - LEAVE_EXPIRY: {@link LEAVE_REMINDER_OFFSETS} days before;
 * - every other deadline: `offsets` days before it and on it.
 * Reminders dated before `notBefore` (the stage's start) are dropped; each at
 * `localTime` in `zone`, sorted by due time.
 */
export function deadlineReminders(
  deadlines: readonly StageDeadline[],
  opts: { offsets: readonly number[]; localTime: LocalTime; zone: string; jurisdiction: Jurisdiction; notBefore: CalendarDate },
): DeadlineReminder[] {
  const out: DeadlineReminder[] = [];
  for (const d of deadlines) {
    let dueDates: CalendarDate[];
    if (d.kind === DeadlineKind.CG_EARLIEST) dueDates = [];
    else if (d.kind === DeadlineKind.RG_TARGET) dueDates = [addWorkingDays(d.date, 1, opts.jurisdiction)];
    else {
      const offsets = d.kind === DeadlineKind.LEAVE_EXPIRY ? LEAVE_REMINDER_OFFSETS : opts.offsets;
      dueDates = [...new Set(offsets)].map((o) => addDays(d.date, -o));
    }
    for (const dueDate of dueDates) {
      if (dueDate < opts.notBefore) continue;
      out.push({
        kind: d.kind,
        deadlineDate: d.date,
        offsetDays: daysBetween(dueDate, d.date),
        dueDate,
        dueAt: localDateTimeToInstant(dueDate, opts.localTime, opts.zone),
        supportContinues: d.supportContinues,
      });
    }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind));
}

/**
 * What a reminder says, in plain words for staff and officers (no personal data).
 * Where support continues until CG the recovery-period reminder says so instead of announcing an end.
 */
export function reminderMessage(r: Pick<DeadlineReminder, 'kind' | 'deadlineDate' | 'offsetDays' | 'supportContinues'>): string {
  const when = r.offsetDays > 0 ? `in ${r.offsetDays} day${r.offsetDays === 1 ? '' : 's'}, on ${r.deadlineDate}` : `today, ${r.deadlineDate}`;
  switch (r.kind) {
    case DeadlineKind.PLACE_OF_SAFETY_END:
      return `The Place of Safety stay ends ${when}: the person decides whether to be referred into the NRM.`;
    case DeadlineKind.RG_TARGET:
      return `The reasonable grounds decision was due on ${r.deadlineDate} and is overdue: chase the competent authority and record it.`;
    case DeadlineKind.RECOVERY_PERIOD_END:
      return r.supportContinues
        ? `The minimum recovery period is reached ${when}; support continues until the conclusive grounds decision.`
        : `The recovery period ends ${when}.`;
    case DeadlineKind.MOVE_ON_END:
      return `Move-on support ends ${when} unless a Recovery Needs Assessment extends it.`;
    case DeadlineKind.NEGATIVE_DECISION_SUPPORT_END:
      return `Support after the negative decision ends ${when}.`;
    case DeadlineKind.LEAVE_EXPIRY:
      return `Permission to stay expires ${when}: apply to renew it.`;
    case DeadlineKind.CG_EARLIEST:
      return `A conclusive grounds decision may come from ${r.deadlineDate}.`;
  }
}

/** One placement's NRM dates, for {@link summariseDecisionTimes}. */
export interface DecisionTimesRow {
  jurisdiction: Jurisdiction;
  nrmReferredOn: CalendarDate | null;
  rgDecidedOn: CalendarDate | null;
  cgDecidedOn: CalendarDate | null;
}

/** How long NRM decisions take in one jurisdiction. */
export interface DecisionTimes {
  jurisdiction: Jurisdiction;
  /** Placements referred into the NRM. */
  referred: number;
  /** Of those, with an RG decision. */
  rgDecided: number;
  /** Median working days from NRM referral to RG decision; null with none decided. */
  rgMedianWorkingDays: number | null;
  /** RG decisions made by the target of the policy in force on the referral date. */
  rgWithinTarget: number;
  /** Referred, no RG yet, and past the target on `today`. */
  rgOverdue: number;
  /** Placements with both decisions. */
  cgDecided: number;
  /** Median calendar days from RG to CG; null with none decided. */
  cgMedianDays: number | null;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Decision times per jurisdiction (one entry for each jurisdiction present in
 * `rows`, in enum order): working days from NRM referral to RG (counted with
 * the nation's holidays), how many met the RG target, how many are overdue on
 * `today`, and calendar days from RG to CG.
 */
export function summariseDecisionTimes<V extends NrmPolicyVersion>(
  rows: readonly DecisionTimesRow[],
  versions: readonly V[],
  today: CalendarDate,
): DecisionTimes[] {
  const out: DecisionTimes[] = [];
  for (const j of Object.values(Jurisdiction)) {
    const mine = rows.filter((r) => r.jurisdiction === j && r.nrmReferredOn);
    if (mine.length === 0) continue;
    const rgDays: number[] = [];
    const cgDays: number[] = [];
    let within = 0;
    let overdue = 0;
    for (const r of mine) {
      const target = policyInForce(versions, j, r.nrmReferredOn!).rgTargetWorkingDays;
      const due = target === null ? null : addWorkingDays(r.nrmReferredOn!, target, j);
      if (r.rgDecidedOn) {
        rgDays.push(r.rgDecidedOn <= r.nrmReferredOn! ? 0 : workingDaysBetween(r.nrmReferredOn!, r.rgDecidedOn, j));
        if (due && r.rgDecidedOn <= due) within++;
        if (r.cgDecidedOn) cgDays.push(daysBetween(r.rgDecidedOn, r.cgDecidedOn));
      } else if (due && today > due) overdue++;
    }
    out.push({
      jurisdiction: j,
      referred: mine.length,
      rgDecided: rgDays.length,
      rgMedianWorkingDays: median(rgDays),
      rgWithinTarget: within,
      rgOverdue: overdue,
      cgDecided: cgDays.length,
      cgMedianDays: median(cgDays),
    });
  }
  return out;
}
