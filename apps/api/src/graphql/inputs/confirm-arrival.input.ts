import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsUUID, Matches } from 'class-validator';
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

  @Field(() => Boolean, {
    nullable: true,
    description:
      'The person comes to a Place of Safety: consents to the stay, not yet to the NRM; the stay is bounded by the policy’s working days (England and Wales only). Default false.',
  })
  @IsOptional()
  @IsBoolean()
  placeOfSafety?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Date of the NRM referral, YYYY-MM-DD; default the referral’s date; not with placeOfSafety; not in the future.',
  })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  nrmReferredOn?: string | null;
}
