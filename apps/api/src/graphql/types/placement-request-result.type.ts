import { createUnionType, Field, Int, ObjectType } from '@nestjs/graphql';
import { Hold } from './hold.type';
import { NoSuitableProvision } from './provision.type';
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

/**
 * What `requestPlacement` did: typed outcomes, never errors (docs/architecture.md,
 * API conventions). NoSuitableProvision was added as a third member (issue 9):
 * clients that select only `... on HoldOffered` and `... on Waitlisted` keep
 * working and see just `__typename` for it (docs/waiting.md).
 */
export const PlacementRequestResult = createUnionType({
  name: 'PlacementRequestResult',
  description:
    'What requestPlacement did: held a bed (HoldOffered), put the referral on the waitlist (Waitlisted), or found that no room in the network could take the household even with every bed free (NoSuitableProvision: not waitlisted; select `... on NoSuitableProvision` to see why).',
  types: () => [HoldOffered, Waitlisted, NoSuitableProvision] as const,
  resolveType: (value: HoldOffered | Waitlisted | NoSuitableProvision) =>
    value instanceof HoldOffered ? HoldOffered : value instanceof NoSuitableProvision ? NoSuitableProvision : Waitlisted,
});
