import { createUnionType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Hold } from './hold.type';
import { WaitlistEntry } from './waitlist-entry.type';

@ObjectType({ description: 'A bed was held for the referral: confirm arrival before `hold.expiresAt`.' })
export class HoldOffered {
  @Field(() => Hold, { description: 'The hold.' })
  hold: Hold;
}

@ObjectType({ description: 'No eligible bed could be held: the referral is on the waitlist (offered a bed when one frees up).' })
export class Waitlisted {
  @Field(() => WaitlistEntry, { description: 'The waitlist entry.' })
  entry: WaitlistEntry;

  @Field(() => Int, { description: 'Position on the waitlist, 1 = next.' })
  position: number;
}

/** What `requestPlacement` did: typed outcomes, never errors (docs/architecture.md, API conventions). */
export const PlacementRequestResult = createUnionType({
  name: 'PlacementRequestResult',
  description: 'What requestPlacement did: held a bed (HoldOffered) or put the referral on the waitlist (Waitlisted).',
  types: () => [HoldOffered, Waitlisted] as const,
  resolveType: (value: HoldOffered | Waitlisted) => (value instanceof HoldOffered ? HoldOffered : Waitlisted),
});
