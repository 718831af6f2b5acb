import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The stay follows the NRM process (issue 11; docs/nrm-stages.md):
 * - every region has a jurisdiction: ENGLAND by default, GENERIC_ECAT for the
 *   Continuums of Care of the HIC import (codes like `CA-500`);
 * - `nrm_policy_version`: the effective-dated rules per jurisdiction, seeded
 *   below with every value's public source (a frozen copy of the domain's
 *   NRM_POLICY_SEED at this migration; coordinators add later versions);
 * - a placement keeps the jurisdiction of its shelter's region at arrival, and
 *   records whether it began as a Place of Safety stay and the NRM referral
 *   date (existing placements: the referral's date; their dates are unchanged
 *   and their stage is derived from the decisions already recorded);
 * - Recovery Needs Assessments (move-on extensions), leave to remain, the
 *   outreach provider after exit;
 * - reminders name the deadline they are for (kind and date); only
 *   recovery-period reminders point at a recovery period. A deadline's
 *   reminder exists at most once unless cancelled.
 */
export class NrmStages1765500000000 implements MigrationInterface {
  name = 'NrmStages1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      ALTER TABLE region ADD COLUMN jurisdiction varchar(24) NOT NULL DEFAULT 'ENGLAND'
        CHECK (jurisdiction IN ('ENGLAND','WALES','SCOTLAND','NORTHERN_IRELAND','GENERIC_ECAT'));
      UPDATE region SET jurisdiction = 'GENERIC_ECAT' WHERE code ~ '^[A-Z]{2}-[0-9]{3}$';

      CREATE TABLE nrm_policy_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jurisdiction varchar(24) NOT NULL,
        effective_from date NOT NULL,
        recovery_period_start varchar(16) NOT NULL CHECK (recovery_period_start IN ('POSITIVE_RG','ARRIVAL')),
        recovery_period_days int NOT NULL CHECK (recovery_period_days BETWEEN 30 AND 365),
        support_continues_until_cg boolean NOT NULL,
        rg_target_working_days int CHECK (rg_target_working_days BETWEEN 1 AND 60),
        cg_minimum_gap_days int CHECK (cg_minimum_gap_days BETWEEN 0 AND 365),
        move_on_days int CHECK (move_on_days BETWEEN 1 AND 365),
        move_on_extendable boolean NOT NULL,
        negative_decision_support_working_days int CHECK (negative_decision_support_working_days BETWEEN 0 AND 60),
        place_of_safety_max_working_days int CHECK (place_of_safety_max_working_days BETWEEN 1 AND 10),
        sources jsonb NOT NULL,
        created_by varchar(200) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (jurisdiction, effective_from)
      );

      ALTER TABLE placement
        ADD COLUMN jurisdiction varchar(24) NOT NULL DEFAULT 'ENGLAND',
        ADD COLUMN place_of_safety boolean NOT NULL DEFAULT false,
        ADD COLUMN nrm_referred_on date,
        ADD COLUMN outreach_provider text;
      UPDATE placement p SET jurisdiction = r.jurisdiction
        FROM shelter s JOIN region r ON r.code = s.region_code WHERE s.id = p.shelter_id;
      UPDATE placement p SET nrm_referred_on = LEAST((f.created_at AT TIME ZONE 'Europe/London')::date, p.arrived_on)
        FROM referral f WHERE f.id = p.referral_id;
      ALTER TABLE placement ALTER COLUMN jurisdiction DROP DEFAULT;

      CREATE TABLE recovery_needs_assessment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        placement_id uuid NOT NULL REFERENCES placement(id),
        assessed_on date NOT NULL,
        extension_days int NOT NULL CHECK (extension_days BETWEEN 1 AND 365),
        reason text NOT NULL,
        recorded_by varchar(200) NOT NULL,
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX recovery_needs_assessment_placement_idx ON recovery_needs_assessment (placement_id);

      CREATE TABLE leave_grant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        placement_id uuid NOT NULL REFERENCES placement(id),
        kind varchar(40) NOT NULL CHECK (kind IN ('TEMPORARY_PERMISSION_TO_STAY','RESIDENCE_PERMIT')),
        granted_on date NOT NULL,
        expires_on date NOT NULL CHECK (expires_on > granted_on),
        recorded_by varchar(200) NOT NULL,
        recorded_at timestamptz NOT NULL
      );
      CREATE INDEX leave_grant_placement_idx ON leave_grant (placement_id);

      ALTER TABLE reminder
        ALTER COLUMN recovery_period_id DROP NOT NULL,
        DROP CONSTRAINT reminder_recovery_period_id_offset_days_key,
        DROP CONSTRAINT reminder_offset_days_check,
        ADD COLUMN deadline_kind varchar(40) NOT NULL DEFAULT 'RECOVERY_PERIOD_END',
        ADD COLUMN deadline_date date,
        ADD COLUMN support_continues boolean NOT NULL DEFAULT false;
      UPDATE reminder r SET deadline_date = p.end_date FROM recovery_period p WHERE p.id = r.recovery_period_id;
      ALTER TABLE reminder ALTER COLUMN deadline_date SET NOT NULL, ALTER COLUMN deadline_kind DROP DEFAULT;
      CREATE UNIQUE INDEX reminder_one_per_deadline_slot ON reminder (placement_id, deadline_kind, deadline_date, due_date)
        WHERE status <> 'CANCELLED';
    `);
    // The new child tables of placement are read like recovery_period (docs/row-level-security.md).
    for (const table of ['recovery_needs_assessment', 'leave_grant']) {
      await q.query(`
        ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
        CREATE POLICY ${table}_read ON ${table} FOR SELECT USING ((SELECT harbour_caller_sees_all())
          OR ((SELECT harbour_caller_role()) IN ('REFERRAL_OFFICER', 'SHELTER_STAFF') AND placement_id IN (SELECT id FROM placement)));
        CREATE POLICY ${table}_service_write ON ${table} FOR ALL
          USING ((SELECT harbour_caller_role()) = 'SERVICE') WITH CHECK ((SELECT harbour_caller_role()) = 'SERVICE');
      `);
    }
    for (const v of SEED) {
      await q.query(
        `INSERT INTO nrm_policy_version (jurisdiction, effective_from, recovery_period_start, recovery_period_days,
           support_continues_until_cg, rg_target_working_days, cg_minimum_gap_days, move_on_days, move_on_extendable,
           negative_decision_support_working_days, place_of_safety_max_working_days, sources, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'migration:1765500000000')`,
        [
          v.jurisdiction,
          v.effectiveFrom,
          v.recoveryPeriodStart,
          v.recoveryPeriodDays,
          v.supportContinuesUntilCg,
          v.rgTargetWorkingDays,
          v.cgMinimumGapDays,
          v.moveOnDays,
          v.moveOnExtendable,
          v.negativeDecisionSupportWorkingDays,
          v.placeOfSafetyMaxWorkingDays,
          JSON.stringify(v.sources),
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    await q.query(`
      DELETE FROM reminder WHERE recovery_period_id IS NULL;
      DROP INDEX reminder_one_per_deadline_slot;
      ALTER TABLE reminder DROP COLUMN support_continues, DROP COLUMN deadline_date, DROP COLUMN deadline_kind,
        ALTER COLUMN recovery_period_id SET NOT NULL,
        ADD CONSTRAINT reminder_offset_days_check CHECK (offset_days >= 0),
        ADD CONSTRAINT reminder_recovery_period_id_offset_days_key UNIQUE (recovery_period_id, offset_days);
      DROP TABLE leave_grant;
      DROP TABLE recovery_needs_assessment;
      ALTER TABLE placement DROP COLUMN outreach_provider, DROP COLUMN nrm_referred_on, DROP COLUMN place_of_safety, DROP COLUMN jurisdiction;
      DROP TABLE nrm_policy_version;
      ALTER TABLE region DROP COLUMN jurisdiction;
    `);
  }
}

/** NRM_POLICY_SEED (libs/domain/src/nrm-policy.ts) as it stood at this migration: a frozen copy. */
const SEED: {
  jurisdiction: string;
  effectiveFrom: string;
  recoveryPeriodStart: string;
  recoveryPeriodDays: number;
  supportContinuesUntilCg: boolean;
  rgTargetWorkingDays: number | null;
  cgMinimumGapDays: number | null;
  moveOnDays: number | null;
  moveOnExtendable: boolean;
  negativeDecisionSupportWorkingDays: number | null;
  placeOfSafetyMaxWorkingDays: number | null;
  sources: Record<string, string>;
}[] = [
  {
    jurisdiction: 'ENGLAND',
    recoveryPeriodStart: 'POSITIVE_RG',
    supportContinuesUntilCg: true,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: 45,
    moveOnExtendable: true,
    negativeDecisionSupportWorkingDays: 9,
    placeOfSafetyMaxWorkingDays: 3,
    effectiveFrom: '2009-04-01',
    recoveryPeriodDays: 45,
    sources: {
      recoveryPeriodStart:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: the recovery period follows a positive reasonable grounds decision',
      supportContinuesUntilCg:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: support continues until the conclusive grounds decision; Written ministerial statement "Modern Slavery Statutory Guidance", HC Deb 13 December 2022 vol 724 (minimum recovery period 30 days rather than 45, effective 13 December 2022)',
      rgTargetWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: reasonable grounds decision within 5 working days where possible; uk-safe-house-facts.csv reasonable_grounds_target = 5 working days',
      cgMinimumGapDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: no conclusive grounds decision before 30 days after the reasonable grounds decision; uk-safe-house-facts.csv conclusive_grounds_earliest = 30 days after RG decision',
      moveOnDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: at least 45 days of move-on support after a positive conclusive grounds decision; uk-safe-house-facts.csv move_on_period_after_positive_cg = 45 days',
      moveOnExtendable:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: a Recovery Needs Assessment may extend support; uk-safe-house-facts.csv move_on_period_after_positive_cg notes "extendable after a recovery needs assessment"',
      negativeDecisionSupportWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: 9 working days of move-on support after a negative reasonable grounds or conclusive grounds decision',
      placeOfSafetyMaxWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: Places of Safety, up to 3 working days of accommodation before a decision whether to enter the NRM (Modern Slavery Victim Care Contract, England and Wales)',
      recoveryPeriodDays:
        'uk-safe-house-facts.csv recovery_period_england_wales = 45 days, period 2009-2022 (the NRM began on 1 April 2009); the other values of this version are those of the current guidance',
    },
  },
  {
    jurisdiction: 'ENGLAND',
    recoveryPeriodStart: 'POSITIVE_RG',
    supportContinuesUntilCg: true,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: 45,
    moveOnExtendable: true,
    negativeDecisionSupportWorkingDays: 9,
    placeOfSafetyMaxWorkingDays: 3,
    effectiveFrom: '2022-12-13',
    recoveryPeriodDays: 30,
    sources: {
      recoveryPeriodStart:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: the recovery period follows a positive reasonable grounds decision',
      supportContinuesUntilCg:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: support continues until the conclusive grounds decision; Written ministerial statement "Modern Slavery Statutory Guidance", HC Deb 13 December 2022 vol 724 (minimum recovery period 30 days rather than 45, effective 13 December 2022)',
      rgTargetWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: reasonable grounds decision within 5 working days where possible; uk-safe-house-facts.csv reasonable_grounds_target = 5 working days',
      cgMinimumGapDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: no conclusive grounds decision before 30 days after the reasonable grounds decision; uk-safe-house-facts.csv conclusive_grounds_earliest = 30 days after RG decision',
      moveOnDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: at least 45 days of move-on support after a positive conclusive grounds decision; uk-safe-house-facts.csv move_on_period_after_positive_cg = 45 days',
      moveOnExtendable:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: a Recovery Needs Assessment may extend support; uk-safe-house-facts.csv move_on_period_after_positive_cg notes "extendable after a recovery needs assessment"',
      negativeDecisionSupportWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: 9 working days of move-on support after a negative reasonable grounds or conclusive grounds decision',
      placeOfSafetyMaxWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: Places of Safety, up to 3 working days of accommodation before a decision whether to enter the NRM (Modern Slavery Victim Care Contract, England and Wales)',
      recoveryPeriodDays:
        'Written ministerial statement "Modern Slavery Statutory Guidance", HC Deb 13 December 2022 vol 724 (minimum recovery period 30 days rather than 45, effective 13 December 2022); uk-safe-house-facts.csv recovery_period_england_wales notes "minimum 30 days in guidance from 2022-12-13"; Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008) art. 13 (at least 30 days)',
    },
  },
  {
    jurisdiction: 'WALES',
    recoveryPeriodStart: 'POSITIVE_RG',
    supportContinuesUntilCg: true,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: 45,
    moveOnExtendable: true,
    negativeDecisionSupportWorkingDays: 9,
    placeOfSafetyMaxWorkingDays: 3,
    effectiveFrom: '2009-04-01',
    recoveryPeriodDays: 45,
    sources: {
      recoveryPeriodStart:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: the recovery period follows a positive reasonable grounds decision',
      supportContinuesUntilCg:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: support continues until the conclusive grounds decision; Written ministerial statement "Modern Slavery Statutory Guidance", HC Deb 13 December 2022 vol 724 (minimum recovery period 30 days rather than 45, effective 13 December 2022)',
      rgTargetWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: reasonable grounds decision within 5 working days where possible; uk-safe-house-facts.csv reasonable_grounds_target = 5 working days',
      cgMinimumGapDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: no conclusive grounds decision before 30 days after the reasonable grounds decision; uk-safe-house-facts.csv conclusive_grounds_earliest = 30 days after RG decision',
      moveOnDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: at least 45 days of move-on support after a positive conclusive grounds decision; uk-safe-house-facts.csv move_on_period_after_positive_cg = 45 days',
      moveOnExtendable:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: a Recovery Needs Assessment may extend support; uk-safe-house-facts.csv move_on_period_after_positive_cg notes "extendable after a recovery needs assessment"',
      negativeDecisionSupportWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: 9 working days of move-on support after a negative reasonable grounds or conclusive grounds decision',
      placeOfSafetyMaxWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: Places of Safety, up to 3 working days of accommodation before a decision whether to enter the NRM (Modern Slavery Victim Care Contract, England and Wales)',
      recoveryPeriodDays:
        'uk-safe-house-facts.csv recovery_period_england_wales = 45 days, period 2009-2022 (the NRM began on 1 April 2009); the other values of this version are those of the current guidance',
    },
  },
  {
    jurisdiction: 'WALES',
    recoveryPeriodStart: 'POSITIVE_RG',
    supportContinuesUntilCg: true,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: 45,
    moveOnExtendable: true,
    negativeDecisionSupportWorkingDays: 9,
    placeOfSafetyMaxWorkingDays: 3,
    effectiveFrom: '2022-12-13',
    recoveryPeriodDays: 30,
    sources: {
      recoveryPeriodStart:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: the recovery period follows a positive reasonable grounds decision',
      supportContinuesUntilCg:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: support continues until the conclusive grounds decision; Written ministerial statement "Modern Slavery Statutory Guidance", HC Deb 13 December 2022 vol 724 (minimum recovery period 30 days rather than 45, effective 13 December 2022)',
      rgTargetWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: reasonable grounds decision within 5 working days where possible; uk-safe-house-facts.csv reasonable_grounds_target = 5 working days',
      cgMinimumGapDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: no conclusive grounds decision before 30 days after the reasonable grounds decision; uk-safe-house-facts.csv conclusive_grounds_earliest = 30 days after RG decision',
      moveOnDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: at least 45 days of move-on support after a positive conclusive grounds decision; uk-safe-house-facts.csv move_on_period_after_positive_cg = 45 days',
      moveOnExtendable:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: a Recovery Needs Assessment may extend support; uk-safe-house-facts.csv move_on_period_after_positive_cg notes "extendable after a recovery needs assessment"',
      negativeDecisionSupportWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: 9 working days of move-on support after a negative reasonable grounds or conclusive grounds decision',
      placeOfSafetyMaxWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: Places of Safety, up to 3 working days of accommodation before a decision whether to enter the NRM (Modern Slavery Victim Care Contract, England and Wales)',
      recoveryPeriodDays:
        'Written ministerial statement "Modern Slavery Statutory Guidance", HC Deb 13 December 2022 vol 724 (minimum recovery period 30 days rather than 45, effective 13 December 2022); uk-safe-house-facts.csv recovery_period_england_wales notes "minimum 30 days in guidance from 2022-12-13"; Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008) art. 13 (at least 30 days)',
    },
  },
  {
    jurisdiction: 'SCOTLAND',
    effectiveFrom: '2018-04-01',
    recoveryPeriodStart: 'POSITIVE_RG',
    recoveryPeriodDays: 90,
    supportContinuesUntilCg: false,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: null,
    moveOnExtendable: false,
    negativeDecisionSupportWorkingDays: 0,
    placeOfSafetyMaxWorkingDays: null,
    sources: {
      recoveryPeriodStart:
        'Human Trafficking and Exploitation (Scotland) Act 2015 s.9(2)(a): the relevant period begins on the reasonable grounds determination',
      recoveryPeriodDays:
        'Human Trafficking and Exploitation (Scotland) Act 2015 (Support for Victims) Regulations 2018 (SSI 2018/90), in force 1 April 2018 reg. 2: 90 days; uk-safe-house-facts.csv recovery_period_scotland = 90 days',
      supportContinuesUntilCg:
        'Human Trafficking and Exploitation (Scotland) Act 2015 s.9(2)(b): the duty ends at the earlier of the 90 days and the conclusive determination; support until the conclusive determination after that is discretionary (s.9(3)(b))',
      rgTargetWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland (non-statutory for Scotland; the UK competent authorities decide): 5 working days; uk-safe-house-facts.csv reasonable_grounds_target',
      cgMinimumGapDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland (non-statutory for Scotland): 30 days; uk-safe-house-facts.csv conclusive_grounds_earliest',
      moveOnDays:
        'Human Trafficking and Exploitation (Scotland) Act 2015 s.9(3)(c): support after the conclusive determination is for such period as the Scottish Ministers think appropriate (no period set)',
      moveOnExtendable: 'Human Trafficking and Exploitation (Scotland) Act 2015 s.9(3)(c): no statutory move-on period to extend',
      negativeDecisionSupportWorkingDays: 'Human Trafficking and Exploitation (Scotland) Act 2015 s.9(2)(b)(ii): the duty ends on the conclusive determination',
      placeOfSafetyMaxWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: Places of Safety are part of the Modern Slavery Victim Care Contract for England and Wales',
    },
  },
  {
    jurisdiction: 'NORTHERN_IRELAND',
    effectiveFrom: '2015-01-13',
    recoveryPeriodStart: 'POSITIVE_RG',
    recoveryPeriodDays: 45,
    supportContinuesUntilCg: true,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: null,
    moveOnExtendable: false,
    negativeDecisionSupportWorkingDays: 0,
    placeOfSafetyMaxWorkingDays: null,
    sources: {
      recoveryPeriodStart:
        'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015 s.18(4): the relevant period runs from the reasonable grounds determination (Royal Assent 13 January 2015)',
      recoveryPeriodDays:
        'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015 s.18(4): 45 days, or such longer period as the Department thinks necessary',
      supportContinuesUntilCg:
        'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015 s.18(3): support until a negative reasonable grounds determination or a conclusive determination',
      rgTargetWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland (non-statutory for Northern Ireland): 5 working days; uk-safe-house-facts.csv reasonable_grounds_target',
      cgMinimumGapDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland (non-statutory for Northern Ireland): 30 days; uk-safe-house-facts.csv conclusive_grounds_earliest',
      moveOnDays:
        'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015 s.18(3): a positive conclusive determination within the 45 days keeps support to their end; no move-on period beyond',
      moveOnExtendable:
        'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015 s.18: no statutory move-on period to extend',
      negativeDecisionSupportWorkingDays:
        'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015 s.18(3)(a),(b): support ends with the negative determination',
      placeOfSafetyMaxWorkingDays:
        'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland: Places of Safety are part of the Modern Slavery Victim Care Contract for England and Wales',
    },
  },
  {
    jurisdiction: 'GENERIC_ECAT',
    effectiveFrom: '2008-02-01',
    recoveryPeriodStart: 'POSITIVE_RG',
    recoveryPeriodDays: 30,
    supportContinuesUntilCg: false,
    rgTargetWorkingDays: null,
    cgMinimumGapDays: null,
    moveOnDays: null,
    moveOnExtendable: false,
    negativeDecisionSupportWorkingDays: null,
    placeOfSafetyMaxWorkingDays: null,
    sources: {
      recoveryPeriodStart:
        'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008) art. 13(1): when there are reasonable grounds to believe the person is a victim',
      recoveryPeriodDays:
        'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008) art. 13(1): a recovery and reflection period of at least 30 days',
      supportContinuesUntilCg:
        'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008) art. 13: sets only the minimum period',
      rgTargetWorkingDays:
        'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008): sets no decision target',
      cgMinimumGapDays: 'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008): sets no minimum gap',
      moveOnDays:
        'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008) art. 14: a renewable residence permit instead (uk-safe-house-facts.csv residence_permit_length = 12 months)',
      moveOnExtendable: 'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008): no move-on period',
      negativeDecisionSupportWorkingDays:
        'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008): sets no period',
      placeOfSafetyMaxWorkingDays:
        'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008): no Place of Safety stay defined',
    },
  },
];
