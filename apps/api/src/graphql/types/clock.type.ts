import { Field, Float, GraphQLISODateTime, ObjectType } from '@nestjs/graphql';
import { ClockMode } from '../enums';

@ObjectType({ description: 'Harbour’s clock: the one “now” shared by API, worker and CLI.' })
export class ClockState {
  @Field(() => GraphQLISODateTime, { description: 'The current instant on Harbour’s clock.' })
  now: Date;

  @Field(() => ClockMode, { description: 'SYSTEM (real time) or ADJUSTABLE (real time plus an offset; replay, demos, tests).' })
  mode: ClockMode;

  @Field(() => String, { description: 'Today’s calendar date (YYYY-MM-DD) in the jurisdiction time zone (TIME_ZONE, default Europe/London).' })
  today: string;

  @Field(() => Float, { description: 'Milliseconds the clock is ahead of real time (0 for SYSTEM).' })
  offsetMs: number;
}
