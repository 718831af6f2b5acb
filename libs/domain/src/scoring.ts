/**
 * Soft matching criteria (docs/architecture.md, Main flows 2: soft criteria are scored).
 *
 * A score is the sum of one {@link ScoreReason} per criterion; each criterion
 * earns between 0 and its weight. With {@link DEFAULT_SCORING_WEIGHTS} the
 * score is out of 100. Every reason's points are rounded to 2 decimals and the
 * score is the rounded sum of those, so the reasons always add up to the score.
 *
 * Distance and waiting time (also soft criteria in docs/architecture.md) are not scored here:
 * distance needs geodata the domain does not hold; waiting time orders the
 * waitlist (see waitlist.ts), not the beds offered to one referral.
 */
import { checkEligibility, normaliseRegionCode } from './eligibility';
import { DomainError } from './errors';
import { ReferralProfile, RoomProfile, ShelterProfile, householdSize } from './model';

/** Weight (maximum points) of each soft criterion. All must be finite and >= 0. */
export interface ScoringWeights {
  preferredRegion: number;
  language: number;
  specialism: number;
  occupancy: number;
  roomFit: number;
}

/** Default weights, totalling 100 points. Region matters most (safety, support networks), then language. */
export const DEFAULT_SCORING_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({
  preferredRegion: 40,
  language: 25,
  specialism: 20,
  occupancy: 10,
  roomFit: 5,
});

/** The soft criteria, one reason each in every score. */
export type ScoreCriterion = 'PREFERRED_REGION' | 'LANGUAGE' | 'SPECIALISM' | 'OCCUPANCY' | 'ROOM_FIT';

/** Points earned on one criterion (0..weight, 2 decimals) with a human-readable detail. */
export interface ScoreReason {
  criterion: ScoreCriterion;
  points: number;
  detail: string;
}

/** A score out of the sum of the weights (2 decimals) and its reasons, one per criterion in a fixed order. */
export interface CandidateScore {
  score: number;
  reasons: ScoreReason[];
}

/** Rounds to 2 decimals (half away from zero for the positive values used here). */
export function round2(x: number): number {
  return Math.round((x + Number.EPSILON) * 100) / 100;
}

/**
 * Validates scoring weights: every field a finite number >= 0.
 * @throws DomainError INVALID_INPUT naming the field (e.g. `weights.language`).
 */
export function validateScoringWeights(weights: ScoringWeights): ScoringWeights {
  for (const key of ['preferredRegion', 'language', 'specialism', 'occupancy', 'roomFit'] as const) {
    const w = weights[key];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new DomainError('INVALID_INPUT', `weights.${key} must be a finite number >= 0`, `weights.${key}`);
    }
  }
  return weights;
}

const normLang = (s: string): string => s.trim().toLowerCase();
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * Preferred region: the first preferred region earns the full weight, the i-th
 * (0-based) of n earns `weight * (1 - i/n)`; no match earns 0; a referral with
 * no preferences earns half the weight (neutral) everywhere.
 */
function scoreRegion(referral: ReferralProfile, shelter: ShelterProfile, weight: number): ScoreReason {
  const prefs = unique(referral.preferredRegions.map(normaliseRegionCode).filter((r) => r !== ''));
  const region = normaliseRegionCode(shelter.regionCode);
  if (prefs.length === 0) {
    return { criterion: 'PREFERRED_REGION', points: round2(weight / 2), detail: 'no preferred regions given (neutral)' };
  }
  const i = prefs.indexOf(region);
  if (i < 0) {
    return { criterion: 'PREFERRED_REGION', points: 0, detail: `region ${region} is not among preferred regions ${prefs.join(', ')}` };
  }
  const detail = i === 0 ? `first preferred region ${region}` : `preferred region ${i + 1} of ${prefs.length}: ${region}`;
  return { criterion: 'PREFERRED_REGION', points: round2(weight * (1 - i / prefs.length)), detail };
}

/** Language: weight * share of the referral's languages (ISO codes, case-insensitive) the shelter speaks; none given earns the full weight. */
function scoreLanguage(referral: ReferralProfile, shelter: ShelterProfile, weight: number): ScoreReason {
  const wanted = unique(referral.languages.map(normLang).filter((l) => l !== ''));
  if (wanted.length === 0) {
    return { criterion: 'LANGUAGE', points: round2(weight), detail: 'no languages given' };
  }
  const spoken = new Set(shelter.languages.map(normLang));
  const matched = wanted.filter((l) => spoken.has(l));
  const detail = `speaks ${matched.length} of ${wanted.length} languages` + (matched.length ? `: ${matched.join(', ')}` : '');
  return { criterion: 'LANGUAGE', points: round2((weight * matched.length) / wanted.length), detail };
}

/** Specialism: weight * share of the referral's exploitation types in the shelter's specialisms; none given earns the full weight. */
function scoreSpecialism(referral: ReferralProfile, shelter: ShelterProfile, weight: number): ScoreReason {
  const types = unique(referral.exploitationTypes);
  if (types.length === 0) {
    return { criterion: 'SPECIALISM', points: round2(weight), detail: 'no exploitation types given' };
  }
  const matched = types.filter((t) => shelter.specialisms.includes(t));
  const detail = `specialises in ${matched.length} of ${types.length} exploitation types` + (matched.length ? `: ${matched.join(', ')}` : '');
  return { criterion: 'SPECIALISM', points: round2((weight * matched.length) / types.length), detail };
}

/** Occupancy: emptier shelters first, `weight * (1 - usedBeds/totalBeds)`; a shelter with no beds earns 0. usedBeds is clamped to 0..totalBeds. */
function scoreOccupancy(shelter: ShelterProfile, weight: number): ScoreReason {
  if (!(shelter.totalBeds > 0)) {
    return { criterion: 'OCCUPANCY', points: 0, detail: 'shelter has no beds' };
  }
  const used = Math.min(Math.max(shelter.usedBeds, 0), shelter.totalBeds);
  return {
    criterion: 'OCCUPANCY',
    points: round2(weight * (1 - used / shelter.totalBeds)),
    detail: `${used} of ${shelter.totalBeds} beds in use`,
  };
}

/** Room fit: less waste first, `weight * householdSize/availableBeds` (capped at the weight; 0 if the room has no free bed). */
function scoreRoomFit(referral: ReferralProfile, room: RoomProfile, weight: number): ScoreReason {
  const size = householdSize(referral);
  if (!(room.availableBeds > 0)) {
    return { criterion: 'ROOM_FIT', points: 0, detail: 'room has no free beds' };
  }
  const ratio = Math.min(1, size / room.availableBeds);
  return {
    criterion: 'ROOM_FIT',
    points: round2(weight * ratio),
    detail: `household of ${size} uses ${Math.min(size, room.availableBeds)} of ${room.availableBeds} free beds in the room`,
  };
}

/**
 * Scores one candidate room on the soft criteria. Does NOT check eligibility
 * (use {@link checkEligibility} or {@link rankCandidates}).
 *
 * @returns score (0..sum of weights, 2 decimals) and exactly one reason per
 *   criterion, in the order PREFERRED_REGION, LANGUAGE, SPECIALISM, OCCUPANCY, ROOM_FIT.
 * @throws DomainError INVALID_INPUT if a weight is negative or not finite.
 */
export function scoreCandidate(
  referral: ReferralProfile,
  shelter: ShelterProfile,
  room: RoomProfile,
  weights: ScoringWeights = DEFAULT_SCORING_WEIGHTS,
): CandidateScore {
  validateScoringWeights(weights);
  const reasons: ScoreReason[] = [
    scoreRegion(referral, shelter, weights.preferredRegion),
    scoreLanguage(referral, shelter, weights.language),
    scoreSpecialism(referral, shelter, weights.specialism),
    scoreOccupancy(shelter, weights.occupancy),
    scoreRoomFit(referral, room, weights.roomFit),
  ];
  return { score: round2(reasons.reduce((sum, r) => sum + r.points, 0)), reasons };
}

/** The minimum a candidate must carry to be ranked. */
export interface RankableCandidate {
  shelterId: string;
  roomId: string;
  shelter: ShelterProfile;
  room: RoomProfile;
  /**
   * Breaks ties between equal scores before the ids: a key that is the same
   * for the same shelter in any database (the shelter's code name, lower
   * case), so a replay on a fresh database ranks ties alike. Absent: ''.
   */
  tieKey?: string;
}

/** A ranked candidate: the input plus its score and reasons. */
export type RankedCandidate<T extends RankableCandidate> = T & CandidateScore;

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Candidates in their tie order: tieKey, then shelterId, then roomId (code-unit order, locale-independent). */
export function compareCandidateIds(
  a: Pick<RankableCandidate, 'shelterId' | 'roomId' | 'tieKey'>,
  b: Pick<RankableCandidate, 'shelterId' | 'roomId' | 'tieKey'>,
): number {
  return cmpStr(a.tieKey ?? '', b.tieKey ?? '') || cmpStr(a.shelterId, b.shelterId) || cmpStr(a.roomId, b.roomId);
}

/**
 * Ranks candidate rooms for a referral: drops every candidate that breaks a
 * hard rule ({@link checkEligibility}), scores the rest ({@link scoreCandidate})
 * and sorts by score descending, then tieKey, shelterId and roomId ascending
 * (code-unit order, locale-independent; {@link compareCandidateIds}), so the order is deterministic.
 *
 * @returns new objects (inputs are not mutated), best first.
 */
export function rankCandidates<T extends RankableCandidate>(
  referral: ReferralProfile,
  candidates: readonly T[],
  weights: ScoringWeights = DEFAULT_SCORING_WEIGHTS,
): Array<RankedCandidate<T>> {
  validateScoringWeights(weights);
  return candidates
    .filter((c) => checkEligibility(referral, c.shelter, c.room).eligible)
    .map((c) => ({ ...c, ...scoreCandidate(referral, c.shelter, c.room, weights) }))
    .sort((a, b) => b.score - a.score || compareCandidateIds(a, b));
}
