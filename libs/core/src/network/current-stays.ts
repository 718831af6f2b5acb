import { EntityManager } from 'typeorm';
import { AccessibilityFeature, HardRule, ReferralProfile, rulesBrokenByChange, ShelterProfile, StaySetting } from '@harbour/domain';
import { ConflictError } from '@harbour/platform';
import { ShelterEntity } from './shelter.entity';

/** A live hold or placement of a shelter: the household holding or living in beds of one room. */
export interface CurrentStay {
  kind: 'HOLD' | 'PLACEMENT';
  /** The hold's id, or the placement's. */
  id: string;
  roomId: string;
  roomFeatures: AccessibilityFeature[];
  referral: ReferralProfile;
}

/** One hard rule a policy change would break for one current stay (`extensions.conflicts` of the CONFLICT). */
export interface PolicyConflict {
  kind: 'HOLD' | 'PLACEMENT';
  id: string;
  rule: HardRule;
  /** The rule's explanation (eligibility.ts), e.g. "MEN_ONLY shelter does not take: referred person (FEMALE)". */
  message: string;
}

/** A shelter row as the hard rules see it. */
export function shelterProfile(s: ShelterEntity): ShelterProfile {
  return {
    status: s.status,
    regionCode: s.regionCode,
    genderPolicy: s.genderPolicy,
    acceptsFamilies: s.acceptsFamilies,
    acceptsMinors: s.acceptsMinors,
    adultMaxAge: s.adultMaxAge,
    languages: s.languages,
    specialisms: s.specialisms,
    totalBeds: s.totalBeds,
    usedBeds: s.usedBeds,
  };
}

/**
 * The live holds and placements (bed claims not released) of a shelter, or of
 * one of its rooms, in one statement, oldest hold first. Call it with the
 * shelter row locked (so no claim can be added meanwhile: every claim locks
 * the shelter first, MatchingService.lockBeds) and as SERVICE (inTransaction):
 * row-level security would hide other agencies' referrals.
 */
export async function currentStays(em: EntityManager, shelterId: string, roomId: string | null = null): Promise<CurrentStay[]> {
  const rows: Record<string, unknown>[] = await em.query(
    `SELECT DISTINCT ON (c.hold_id) c.hold_id, c.placement_id, b.room_id, r.accessibility_features AS room_features,
            ref.gender, ref.age_band, ref.dependants, ref.languages, ref.exploitation_types, ref.accessibility_needs,
            ref.exclusion_regions, ref.preferred_regions, ref.acceptable_regions, h.created_at
       FROM bed_claim c JOIN bed b ON b.id = c.bed_id JOIN room r ON r.id = b.room_id
       JOIN referral ref ON ref.id = c.referral_id JOIN hold h ON h.id = c.hold_id
      WHERE c.released_at IS NULL AND b.shelter_id = $1 AND ($2::uuid IS NULL OR b.room_id = $2::uuid)
      ORDER BY c.hold_id`,
    [shelterId, roomId],
  );
  return rows
    .sort((a, b) => (a.created_at as Date).getTime() - (b.created_at as Date).getTime())
    .map((r) => ({
      kind: r.placement_id ? ('PLACEMENT' as const) : ('HOLD' as const),
      id: (r.placement_id ?? r.hold_id) as string,
      roomId: r.room_id as string,
      roomFeatures: r.room_features as AccessibilityFeature[],
      referral: {
        gender: r.gender,
        ageBand: r.age_band,
        dependants: r.dependants,
        languages: r.languages,
        exploitationTypes: r.exploitation_types,
        accessibilityNeeds: r.accessibility_needs,
        exclusionRegions: r.exclusion_regions,
        preferredRegions: r.preferred_regions,
        acceptableRegions: r.acceptable_regions,
      } as ReferralProfile,
    }));
}

/**
 * Refuses a change to a shelter's policy or a room's features that a current
 * hold or placement would break (domain rulesBrokenByChange): CONFLICT whose
 * `extensions.conflicts` lists every affected stay with each rule it would
 * break. `setting(stay, 'before' | 'after')` gives the shelter and room the
 * stay has now and would have after the change.
 * @throws ConflictError when any stay would break a hard rule; the caller's transaction then writes nothing.
 */
export function refuseBreakingChange(what: string, stays: readonly CurrentStay[], setting: (stay: CurrentStay, when: 'before' | 'after') => StaySetting): void {
  const conflicts: PolicyConflict[] = stays.flatMap((stay) =>
    rulesBrokenByChange(stay.referral, setting(stay, 'before'), setting(stay, 'after')).map((v) => ({
      kind: stay.kind,
      id: stay.id,
      rule: v.rule,
      message: v.message,
    })),
  );
  if (conflicts.length === 0) return;
  const affected = new Set(conflicts.map((c) => `${c.kind} ${c.id}`)).size;
  throw new ConflictError(
    `${what} would break ${affected === 1 ? 'a current hold or placement' : `${affected} current holds or placements`} ` +
      `(${[...new Set(conflicts.map((c) => c.rule))].join(', ')}); nothing was changed`,
    { conflicts },
  );
}
