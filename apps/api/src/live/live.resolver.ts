import { Context, Field, ID, ObjectType, Resolver, Subscription } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import {
  accessOf,
  AlertEntity,
  AuditService,
  canSeePlacement,
  HoldEntity,
  InboxService,
  LiveEvent,
  Principal,
  QueryService,
  ReferralEntity,
} from '@harbour/core';
import { Clock, ForbiddenError } from '@harbour/platform';
import { requirePrincipal } from '../auth/current-principal.decorator';
import { GraphQLContext } from '../graphql-context';
import { Alert, toAlert } from '../graphql/types/alert.type';
import { Hold, toHold } from '../graphql/types/hold.type';
import { InboxNotification, toInboxNotification } from '../graphql/types/inbox.type';
import { Loaders } from '../loaders/loaders';
import { LiveEventHub } from './live-hub';

@ObjectType({ description: 'Beds changed status or count: refetch the boards of these regions (and shelters).' })
export class BedsChange {
  @Field(() => [String], { description: 'Regions whose free-bed counts may have changed.' })
  regionCodes: string[];

  @Field(() => [ID], {
    description:
      'Shelters whose beds changed (a bed status, beds added, a shelter updated): all for coordinators, only their own for staff, always empty for officers. Empty for a hold’s or stay’s change (see holdChanged).',
  })
  shelterIds: string[];
}

/**
 * GraphQL subscriptions over graphql-ws at /graphql (docs/architecture.md,
 * "Live updates"). Events carry ids (LiveEvent, from the outbox relay after
 * commit, over Redis); each is re-read here as the subscriber, through the
 * same services and row-level security as a query, and dropped when the
 * subscriber may not see it. Nested fields go through the access matrix's
 * field middleware as for a query, with fresh DataLoaders per event.
 */
@Resolver()
export class LiveResolver {
  constructor(
    private readonly hub: LiveEventHub,
    private readonly query: QueryService,
    private readonly inbox: InboxService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Subscription(() => BedsChange, {
    description:
      'Beds changed in a region: coordinators hear of every change, shelter staff of their own shelters’ changes, referral officers of the regions only.',
  })
  bedsChanged(@Context() ctx: GraphQLContext): AsyncIterableIterator<Record<string, BedsChange>> {
    const p = this.subscriber(ctx, 'bedsChanged');
    return this.hub.stream('bedsChanged', async (e) => (e.type === 'BEDS' ? bedsChangeFor(p, e) : null));
  }

  @Subscription(() => Hold, {
    description:
      'A hold was offered, accepted, declined or expired (its current state): coordinators every hold, staff their shelters’, officers their agency’s referrals’.',
  })
  holdChanged(@Context() ctx: GraphQLContext): AsyncIterableIterator<Record<string, Hold>> {
    const p = this.subscriber(ctx, 'holdChanged');
    return this.hub.stream('holdChanged', async (e) => {
      if (e.type !== 'HOLD') return null;
      const [hold] = await this.query.loadBy(p, HoldEntity, 'id', [e.holdId]);
      if (!hold) return null;
      const referral = p.role === Role.REFERRAL_OFFICER ? ((await this.query.loadBy(p, ReferralEntity, 'id', [hold.referralId]))[0] ?? null) : null;
      if (!canSeePlacement(p, { shelterId: hold.shelterId }, referral)) return null;
      this.freshLoaders(ctx, p);
      return toHold(hold);
    });
  }

  @Subscription(() => Alert, { description: 'A capacity alert opened or resolved (coordinators): its current state.' })
  alertChanged(@Context() ctx: GraphQLContext): AsyncIterableIterator<Record<string, Alert>> {
    const p = this.subscriber(ctx, 'alertChanged');
    return this.hub.stream('alertChanged', async (e) => {
      if (e.type !== 'ALERT') return null;
      const [alert] = await this.query.loadBy(p, AlertEntity, 'id', [e.alertId]);
      if (!alert) return null;
      this.freshLoaders(ctx, p);
      return toAlert(alert);
    });
  }

  @Subscription(() => InboxNotification, {
    description: 'A new notification in the subscriber’s own inbox (as in myNotifications): their agency’s, their shelters’ or the coordinators’.',
  })
  notificationAdded(@Context() ctx: GraphQLContext): AsyncIterableIterator<Record<string, InboxNotification>> {
    const p = this.subscriber(ctx, 'notificationAdded');
    return this.hub.stream('notificationAdded', async (e) => {
      if (e.type !== 'NOTIFICATION') return null;
      const item = await this.inbox.find(p, e.notificationId);
      return item ? toInboxNotification(item) : null;
    });
  }

  /** The subscriber, with the access matrix's root cell applied. @throws UNAUTHENTICATED, FORBIDDEN */
  private subscriber(ctx: GraphQLContext, field: string): Principal {
    const p = requirePrincipal(ctx);
    const access = accessOf(p.role, 'Subscription', field);
    if (access === undefined || access === 'DENY') throw new ForbiddenError(`${p.role} may not use the subscription ${field}`);
    return p;
  }

  /** New DataLoaders for the event about to be resolved: nothing cached from an earlier event. */
  private freshLoaders(ctx: GraphQLContext, p: Principal): void {
    ctx.loaders = new Loaders(this.query, this.audit, this.dataSource, this.clock, p);
  }
}

/** What a BEDS event tells `p`: coordinators all, staff only their shelters' own changes, officers the regions. */
export function bedsChangeFor(p: Principal, e: Extract<LiveEvent, { type: 'BEDS' }>): BedsChange | null {
  switch (p.role) {
    case Role.COORDINATOR:
      return { regionCodes: e.regionCodes, shelterIds: e.shelterIds };
    case Role.SHELTER_STAFF: {
      const mine = e.shelterIds.filter((id) => p.shelterIds.includes(id));
      return mine.length ? { regionCodes: e.regionCodes, shelterIds: mine } : null;
    }
    case Role.REFERRAL_OFFICER:
      return { regionCodes: e.regionCodes, shelterIds: [] };
    default:
      return null;
  }
}
