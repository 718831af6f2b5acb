/**
 * Batch assignment of waiting referrals to free rooms (issue 5, "Matching").
 *
 * When beds free up, Harbour does not offer them one referral at a time: it
 * takes every waiting referral and every free room of the affected area and
 * chooses the set of offers that maximises the total priority-weighted match
 * quality, subject to every hard rule. This follows the refugee-resettlement
 * matching work (Annie MOORE, Trapp et al. 2018; GeoMatch, Bansak et al. 2018):
 * an optimised assignment of a whole batch beats first-come and best-score
 * greedy rules, which commit early to choices that block better ones.
 *
 * The model (an integer program, solved exactly with the HiGHS MIP solver):
 * - one binary variable x(r, c) per pair of waiting referral r and free room c
 *   that passes {@link checkEligibility} (ranked as {@link rankCandidates} ranks); pairs
 *   that break a hard rule have no variable, so no solution can contain them.
 *   Only each referral's best N rooms (N = referrals in the batch) get one:
 *   this loses no optimum (see buildInstance) and changes no greedy choice;
 * - each referral gets at most one room: sum_c x(r, c) <= 1;
 * - a room may take several households, as the live service allows (beds are
 *   claimed one by one within a room): sum_r size(r) * x(r, c) <= free beds(c).
 *   Each household is still wholly in one room (one variable per room);
 * - households sharing a room must be compatible (room-sharing.ts: same
 *   gender, all adults or all unaccompanied minors, no household with
 *   children sharing). Each household has a sharing key (its sharing class,
 *   or a key of its own when it may not share); two households may share
 *   exactly when their keys are equal. So per room c one key is chosen: a
 *   binary y(c, k) per key k among the room's pairs, x(r, c) <= y(c, k(r)) and
 *   sum_k y(c, k) <= 1 (a key of one pair uses x itself). Compatibility with
 *   the room's current occupants is part of {@link checkEligibility}, so an
 *   occupied room only has pairs of its occupants' class. Rooms with a single
 *   key, or too small for two households, need no such rows;
 * - maximise sum value(r, c) * x(r, c), where
 *   value(r, c) = priority(r) * (1 + score(r, c) / maxScore)
 *   (see {@link matchValue}): placing someone earns their priority; a perfect
 *   fit at most doubles it. So the optimiser places as much priority as it can,
 *   then prefers good fits.
 *
 * Priority ({@link priorityOf}) is explicit, additive and explained part by part:
 *   BASE + URGENCY (per level above ROUTINE) + WAIT (per day waited, capped)
 *   + MINOR (the referred person is under 18) + CHILDREN (per dependant under 18).
 * The WAIT part is bounded by `waitCapPoints` (issue 9): an unbounded ageing
 * term let old ROUTINE referrals outrank new EMERGENCY ones. With the default
 * cap below one urgency level, ageing orders referrals within an urgency level
 * only; a referral that waits too long is escalated to the coordinators
 * (escalation.ts) instead of climbing for ever.
 * "Risk" uses recorded fields only (urgency, age band, dependants); there is no
 * opaque vulnerability score.
 *
 * All policies here score a batch against the same snapshot: scores (occupancy,
 * room fit) and eligibility use the free beds at the start of the batch.
 *
 * Determinism: inputs are put in a canonical order (referrals by id, rooms by
 * shelter id then room id) before the model is written, and HiGHS (single
 * threaded in WebAssembly) returns the same solution for the same model, so the
 * same input gives the same offers whatever order it arrived in.
 */
import { checkEligibility } from './eligibility';
import { DomainError } from './errors';
import { roomCompatibilityProblems, sharingClass } from './room-sharing';
import { AgeBand, ReferralProfile, Urgency, householdSize, isMinor } from './model';
import {
  CandidateScore,
  compareCandidateIds,
  DEFAULT_SCORING_WEIGHTS,
  RankableCandidate,
  RankedCandidate,
  ScoreReason,
  ScoringWeights,
  round2,
  scoreCandidate,
  validateScoringWeights,
} from './scoring';
import { compareWaitlistEntries, urgencyRank } from './waitlist';

/** A referral on the waitlist, as the assignment sees it. */
export interface WaitingReferral {
  /** Referral id (stable tie-break and the key of the offers). */
  id: string;
  profile: ReferralProfile;
  urgency: Urgency;
  /** When the referral joined the waitlist (time waited is counted from here). */
  waitingSince: Date;
  /**
   * Shelters never to offer this referral (they declined it, or let an offer
   * lapse: docs/waiting.md "When a hold ends without an arrival"). Default none.
   */
  excludedShelterIds?: readonly string[];
}

/**
 * A room with free beds. `room.availableBeds` is the number of beds free right
 * now; `shelter.usedBeds`/`totalBeds` feed the occupancy score.
 */
export type FreeRoom = RankableCandidate;

/** Weights of the priority parts (all finite, >= 0). Configured by PRIORITY_WEIGHT_* (libs/platform config). */
export interface PriorityWeights {
  /** Points every waiting referral has (so that placing anyone is worth something). */
  base: number;
  /** Points per urgency level above ROUTINE (URGENT 1 level, EMERGENCY 2). */
  urgency: number;
  /** Points per day waited on the waitlist (fractional days). */
  waitPerDay: number;
  /**
   * Most points the WAIT part can reach (finite, >= 0); missing = the default
   * {@link DEFAULT_WAIT_CAP_POINTS}. Keep it below `urgency` so that ageing
   * never lifts a referral over one of the next urgency level.
   */
  waitCapPoints?: number;
  /** Points when the referred person is under 18. */
  minor: number;
  /** Points per dependant under 18 in the household. */
  child: number;
}

/**
 * Default cap of the WAIT part: 2 points, reached after 20 days at 0.1 a day.
 * Half an urgency level (4): a long wait breaks ties within an urgency level
 * (and outweighs one child dependant) but never crosses a level.
 */
export const DEFAULT_WAIT_CAP_POINTS = 2;

/**
 * Defaults: ageing (0.1 a day) is capped at 2 points, so a ROUTINE referral
 * never outranks an EMERGENCY (+8) or URGENT (+4) one with the same household.
 */
export const DEFAULT_PRIORITY_WEIGHTS: Readonly<PriorityWeights> = Object.freeze({
  base: 1,
  urgency: 4,
  waitPerDay: 0.1,
  waitCapPoints: DEFAULT_WAIT_CAP_POINTS,
  minor: 3,
  child: 1,
});

/** The parts of a priority, one reason each. */
export type PriorityPartName = 'BASE' | 'URGENCY' | 'WAIT' | 'MINOR' | 'CHILDREN';

/** Points earned on one priority part (2 decimals) with a human-readable detail (no personal data). */
export interface PriorityReason {
  part: PriorityPartName;
  points: number;
  detail: string;
}

/** A referral's priority (2 decimals, the sum of its reasons) and its reasons in the order BASE, URGENCY, WAIT, MINOR, CHILDREN. */
export interface Priority {
  priority: number;
  reasons: PriorityReason[];
}

/** One offer: this referral's household goes to this room, with why. */
export interface Offer {
  referralId: string;
  shelterId: string;
  roomId: string;
  /** Beds the household takes in the room (its size). */
  beds: number;
  priority: number;
  priorityReasons: PriorityReason[];
  /** Match score (0..sum of scoring weights) and its reasons, as {@link rankCandidates} gives them (scoreCandidate). */
  score: number;
  scoreReasons: ScoreReason[];
  /** This offer's share of the objective: {@link matchValue}(priority, score). */
  value: number;
}

/** Which policy produced an assignment. */
export type AssignmentPolicy = 'BATCH_OPTIMAL' | 'FIRST_COME_GREEDY' | 'BEST_SCORE_GREEDY';

/** The offers chosen for one batch. */
export interface Assignment {
  policy: AssignmentPolicy;
  /** Offers ordered by referral in waitlist order (urgency, waiting since, id). */
  offers: Offer[];
  /** Sum of the offers' values. */
  objective: number;
  /** Referral ids left waiting, in waitlist order. */
  unassigned: string[];
  /**
   * For BATCH_OPTIMAL: HiGHS model status ('Optimal', or e.g. 'Time limit
   * reached' when the best greedy result was kept); 'EMPTY' when no pair is
   * eligible. For the greedy policies: 'GREEDY'.
   */
  solverStatus: string;
}

/** Input of every policy: the same shape for the live service and the simulator. */
export interface AssignmentInput {
  referrals: readonly WaitingReferral[];
  rooms: readonly FreeRoom[];
  /** The instant the batch runs (time waited is measured up to here). */
  now: Date;
  priorityWeights?: PriorityWeights;
  scoringWeights?: ScoringWeights;
}

/** Options of {@link assignBatch}. */
export interface AssignBatchOptions {
  /** Solver time limit in seconds (default 20). On timeout the better of the solver's incumbent and the greedy results is kept. */
  timeLimitSeconds?: number;
}

const DAY_MS = 86_400_000;
const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Validates priority weights: every field a finite number >= 0.
 * @throws DomainError INVALID_INPUT naming the field (e.g. `priorityWeights.urgency`).
 */
export function validatePriorityWeights(weights: PriorityWeights): PriorityWeights {
  for (const key of ['base', 'urgency', 'waitPerDay', 'minor', 'child', 'waitCapPoints'] as const) {
    const w = key === 'waitCapPoints' ? (weights.waitCapPoints ?? DEFAULT_WAIT_CAP_POINTS) : weights[key];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new DomainError('INVALID_INPUT', `priorityWeights.${key} must be a finite number >= 0`, `priorityWeights.${key}`);
    }
  }
  return weights;
}

/**
 * A waiting referral's priority at `now`, part by part:
 * - BASE: `weights.base`;
 * - URGENCY: `weights.urgency` per level above ROUTINE (URGENT 1, EMERGENCY 2);
 * - WAIT: `weights.waitPerDay` x days since `waitingSince` (fractional, never negative),
 *   at most `weights.waitCapPoints` (default {@link DEFAULT_WAIT_CAP_POINTS});
 * - MINOR: `weights.minor` when the referred person's age band is UNDER_18;
 * - CHILDREN: `weights.child` x the number of dependants aged UNDER_18.
 * Each part is rounded to 2 decimals; the priority is the rounded sum.
 * @throws DomainError INVALID_INPUT for a bad weight, an unknown urgency or an invalid `waitingSince`/`now`.
 */
export function priorityOf(
  referral: Pick<WaitingReferral, 'profile' | 'urgency' | 'waitingSince'>,
  now: Date,
  weights: PriorityWeights = DEFAULT_PRIORITY_WEIGHTS,
): Priority {
  validatePriorityWeights(weights);
  const since = referral.waitingSince instanceof Date ? referral.waitingSince.getTime() : NaN;
  if (Number.isNaN(since)) throw new DomainError('INVALID_INPUT', 'waitingSince must be a valid Date', 'waitingSince');
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new DomainError('INVALID_INPUT', 'now must be a valid Date', 'now');
  const levels = urgencyRank(referral.urgency) - 1;
  const cap = weights.waitCapPoints ?? DEFAULT_WAIT_CAP_POINTS;
  const days = Math.max(0, (now.getTime() - since) / DAY_MS);
  const minor = isMinor(referral.profile.ageBand);
  const children = referral.profile.dependants.filter((d) => d.ageBand === AgeBand.UNDER_18).length;
  const reasons: PriorityReason[] = [
    { part: 'BASE', points: round2(weights.base), detail: 'waiting for a bed' },
    {
      part: 'URGENCY',
      points: round2(weights.urgency * levels),
      detail: `${referral.urgency}: ${levels} level(s) above ROUTINE`,
    },
    {
      part: 'WAIT',
      points: round2(Math.min(weights.waitPerDay * days, cap)),
      detail: weights.waitPerDay * days > cap ? `waited ${round2(days)} day(s) (capped at ${round2(cap)} points)` : `waited ${round2(days)} day(s)`,
    },
    {
      part: 'MINOR',
      points: minor ? round2(weights.minor) : 0,
      detail: minor ? 'referred person is under 18' : 'referred person is an adult',
    },
    { part: 'CHILDREN', points: round2(weights.child * children), detail: `${children} dependant(s) under 18` },
  ];
  return { priority: round2(reasons.reduce((s, r) => s + r.points, 0)), reasons };
}

/** The highest score a candidate can earn with these weights (their sum). */
export function maxScore(weights: ScoringWeights = DEFAULT_SCORING_WEIGHTS): number {
  return weights.preferredRegion + weights.language + weights.specialism + weights.occupancy + weights.roomFit;
}

/**
 * The objective value of one offer: `priority * (1 + score / max)`, where
 * `max` is the highest score possible ({@link maxScore}); with `max` 0 the
 * value is the priority. Placing a referral earns its priority, a perfect fit
 * doubles it.
 */
export function matchValue(priority: number, score: number, max: number): number {
  return max > 0 ? priority * (1 + score / max) : priority;
}

/** Sum of the offers' values (the objective every policy is compared on). */
export function assignmentObjective(offers: readonly Pick<Offer, 'value'>[]): number {
  return offers.reduce((s, o) => s + o.value, 0);
}

/** One eligible referral-room pair with its value, as all policies see it. */
interface Pair {
  /** Index in Instance.pairs (the variable x<k>). */
  k: number;
  r: number;
  c: number;
  offer: Offer;
}

/**
 * Rooms that every hard rule and every score treat alike: same shelter profile
 * (region, policy, languages, beds in use...), same free beds, same features,
 * occupants of the same sharing classes.
 * They may be in different shelters; only the tie-break (shelter id, room id) tells them apart.
 */
interface RoomClass {
  /** The first room of the class (canonical order): checked and scored for all of them. */
  representative: FreeRoom;
  rooms: FreeRoom[];
}

/** Groups rooms (already in canonical order) into classes; classes in order of their first room. */
function groupRooms(rooms: readonly FreeRoom[]): RoomClass[] {
  const classes = new Map<string, RoomClass>();
  for (const room of rooms) {
    const sh = room.shelter;
    const key = JSON.stringify([
      sh.status,
      sh.regionCode,
      sh.genderPolicy,
      sh.acceptsFamilies,
      sh.acceptsMinors,
      sh.adultMaxAge,
      [...sh.languages].sort(),
      [...sh.specialisms].sort(),
      sh.totalBeds,
      sh.usedBeds,
      room.room.availableBeds,
      [...room.room.accessibilityFeatures].sort(),
      room.room.occupants.map((o) => sharingClass(o) ?? '-').sort(),
    ]);
    const c = classes.get(key);
    if (c) c.rooms.push(room);
    else classes.set(key, { representative: room, rooms: [room] });
  }
  return [...classes.values()];
}

/**
 * The first `n` of `rankCandidates(profile, all rooms)`: every class is checked
 * ({@link checkEligibility}) and scored ({@link scoreCandidate}) once through its
 * representative; classes are taken best score first (whole ties included)
 * until n rooms are in hand; those rooms are then ordered exactly as
 * rankCandidates orders them (score descending, shelter id, room id). Same
 * result, far less work on a large network (many alike rooms).
 */
function topRanked(profile: ReferralProfile, classes: readonly RoomClass[], n: number, sw: ScoringWeights): RankedCandidate<FreeRoom>[] {
  const scored: { c: RoomClass; score: CandidateScore }[] = [];
  for (const c of classes) {
    const { shelter, room } = c.representative;
    if (checkEligibility(profile, shelter, room).eligible) scored.push({ c, score: scoreCandidate(profile, shelter, room, sw) });
  }
  scored.sort((a, b) => b.score.score - a.score.score);
  const picked: RankedCandidate<FreeRoom>[] = [];
  for (const [i, { c, score }] of scored.entries()) {
    for (const room of c.rooms) picked.push({ ...room, score: score.score, reasons: score.reasons });
    if (picked.length >= n && (i + 1 === scored.length || scored[i + 1].score.score < score.score)) break;
  }
  return picked.sort((a, b) => b.score - a.score || compareCandidateIds(a, b)).slice(0, n);
}

/** Canonical instance: referrals by waiting since then id, rooms by tieKey then shelter/room id, eligible pairs with their values. */
interface Instance {
  referrals: WaitingReferral[];
  rooms: FreeRoom[];
  sizes: number[];
  /** Sharing key per referral: its sharing class, or `#<index>` (a key of its own) when it may not share a room. */
  keys: string[];
  capacity: number[];
  pairs: Pair[];
  /** Pairs per referral, best first (rankCandidates order). */
  byReferral: Pair[][];
  waitlistOrder: number[];
}

function buildInstance(input: AssignmentInput): Instance {
  const pw = validatePriorityWeights(input.priorityWeights ?? DEFAULT_PRIORITY_WEIGHTS);
  const sw = validateScoringWeights(input.scoringWeights ?? DEFAULT_SCORING_WEIGHTS);
  const seenRef = new Set<string>();
  for (const r of input.referrals) {
    if (seenRef.has(r.id)) throw new DomainError('INVALID_INPUT', `referral ${r.id} appears twice`, 'referrals');
    seenRef.add(r.id);
  }
  const seenRoom = new Set<string>();
  for (const c of input.rooms) {
    if (seenRoom.has(c.roomId)) throw new DomainError('INVALID_INPUT', `room ${c.roomId} appears twice`, 'rooms');
    seenRoom.add(c.roomId);
  }
  // Referrals in the order they joined the waitlist (then id), rooms by tieKey (then ids): the same
  // order for the same history in any database, whatever random ids it gave them.
  const referrals = [...input.referrals].sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime() || cmpStr(a.id, b.id));
  const rooms = [...input.rooms].sort(compareCandidateIds);
  const roomIndex = new Map(rooms.map((c, i) => [c.roomId, i]));
  const max = maxScore(sw);
  const roomClasses = groupRooms(rooms);
  // Referrals with the same profile get the same ranked rooms (a surge has many alike).
  const rankedByProfile = new Map<string, RankedCandidate<FreeRoom>[]>();
  const pairs: Pair[] = [];
  const byReferral = referrals.map((ref, r) => {
    const priority = priorityOf(ref, input.now, pw);
    const beds = householdSize(ref.profile);
    // Only the referral's best N rooms (N = referrals in the batch) can matter: the
    // others take at most N-1 rooms, so one of its best N is free for it alone and
    // scores at least as well as any room further down. Exact, and it keeps the
    // model at most N x N variables however large the network.
    const profileKey = JSON.stringify(ref.profile);
    let ranked = rankedByProfile.get(profileKey);
    if (!ranked) rankedByProfile.set(profileKey, (ranked = topRanked(ref.profile, roomClasses, referrals.length, sw)));
    const excluded = new Set(ref.excludedShelterIds ?? []);
    if (excluded.size) {
      // Its best N rooms outside the excluded shelters: rank N more than the excluded shelters' rooms, then drop those.
      const excludedRooms = rooms.filter((c) => excluded.has(c.shelterId)).length;
      ranked = topRanked(ref.profile, roomClasses, referrals.length + excludedRooms, sw).filter((c) => !excluded.has(c.shelterId));
    }
    return ranked.map((candidate) => {
      const pair: Pair = {
        k: pairs.length,
        r,
        c: roomIndex.get(candidate.roomId)!,
        offer: {
          referralId: ref.id,
          shelterId: candidate.shelterId,
          roomId: candidate.roomId,
          beds,
          priority: priority.priority,
          priorityReasons: priority.reasons,
          score: candidate.score,
          scoreReasons: candidate.reasons,
          value: matchValue(priority.priority, candidate.score, max),
        },
      };
      pairs.push(pair);
      return pair;
    });
  });
  const waitlistOrder = referrals
    .map((_, i) => i)
    .sort((a, b) =>
      compareWaitlistEntries(
        { urgency: referrals[a].urgency, joinedAt: referrals[a].waitingSince, id: referrals[a].id },
        { urgency: referrals[b].urgency, joinedAt: referrals[b].waitingSince, id: referrals[b].id },
      ),
    );
  return {
    referrals,
    rooms,
    sizes: referrals.map((r) => householdSize(r.profile)),
    keys: referrals.map((r, i) => sharingClass(r.profile) ?? `#${i}`),
    capacity: rooms.map((c) => c.room.availableBeds),
    pairs,
    byReferral,
    waitlistOrder,
  };
}

function finish(inst: Instance, policy: AssignmentPolicy, chosen: Pair[], solverStatus: string): Assignment {
  const rank = new Map(inst.waitlistOrder.map((r, i) => [r, i]));
  const offers = [...chosen].sort((a, b) => rank.get(a.r)! - rank.get(b.r)!).map((p) => p.offer);
  const placed = new Set(chosen.map((p) => p.r));
  return {
    policy,
    offers,
    objective: assignmentObjective(offers),
    unassigned: inst.waitlistOrder.filter((r) => !placed.has(r)).map((r) => inst.referrals[r].id),
    solverStatus,
  };
}

/**
 * Picks pairs in the given order, each if its referral is still unplaced, its
 * room still has the beds and everyone offered the room in this batch has the
 * same sharing key.
 */
function greedy(inst: Instance, order: Pair[]): Pair[] {
  const left = [...inst.capacity];
  const roomKey: Array<string | undefined> = inst.rooms.map(() => undefined);
  const placed = new Set<number>();
  const chosen: Pair[] = [];
  for (const p of order) {
    if (placed.has(p.r) || left[p.c] < inst.sizes[p.r]) continue;
    if (roomKey[p.c] !== undefined && roomKey[p.c] !== inst.keys[p.r]) continue;
    left[p.c] -= inst.sizes[p.r];
    roomKey[p.c] = inst.keys[p.r];
    placed.add(p.r);
    chosen.push(p);
  }
  return chosen;
}

function firstComePairs(inst: Instance): Pair[] {
  return inst.waitlistOrder.flatMap((r) => inst.byReferral[r]);
}

function bestScorePairs(inst: Instance): Pair[] {
  const rank = new Map(inst.waitlistOrder.map((r, i) => [r, i]));
  return [...inst.pairs].sort((a, b) => b.offer.score - a.offer.score || rank.get(a.r)! - rank.get(b.r)! || a.c - b.c);
}

/**
 * First-come greedy baseline: referrals in waitlist order (urgency, then
 * waiting since, then id); each takes its best-ranked eligible room that still
 * has the beds for the whole household. Same input and output shape as
 * {@link assignBatch}.
 * @throws DomainError INVALID_INPUT for a duplicate referral or room id or a bad weight.
 */
export function greedyFirstCome(input: AssignmentInput): Assignment {
  const inst = buildInstance(input);
  return finish(inst, 'FIRST_COME_GREEDY', greedy(inst, firstComePairs(inst)), 'GREEDY');
}

/**
 * Best-score greedy baseline: every eligible referral-room pair by match score
 * (highest first; ties in waitlist order, then shelter id, room id), taken
 * while the referral is unplaced and the room has the beds.
 * @throws DomainError INVALID_INPUT as {@link greedyFirstCome}.
 */
export function greedyBestScore(input: AssignmentInput): Assignment {
  const inst = buildInstance(input);
  return finish(inst, 'BEST_SCORE_GREEDY', greedy(inst, bestScorePairs(inst)), 'GREEDY');
}

/** The subset of the HiGHS API used here (the package's own types are much larger). */
interface HighsSolver {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; Columns: Record<string, { Primal: number }>; ObjectiveValue: number };
}

let highsPromise: Promise<HighsSolver> | null = null;

/** Loads the HiGHS WebAssembly solver once per process. */
function loadSolver(): Promise<HighsSolver> {
  if (!highsPromise) {
    const load = require('highs') as (opts?: unknown) => Promise<HighsSolver>;
    highsPromise = load().catch((e: unknown) => {
      highsPromise = null;
      throw e;
    });
  }
  return highsPromise;
}

/** Writes a coefficient for CPLEX LP text (no exponent notation, enough digits). */
function coef(x: number): string {
  return x.toFixed(9);
}

/** Terms written several per line (the LP reader accepts continuation lines). */
function terms(parts: string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(' + '));
  return lines.join('\n + ');
}

/** The integer program of the file header, in CPLEX LP format. Variable x<k> is pair k. */
function writeModel(inst: Instance): string {
  const out: string[] = ['Maximize', ` obj: ${terms(inst.pairs.map((p, k) => `${coef(p.offer.value)} x${k}`))}`, 'Subject To'];
  const perRoom: string[][] = inst.rooms.map(() => []);
  inst.byReferral.forEach((ps, r) => {
    if (ps.length > 1) out.push(` r${r}: ${terms(ps.map((p) => `x${p.k}`))} <= 1`);
  });
  const demand: number[] = inst.rooms.map(() => 0);
  for (const p of inst.pairs) {
    perRoom[p.c].push(`${inst.sizes[p.r]} x${p.k}`);
    demand[p.c] += inst.sizes[p.r];
  }
  perRoom.forEach((ts, c) => {
    // A room whose free beds fit every household that may go there needs no row.
    if (ts.length > 0 && demand[c] > inst.capacity[c]) out.push(` c${c}: ${terms(ts)} <= ${inst.capacity[c]}`);
  });
  // Room sharing: one sharing key per room (see the file header).
  const pairsOfRoom: Pair[][] = inst.rooms.map(() => []);
  for (const p of inst.pairs) pairsOfRoom[p.c].push(p);
  const classVars: string[] = [];
  pairsOfRoom.forEach((ps, c) => {
    const byKey = new Map<string, Pair[]>();
    for (const p of ps) byKey.set(inst.keys[p.r], [...(byKey.get(inst.keys[p.r]) ?? []), p]);
    if (byKey.size < 2) return;
    const sizes = ps.map((p) => inst.sizes[p.r]).sort((a, b) => a - b);
    if (sizes[0] + sizes[1] > inst.capacity[c]) return; // never two households in it: nothing to choose
    const choice: string[] = [];
    [...byKey.values()].forEach((group, j) => {
      if (group.length === 1) {
        choice.push(`x${group[0].k}`);
        return;
      }
      const y = `y${c}_${j}`;
      classVars.push(y);
      choice.push(y);
      for (const p of group) out.push(` s${p.k}: x${p.k} - ${y} <= 0`);
    });
    out.push(` k${c}: ${terms(choice)} <= 1`);
  });
  if (out[out.length - 1] === 'Subject To') out.push(' none: x0 <= 1');
  out.push('Binaries');
  for (let k = 0; k < inst.pairs.length; k += 16) {
    out.push(
      ' ' +
        inst.pairs
          .slice(k, k + 16)
          .map((p) => `x${p.k}`)
          .join(' '),
    );
  }
  for (let k = 0; k < classVars.length; k += 16) out.push(' ' + classVars.slice(k, k + 16).join(' '));
  out.push('End');
  return out.join('\n');
}

/**
 * The batch assignment: the offers that maximise total priority-weighted match
 * quality (see the file header for the integer program) subject to every hard
 * rule and the rooms' free beds, solved exactly by HiGHS (relative gap 0).
 * Never worse than {@link greedyFirstCome} or {@link greedyBestScore} on the
 * same input: if the solver stops early (time limit) the best of its incumbent
 * and the two greedy results is returned, with the solver's status.
 *
 * @returns offers (each with its priority reasons, score reasons and value),
 *   the objective and the referrals left waiting. Deterministic.
 * @throws DomainError INVALID_INPUT for a duplicate referral or room id, a bad
 *   weight, an invalid date or a negative/non-integer free bed count.
 */
export async function assignBatch(input: AssignmentInput, options: AssignBatchOptions = {}): Promise<Assignment> {
  const inst = buildInstance(input);
  if (inst.pairs.length === 0) return finish(inst, 'BATCH_OPTIMAL', [], 'EMPTY');
  const highs = await loadSolver();
  const result = highs.solve(writeModel(inst), {
    output_flag: false,
    mip_rel_gap: 0,
    mip_abs_gap: 1e-9,
    time_limit: options.timeLimitSeconds ?? 20,
    random_seed: 0,
  });
  const solved = inst.pairs.filter((_, k) => (result.Columns[`x${k}`]?.Primal ?? 0) > 0.5);
  const candidates: Array<{ pairs: Pair[]; feasible: boolean }> = [
    { pairs: solved, feasible: isFeasible(inst, solved) },
    { pairs: greedy(inst, firstComePairs(inst)), feasible: true },
    { pairs: greedy(inst, bestScorePairs(inst)), feasible: true },
  ];
  const value = (ps: Pair[]) => ps.reduce((s, p) => s + p.offer.value, 0);
  let best = candidates[0].feasible ? candidates[0] : candidates[1];
  for (const c of candidates.slice(1)) if (value(c.pairs) > value(best.pairs) + 1e-9) best = c;
  return finish(inst, 'BATCH_OPTIMAL', best.pairs, result.Status);
}

/**
 * Each referral at most once, no room over its free beds, one sharing key per
 * room (guards against a solver answer out of tolerance).
 */
function isFeasible(inst: Instance, chosen: Pair[]): boolean {
  const left = [...inst.capacity];
  const roomKey: Array<string | undefined> = inst.rooms.map(() => undefined);
  const seen = new Set<number>();
  for (const p of chosen) {
    if (seen.has(p.r)) return false;
    seen.add(p.r);
    left[p.c] -= inst.sizes[p.r];
    if (left[p.c] < 0) return false;
    if (roomKey[p.c] !== undefined && roomKey[p.c] !== inst.keys[p.r]) return false;
    roomKey[p.c] = inst.keys[p.r];
  }
  return true;
}

/**
 * Independent check of an assignment against the input (for tests, the
 * simulator's violation count and the live service): every offer's pair
 * passes {@link checkEligibility} on the snapshot (room sharing with the
 * room's occupants included), no referral is offered twice, no room gives
 * more beds than it has free, and the households offered one room may share
 * it ({@link roomCompatibilityProblems}). Returns one message per problem.
 */
export function assignmentViolations(input: AssignmentInput, offers: readonly Offer[]): string[] {
  const refs = new Map(input.referrals.map((r) => [r.id, r]));
  const rooms = new Map(input.rooms.map((c) => [c.roomId, c]));
  const used = new Map<string, number>();
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const o of offers) {
    const ref = refs.get(o.referralId);
    const room = rooms.get(o.roomId);
    if (!ref || !room) {
      problems.push(`offer ${o.referralId} -> ${o.roomId}: unknown referral or room`);
      continue;
    }
    if (seen.has(o.referralId)) problems.push(`referral ${o.referralId} offered twice`);
    if (ref.excludedShelterIds?.includes(room.shelterId))
      problems.push(`referral ${o.referralId} -> room ${o.roomId}: shelter ${room.shelterId} is excluded for it`);
    seen.add(o.referralId);
    const check = checkEligibility(ref.profile, room.shelter, room.room);
    for (const v of check.violations) problems.push(`referral ${o.referralId} -> room ${o.roomId}: ${v.rule} (${v.message})`);
    used.set(o.roomId, (used.get(o.roomId) ?? 0) + householdSize(ref.profile));
  }
  for (const [roomId, beds] of used) {
    const free = rooms.get(roomId)!.room.availableBeds;
    if (beds > free) problems.push(`room ${roomId}: ${beds} beds offered, ${free} free`);
  }
  // Households offered the same room must be compatible with each other (with its occupants: checkEligibility above).
  const offeredTo = new Map<string, ReferralProfile[]>();
  for (const o of offers) {
    const ref = refs.get(o.referralId);
    if (!ref || !rooms.has(o.roomId)) continue;
    offeredTo.set(o.roomId, [...(offeredTo.get(o.roomId) ?? []), ref.profile]);
  }
  for (const [roomId, households] of offeredTo) {
    for (const problem of roomCompatibilityProblems(households)) problems.push(`room ${roomId}: ROOM_SHARING (${problem})`);
  }
  return problems;
}
