/**
 * The handover between the referring officer and the shelter (docs/nrm-stages.md
 * "Handover"): a hold is OFFERED to the shelter, ACCEPTED by it (its staff
 * phone the officer back on the referral's call-back contact), then ARRIVED
 * (the placement starts); or the shelter declines it with a structured reason.
 */
import { DomainError } from './errors';
import { HoldStatus } from './lifecycle';

/** Where a hold is in the handover. */
export enum HandoverState {
  /** Held for the referral; the shelter has not yet accepted. */
  OFFERED = 'OFFERED',
  /** The shelter accepted and phones the officer back; the person is on the way. */
  ACCEPTED = 'ACCEPTED',
  /** The household arrived: the hold became a placement. */
  ARRIVED = 'ARRIVED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
}

/** Why a hold was declined (the reports of capacity and refusals count these). */
export enum HoldDeclineReason {
  /** The safe house is too close to where the person was exploited. */
  TOO_CLOSE_TO_EXPLOITATION_AREA = 'TOO_CLOSE_TO_EXPLOITATION_AREA',
  /** The household does not fit the room offered. */
  NO_ROOM_FOR_HOUSEHOLD = 'NO_ROOM_FOR_HOUSEHOLD',
  /** Needs (language, accessibility, support) the shelter cannot meet. */
  NEEDS_NOT_MET = 'NEEDS_NOT_MET',
  /** No staff to admit the person tonight. */
  NO_STAFF_TO_ADMIT = 'NO_STAFF_TO_ADMIT',
  /** The person refused the place. */
  REFUSED_BY_PERSON = 'REFUSED_BY_PERSON',
  /** Anything else: the text says what. */
  OTHER = 'OTHER',
}

/** Shortest and longest hold a shelter may set, in hours. */
export const HOLD_HOURS_MIN = 1;
export const HOLD_HOURS_MAX = 168;

/** The handover state of a hold from its status and whether the shelter accepted it. */
export function handoverState(status: HoldStatus, acceptedAt: Date | null): HandoverState {
  switch (status) {
    case HoldStatus.ACTIVE:
      return acceptedAt ? HandoverState.ACCEPTED : HandoverState.OFFERED;
    case HoldStatus.CONFIRMED:
      return HandoverState.ARRIVED;
    case HoldStatus.DECLINED:
      return HandoverState.DECLINED;
    case HoldStatus.EXPIRED:
      return HandoverState.EXPIRED;
    case HoldStatus.CANCELLED:
      return HandoverState.CANCELLED;
  }
}

/**
 * Checks a decline: a reason from the enum is required; OTHER needs
 * non-blank text saying what. Returns the reason and the trimmed text (null
 * when blank).
 * @throws DomainError INVALID_INPUT (`reasonCode` missing or unknown; `reason` blank with OTHER)
 */
export function checkDecline(
  reasonCode: HoldDeclineReason | null | undefined,
  text: string | null | undefined,
): { reasonCode: HoldDeclineReason; text: string | null } {
  const t = text?.trim() || null;
  if (reasonCode === null || reasonCode === undefined) {
    throw new DomainError('INVALID_INPUT', `A decline needs a reasonCode (one of ${Object.values(HoldDeclineReason).join(', ')})`, 'reasonCode');
  }
  if (!Object.values(HoldDeclineReason).includes(reasonCode)) {
    throw new DomainError('INVALID_INPUT', `reasonCode must be one of ${Object.values(HoldDeclineReason).join(', ')}`, 'reasonCode');
  }
  if (reasonCode === HoldDeclineReason.OTHER && !t) {
    throw new DomainError('INVALID_INPUT', 'A decline for another reason (OTHER) needs the reason text', 'reason');
  }
  return { reasonCode, text: t };
}

/**
 * The hold length for a shelter: its own (1..168 hours) or the network default.
 * @throws DomainError INVALID_INPUT (`holdHours`)
 */
export function holdHoursFor(shelterHoldHours: number | null | undefined, defaultHours: number): number {
  if (shelterHoldHours === null || shelterHoldHours === undefined) return defaultHours;
  if (!Number.isInteger(shelterHoldHours) || shelterHoldHours < HOLD_HOURS_MIN || shelterHoldHours > HOLD_HOURS_MAX) {
    throw new DomainError('INVALID_INPUT', `holdHours must be a whole number from ${HOLD_HOURS_MIN} to ${HOLD_HOURS_MAX}`, 'holdHours');
  }
  return shelterHoldHours;
}
