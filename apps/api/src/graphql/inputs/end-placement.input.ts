import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ExitReason } from '@harbour/domain';
import '../enums';
import { CALENDAR_DATE, CALENDAR_DATE_MESSAGE, LIMITS } from './limits';

@InputType({ description: 'Ends a placement; its beds free up for the waitlist. Ending an ended placement is a no-op.' })
export class EndPlacementInput {
  @Field(() => ID, { description: 'Placement id.' })
  @IsUUID()
  placementId: string;

  @Field(() => ExitReason, { description: 'Why the placement ended.' })
  @IsEnum(ExitReason)
  exitReason: ExitReason;

  @Field(() => String, { nullable: true, description: 'Exit date YYYY-MM-DD; default today; not before arrival, not in the future.' })
  @IsOptional()
  @Matches(CALENDAR_DATE, { message: CALENDAR_DATE_MESSAGE })
  endedOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description: `Who gives outreach support after exit (organisation name, at most ${LIMITS.name} characters); default none.`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  outreachProvider?: string | null;
}
