import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  AccessibilityFeature,
  ExploitationType,
  Gender,
  GenderPolicy,
  householdSize,
  isMinor,
  rankCandidates,
  RankedCandidate,
  ReferralProfile,
  RoomProfile,
  ShelterProfile,
  ShelterStatus,
} from '@harbour/domain';
import { ReferralEntity } from '../referrals/referral.entity';

/** A room that might take the household, with what the ranking needs to know. */
export interface Candidate {
  shelterId: string;
  roomId: string;
  codeName: string;
  regionCode: string;
  shelter: ShelterProfile;
  room: RoomProfile;
}

export type RankedRoom = RankedCandidate<Candidate>;

/** Gender policies that may take a person of this gender (the domain re-checks adult dependants). */
const POLICIES_FOR: Record<Gender, GenderPolicy[]> = {
  [Gender.FEMALE]: [GenderPolicy.WOMEN_ONLY, GenderPolicy.MIXED],
  [Gender.MALE]: [GenderPolicy.MEN_ONLY, GenderPolicy.MIXED],
  [Gender.NON_BINARY]: [GenderPolicy.MIXED],
};

/** The referral as the domain rules see it. */
export function referralProfile(r: ReferralEntity): ReferralProfile {
  return {
    gender: r.gender,
    ageBand: r.ageBand,
    dependants: r.dependants,
    languages: r.languages,
    exploitationTypes: r.exploitationTypes,
    accessibilityNeeds: r.accessibilityNeeds,
    exclusionRegions: r.exclusionRegions,
    preferredRegions: r.preferredRegions,
    acceptableRegions: r.acceptableRegions,
  };
}

/**
 * Finds and ranks the rooms that can take a referral's household now. SQL
 * narrows by the hard constraints it can express; the domain's
 * `rankCandidates` then applies every hard rule again and scores the rest, so
 * the database query can never make an ineligible match.
 */
@Injectable()
export class MatchingService {
  /**
   * Ranked eligible rooms, best first, each with its score and reasons.
   * @param regionCodes - only look in these regions (waitlist offers after beds free up there)
   */
  async candidates(em: EntityManager, referral: ReferralEntity, regionCodes?: string[]): Promise<RankedRoom[]> {
    const profile = referralProfile(referral);
    const size = householdSize(profile);
    const rows: Record<string, unknown>[] = await em.query(
      `WITH free AS (
         SELECT b.room_id, count(*)::int AS available
           FROM bed b JOIN shelter s ON s.id = b.shelter_id
          WHERE b.status = 'AVAILABLE' AND s.status = 'OPEN'
            AND s.gender_policy = ANY($1::text[])
            AND ($2::boolean OR s.accepts_families)
            AND ($3::boolean OR s.accepts_minors)
            AND NOT (upper(s.region_code) = ANY($4::text[]))
            AND ($5::text[] IS NULL OR s.region_code = ANY($5::text[]))
            AND (cardinality($8::text[]) = 0 OR upper(s.region_code) = ANY($8::text[]))
          GROUP BY b.room_id
         HAVING count(*) >= $6
       ), load AS (
         SELECT b.shelter_id, count(*)::int AS total,
                count(*) FILTER (WHERE b.status IN ('HELD','OCCUPIED'))::int AS used
           FROM bed b
          WHERE b.shelter_id IN (SELECT r.shelter_id FROM free f JOIN room r ON r.id = f.room_id)
          GROUP BY b.shelter_id
       )
       SELECT r.id AS room_id, r.accessibility_features, f.available,
              s.id AS shelter_id, s.code_name, s.region_code, s.gender_policy, s.accepts_families,
              s.accepts_minors, s.languages, s.specialisms, s.status, l.total, l.used
         FROM free f JOIN room r ON r.id = f.room_id JOIN shelter s ON s.id = r.shelter_id
         JOIN load l ON l.shelter_id = s.id
        WHERE r.accessibility_features @> $7::text[]`,
      [
        POLICIES_FOR[profile.gender],
        size === 1,
        !isMinor(profile.ageBand),
        profile.exclusionRegions.map((r) => r.trim().toUpperCase()),
        regionCodes && regionCodes.length ? regionCodes : null,
        size,
        profile.accessibilityNeeds,
        (profile.acceptableRegions ?? []).map((r) => r.trim().toUpperCase()),
      ],
    );
    const candidates: Candidate[] = rows.map((row) => ({
      shelterId: row.shelter_id as string,
      roomId: row.room_id as string,
      codeName: row.code_name as string,
      regionCode: row.region_code as string,
      shelter: {
        status: row.status as ShelterStatus,
        regionCode: row.region_code as string,
        genderPolicy: row.gender_policy as GenderPolicy,
        acceptsFamilies: row.accepts_families as boolean,
        acceptsMinors: row.accepts_minors as boolean,
        languages: row.languages as string[],
        specialisms: row.specialisms as ExploitationType[],
        totalBeds: row.total as number,
        usedBeds: row.used as number,
      },
      room: {
        accessibilityFeatures: row.accessibility_features as AccessibilityFeature[],
        availableBeds: row.available as number,
      },
    }));
    return rankCandidates(profile, candidates);
  }

  /**
   * Locks `count` AVAILABLE beds of one room for this transaction, skipping beds
   * another transaction is claiming (SKIP LOCKED). Returns their ids, or null
   * when the room no longer has enough (a lost race: try the next candidate).
   */
  async lockBeds(em: EntityManager, roomId: string, count: number): Promise<string[] | null> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM bed WHERE room_id = $1 AND status = 'AVAILABLE'
        ORDER BY label, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [roomId, count],
    );
    return rows.length === count ? rows.map((r) => r.id) : null;
  }
}
