/**
 * "No suitable provision" (issue 9, "No silent waiting"): can ANY room in the
 * network take this household, if every bed in it were free?
 *
 * A household that no room could ever take must not be put on the waitlist,
 * where it would wait for a bed that can never come: the referring officer is
 * told to refer on, and the coordinators are told what provision is missing.
 *
 * The rules are the hard rules of {@link checkEligibility}, unchanged: every
 * room is checked as if it were empty (its free beds = all its beds, whatever
 * their status, out of service included; no current occupants). So this can
 * never disagree with matching about what a room could take; it only ignores
 * who is in the room today.
 *
 * Counting "how many shelters a rule rules out": a rule rules out a shelter
 * when EVERY room of the shelter breaks it (a shelter with no rooms is seen as
 * one room with no beds and no features). Shelter-wide rules (gender policy,
 * families, minors, regions, closed) then count each shelter they apply to;
 * room rules (too small, accessibility) count a shelter only if none of its
 * rooms passes them. A shelter whose every room breaks some rule, but no single
 * rule in all rooms (one room too small, the other not accessible), is counted
 * in `excludedOnlyByCombination`.
 */
import { checkEligibility, genderPolicyRefuses, HardRule, normaliseRegionCode } from './eligibility';
import { adultAgeBands } from './room-sharing';
import { AccessibilityFeature, AgeBand, GenderPolicy, ReferralProfile, ShelterProfile, householdSize, isMinor } from './model';

/** One room as built: its features and how many bed spaces it has in all (any status). */
export interface ProvisionRoom {
  accessibilityFeatures: AccessibilityFeature[];
  /** Every bed space in the room, whatever its status (>= 0). */
  beds: number;
}

/** One shelter of the network with all its rooms. */
export interface ProvisionShelter {
  id: string;
  /** The shelter as matching sees it (`usedBeds`/`totalBeds` are not used here). */
  profile: ShelterProfile;
  rooms: readonly ProvisionRoom[];
}

/** How many shelters one hard rule rules out on its own (every room of each breaks it). */
export interface ProvisionExclusion {
  rule: HardRule;
  /** Shelters this rule rules out (a shelter may be ruled out by several rules; counts overlap). */
  shelters: number;
  /** What the rule asks of a shelter for this household (no personal data). */
  detail: string;
}

/** What provision would take the household (derived from the referral alone). */
export interface ProvisionNeed {
  /** Beds needed in ONE room: the household size. */
  beds: number;
  /** Gender policies that would take every adult of the household. Empty: none would (see GENDER_POLICY detail). */
  genderPolicies: GenderPolicy[];
  /** A shelter that takes families (household of more than one). */
  family: boolean;
  /** A shelter that takes minors (the referred person is under 18). */
  minors: boolean;
  /** Accessibility features the room must have. */
  accessibility: AccessibilityFeature[];
  /** Normalised acceptable regions; empty = any region not excluded. */
  regions: string[];
  /** Normalised exclusion areas. */
  excludedRegions: string[];
  /** One line, e.g. "no family room for 3 in a WOMEN_ONLY or MIXED shelter in the acceptable regions (NORTH)". */
  missing: string;
}

/**
 * What turned a household away, as reports count it (docs/reports.md,
 * "Turnaways"): a hard rule, COMBINATION_OF_RULES (each reachable shelter
 * breaks some rule in every room, but no single rule explains it), or
 * NO_SHELTERS (the network has none).
 */
export type BlockingRule = HardRule | 'COMBINATION_OF_RULES' | 'NO_SHELTERS';

/** Result of {@link assessProvision}. */
export interface ProvisionAssessment {
  /** True when at least one room of an open shelter could take the household if it were empty. */
  suitable: boolean;
  /** Shelters looked at (every shelter given, open or not). */
  sheltersConsidered: number;
  /** Shelters with at least one room that could take the household. */
  suitableShelters: number;
  /** Each hard rule that rules out at least one shelter, most shelters first, then in {@link HardRule} order. */
  exclusions: ProvisionExclusion[];
  /** Shelters whose rooms each break some rule, but no single rule is broken by all of them. */
  excludedOnlyByCombination: number;
  /** The one rule a report names for the turnaway (see {@link blockingRuleOf}); null when suitable. */
  blockingRule: BlockingRule | null;
  need: ProvisionNeed;
}

const RULE_ORDER = Object.values(HardRule) as string[];

/** Rules about where a shelter is: they say the household cannot go there, not what is missing there. */
const GEOGRAPHY: readonly string[] = [HardRule.OUTSIDE_ACCEPTABLE_REGIONS, HardRule.EXCLUSION_AREA];

/**
 * The rule that blocked a household, from the rules that rule out each
 * shelter of the network (every room of the shelter breaks them; an empty set
 * for a shelter ruled out only by a combination). One rule per household, so a
 * report's turnaways by reason add up to its turnaways:
 *
 * 1. The shelters the household could go to are those not ruled out by
 *    geography (OUTSIDE_ACCEPTABLE_REGIONS, EXCLUSION_AREA). Among the open
 *    ones, the rule that rules out the most is the blocker (ties: HardRule
 *    order; COMBINATION_OF_RULES counts the shelters ruled out only by a
 *    combination, and loses ties). This is what would have to change where
 *    the household can be placed: "the rule that rules out the most shelters"
 *    of the whole network is, for a household with acceptable regions, nearly
 *    always OUTSIDE_ACCEPTABLE_REGIONS, which says nothing about what is missing.
 * 2. If every shelter it could go to is closed: SHELTER_CLOSED.
 * 3. If geography rules out every shelter: OUTSIDE_ACCEPTABLE_REGIONS when it
 *    rules out any, else EXCLUSION_AREA.
 * 4. No shelter at all: NO_SHELTERS.
 */
export function blockingRuleOf(ruledOutBy: ReadonlyArray<ReadonlySet<string>>): BlockingRule {
  if (ruledOutBy.length === 0) return 'NO_SHELTERS';
  const reachable = ruledOutBy.filter((rules) => !GEOGRAPHY.some((g) => rules.has(g)));
  if (reachable.length === 0) {
    return ruledOutBy.some((rules) => rules.has(HardRule.OUTSIDE_ACCEPTABLE_REGIONS)) ? HardRule.OUTSIDE_ACCEPTABLE_REGIONS : HardRule.EXCLUSION_AREA;
  }
  const open = reachable.filter((rules) => !rules.has(HardRule.SHELTER_CLOSED));
  if (open.length === 0) return HardRule.SHELTER_CLOSED;
  const count = new Map<string, number>();
  for (const rules of open) {
    if (rules.size === 0) count.set('COMBINATION_OF_RULES', (count.get('COMBINATION_OF_RULES') ?? 0) + 1);
    for (const rule of rules) count.set(rule, (count.get(rule) ?? 0) + 1);
  }
  const order = (r: string) => (r === 'COMBINATION_OF_RULES' ? RULE_ORDER.length : RULE_ORDER.indexOf(r));
  return [...count].sort((a, b) => b[1] - a[1] || order(a[0]) - order(b[0]))[0][0] as BlockingRule;
}

/**
 * Gender policies that would take the whole household, judged by the same
 * predicate as the GENDER_POLICY rule (eligibility.ts genderPolicyRefuses):
 * the referred person and every adult dependant, an adult dependant with no
 * recorded gender only by MIXED; children are exempt.
 */
export function acceptableGenderPolicies(referral: Pick<ReferralProfile, 'gender' | 'dependants'>): GenderPolicy[] {
  return Object.values(GenderPolicy).filter((policy) => genderPolicyRefuses(policy, referral).length === 0);
}

/** What provision would take the household, from its profile alone (see {@link ProvisionNeed}). */
export function provisionNeed(referral: ReferralProfile): ProvisionNeed {
  const beds = householdSize(referral);
  const regions = [...new Set((referral.acceptableRegions ?? []).map(normaliseRegionCode))].sort();
  const excludedRegions = [...new Set(referral.exclusionRegions.map(normaliseRegionCode))].sort();
  const genderPolicies = acceptableGenderPolicies(referral);
  const accessibility = [...new Set(referral.accessibilityNeeds)].sort();
  const family = beds > 1;
  const minors = isMinor(referral.ageBand);
  const parts = [
    family ? `family room for ${beds}` : 'room',
    accessibility.length ? `with ${accessibility.join(', ')}` : null,
    genderPolicies.length ? `in a ${genderPolicies.join(' or ')} shelter` : 'in a shelter whose gender policy takes every adult of the household',
    minors ? 'that takes minors' : null,
    regions.length
      ? `in the acceptable regions (${regions.filter((r) => !excludedRegions.includes(r)).join(', ')})`
      : excludedRegions.length
        ? `outside the exclusion areas (${excludedRegions.join(', ')})`
        : 'anywhere in the network',
  ].filter((p): p is string => p !== null);
  return { beds, genderPolicies, family, minors, accessibility, regions, excludedRegions, missing: `no ${parts.join(' ')}` };
}

/** What each rule asks of a shelter for this household (the `detail` of an exclusion). */
function ruleDetail(rule: HardRule, need: ProvisionNeed, fallback: string, adultAges: readonly AgeBand[]): string {
  switch (rule) {
    case HardRule.SHELTER_CLOSED:
      return 'the shelter is not OPEN';
    case HardRule.GENDER_POLICY:
      return need.genderPolicies.length
        ? `the shelter's gender policy is not ${need.genderPolicies.join(' or ')}`
        : 'no gender policy takes every adult of the household';
    case HardRule.FAMILY_NOT_ACCEPTED:
      return `the shelter does not take families (household of ${need.beds})`;
    case HardRule.ROOM_TOO_SMALL:
      return `no room has ${need.beds} bed(s) even when empty`;
    case HardRule.ACCESSIBILITY:
      return `no room has ${need.accessibility.join(', ')}`;
    case HardRule.EXCLUSION_AREA:
      return `the shelter is in an exclusion area (${need.excludedRegions.join(', ')})`;
    case HardRule.OUTSIDE_ACCEPTABLE_REGIONS:
      return `the shelter is outside the acceptable regions (${need.regions.join(', ')})`;
    case HardRule.MINOR_NOT_ACCEPTED:
      return 'the shelter does not take minors';
    case HardRule.ADULT_NOT_ACCEPTED:
      // Shelters differ (no adults at all, or up to their own adultMaxAge): no one shelter's limit speaks for all.
      return `the shelter is for minors and takes no adult aged ${adultAges.join(', ')}`;
    default:
      return fallback;
  }
}

/**
 * Whether any room of the network could take the household if every bed were
 * free, and if not, why not: each hard rule with the number of shelters it
 * rules out, and what provision would fit. Pure; deterministic for the same
 * input (shelter order does not change the counts).
 *
 * Every room is checked with {@link checkEligibility} as if empty (free beds =
 * `room.beds`). See the file header for how shelters are counted.
 * @throws DomainError INVALID_INPUT (`room.availableBeds`) for a room whose `beds` is not a non-negative integer.
 */
export function assessProvision(referral: ReferralProfile, shelters: readonly ProvisionShelter[]): ProvisionAssessment {
  const need = provisionNeed(referral);
  const ruledOut = new Map<string, { shelters: number; message: string }>();
  let suitableShelters = 0;
  let combination = 0;
  const ruledOutBy: Set<string>[] = [];
  for (const shelter of shelters) {
    const rooms = shelter.rooms.length ? shelter.rooms : [{ accessibilityFeatures: [], beds: 0 }];
    let everyRoom = null as Map<string, string> | null;
    let anyFits = false;
    for (const room of rooms) {
      const result = checkEligibility(referral, shelter.profile, {
        accessibilityFeatures: room.accessibilityFeatures,
        availableBeds: room.beds,
        occupants: [],
      });
      if (result.eligible) {
        anyFits = true;
        break;
      }
      const broken = new Map(result.violations.map((v) => [v.rule as string, v.message]));
      everyRoom = everyRoom === null ? broken : new Map([...everyRoom].filter((entry: [string, string]) => broken.has(entry[0])));
    }
    if (anyFits) {
      suitableShelters++;
      continue;
    }
    ruledOutBy.push(new Set(everyRoom?.keys() ?? []));
    if (!everyRoom || everyRoom.size === 0) {
      combination++;
      continue;
    }
    for (const [rule, message] of everyRoom) {
      const seen = ruledOut.get(rule);
      ruledOut.set(rule, { shelters: (seen?.shelters ?? 0) + 1, message: seen?.message ?? message });
    }
  }
  const exclusions = [...ruledOut]
    .map(([rule, { shelters: n, message }]) => ({
      rule: rule as HardRule,
      shelters: n,
      detail: ruleDetail(rule as HardRule, need, message, adultAgeBands(referral)),
    }))
    .sort((a, b) => b.shelters - a.shelters || RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule));
  return {
    suitable: suitableShelters > 0,
    sheltersConsidered: shelters.length,
    suitableShelters,
    exclusions,
    excludedOnlyByCombination: combination,
    blockingRule: suitableShelters > 0 ? null : blockingRuleOf(ruledOutBy),
    need,
  };
}

/**
 * The regions whose coordinators are told about this household (no suitable
 * provision, escalations): its acceptable regions when it has any, else its
 * preferred regions, in both cases without its exclusion areas; empty = the
 * whole network (coordinators without a region: COORDINATOR_WEBHOOK_URL).
 * Normalised, de-duplicated, in the referral's order.
 */
export function affectedRegions(referral: Pick<ReferralProfile, 'acceptableRegions' | 'preferredRegions' | 'exclusionRegions'>): string[] {
  const excluded = new Set(referral.exclusionRegions.map(normaliseRegionCode));
  const pick = (codes: readonly string[]) => [...new Set(codes.map(normaliseRegionCode))].filter((c) => !excluded.has(c));
  const acceptable = pick(referral.acceptableRegions ?? []);
  return acceptable.length ? acceptable : pick(referral.preferredRegions);
}
