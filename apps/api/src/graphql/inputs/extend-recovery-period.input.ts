import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from './limits';

@InputType({ description: 'A further recovery period after the last one (staff of the shelter, coordinators).' })
export class ExtendRecoveryPeriodInput {
  @Field(() => ID, { description: 'The ACTIVE placement.' })
  @IsUUID()
  placementId: string;

  @Field({ description: `Why the stay is extended (required, at most ${LIMITS.reason} characters).` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.reason)
  reason: string;

  @Field(() => Int, { nullable: true, description: 'Length of the new period in days, 1..365; default the policy RECOVERY_PERIOD_DAYS.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  lengthDays?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Your id for this request: a retry with the same id returns the first extension instead of adding another.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.clientMutationId)
  clientMutationId?: string | null;
}
