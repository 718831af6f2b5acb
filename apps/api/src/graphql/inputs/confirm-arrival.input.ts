import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsUUID, Matches } from 'class-validator';
import { CALENDAR_DATE, CALENDAR_DATE_MESSAGE } from './limits';

@InputType({ description: 'Shelter staff confirm a held household arrived. Retrying returns the same placement.' })
export class ConfirmArrivalInput {
  @Field(() => ID, { description: 'The ACTIVE hold.' })
  @IsUUID()
  holdId: string;

  @Field(() => String, { nullable: true, description: 'Arrival date YYYY-MM-DD (jurisdiction time zone); default today; at most 365 days back, never ahead.' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  arrivedOn?: string | null;
}
