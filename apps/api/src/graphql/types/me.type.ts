import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '@harbour/domain';
import { Principal } from '@harbour/core';
import '../enums';

@ObjectType({ description: 'The caller, as the verified bearer token names them.' })
export class Me {
  @Field({ description: 'Token subject: a stable, non-personal user id.' })
  sub: string;

  @Field(() => Role, { description: 'The role the caller acts as.' })
  role: Role;

  @Field(() => [ID], { description: 'SHELTER_STAFF: the shelters the caller may act for (token `shelterIds`); empty otherwise.' })
  shelterIds: string[];

  @Field(() => ID, { nullable: true, description: 'REFERRAL_OFFICER: the agency the caller refers for (token `agencyId`); null otherwise.' })
  agencyId: string | null;
}

export function toMe(p: Principal): Me {
  return { sub: p.sub, role: p.role, shelterIds: p.shelterIds, agencyId: p.agencyId };
}
