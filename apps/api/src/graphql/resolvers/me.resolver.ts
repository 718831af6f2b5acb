import { Inject } from '@nestjs/common';
import { Args, Float, GraphQLISODateTime, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClockControlService, MAX_WINDOW_HOLD_SECONDS, Principal } from '@harbour/core';
import { localDate } from '@harbour/domain';
import { BadUserInputError, Clock, HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { ClockMode } from '../enums';
import { ClockState } from '../types/clock.type';
import { Me, toMe } from '../types/me.type';

/** Most hours one advanceClock call may move the clock (about 400 days). */
const MAX_ADVANCE_HOURS = 24 * 400;

@Resolver()
export class MeResolver {
  constructor(
    private readonly clock: Clock,
    private readonly clockControl: ClockControlService,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
  ) {}

  @Query(() => Me, { description: 'Who you are, as your bearer token says.' })
  me(@CurrentPrincipal() p: Principal): Me {
    return toMe(p);
  }

  @Query(() => ClockState, { name: 'clock', description: 'Harbour’s clock: now, and whether it can be moved.' })
  async clockState(@CurrentPrincipal() _p: Principal): Promise<ClockState> {
    return this.readClock();
  }

  @Mutation(() => GraphQLISODateTime, {
    description:
      'Moves Harbour’s clock forward by `hours` (>= 0) and promotes jobs that became due; returns the new now. Coordinators only; CONFLICT when CLOCK_MODE=system.',
  })
  async advanceClock(
    @CurrentPrincipal() p: Principal,
    @Args('hours', { type: () => Float, description: `Hours to move forward, 0..${MAX_ADVANCE_HOURS}; fractions allowed.` })
    hours: number,
  ): Promise<Date> {
    if (!Number.isFinite(hours) || hours < 0 || hours > MAX_ADVANCE_HOURS) {
      throw new BadUserInputError(`hours must be from 0 to ${MAX_ADVANCE_HOURS}`, 'hours');
    }
    const { now } = await this.clockControl.advance(p, hours * 3_600_000);
    return now;
  }

  @Mutation(() => Int, {
    description:
      'Closes every open waitlist assignment window now (the worker offers the beds freed since in one batch) and returns how many were closed. ' +
      'With `holdForSeconds` > 0, windows that open in the next `holdForSeconds` (real time) stay open until the next call closes them, instead of ' +
      'closing after ASSIGNMENT_WINDOW_SECONDS, and advanceClock leaves them open: `harbour replay` closes them itself at each simulated step. ' +
      '0 ends any hold. Coordinators only; CONFLICT when CLOCK_MODE=system.',
  })
  async closeAssignmentWindows(
    @CurrentPrincipal() p: Principal,
    @Args('holdForSeconds', {
      type: () => Int,
      defaultValue: 0,
      description: `Seconds of real time, 0..${MAX_WINDOW_HOLD_SECONDS}, to hold the windows that open next (0: no hold).`,
    })
    holdForSeconds: number,
  ): Promise<number> {
    if (!Number.isInteger(holdForSeconds) || holdForSeconds < 0 || holdForSeconds > MAX_WINDOW_HOLD_SECONDS) {
      throw new BadUserInputError(`holdForSeconds must be from 0 to ${MAX_WINDOW_HOLD_SECONDS}`, 'holdForSeconds');
    }
    return this.clockControl.closeAssignmentWindows(p, holdForSeconds);
  }

  private async readClock(): Promise<ClockState> {
    const [now, offsetMs] = await Promise.all([this.clock.now(), this.clock.offsetMs()]);
    return {
      now,
      offsetMs,
      today: localDate(now, this.config.TIME_ZONE),
      mode: this.config.CLOCK_MODE === 'adjustable' ? ClockMode.ADJUSTABLE : ClockMode.SYSTEM,
    };
  }
}
