import { Field, GraphQLISODateTime, Int, ObjectType } from '@nestjs/graphql';
import { AccessibilityFeature, GenderPolicy, HardRule } from '@harbour/domain';
import { StoredProvisionFinding } from '@harbour/core';
import '../enums';
import { Referral } from './referral.type';

@ObjectType({ description: 'One hard rule that rules out shelters for this household, and how many (a shelter may be ruled out by several rules).' })
export class ProvisionExclusion {
  @Field(() => HardRule, { description: 'The hard rule (libs/domain eligibility.ts).' })
  rule: HardRule;

  @Field(() => Int, { description: 'Shelters this rule rules out on its own: every room of each breaks it, even with every bed free.' })
  shelters: number;

  @Field({ description: 'What the rule asks of a shelter for this household, e.g. "the shelter does not take families (household of 3)".' })
  detail: string;
}

@ObjectType({ description: 'The provision that would take the household (from the referral alone).' })
export class ProvisionNeed {
  @Field(() => Int, { description: 'Beds needed in ONE room: the household size.' })
  beds: number;

  @Field(() => [GenderPolicy], { description: 'Gender policies that would take every adult of the household; empty when none would.' })
  genderPolicies: GenderPolicy[];

  @Field({ description: 'A shelter that takes families is needed (household of more than one).' })
  family: boolean;

  @Field({ description: 'A shelter that takes minors is needed (the referred person is under 18).' })
  minors: boolean;

  @Field(() => [AccessibilityFeature], { description: 'Features the room must have.' })
  accessibility: AccessibilityFeature[];

  @Field(() => [String], { description: 'Acceptable region codes (normalised); empty = any region not excluded.' })
  regions: string[];

  @Field(() => [String], { description: 'Exclusion areas (normalised region codes).' })
  excludedRegions: string[];

  @Field({ description: 'One line for people, e.g. "no family room for 3 in a WOMEN_ONLY or MIXED shelter in the acceptable regions (NORTH)".' })
  missing: string;
}

@ObjectType({
  description:
    'No open room in the network could take this household even if every bed were free (docs/waiting.md). The referral is kept (OPEN, not waitlisted: refer on or find provision), its regions’ coordinators are told, and the next requestPlacement checks again.',
})
export class NoSuitableProvision {
  @Field(() => Referral, { description: 'The referral, kept OPEN.' })
  referral: Referral;

  @Field(() => GraphQLISODateTime, { description: 'When the check was made.' })
  checkedAt: Date;

  @Field(() => Int, { description: 'Shelters in the network looked at (open or not).' })
  sheltersConsidered: number;

  @Field(() => [ProvisionExclusion], { description: 'Each hard rule that rules out shelters, most shelters first.' })
  exclusions: ProvisionExclusion[];

  @Field(() => Int, {
    description: 'Shelters whose every room breaks some rule, but no one rule in all of them (e.g. one room too small, the other not accessible).',
  })
  excludedOnlyByCombination: number;

  @Field(() => ProvisionNeed, { description: 'What provision would take the household.' })
  need: ProvisionNeed;

  @Field(() => [String], { description: 'Regions whose coordinators were told (acceptable, else preferred regions); empty = network-wide.' })
  notifiedRegions: string[];
}

/** The GraphQL result for `finding`, a stored finding of `referral` made at `checkedAt`. */
export function toNoSuitableProvision(referral: Referral, finding: StoredProvisionFinding, checkedAt: Date): NoSuitableProvision {
  return Object.assign(new NoSuitableProvision(), {
    referral,
    checkedAt,
    sheltersConsidered: finding.sheltersConsidered,
    exclusions: finding.exclusions.map((e) => Object.assign(new ProvisionExclusion(), e)),
    excludedOnlyByCombination: finding.excludedOnlyByCombination,
    need: Object.assign(new ProvisionNeed(), finding.need),
    notifiedRegions: finding.notifiedRegions,
  });
}
