import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { AccessibilityFeature, AgeBand, ExploitationType, Gender, ReferralStatus, Urgency } from '@harbour/domain';
import { ReferralEntity, StoredProvisionFinding } from '@harbour/core';
import '../enums';
import { Agency } from './agency.type';
import { Connection } from './connection';
import { Decision } from './decision.type';
import { Dependant } from './dependant.type';
import { Hold } from './hold.type';
import { Placement } from './placement.type';

@ObjectType({
  description:
    'A request for safe accommodation for one household (the referred person plus any dependants). Stores no name and no date of birth. Referral officers see only their own agency’s referrals; shelter staff those held or placed with them.',
})
export class Referral {
  @Field(() => ID, { description: 'Referral id (UUID).' })
  id: string;

  @Field(() => ID, { description: 'The referring agency.' })
  agencyId: string;

  @Field(() => Agency, { nullable: true, description: 'The referring agency (its webhook only for coordinators).' })
  agency: Agency | null;

  @Field({ description: 'The agency’s own non-identifying reference; unique per agency.' })
  agencyReference: string;

  @Field({ description: 'Initials, 1-4 capital letters (no names are stored).' })
  initials: string;

  @Field(() => AgeBand, { description: 'Age band of the referred person.' })
  ageBand: AgeBand;

  @Field(() => Gender, { description: 'Self-identified gender of the referred person.' })
  gender: Gender;

  @Field(() => [String], { description: 'Languages spoken, lower-case.' })
  languages: string[];

  @Field(() => [ExploitationType], { description: 'Exploitation types (NRM).' })
  exploitationTypes: ExploitationType[];

  @Field(() => [Dependant], { description: 'Dependants who move with the referred person; household size is 1 + this many.' })
  dependants: Dependant[];

  @Field(() => [AccessibilityFeature], { description: 'Accessibility needs; the room must have every one (hard rule).' })
  accessibilityNeeds: AccessibilityFeature[];

  @Field(() => [String], { description: 'Region codes the household must never be placed in (traffickers’ area; hard rule).' })
  exclusionRegions: string[];

  @Field(() => [String], { description: 'Preferred region codes, best first (scored).' })
  preferredRegions: string[];

  @Field(() => [String], { description: 'When non-empty, the only region codes the household may be placed in (hard rule).' })
  acceptableRegions: string[];

  @Field(() => Urgency, { description: 'How soon a bed is needed; orders the waitlist.' })
  urgency: Urgency;

  @Field({ description: 'The referred person consented to the referral (always true for adults).' })
  consentGiven: boolean;

  @Field(() => String, { nullable: true, description: 'Language an interpreter is needed for; null: none (the shelter sees it on the hold).' })
  interpreterLanguage: string | null;

  @Field({ description: 'The person needs transport to the safe house.' })
  transportNeeded: boolean;

  @Field(() => String, { nullable: true, description: 'The officer’s call-back contact for the shelter; null: none given.' })
  callbackContact: string | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the retention policy anonymised this closed referral (initials, reference, languages, notes and regions cleared).',
  })
  anonymisedAt: Date | null;

  @Field(() => ReferralStatus, { description: 'Where the referral is in its life.' })
  status: ReferralStatus;

  @Field(() => GraphQLISODateTime, { description: 'When the referral was created.' })
  createdAt: Date;

  @Field(() => [Decision], { description: 'NRM decisions recorded, oldest first.' })
  decisions: Decision[];

  @Field(() => Hold, { nullable: true, description: 'The ACTIVE hold (a bed reserved awaiting arrival), if any.' })
  activeHold: Hold | null;

  @Field(() => Placement, { nullable: true, description: 'The placement, once the household has arrived.' })
  placement: Placement | null;

  @Field(() => Int, { nullable: true, description: 'Position (1 = next) on the waitlist while WAITLISTED; null otherwise.' })
  waitlistPosition: number | null;

  /** Not a field: the stored provision finding, for the `noSuitableProvision` field resolver. */
  provisionFinding: StoredProvisionFinding | null;

  /** Not a field: when the provision check last ran. */
  provisionCheckedAt: Date | null;
}

@ObjectType({ description: 'A page of referrals, newest first.' })
export class ReferralConnection extends Connection(Referral, 'Referral') {}

export function toReferral(e: ReferralEntity): Referral {
  const r = new Referral();
  Object.assign(r, {
    id: e.id,
    agencyId: e.agencyId,
    agencyReference: e.agencyReference,
    initials: e.initials,
    ageBand: e.ageBand,
    gender: e.gender,
    languages: e.languages,
    exploitationTypes: e.exploitationTypes,
    dependants: e.dependants.map((d) => ({ ageBand: d.ageBand, gender: d.gender ?? null })),
    accessibilityNeeds: e.accessibilityNeeds,
    exclusionRegions: e.exclusionRegions,
    preferredRegions: e.preferredRegions,
    acceptableRegions: e.acceptableRegions,
    urgency: e.urgency,
    consentGiven: e.consentGiven,
    interpreterLanguage: e.interpreterLanguage ?? null,
    transportNeeded: e.transportNeeded ?? false,
    callbackContact: e.callbackContact ?? null,
    anonymisedAt: e.anonymisedAt,
    status: e.status,
    createdAt: e.createdAt,
    provisionFinding: e.provisionFinding ?? null,
    provisionCheckedAt: e.provisionCheckedAt ?? null,
  });
  return r;
}
