/**
 * State machines of referrals, holds, placements and beds, as transition
 * tables (docs/architecture.md, glossary and Main flows 3-7). Each `assert…` function
 * throws DomainError INVALID_TRANSITION when a change is not in its table.
 */
import { DomainError } from './errors';
import { BedStatus } from './model';

/** Where a referral is in its life. */
export enum ReferralStatus {
  /** Created, not placed, not waiting. */
  OPEN = 'OPEN',
  /** On the waitlist for a bed. */
  WAITLISTED = 'WAITLISTED',
  /** A bed is held for it, awaiting arrival. */
  HELD = 'HELD',
  /** The household has arrived: a placement is active. */
  PLACED = 'PLACED',
  /** The placement has ended (terminal). */
  EXITED = 'EXITED',
  /** The referral was withdrawn before placement (terminal). */
  WITHDRAWN = 'WITHDRAWN',
}

/** State of a hold (a bed reserved for a referral for a limited time, default 24 h). */
export enum HoldStatus {
  ACTIVE = 'ACTIVE',
  /** Arrival confirmed: became a placement. */
  CONFIRMED = 'CONFIRMED',
  /** Declined by the shelter or the referral officer. */
  DECLINED = 'DECLINED',
  /** Not confirmed before its expiry. */
  EXPIRED = 'EXPIRED',
  /** Withdrawn by the system or a coordinator (e.g. referral withdrawn). */
  CANCELLED = 'CANCELLED',
}

/** How a hold came to be. */
export enum HoldSource {
  /** A referral officer's placement request. */
  REQUEST = 'REQUEST',
  /** A waitlist assignment offering a freed bed. */
  WAITLIST_OFFER = 'WAITLIST_OFFER',
}

/** State of a placement (a household living in a shelter, from arrival to exit). */
export enum PlacementStatus {
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}

/** Why a placement ended. */
export enum ExitReason {
  MOVED_ON = 'MOVED_ON',
  TRANSFERRED = 'TRANSFERRED',
  LEFT_VOLUNTARILY = 'LEFT_VOLUNTARILY',
  NEGATIVE_DECISION = 'NEGATIVE_DECISION',
  RETURNED_HOME = 'RETURNED_HOME',
  OTHER = 'OTHER',
}

/** NRM decision type: reasonable grounds (RG) or conclusive grounds (CG). */
export enum DecisionType {
  REASONABLE_GROUNDS = 'REASONABLE_GROUNDS',
  CONCLUSIVE_GROUNDS = 'CONCLUSIVE_GROUNDS',
}

/** NRM decision outcome. */
export enum DecisionOutcome {
  POSITIVE = 'POSITIVE',
  NEGATIVE = 'NEGATIVE',
}

/** Allowed referral transitions, from → allowed targets. EXITED and WITHDRAWN are terminal. */
export const REFERRAL_TRANSITIONS: Readonly<Record<ReferralStatus, readonly ReferralStatus[]>> = Object.freeze({
  [ReferralStatus.OPEN]: [ReferralStatus.WAITLISTED, ReferralStatus.HELD, ReferralStatus.WITHDRAWN],
  [ReferralStatus.WAITLISTED]: [ReferralStatus.HELD, ReferralStatus.WITHDRAWN, ReferralStatus.OPEN],
  // HELD → OPEN when the hold is declined or expires; → WAITLISTED when it goes back to the queue.
  [ReferralStatus.HELD]: [ReferralStatus.PLACED, ReferralStatus.OPEN, ReferralStatus.WAITLISTED, ReferralStatus.WITHDRAWN],
  [ReferralStatus.PLACED]: [ReferralStatus.EXITED],
  [ReferralStatus.EXITED]: [],
  [ReferralStatus.WITHDRAWN]: [],
});

/** Allowed hold transitions: only ACTIVE moves, to any final state. */
export const HOLD_TRANSITIONS: Readonly<Record<HoldStatus, readonly HoldStatus[]>> = Object.freeze({
  [HoldStatus.ACTIVE]: [HoldStatus.CONFIRMED, HoldStatus.DECLINED, HoldStatus.EXPIRED, HoldStatus.CANCELLED],
  [HoldStatus.CONFIRMED]: [],
  [HoldStatus.DECLINED]: [],
  [HoldStatus.EXPIRED]: [],
  [HoldStatus.CANCELLED]: [],
});

/** Allowed placement transitions: ACTIVE → ENDED. */
export const PLACEMENT_TRANSITIONS: Readonly<Record<PlacementStatus, readonly PlacementStatus[]>> = Object.freeze({
  [PlacementStatus.ACTIVE]: [PlacementStatus.ENDED],
  [PlacementStatus.ENDED]: [],
});

/** Bed statuses shelter staff may set by hand; HELD and OCCUPIED come only from holds and placements. */
export const MANUAL_BED_STATUSES: readonly BedStatus[] = Object.freeze([BedStatus.AVAILABLE, BedStatus.OUT_OF_SERVICE]);

function canTransition<S extends string>(table: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return Object.prototype.hasOwnProperty.call(table, from) && table[from].includes(to);
}

function assertTransition<S extends string>(kind: string, table: Readonly<Record<S, readonly S[]>>, from: S, to: S): void {
  if (canTransition(table, from, to)) return;
  const allowed = Object.prototype.hasOwnProperty.call(table, from) ? table[from] : undefined;
  const hint =
    allowed === undefined
      ? `unknown ${kind} status ${String(from)}`
      : allowed.length === 0
        ? `${from} is terminal`
        : `allowed from ${from}: ${allowed.join(', ')}`;
  throw new DomainError(
    'INVALID_TRANSITION',
    `${kind} cannot go from ${String(from)} to ${String(to)} (${hint})`,
    'status',
    `${kind.toUpperCase()}_INVALID_TRANSITION`,
  );
}

/** Whether a referral may go from `from` to `to` (see {@link REFERRAL_TRANSITIONS}). */
export function canTransitionReferral(from: ReferralStatus, to: ReferralStatus): boolean {
  return canTransition(REFERRAL_TRANSITIONS, from, to);
}

/** @throws DomainError INVALID_TRANSITION unless {@link REFERRAL_TRANSITIONS} allows `from` → `to`. */
export function assertReferralTransition(from: ReferralStatus, to: ReferralStatus): void {
  assertTransition('referral', REFERRAL_TRANSITIONS, from, to);
}

/** True for EXITED and WITHDRAWN. */
export function isTerminalReferralStatus(s: ReferralStatus): boolean {
  return REFERRAL_TRANSITIONS[s]?.length === 0;
}

/** Whether a hold may go from `from` to `to` (see {@link HOLD_TRANSITIONS}). */
export function canTransitionHold(from: HoldStatus, to: HoldStatus): boolean {
  return canTransition(HOLD_TRANSITIONS, from, to);
}

/** @throws DomainError INVALID_TRANSITION unless {@link HOLD_TRANSITIONS} allows `from` → `to`. */
export function assertHoldTransition(from: HoldStatus, to: HoldStatus): void {
  assertTransition('hold', HOLD_TRANSITIONS, from, to);
}

/** @throws DomainError INVALID_TRANSITION unless {@link PLACEMENT_TRANSITIONS} allows `from` → `to`. */
export function assertPlacementTransition(from: PlacementStatus, to: PlacementStatus): void {
  assertTransition('placement', PLACEMENT_TRANSITIONS, from, to);
}

/**
 * Checks a bed status change made by hand (shelter staff): only
 * AVAILABLE ↔ OUT_OF_SERVICE, or no change at all (same status is an allowed
 * no-op). HELD and OCCUPIED are set and cleared only by holds and placements.
 * @throws DomainError INVALID_TRANSITION otherwise
 */
export function assertManualBedStatusChange(from: BedStatus, to: BedStatus): void {
  if (from === to) return;
  if (MANUAL_BED_STATUSES.includes(from) && MANUAL_BED_STATUSES.includes(to)) return;
  const why =
    from === BedStatus.HELD || from === BedStatus.OCCUPIED
      ? `a ${from} bed is freed only by its hold or placement`
      : `${to} is set only by holds and placements`;
  throw new DomainError('INVALID_TRANSITION', `bed cannot be changed by hand from ${from} to ${to}: ${why}`, 'status', 'BED_STATUS_NOT_MANUAL');
}
