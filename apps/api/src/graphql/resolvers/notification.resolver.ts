import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { AudienceType, NotificationKind, Principal, QueryService } from '@harbour/core';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { toConnection } from '../types/connection';
import { Notification, NotificationConnection, toNotification } from '../types/notification.type';

/** Stored notifications and their delivery log (coordinators). */
@Resolver(() => Notification)
export class NotificationResolver {
  constructor(private readonly query: QueryService) {}

  @Query(() => NotificationConnection, { description: 'Stored notifications, newest first (coordinators).' })
  async notifications(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('kind', { type: () => NotificationKind, nullable: true, description: 'Only notifications of this kind.' }) kind?: NotificationKind | null,
    @Args('audienceType', { type: () => AudienceType, nullable: true, description: 'Only notifications for this kind of audience.' })
    audienceType?: AudienceType | null,
  ): Promise<NotificationConnection> {
    return toConnection(await this.query.notifications(p, { first, after, kind, audienceType }), toNotification);
  }
}
