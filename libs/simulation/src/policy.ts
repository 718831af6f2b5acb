/**
 * The small interface between the simulation engine and an assignment policy.
 *
 * At each decision round the engine hands the policy the referrals waiting and
 * the rooms with free beds that could matter (see engine.ts), with LIVE
 * profiles (the shelter's used beds and the room's free beds at that instant),
 * and the policy answers with offers (holds). The engine checks every offer
 * independently with the domain's checkEligibility before applying it, in the
 * order given, and counts any offer that breaks a hard rule as a violation
 * (and does not apply it).
 */
import { AgeBand, Dependant, Gender, RankableCandidate, ReferralProfile, Urgency } from '@harbour/domain';

/** A referral waiting for a bed, as a policy sees it. */
export interface RoundReferral {
  id: string;
  profile: ReferralProfile;
  urgency: Urgency;
  /** When the referral arrived (seconds from the start of the run). */
  arrivalAt: number;
}

/**
 * A household holding or occupying beds of a room: who the room-sharing rule
 * compares a newcomer with. `gender` null: a resident whose household is not known.
 */
export interface RoomOccupant {
  gender: Gender | null;
  ageBand: AgeBand;
  dependants: Dependant[];
}

/**
 * A room with at least one free bed; `room.availableBeds` and `shelter.usedBeds`
 * are live, `occupants` the households in its other beds (held or occupied).
 */
export type RoundRoom = RankableCandidate & { occupants: RoomOccupant[] };

/** One decision round. */
export interface RoundInput {
  /** Seconds from the start of the run. */
  now: number;
  referrals: RoundReferral[];
  rooms: RoundRoom[];
}

/** A bed offer: the whole household of `referralId` into `roomId`. */
export interface SimOffer {
  referralId: string;
  roomId: string;
}

/** A placement policy. `name` is a stable key (CSV), `label` a readable name (report, charts). */
export interface SimPolicy {
  readonly name: string;
  readonly label: string;
  assign(input: RoundInput): SimOffer[] | Promise<SimOffer[]>;
}

/** The instant t = 0 of every simulation, for the policies that take dates (Monday 2026-01-05, 00:00 UTC). */
export const SIM_EPOCH_MS = Date.UTC(2026, 0, 5);

/** The Date of `seconds` after {@link SIM_EPOCH_MS}. */
export function simDate(seconds: number): Date {
  return new Date(SIM_EPOCH_MS + seconds * 1000);
}
