import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { HARBOUR_CONFIG, HarbourConfig, redisOptionsFromUrl } from '@harbour/platform';

/**
 * A committed fact the API's GraphQL subscriptions tell subscribers about
 * (docs/architecture.md, "Live updates"). Ids only: each API replica re-reads
 * the item as each subscriber, so an event never carries what a subscriber may
 * not see.
 * - BEDS: beds changed status or count in these regions (`shelterIds`: the
 *   shelters whose beds changed, when the change was a shelter's own; empty
 *   for a hold's or stay's bed changes, which come as HOLD too).
 * - HOLD: a hold was offered, accepted, declined or expired.
 * - ALERT: a capacity alert opened or resolved.
 * - NOTIFICATION: an inbox notification (its WEBHOOK row) was created.
 */
export type LiveEvent =
  | { type: 'BEDS'; regionCodes: string[]; shelterIds: string[] }
  | { type: 'HOLD'; holdId: string }
  | { type: 'ALERT'; alertId: string }
  | { type: 'NOTIFICATION'; notificationId: string };

/** The Redis pub/sub channel of live events: `<QUEUE_PREFIX>:live` (one per deployment, like the queues). */
export function liveChannel(config: Pick<HarbourConfig, 'QUEUE_PREFIX'>): string {
  return `${config.QUEUE_PREFIX}:live`;
}

/** Parses one message of the live channel; null when it is not a live event (ignored). */
export function parseLiveEvent(message: string): LiveEvent | null {
  try {
    const e = JSON.parse(message) as Partial<LiveEvent> & Record<string, unknown>;
    const str = (v: unknown) => typeof v === 'string' && v.length > 0;
    const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
    switch (e.type) {
      case 'BEDS':
        return strings(e.regionCodes) && strings(e.shelterIds) ? (e as LiveEvent) : null;
      case 'HOLD':
        return str(e.holdId) ? (e as LiveEvent) : null;
      case 'ALERT':
        return str(e.alertId) ? (e as LiveEvent) : null;
      case 'NOTIFICATION':
        return str(e.notificationId) ? (e as LiveEvent) : null;
      default:
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * Publishes live events on the Redis channel liveChannel(config), from the
 * outbox relay after its transaction committed (so no event describes a change
 * that was rolled back). Pub/sub is fire-and-forget: a subscriber that is not
 * connected at that moment misses it and refetches when it reconnects.
 */
@Injectable()
export class LiveEventPublisher implements OnApplicationShutdown {
  private readonly log = new Logger(LiveEventPublisher.name);
  private client: Redis | null = null;

  constructor(@Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig) {}

  /** Publishes each event (one PUBLISH each). A Redis failure is logged, not thrown: the facts are committed either way. */
  async publish(events: readonly LiveEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      this.client ??= new Redis({ ...redisOptionsFromUrl(this.config.REDIS_URL), maxRetriesPerRequest: 1 });
      const channel = liveChannel(this.config);
      await Promise.all(events.map((e) => this.client!.publish(channel, JSON.stringify(e))));
    } catch (e) {
      this.log.warn(`live events not published: ${(e as Error).message}`);
    }
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
    this.client = null;
  }
}
