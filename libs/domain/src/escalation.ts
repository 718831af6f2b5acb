/**
 * Escalations (issue 9, "No silent waiting"): a referral that waits on the
 * waitlist longer than its urgency allows without being offered a bed is put
 * in front of the coordinators of its regions, who claim it and act (find
 * provision, refer on). This replaces an ever-growing priority: ageing in the
 * batch assignment is capped (assignment.ts `waitCapPoints`), and the time a
 * referral may wait unseen is bounded here instead.
 */
import { DomainError } from './errors';
import { Urgency } from './model';

/** Hours a waiting referral may go without an offer, per urgency (config ESCALATION_AFTER_HOURS_*). */
export type EscalationThresholds = Readonly<Record<Urgency, number>>;

/** Defaults: EMERGENCY 24 h, URGENT 72 h, ROUTINE 7 days. */
export const DEFAULT_ESCALATION_THRESHOLDS: EscalationThresholds = Object.freeze({
  [Urgency.EMERGENCY]: 24,
  [Urgency.URGENT]: 72,
  [Urgency.ROUTINE]: 168,
});

/** Life of an escalation: OPEN → CLAIMED → ACKNOWLEDGED, any of them → RESOLVED (automatically). */
export enum EscalationStatus {
  OPEN = 'OPEN',
  CLAIMED = 'CLAIMED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  RESOLVED = 'RESOLVED',
}

/** Why an escalation was resolved. */
export enum EscalationResolution {
  /** The referral was offered a bed (a hold was created). */
  OFFERED = 'OFFERED',
  /** The referral left the waitlist otherwise (withdrawn). */
  LEFT_WAITLIST = 'LEFT_WAITLIST',
}

/**
 * When a waitlist entry that joined at `joinedAt` with `urgency` is due for
 * escalation: `joinedAt` + the urgency's threshold in hours.
 * @throws DomainError INVALID_INPUT (`joinedAt`) for an invalid date, (`thresholds.<URGENCY>`) for a threshold that is not a positive finite number, (`urgency`) for an unknown urgency.
 */
export function escalationDueAt(urgency: Urgency, joinedAt: Date, thresholds: EscalationThresholds = DEFAULT_ESCALATION_THRESHOLDS): Date {
  if (!(joinedAt instanceof Date) || Number.isNaN(joinedAt.getTime())) {
    throw new DomainError('INVALID_INPUT', 'joinedAt must be a valid Date', 'joinedAt');
  }
  if (!Object.values(Urgency).includes(urgency)) {
    throw new DomainError('INVALID_INPUT', `unknown urgency: ${String(urgency)}`, 'urgency');
  }
  const hours = thresholds[urgency];
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0) {
    throw new DomainError('INVALID_INPUT', `thresholds.${urgency} must be a positive number of hours`, `thresholds.${urgency}`);
  }
  return new Date(joinedAt.getTime() + hours * 3_600_000);
}

/**
 * The status an escalation moves to when a coordinator acts on it, or an error
 * explaining why it cannot: claim (OPEN → CLAIMED; claiming again by the same
 * coordinator is a no-op), acknowledge (OPEN or CLAIMED → ACKNOWLEDGED).
 * Acknowledging an ACKNOWLEDGED escalation again is a conflict, not a no-op:
 * the first acknowledgement (who, when) stands and a second caller learns the
 * case is already in hand. A RESOLVED escalation takes neither.
 * @returns the new status, or `{ conflict }` with the reason.
 */
export function escalationTransition(current: EscalationStatus, action: 'CLAIM' | 'ACKNOWLEDGE'): EscalationStatus | { conflict: string } {
  if (current === EscalationStatus.RESOLVED) return { conflict: 'the escalation is already resolved' };
  if (action === 'CLAIM') {
    if (current === EscalationStatus.ACKNOWLEDGED) return { conflict: 'the escalation is already acknowledged' };
    return EscalationStatus.CLAIMED;
  }
  if (current === EscalationStatus.ACKNOWLEDGED) return { conflict: 'the escalation is already acknowledged' };
  return EscalationStatus.ACKNOWLEDGED;
}
