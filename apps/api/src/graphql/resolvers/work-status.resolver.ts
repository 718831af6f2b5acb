import { Query, Resolver } from '@nestjs/graphql';
import { Principal, WorkStatusService } from '@harbour/core';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { toWorkStatus, WorkStatusType } from '../types/work-status.type';

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
}
