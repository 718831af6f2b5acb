/**
 * The rules of the National Referral Mechanism (NRM) per jurisdiction, as
 * effective-dated versions (docs/nrm-stages.md has the table with sources).
 *
 * A version applies from its `effectiveFrom` date (inclusive) until the next
 * version of the same jurisdiction. A placement's stage uses the version in
 * force on the day that stage began ({@link policyInForce}), so a version
 * added later with a future date never changes a stage already running.
 *
 * Every value of the seeded versions cites its public source in `sources`.
 * The seed is copied into the database by migration 1765500000000 (two
 * citations corrected by 1766800000000, docs/nrm-stages.md "Checking the
 * sources"); later
 * versions are added by coordinators (addNrmPolicyVersion), never by editing
 * this list.
 */
import { DomainError } from './errors';
import { CalendarDate, parseCalendarDate } from './recovery-period';
import { Jurisdiction } from './working-days';

/** When the recovery period begins. */
export enum RecoveryPeriodStart {
  /** On the positive reasonable grounds decision, or on arrival when that decision came before arrival. */
  POSITIVE_RG = 'POSITIVE_RG',
  /** On arrival, whatever the decisions (a network that counts the stay itself). */
  ARRIVAL = 'ARRIVAL',
}

/** The rule values of one policy version (units in the names). */
export interface NrmPolicyValues {
  recoveryPeriodStart: RecoveryPeriodStart;
  /** Length of the recovery period, calendar days (day 1 = its start date). */
  recoveryPeriodDays: number;
  /** Support goes on after the recovery period until the conclusive grounds decision. */
  supportContinuesUntilCg: boolean;
  /** Target for the reasonable grounds decision, working days after the NRM referral; null: no target. */
  rgTargetWorkingDays: number | null;
  /** The conclusive grounds decision may come no earlier than this many calendar days after the RG decision; null: no minimum. */
  cgMinimumGapDays: number | null;
  /** Move-on period after a positive CG, calendar days (day 1 = the CG date); null: none set (support after CG is discretionary, Harbour announces no end). */
  moveOnDays: number | null;
  /** A Recovery Needs Assessment may extend the move-on period. */
  moveOnExtendable: boolean;
  /** Support after a negative RG or CG decision, working days after it (0: ends on the decision day); null: none set. */
  negativeDecisionSupportWorkingDays: number | null;
  /** Longest Place of Safety stay before an NRM referral, working days after arrival; null: not offered. */
  placeOfSafetyMaxWorkingDays: number | null;
}

/** The names of the rule values, in table order. */
export const NRM_POLICY_FIELDS: readonly (keyof NrmPolicyValues)[] = Object.freeze([
  'recoveryPeriodStart',
  'recoveryPeriodDays',
  'supportContinuesUntilCg',
  'rgTargetWorkingDays',
  'cgMinimumGapDays',
  'moveOnDays',
  'moveOnExtendable',
  'negativeDecisionSupportWorkingDays',
  'placeOfSafetyMaxWorkingDays',
]);

/** One effective-dated version of a jurisdiction's rules. */
export interface NrmPolicyVersion extends NrmPolicyValues {
  /** Database id once stored; absent in the seed. */
  id?: string;
  jurisdiction: Jurisdiction;
  /** First day the version applies (YYYY-MM-DD, inclusive). */
  effectiveFrom: CalendarDate;
  /** Where each value comes from (a public source per field). */
  sources: Partial<Record<keyof NrmPolicyValues, string>>;
}

const MSSG =
  'Home Office, Modern Slavery: statutory guidance for England and Wales (under s49 of the Modern Slavery Act 2015) and non-statutory guidance for Scotland and Northern Ireland';
const FACTS = 'uk-safe-house-facts.csv';
const HANSARD_2022 =
  'Written ministerial statement "Modern Slavery Statutory Guidance", HC Deb 13 December 2022 vol 724 (minimum recovery period 30 days rather than 45, effective 13 December 2022)';
const SCOT_ACT = 'Human Trafficking and Exploitation (Scotland) Act 2015';
const SCOT_REGS = 'Human Trafficking and Exploitation (Scotland) Act 2015 (Support for Victims) Regulations 2018 (SSI 2018/90), in force 1 April 2018';
const NI_ACT = 'Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015';
const ECAT = 'Council of Europe Convention on Action against Trafficking in Human Beings (CETS 197, in force 1 February 2008)';
/** The only public figure for a Place of Safety stay (it is not in the statutory guidance). */
const PLACES_OF_SAFETY_2020_REF = 'Home Office press release "New contract to deliver improved support for modern slavery victims", 29 June 2020';
const PLACES_OF_SAFETY_2020 = `${PLACES_OF_SAFETY_2020_REF} (award of the Modern Slavery Victim Care Contract for England and Wales): Places of Safety, to be tested with law enforcement, give the most vulnerable victims rescued from exploitation a safe place for up to three working days to consider whether to enter the NRM`;
/** The national Places of Safety model was announced (2017, 2020) but never commissioned. */
const PLACES_OF_SAFETY_DROPPED_REF =
  'Home Office modern slavery stakeholder newsletter of 1 November 2023, reported by Civil Service World, "Home Office drops modern slavery support measures over \'viability and funding\'"';
const PLACES_OF_SAFETY_DROPPED = `${PLACES_OF_SAFETY_DROPPED_REF}: the Places of Safety model is not taken forward`;
/** Corroboration of the 9 working days found in public copies; the guidance paragraph itself is not quoted. */
const NRPF_EXIT =
  'NRPF Network, "Ending MSVCC support for survivors of trafficking and modern slavery": up to 14 days of move-on support after a negative conclusive grounds decision';

function englandWales(jurisdiction: Jurisdiction.ENGLAND | Jurisdiction.WALES): NrmPolicyVersion[] {
  const common = {
    jurisdiction,
    recoveryPeriodStart: RecoveryPeriodStart.POSITIVE_RG,
    supportContinuesUntilCg: true,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: 45,
    moveOnExtendable: true,
    negativeDecisionSupportWorkingDays: 9,
    placeOfSafetyMaxWorkingDays: 3,
  };
  const sources = {
    recoveryPeriodStart: `${MSSG}: the recovery period follows a positive reasonable grounds decision`,
    supportContinuesUntilCg: `${MSSG}: support continues until the conclusive grounds decision; ${HANSARD_2022}`,
    rgTargetWorkingDays: `${MSSG}: reasonable grounds decision within 5 working days where possible; ${FACTS} reasonable_grounds_target = 5 working days`,
    cgMinimumGapDays: `${MSSG}: no conclusive grounds decision before 30 days after the reasonable grounds decision; ${FACTS} conclusive_grounds_earliest = 30 days after RG decision`,
    moveOnDays: `${MSSG}: at least 45 days of move-on support after a positive conclusive grounds decision; ${FACTS} move_on_period_after_positive_cg = 45 days`,
    moveOnExtendable: `${MSSG}: a Recovery Needs Assessment may extend support; ${FACTS} move_on_period_after_positive_cg notes "extendable after a recovery needs assessment"`,
    negativeDecisionSupportWorkingDays: `${MSSG} (support through the Modern Slavery Victim Care Contract): 9 working days of move-on support after a negative reasonable grounds or conclusive grounds decision; corroborated by ${NRPF_EXIT}, which 9 working days (11 to 13 calendar days without bank holidays) falls within`,
    placeOfSafetyMaxWorkingDays: `${PLACES_OF_SAFETY_2020}. ${PLACES_OF_SAFETY_DROPPED}; no national Place of Safety service exists, so this is the bound Harbour applies to a Place of Safety stay that its own shelters offer`,
  };
  return [
    {
      ...common,
      effectiveFrom: '2009-04-01',
      recoveryPeriodDays: 45,
      sources: {
        ...sources,
        recoveryPeriodDays: `${FACTS} recovery_period_england_wales = 45 days, period 2009-2022 (the NRM began on 1 April 2009); the other values of this version are those of the current guidance`,
      },
    },
    {
      ...common,
      effectiveFrom: '2022-12-13',
      recoveryPeriodDays: 30,
      sources: {
        ...sources,
        recoveryPeriodDays: `${HANSARD_2022}; ${FACTS} recovery_period_england_wales notes "minimum 30 days in guidance from 2022-12-13"; ${ECAT} art. 13 (at least 30 days)`,
      },
    },
  ];
}

/**
 * The versions Harbour starts with, one or two per jurisdiction, each value
 * with its source. Frozen: add versions, never change these.
 */
export const NRM_POLICY_SEED: readonly NrmPolicyVersion[] = Object.freeze([
  ...englandWales(Jurisdiction.ENGLAND),
  ...englandWales(Jurisdiction.WALES),
  {
    jurisdiction: Jurisdiction.SCOTLAND,
    effectiveFrom: '2018-04-01',
    recoveryPeriodStart: RecoveryPeriodStart.POSITIVE_RG,
    recoveryPeriodDays: 90,
    supportContinuesUntilCg: false,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: null,
    moveOnExtendable: false,
    negativeDecisionSupportWorkingDays: 0,
    placeOfSafetyMaxWorkingDays: null,
    sources: {
      recoveryPeriodStart: `${SCOT_ACT} s.9(2)(a): the relevant period begins on the reasonable grounds determination`,
      recoveryPeriodDays: `${SCOT_REGS} reg. 2: 90 days; ${FACTS} recovery_period_scotland = 90 days`,
      supportContinuesUntilCg: `${SCOT_ACT} s.9(2)(b): the duty ends at the earlier of the 90 days and the conclusive determination; support until the conclusive determination after that is discretionary (s.9(3)(b))`,
      rgTargetWorkingDays: `${MSSG} (non-statutory for Scotland; the UK competent authorities decide): 5 working days; ${FACTS} reasonable_grounds_target`,
      cgMinimumGapDays: `${MSSG} (non-statutory for Scotland): 30 days; ${FACTS} conclusive_grounds_earliest`,
      moveOnDays: `${SCOT_ACT} s.9(3)(c): support after the conclusive determination is for such period as the Scottish Ministers think appropriate (no period set)`,
      moveOnExtendable: `${SCOT_ACT} s.9(3)(c): no statutory move-on period to extend`,
      negativeDecisionSupportWorkingDays: `${SCOT_ACT} s.9(2)(b)(ii): the duty ends on the conclusive determination`,
      placeOfSafetyMaxWorkingDays: `No Place of Safety period is set here: the Places of Safety of the ${PLACES_OF_SAFETY_2020_REF} were for the Modern Slavery Victim Care Contract of England and Wales, and were not taken forward (${PLACES_OF_SAFETY_DROPPED_REF})`,
    },
  },
  {
    jurisdiction: Jurisdiction.NORTHERN_IRELAND,
    effectiveFrom: '2015-01-13',
    recoveryPeriodStart: RecoveryPeriodStart.POSITIVE_RG,
    recoveryPeriodDays: 45,
    supportContinuesUntilCg: true,
    rgTargetWorkingDays: 5,
    cgMinimumGapDays: 30,
    moveOnDays: null,
    moveOnExtendable: false,
    negativeDecisionSupportWorkingDays: 0,
    placeOfSafetyMaxWorkingDays: null,
    sources: {
      recoveryPeriodStart: `${NI_ACT} s.18(4): the relevant period runs from the reasonable grounds determination (Royal Assent 13 January 2015)`,
      recoveryPeriodDays: `${NI_ACT} s.18(4): 45 days, or such longer period as the Department thinks necessary`,
      supportContinuesUntilCg: `${NI_ACT} s.18(3): support until a negative reasonable grounds determination or a conclusive determination`,
      rgTargetWorkingDays: `${MSSG} (non-statutory for Northern Ireland): 5 working days; ${FACTS} reasonable_grounds_target`,
      cgMinimumGapDays: `${MSSG} (non-statutory for Northern Ireland): 30 days; ${FACTS} conclusive_grounds_earliest`,
      moveOnDays: `${NI_ACT} s.18(3): a positive conclusive determination within the 45 days keeps support to their end; no move-on period beyond`,
      moveOnExtendable: `${NI_ACT} s.18: no statutory move-on period to extend`,
      negativeDecisionSupportWorkingDays: `${NI_ACT} s.18(3)(a),(b): support ends with the negative determination`,
      placeOfSafetyMaxWorkingDays: `No Place of Safety period is set here: the Places of Safety of the ${PLACES_OF_SAFETY_2020_REF} were for the Modern Slavery Victim Care Contract of England and Wales, and were not taken forward (${PLACES_OF_SAFETY_DROPPED_REF})`,
    },
  },
  {
    jurisdiction: Jurisdiction.GENERIC_ECAT,
    effectiveFrom: '2008-02-01',
    recoveryPeriodStart: RecoveryPeriodStart.POSITIVE_RG,
    recoveryPeriodDays: 30,
    supportContinuesUntilCg: false,
    rgTargetWorkingDays: null,
    cgMinimumGapDays: null,
    moveOnDays: null,
    moveOnExtendable: false,
    negativeDecisionSupportWorkingDays: null,
    placeOfSafetyMaxWorkingDays: null,
    sources: {
      recoveryPeriodStart: `${ECAT} art. 13(1): when there are reasonable grounds to believe the person is a victim`,
      recoveryPeriodDays: `${ECAT} art. 13(1): a recovery and reflection period of at least 30 days`,
      supportContinuesUntilCg: `${ECAT} art. 13: sets only the minimum period`,
      rgTargetWorkingDays: `${ECAT}: sets no decision target`,
      cgMinimumGapDays: `${ECAT}: sets no minimum gap`,
      moveOnDays: `${ECAT} art. 14: a renewable residence permit instead (${FACTS} residence_permit_length = 12 months)`,
      moveOnExtendable: `${ECAT}: no move-on period`,
      negativeDecisionSupportWorkingDays: `${ECAT}: sets no period`,
      placeOfSafetyMaxWorkingDays: `${ECAT}: no Place of Safety stay defined`,
    },
  },
] satisfies NrmPolicyVersion[]);

function checkCount(v: unknown, field: string, min: number, max: number, nullable: boolean): void {
  if (v === null && nullable) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new DomainError('INVALID_INPUT', `${field} must be a whole number from ${min} to ${max}${nullable ? ', or null' : ''}`, field);
  }
}

/**
 * Checks a policy version's values (bounds below); returns it with a checked `effectiveFrom`.
 * Bounds: recoveryPeriodDays 30..365 (never below the ECAT art. 13 minimum),
 * rgTargetWorkingDays 1..60, cgMinimumGapDays 0..365, moveOnDays 1..365,
 * negativeDecisionSupportWorkingDays 0..60, placeOfSafetyMaxWorkingDays 1..10.
 * @throws DomainError INVALID_INPUT naming the field
 */
export function validatePolicyVersion<T extends Omit<NrmPolicyVersion, 'sources'>>(v: T): T {
  if (!Object.values(Jurisdiction).includes(v.jurisdiction)) {
    throw new DomainError('INVALID_INPUT', `jurisdiction must be one of ${Object.values(Jurisdiction).join(', ')}`, 'jurisdiction');
  }
  const effectiveFrom = parseCalendarDate(v.effectiveFrom, 'effectiveFrom');
  if (!Object.values(RecoveryPeriodStart).includes(v.recoveryPeriodStart)) {
    throw new DomainError('INVALID_INPUT', `recoveryPeriodStart must be one of ${Object.values(RecoveryPeriodStart).join(', ')}`, 'recoveryPeriodStart');
  }
  checkCount(v.recoveryPeriodDays, 'recoveryPeriodDays', 30, 365, false);
  checkCount(v.rgTargetWorkingDays, 'rgTargetWorkingDays', 1, 60, true);
  checkCount(v.cgMinimumGapDays, 'cgMinimumGapDays', 0, 365, true);
  checkCount(v.moveOnDays, 'moveOnDays', 1, 365, true);
  checkCount(v.negativeDecisionSupportWorkingDays, 'negativeDecisionSupportWorkingDays', 0, 60, true);
  checkCount(v.placeOfSafetyMaxWorkingDays, 'placeOfSafetyMaxWorkingDays', 1, 10, true);
  for (const f of ['supportContinuesUntilCg', 'moveOnExtendable'] as const) {
    if (typeof v[f] !== 'boolean') throw new DomainError('INVALID_INPUT', `${f} must be true or false`, f);
  }
  return { ...v, effectiveFrom };
}

/**
 * The version of `jurisdiction` in force on `date`: the one with the latest
 * `effectiveFrom` on or before `date`. A date before the first version gets the
 * first version (the earliest rules Harbour knows).
 * @throws DomainError INVALID_INPUT (`date`; `jurisdiction` when it has no version at all)
 */
export function policyInForce<V extends Pick<NrmPolicyVersion, 'jurisdiction' | 'effectiveFrom'>>(
  versions: readonly V[],
  jurisdiction: Jurisdiction,
  date: CalendarDate,
): V {
  const d = parseCalendarDate(date, 'date');
  const mine = versions.filter((v) => v.jurisdiction === jurisdiction).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  if (mine.length === 0) throw new DomainError('INVALID_INPUT', `No NRM policy version for ${jurisdiction}`, 'jurisdiction');
  let chosen = mine[0];
  for (const v of mine) if (v.effectiveFrom <= d) chosen = v;
  return chosen;
}
