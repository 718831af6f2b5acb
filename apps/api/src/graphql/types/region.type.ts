import { Field, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { RegionEntity } from '@harbour/core';
import { Jurisdiction } from '@harbour/domain';
import '../enums';

@ObjectType({ description: 'A region: the unit of exclusion areas, preferences and capacity alerts.' })
export class Region {
  @Field({ description: 'Region code, e.g. `LONDON` or `CA-500` (1-32 letters, digits or dashes).' })
  code: string;

  @Field({ description: 'Display name.' })
  name: string;

  @Field(() => [String], {
    nullable: true,
    description:
      'Email addresses of the region’s coordinators (its capacity alerts go to each). Coordinators only: null with a FORBIDDEN error for everyone else (docs/access.md).',
  })
  coordinatorEmails: string[] | null;

  @Field(() => Jurisdiction, { description: 'Whose NRM rules govern placements that begin in the region (docs/nrm-stages.md).' })
  jurisdiction: Jurisdiction;

  @Field(() => GraphQLISODateTime, { description: 'When the region was created.' })
  createdAt: Date;
}

export function toRegion(e: RegionEntity): Region {
  return { code: e.code, name: e.name, coordinatorEmails: e.coordinatorEmails ?? [], jurisdiction: e.jurisdiction, createdAt: e.createdAt };
}
