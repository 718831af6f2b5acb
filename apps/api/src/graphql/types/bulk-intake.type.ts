import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Referral } from './referral.type';

@ObjectType({
  description:
    'What bulkCreateReferrals did: every referral created and waitlisted together, then one batch assignment offered the free beds (docs/rules.md, "Matching policy", surge intake).',
})
export class BulkCreateReferralsResult {
  @Field(() => [Referral], {
    description: 'The referrals created, in input order: HELD (see activeHold and its reasons), WAITLISTED, or OPEN with noSuitableProvision.',
  })
  referrals: Referral[];

  @Field(() => Int, { description: 'Holds the batch assignment created (including for referrals that were already waiting).' })
  holdsOffered: number;

  @Field(() => Int, { description: 'Referrals of this call still waiting for a bed.' })
  stillWaiting: number;

  @Field(() => Int, {
    description:
      'Referrals of this call that no room in the network could take even with every bed free: kept OPEN, not waitlisted (see each referral’s noSuitableProvision).',
  })
  noSuitableProvision: number;

  @Field(() => Int, { description: 'Assignment runs made (1, or up to 3 when offers were lost to concurrent claims).' })
  runs: number;

  @Field(() => String, {
    nullable: true,
    description: 'Solver status of the first run (Optimal unless the time limit was reached); null when nothing was free or waiting.',
  })
  solverStatus: string | null;

  @Field(() => Float, {
    description:
      'Total value (priority-weighted match quality) of the offers made: the sum of their exact values, rounded once to 2 decimals (each hold shows its own value rounded).',
  })
  objective: number;
}
