import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { BedStatus } from '@harbour/domain';
import '../enums';
import { CALENDAR_DATE, CALENDAR_DATE_MESSAGE, LIMITS } from './limits';

@InputType({ description: 'Staff set a bed AVAILABLE or OUT_OF_SERVICE (HELD and OCCUPIED come only from holds and placements).' })
export class SetBedStatusInput {
  @Field(() => ID, { description: 'Bed id.' })
  @IsUUID()
  bedId: string;

  @Field(() => BedStatus, { description: 'AVAILABLE or OUT_OF_SERVICE.' })
  @IsEnum(BedStatus)
  status: BedStatus;

  @Field(() => String, { nullable: true, description: 'Why it is out of service (required for OUT_OF_SERVICE).' })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.reason)
  reason?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the bed is expected back (OUT_OF_SERVICE).' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  expectedReturn?: string | null;
}
