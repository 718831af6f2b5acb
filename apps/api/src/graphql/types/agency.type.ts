import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { AgencyEntity, AgencyKind } from '@harbour/core';
import '../enums';

@ObjectType({ description: 'A first responder (referring agency) whose referral officers create referrals.' })
export class Agency {
  @Field(() => ID, { description: 'Agency id (UUID); the `agencyId` claim of its officers’ tokens.' })
  id: string;

  @Field({ description: 'Unique name of the organisation.' })
  name: string;

  @Field(() => AgencyKind, { description: 'Kind of first responder.' })
  kind: AgencyKind;

  @Field(() => String, { nullable: true, description: 'Webhook that receives this agency’s notifications. Coordinators only: null for everyone else.' })
  webhookUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Contact email that receives this agency’s notifications. Coordinators only: null for everyone else.' })
  email: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the agency was created.' })
  createdAt: Date;
}

export function toAgency(e: AgencyEntity): Agency {
  return { id: e.id, name: e.name, kind: e.kind, webhookUrl: e.webhookUrl, email: e.email, createdAt: e.createdAt };
}
