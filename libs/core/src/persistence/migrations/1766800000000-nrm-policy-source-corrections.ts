import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrects the cited sources of two policy values seeded by migration
 * 1765500000000 (docs/nrm-stages.md, "Checking the sources"). No value
 * changes, so no new policy version is needed: every placement keeps the
 * rules it had.
 *
 * - `placeOfSafetyMaxWorkingDays` (England, Wales: 3; Scotland, Northern
 *   Ireland: none) cited the statutory guidance, which sets no Place of Safety
 *   stay. The figure of up to three working days is the Home Office's
 *   announcement of 29 June 2020; the national model was never commissioned
 *   and was dropped on 1 November 2023.
 * - `negativeDecisionSupportWorkingDays` (England, Wales: 9) cited the
 *   statutory guidance alone; the citation now names its corroboration.
 *
 * Only sources still equal to the old text are replaced (a coordinator's
 * version that copied them is corrected too; one citing its own source is
 * not).
 */
export class NrmPolicySourceCorrections1766800000000 implements MigrationInterface {
  name = 'NrmPolicySourceCorrections1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    for (const c of CORRECTIONS) await replace(q, c.field, c.jurisdictions, c.old, c.new);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('harbour.role', 'SERVICE', true)`);
    for (const c of CORRECTIONS) await replace(q, c.field, c.jurisdictions, c.new, c.old);
  }
}

async function replace(q: QueryRunner, field: string, jurisdictions: string[], from: string, to: string): Promise<void> {
  await q.query(
    `UPDATE nrm_policy_version SET sources = jsonb_set(sources, ARRAY[$1::text], to_jsonb($2::text))
      WHERE jurisdiction = ANY($3) AND sources->>$1 = $4`,
    [field, to, jurisdictions, from],
  );
}

const MSSG =
  'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland';
const POS_2020_REF = 'Home Office press release "New contract to deliver improved support for modern slavery victims", 29 June 2020';
const POS_DROPPED_REF =
  'Home Office modern slavery stakeholder newsletter of 1 November 2023, reported by Civil Service World, "Home Office drops modern slavery support measures over \'viability and funding\'"';

/** Frozen copies of the texts (libs/domain/src/nrm-policy.ts NRM_POLICY_SEED as corrected here). */
const CORRECTIONS: { field: string; jurisdictions: string[]; old: string; new: string }[] = [
  {
    field: 'placeOfSafetyMaxWorkingDays',
    jurisdictions: ['ENGLAND', 'WALES'],
    old: `${MSSG}: Places of Safety, up to 3 working days of accommodation before a decision whether to enter the NRM (Modern Slavery Victim Care Contract, England and Wales)`,
    new: `${POS_2020_REF} (award of the Modern Slavery Victim Care Contract for England and Wales): Places of Safety, to be tested with law enforcement, give the most vulnerable victims rescued from exploitation a safe place for up to three working days to consider whether to enter the NRM. ${POS_DROPPED_REF}: the Places of Safety model is not taken forward; no national Place of Safety service exists, so this is the bound Harbour applies to a Place of Safety stay that its own shelters offer`,
  },
  {
    field: 'placeOfSafetyMaxWorkingDays',
    jurisdictions: ['SCOTLAND', 'NORTHERN_IRELAND'],
    old: `${MSSG}: Places of Safety are part of the Modern Slavery Victim Care Contract for England and Wales`,
    new: `No Place of Safety period is set here: the Places of Safety of the ${POS_2020_REF} were for the Modern Slavery Victim Care Contract of England and Wales, and were not taken forward (${POS_DROPPED_REF})`,
  },
  {
    field: 'negativeDecisionSupportWorkingDays',
    jurisdictions: ['ENGLAND', 'WALES'],
    old: `${MSSG}: 9 working days of move-on support after a negative reasonable grounds or conclusive grounds decision`,
    new: `${MSSG} (support through the Modern Slavery Victim Care Contract): 9 working days of move-on support after a negative reasonable grounds or conclusive grounds decision; corroborated by NRPF Network, "Ending MSVCC support for survivors of trafficking and modern slavery": up to 14 days of move-on support after a negative conclusive grounds decision, which 9 working days (11 to 13 calendar days without bank holidays) falls within`,
  },
];
