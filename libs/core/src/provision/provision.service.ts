import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessibilityFeature, affectedRegions, assessProvision, ExploitationType, GenderPolicy, ProvisionShelter, ShelterStatus } from '@harbour/domain';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../identity/principal';
import { AudienceType, NotificationKind } from '../notifications/notification.entity';
import { NotificationService } from '../notifications/notification.service';
import { referralProfile } from '../placements/matching.service';
import { ReferralEntity, StoredProvisionFinding } from '../referrals/referral.entity';

/**
 * "No suitable provision" at intake (issue 9; docs/waiting.md): before a
 * household is put on the waitlist, checks that some room in the network could
 * take it if every bed were free (libs/domain provision.ts, which reuses the
 * hard rules of eligibility.ts). When none could, the finding is stored on the
 * referral (which is kept, OPEN, and checked again at its next placement
 * request), the coordinators of its regions are told once, and the caller
 * answers with it instead of a waitlist position.
 */
@Injectable()
export class ProvisionService {
  constructor(
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The network as built: every shelter (open or not) with its kinds of room:
   * each distinct (accessibility features, number of bed spaces of any status),
   * in the order of the first room of that kind by id. Rooms of one kind are
   * alike to assessProvision (it checks each room as if empty, and stops at
   * the first that fits), so this is the answer every room would give, read in
   * a fraction of the rows (full HIC import: 36,389 kinds for 189,748 rooms).
   * One query; read through `em` (the caller's SERVICE transaction: shelters
   * and rooms carry no policy anyway).
   */
  async network(em: EntityManager): Promise<ProvisionShelter[]> {
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT s.id, s.status, s.region_code, s.gender_policy, s.accepts_families, s.accepts_minors, s.adult_max_age, s.languages, s.specialisms,
              s.total_beds, s.used_beds,
              coalesce(json_agg(json_build_object('accessibilityFeatures', k.accessibility_features, 'beds', k.beds) ORDER BY k.first_id)
                         FILTER (WHERE k.first_id IS NOT NULL), '[]') AS rooms
         FROM shelter s
         LEFT JOIN (SELECT shelter_id, accessibility_features, beds, min(id::text) AS first_id
                      FROM room GROUP BY shelter_id, accessibility_features, beds) k ON k.shelter_id = s.id
        GROUP BY s.id
        ORDER BY s.id`,
    );
    return rows.map((row) => ({
      id: row.id as string,
      profile: {
        status: row.status as ShelterStatus,
        regionCode: row.region_code as string,
        genderPolicy: row.gender_policy as GenderPolicy,
        acceptsFamilies: row.accepts_families as boolean,
        acceptsMinors: row.accepts_minors as boolean,
        adultMaxAge: (row.adult_max_age as number | null) ?? null,
        languages: row.languages as string[],
        specialisms: row.specialisms as ExploitationType[],
        totalBeds: row.total_beds as number,
        usedBeds: row.used_beds as number,
      },
      rooms: (row.rooms as { accessibilityFeatures: AccessibilityFeature[]; beds: number }[]).map((r) => ({
        accessibilityFeatures: r.accessibilityFeatures ?? [],
        beds: Number(r.beds),
      })),
    }));
  }

  /**
   * Checks `referral` against the network (loaded once by the caller for a
   * batch, else here) in the caller's transaction, and records the result on
   * the referral (`provisionFinding`, `provisionCheckedAt`; the entity is saved).
   * When no room could take the household: coordinators of its regions
   * (libs/domain affectedRegions; none = network-wide) get a
   * NO_SUITABLE_PROVISION notification, once per referral and region, and the
   * check is audited.
   * @returns the stored finding, or null when some room could take the household.
   */
  async check(
    em: EntityManager,
    p: Principal,
    referral: ReferralEntity,
    now: Date,
    network?: readonly ProvisionShelter[],
  ): Promise<StoredProvisionFinding | null> {
    const assessment = assessProvision(referralProfile(referral), network ?? (await this.network(em)));
    referral.provisionCheckedAt = now;
    if (assessment.suitable) {
      if (referral.provisionFinding) {
        referral.provisionFinding = null;
        await em.getRepository(ReferralEntity).update({ id: referral.id }, { provisionFinding: null, provisionCheckedAt: now });
      } else {
        await em.getRepository(ReferralEntity).update({ id: referral.id }, { provisionCheckedAt: now });
      }
      return null;
    }
    const { suitable: _suitable, ...rest } = assessment;
    const notifiedRegions = affectedRegions(referral);
    const finding: StoredProvisionFinding = { ...rest, notifiedRegions };
    referral.provisionFinding = finding;
    await em.getRepository(ReferralEntity).update({ id: referral.id }, { provisionFinding: finding as never, provisionCheckedAt: now });
    const payload = {
      referralId: referral.id,
      agencyReference: referral.agencyReference,
      urgency: referral.urgency,
      missing: finding.need.missing,
      sheltersConsidered: finding.sheltersConsidered,
      exclusions: finding.exclusions.map((e) => ({ rule: e.rule, shelters: e.shelters })),
      excludedOnlyByCombination: finding.excludedOnlyByCombination,
    };
    for (const regionCode of notifiedRegions.length ? notifiedRegions : [null]) {
      await this.notifications.create(
        em,
        {
          kind: NotificationKind.NO_SUITABLE_PROVISION,
          audienceType: AudienceType.COORDINATORS,
          audienceId: null,
          idempotencyKey: `no-provision:${referral.id}:${regionCode ?? 'network'}`,
          regionCode,
          payload: { ...payload, regionCode },
        },
        now,
      );
    }
    await this.audit.record(em, p, now, 'NO_SUITABLE_PROVISION', 'referral', referral.id, {
      rules: finding.exclusions.map((e) => e.rule),
      regions: notifiedRegions,
    });
    return finding;
  }
}
