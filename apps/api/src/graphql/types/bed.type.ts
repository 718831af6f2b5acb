import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { BedStatus } from '@harbour/domain';
import { BedEntity } from '@harbour/core';
import '../enums';

@ObjectType({ description: 'One bed space.' })
export class Bed {
  @Field(() => ID, { description: 'Bed id (UUID).' })
  id: string;

  @Field({ description: 'Bed label, `<room label>-<n>`.' })
  label: string;

  @Field(() => BedStatus, { description: 'Live status.' })
  status: BedStatus;

  @Field(() => String, { nullable: true, description: 'Why the bed is OUT_OF_SERVICE; null otherwise.' })
  outOfServiceReason: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Calendar date (YYYY-MM-DD, jurisdiction time zone) an OUT_OF_SERVICE bed is expected back; null otherwise.',
  })
  expectedReturn: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the status last changed: how fresh the availability is.' })
  statusChangedAt: Date;
}

export function toBed(e: BedEntity): Bed {
  return {
    id: e.id,
    label: e.label,
    status: e.status,
    outOfServiceReason: e.outOfServiceReason,
    expectedReturn: e.expectedReturn,
    statusChangedAt: e.statusChangedAt,
  };
}
