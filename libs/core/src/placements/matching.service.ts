import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  acceptableGenderPolicies,
  AccessibilityFeature,
  ExploitationType,
  Gender,
  GenderPolicy,
  HouseholdProfile,
  householdSize,
  isMinor,
  PriorityWeights,
  rankCandidates,
  RankedCandidate,
  ReferralProfile,
  RoomProfile,
  ShelterProfile,
  ShelterStatus,
  WaitingReferral,
  canShareRoom,
  checkEligibility,
} from '@harbour/domain';
import { HarbourConfig } from '@harbour/platform';
import { ReferralEntity } from '../referrals/referral.entity';
import { WaitlistEntryEntity } from '../waitlist/waitlist-entry.entity';

/** A room that might take the household, with what the ranking needs to know. */
export interface Candidate {
  shelterId: string;
  roomId: string;
  codeName: string;
  /** The code name in lower case: orders equal scores alike in any database (RankableCandidate.tieKey). */
  tieKey: string;
  regionCode: string;
  shelter: ShelterProfile;
  room: RoomProfile;
}

export type RankedRoom = RankedCandidate<Candidate>;

/** Rooms ranked per shelter: the best-ranked fit (its other fitting rooms are tried on a lost lock). */
const ROOMS_PER_SHELTER = 1;

/** Fitting rooms per shelter read to find the best one whose occupants the household may join. */
const ROOMS_READ_PER_SHELTER = 10;

/** Fitting rooms of one shelter tried in turn when claiming. */
const ROOMS_TRIED_PER_SHELTER = 10;

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

/** The referral as the batch assignment sees it: profile, urgency and when it joined the waitlist. */
export function waitingReferral(r: ReferralEntity, entry: Pick<WaitlistEntryEntity, 'joinedAt'>): WaitingReferral {
  return { id: r.id, profile: referralProfile(r), urgency: r.urgency, waitingSince: entry.joinedAt };
}

/** The PRIORITY_WEIGHT_* configuration as the domain's priority weights. */
export function priorityWeightsFromConfig(config: HarbourConfig): PriorityWeights {
  return {
    base: config.PRIORITY_WEIGHT_BASE,
    urgency: config.PRIORITY_WEIGHT_URGENCY,
    waitPerDay: config.PRIORITY_WEIGHT_WAIT_PER_DAY,
    waitCapPoints: config.PRIORITY_WAIT_CAP_POINTS,
    minor: config.PRIORITY_WEIGHT_MINOR,
    child: config.PRIORITY_WEIGHT_CHILD,
  };
}

/** Candidate from a row carrying room and shelter columns (see the queries below). */
function toCandidate(row: Record<string, unknown>): Candidate {
  return {
    shelterId: row.shelter_id as string,
    roomId: row.room_id as string,
    codeName: row.code_name as string,
    // The same for the same shelter in any database (code names are unique, case-insensitively): ties rank alike in a fresh one.
    tieKey: String(row.code_name).toLowerCase(),
    regionCode: row.region_code as string,
    shelter: {
      status: row.status as ShelterStatus,
      regionCode: row.region_code as string,
      genderPolicy: row.gender_policy as GenderPolicy,
      acceptsFamilies: row.accepts_families as boolean,
      acceptsMinors: row.accepts_minors as boolean,
      adultMaxAge: (row.adult_max_age as number | null) ?? null,
      languages: row.languages as string[],
      specialisms: row.specialisms as ExploitationType[],
      totalBeds: row.total as number,
      usedBeds: row.used as number,
    },
    room: {
      accessibilityFeatures: row.accessibility_features as AccessibilityFeature[],
      availableBeds: row.available as number,
      occupants: [],
    },
  };
}

/** The household as the room-sharing rule sees it. */
function householdOf(r: Pick<ReferralEntity, 'gender' | 'ageBand' | 'dependants'>): HouseholdProfile {
  return { gender: r.gender, ageBand: r.ageBand, dependants: r.dependants };
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
    // Only the conditions that apply are written, so the planner sees plain
    // predicates (an always-true `$n OR …` makes it misjudge row counts badly).
    // The gender policies that take the whole household (the GENDER_POLICY rule's own predicate).
    const params: unknown[] = [acceptableGenderPolicies(profile)];
    // Conditions on the shelter (alias s).
    const where = [`s.status = 'OPEN'`, `s.gender_policy = ANY($1::text[])`];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (size > 1) where.push('s.accepts_families');
    if (isMinor(profile.ageBand)) where.push('s.accepts_minors');
    if (profile.exclusionRegions.length) {
      where.push(`upper(s.region_code) <> ALL(${param(profile.exclusionRegions.map((r) => r.trim().toUpperCase()))}::text[])`);
    }
    if (profile.acceptableRegions?.length) {
      where.push(`upper(s.region_code) = ANY(${param(profile.acceptableRegions.map((r) => r.trim().toUpperCase()))}::text[])`);
    }
    if (regionCodes?.length) where.push(`s.region_code = ANY(${param(regionCodes)}::text[])`);
    const roomWhere = [`r.available_beds >= ${param(size)}`];
    if (profile.accessibilityNeeds.length) {
      roomWhere.push(`r.accessibility_features @> ${param(profile.accessibilityNeeds)}::text[]`);
    }
    // Bed counts come from the trigger-maintained counters on room and shelter.
    // Per shelter the snuggest fitting rooms are read, with who is in them;
    // the domain drops those the household may not join (room sharing) and
    // ranks the rest; only the best room of each shelter is kept (its other
    // rooms score the same or worse: room fit prefers the fewest spare beds).
    // `fittingRooms` offers the others when that room's lock is lost.
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT * FROM (
         SELECT r.id AS room_id, r.accessibility_features, r.available_beds AS available,
                s.total_beds AS total, s.used_beds AS used, s.id AS shelter_id, s.code_name, s.region_code,
                s.gender_policy, s.accepts_families, s.accepts_minors, s.adult_max_age, s.languages, s.specialisms, s.status,
                r.used_beds AS room_used,
                row_number() OVER (PARTITION BY r.shelter_id ORDER BY r.available_beds, r.id) AS k
           FROM shelter s JOIN room r ON r.shelter_id = s.id
          WHERE ${where.join(' AND ')} AND s.available_beds >= ${param(size)}
            AND ${roomWhere.join(' AND ')}
       ) fitting
       WHERE k <= ${ROOMS_READ_PER_SHELTER}`,
      params,
    );
    const rooms = await this.withOccupants(em, rows);
    const perShelter = new Map<string, number>();
    return rankCandidates(profile, rooms).filter((c) => {
      const n = perShelter.get(c.shelterId) ?? 0;
      perShelter.set(c.shelterId, n + 1);
      return n < ROOMS_PER_SHELTER;
    });
  }

  /**
   * The households holding or occupying beds of these rooms now (one per live
   * hold or placement: its bed claims not released), by room id. Runs only as
   * SERVICE (inside `inTransaction`): under another caller row-level security
   * would hide them and a room would look empty, so it throws instead.
   */
  async occupants(em: EntityManager, roomIds: readonly string[]): Promise<Map<string, HouseholdProfile[]>> {
    const out = new Map<string, HouseholdProfile[]>();
    if (roomIds.length === 0) return out;
    // The caller PostgreSQL verified from the signed scope (migration CallerScope1766100000000).
    const [{ role }] = await em.query(`SELECT harbour_caller_role() AS role`);
    if (role !== 'SERVICE') throw new Error('room occupants can only be read as SERVICE (inside inTransaction)');
    const rows: { room_id: string; gender: Gender; age_band: ReferralEntity['ageBand']; dependants: ReferralEntity['dependants'] }[] = await em.query(
      `SELECT DISTINCT b.room_id, ref.id, ref.gender, ref.age_band, ref.dependants
           FROM bed_claim c JOIN bed b ON b.id = c.bed_id JOIN referral ref ON ref.id = c.referral_id
          WHERE c.released_at IS NULL AND b.room_id = ANY($1::uuid[])
          ORDER BY b.room_id, ref.id`,
      [roomIds],
    );
    for (const r of rows) {
      const list = out.get(r.room_id) ?? [];
      list.push(householdOf({ gender: r.gender, ageBand: r.age_band, dependants: r.dependants }));
      out.set(r.room_id, list);
    }
    return out;
  }

  /** Candidates from room rows, each with the room's occupants (read only for rooms with beds in use). */
  private async withOccupants(em: EntityManager, rows: Record<string, unknown>[]): Promise<Candidate[]> {
    const candidates = rows.map(toCandidate);
    const used = rows.filter((r) => Number(r.room_used) > 0).map((r) => r.room_id as string);
    const occupants = await this.occupants(em, used);
    for (const c of candidates) c.room.occupants = occupants.get(c.roomId) ?? [];
    return candidates;
  }

  /**
   * Every room with a free bed in open shelters of these regions (empty = every
   * region), each with its occupants: the free rooms a batch assignment works on.
   */
  async freeRooms(em: EntityManager, regionCodes: string[]): Promise<Candidate[]> {
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT r.id AS room_id, r.accessibility_features, r.available_beds AS available,
              s.total_beds AS total, s.used_beds AS used, s.id AS shelter_id, s.code_name, s.region_code,
              s.gender_policy, s.accepts_families, s.accepts_minors, s.adult_max_age, s.languages, s.specialisms, s.status,
              r.used_beds AS room_used
         FROM shelter s JOIN room r ON r.shelter_id = s.id
        WHERE s.status = 'OPEN' AND (cardinality($1::text[]) = 0 OR s.region_code = ANY($1::text[]))
          AND s.available_beds > 0 AND r.available_beds > 0
        ORDER BY s.id, r.id`,
      [regionCodes],
    );
    return this.withOccupants(em, rows);
  }

  /**
   * The rooms of `candidate`'s shelter that can take the household now (free
   * beds, features, and occupants it may join), the ranked room first, then
   * the snuggest fits (at most ROOMS_TRIED_PER_SHELTER).
   */
  async fittingRooms(em: EntityManager, candidate: Candidate, referral: ReferralEntity): Promise<string[]> {
    const rows: { id: string; used_beds: number }[] = await em.query(
      `SELECT id, used_beds FROM room
        WHERE shelter_id = $1 AND available_beds >= $2 AND accessibility_features @> $3::text[]
        ORDER BY (id = $4) DESC, available_beds, id LIMIT $5`,
      [candidate.shelterId, householdSize(referral), referral.accessibilityNeeds, candidate.roomId, ROOMS_TRIED_PER_SHELTER],
    );
    // A room with no bed in use has no occupant (a live claim holds a HELD or OCCUPIED bed): nothing to read.
    const occupants = await this.occupants(
      em,
      rows.filter((r) => r.used_beds > 0).map((r) => r.id),
    );
    return rows.map((r) => r.id).filter((id) => canShareRoom(householdOf(referral), occupants.get(id) ?? []));
  }

  /**
   * Claims beds of one room for `household` in this transaction. Capacity rows
   * are locked in the one order every path uses (docs/guarantees.md, "Lock
   * order"): the shelter row, then the room row (FOR UPDATE, so claims on one
   * room are serialised and the occupants read next are the committed ones),
   * then the beds; the bed-counter triggers then lock the shelter (held
   * already), the room (held) and the region's counters last, as they do for
   * every other bed change. Under those locks it re-checks every hard rule
   * (checkEligibility) against the shelter and room as they are now: the
   * shelter's policy (read in the statement that locks it, so a policy change
   * committed meanwhile is seen: NetworkService.updateShelter locks the shelter
   * too), the room's features and the occupants the household would join (room
   * sharing). Then it locks as many AVAILABLE beds as the household needs,
   * skipping beds another transaction is claiming (SKIP LOCKED). Returns their
   * ids, or null when the room no longer has enough, or no longer takes the
   * household (a lost race: try the next candidate).
   *
   * `lockMode` 'skip' is for a transaction that already holds capacity locks
   * (a search again after releasing a hold): it never waits, so it cannot close
   * a cycle with a transaction waiting for what it holds. A shelter, room or
   * region counter row locked by another transaction makes the room count as
   * taken (null).
   */
  async lockBeds(em: EntityManager, roomId: string, referral: ReferralEntity, lockMode: 'wait' | 'skip' = 'wait'): Promise<string[] | null> {
    const skip = lockMode === 'skip' ? ' SKIP LOCKED' : '';
    // The room's shelter, locked FOR NO KEY UPDATE as the bed-counter trigger takes it (new holds'
    // foreign-key checks still pass), in one statement with finding it and reading the policy the
    // rules need (the locked row's newest version): the room row itself is not locked here.
    const [place]: Record<string, unknown>[] = await em.query(
      `SELECT s.id AS shelter_id, s.code_name, s.region_code, s.status, s.gender_policy, s.accepts_families, s.accepts_minors,
              s.adult_max_age, s.languages, s.specialisms, s.total_beds AS total, s.used_beds AS used
         FROM shelter s JOIN room r ON r.shelter_id = s.id WHERE r.id = $1 FOR NO KEY UPDATE OF s${skip}`,
      [roomId],
    );
    if (!place) return null;
    // The room's features in the statement that locks it (a join above could return an older version of the room).
    const [room]: { used_beds: number; accessibility_features: AccessibilityFeature[] }[] = await em.query(
      `SELECT used_beds, accessibility_features FROM room WHERE id = $1 FOR UPDATE${skip}`,
      [roomId],
    );
    if (!room) return null;
    if (lockMode === 'skip' && !(await this.regionCountersFree(em, place.region_code as string))) return null;
    // Read under the room's lock, so committed: no bed in use means no occupant to share with (and no query for them).
    const occupants = room.used_beds > 0 ? ((await this.occupants(em, [roomId])).get(roomId) ?? []) : [];
    const count = householdSize(referral);
    // Free beds are counted by the locking read below; here every other rule, as the shelter and room are now.
    const { shelter } = toCandidate(place);
    if (
      !checkEligibility(referralProfile(referral), shelter, { accessibilityFeatures: room.accessibility_features, availableBeds: count, occupants }).eligible
    ) {
      return null;
    }
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM bed WHERE room_id = $1 AND status = 'AVAILABLE'
        ORDER BY label, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [roomId, count],
    );
    return rows.length === count ? rows.map((r) => r.id) : null;
  }

  /**
   * Locks the region's counter row (region_availability, which the bed-counter
   * trigger locks last) without waiting: true when this transaction now holds
   * it (or no row exists yet), false when another transaction holds it.
   */
  private async regionCountersFree(em: EntityManager, regionCode: string): Promise<boolean> {
    const locked: unknown[] = await em.query('SELECT 1 FROM region_availability WHERE region_code = $1 FOR NO KEY UPDATE SKIP LOCKED', [regionCode]);
    if (locked.length) return true;
    const exists: unknown[] = await em.query('SELECT 1 FROM region_availability WHERE region_code = $1', [regionCode]);
    return exists.length === 0;
  }
}
