import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InboxService, Principal } from '@harbour/core';
import { CurrentPrincipal } from '../../auth/current-principal.decorator';
import { UuidArgPipe } from '../../common/uuid-arg.pipe';
import { toConnection } from '../types/connection';
import { InboxNotification, InboxNotificationConnection, toInboxNotification } from '../types/inbox.type';

/** The caller's own notification inbox: officers (their agency's), staff (their shelters'), coordinators (coordinators'). */
@Resolver(() => InboxNotification)
export class InboxResolver {
  constructor(private readonly inbox: InboxService) {}

  @Query(() => InboxNotificationConnection, {
    description:
      'The caller’s inbox, newest first: notifications addressed to their agency (officers), their shelters (staff) or coordinators, with their own read and acted-on times.',
  })
  async myNotifications(
    @CurrentPrincipal() p: Principal,
    @Args('first', { type: () => Int, defaultValue: 20, description: 'Page size, 1..MAX_PAGE_SIZE (default 100).' }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'endCursor of the previous page.' }) after?: string | null,
    @Args('unreadOnly', { type: () => Boolean, defaultValue: false, description: 'Only the notifications the caller has not read.' })
    unreadOnly?: boolean,
  ): Promise<InboxNotificationConnection> {
    return toConnection(await this.inbox.list(p, { first, after, unreadOnly }), toInboxNotification);
  }

  @Query(() => Int, { description: 'How many notifications of the caller’s inbox are unread (the bell’s count).' })
  async myUnreadNotificationCount(@CurrentPrincipal() p: Principal): Promise<number> {
    return this.inbox.unreadCount(p);
  }

  @Mutation(() => InboxNotification, {
    description: 'Marks a notification of the caller’s inbox read by the caller. Idempotent (the first time stays). NOT_FOUND when it is not in their inbox.',
  })
  async markNotificationRead(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID, description: 'Notification id.' }, UuidArgPipe) id: string,
  ): Promise<InboxNotification> {
    return toInboxNotification(await this.inbox.markRead(p, id));
  }

  @Mutation(() => InboxNotification, {
    description:
      'Marks a notification of the caller’s inbox acted on (and read) by the caller. Idempotent (the first time stays). NOT_FOUND when it is not in their inbox.',
  })
  async markNotificationActed(
    @CurrentPrincipal() p: Principal,
    @Args('id', { type: () => ID, description: 'Notification id.' }, UuidArgPipe) id: string,
  ): Promise<InboxNotification> {
    return toInboxNotification(await this.inbox.markActed(p, id));
  }
}
