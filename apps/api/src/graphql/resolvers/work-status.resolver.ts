import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Principal, WorkStatusService } from '@harbour/core';
import { BadUserInputError, ValidationReason } from '@harbour/platform';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { FailedJobType, toFailedJob, toWorkStatus, WorkStatusType } from '../types/work-status.type';

/** Background work status (coordinators). */
@Resolver(() => WorkStatusType)
export class WorkStatusResolver {
  constructor(private readonly work: WorkStatusService) {}

  @Query(() => WorkStatusType, {
    name: 'workStatus',
    description: 'Outbox backlog and job counts per queue (coordinators): is the worker keeping up?',
  })
  async workStatus(@CurrentPrincipal() p: Principal): Promise<WorkStatusType> {
    return toWorkStatus(await this.work.status(p));
  }

  @Query(() => [FailedJobType], { description: 'Dead letters of one queue, newest first (coordinators).' })
  async failedJobs(
    @CurrentPrincipal() p: Principal,
    @Args('queue', { description: 'Queue name: hold-expiry, reminders, waitlist, capacity, notifications or maintenance.' }) queue: string,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'How many, 1..100.' }) first: number,
  ): Promise<FailedJobType[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new BadUserInputError(ValidationReason.OUT_OF_RANGE, 'first must be from 1 to 100', 'first');
    return (await this.work.failedJobs(p, queue, first)).map(toFailedJob);
  }

  @Mutation(() => Int, {
    description: 'Re-drives every dead letter of a queue with fresh attempts (coordinators); returns how many there were. Safe: job handlers are idempotent.',
  })
  async retryFailedJobs(@CurrentPrincipal() p: Principal, @Args('queue', { description: 'Queue name.' }) queue: string): Promise<number> {
    return this.work.retryFailed(p, queue);
  }
}
