import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { LiveEvent, liveChannel, parseLiveEvent } from '@harbour/core';
import { HARBOUR_CONFIG, HarbourConfig, redisOptionsFromUrl } from '@harbour/platform';

/** Most events one subscription holds while its subscriber reads slowly, both before and after viewing them; older ones are dropped first. */
export const LIVE_QUEUE_LIMIT = 500;

/**
 * This API process's one Redis subscription to the live channel
 * (liveChannel: `<QUEUE_PREFIX>:live`), fanned out in memory to every GraphQL
 * subscription of the process. Any replica receives every event, so a
 * subscriber on any replica hears of a change made through any other.
 * Subscribed before the app listens (onModuleInit), so no subscription can
 * start before the channel is heard.
 */
@Injectable()
export class LiveEventHub implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(LiveEventHub.name);
  private readonly listeners = new Set<(e: LiveEvent) => void>();
  private client: Redis | null = null;

  constructor(@Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig) {}

  async onModuleInit(): Promise<void> {
    this.client = new Redis({ ...redisOptionsFromUrl(this.config.REDIS_URL), lazyConnect: true });
    this.client.on('error', (e) => this.log.warn(`live channel: ${e.message}`));
    this.client.on('message', (_channel: string, message: string) => {
      const event = parseLiveEvent(message);
      if (!event) return;
      for (const l of this.listeners) l(event);
    });
    await this.client.connect();
    await this.client.subscribe(liveChannel(this.config));
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
    this.client = null;
  }

  /** How many subscriptions of this process are listening (operations, and tests waiting for a subscription to start). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * A stream of the events for one subscription: each event is passed to
   * `view` (as the subscriber: re-read, scope-checked), and what it returns
   * (null: not for this subscriber, dropped) is delivered as `{ [field]: value }`,
   * in order. `return()` (the client unsubscribed or left) stops listening.
   */
  stream<T>(field: string, view: (e: LiveEvent) => Promise<T | null>): AsyncIterableIterator<Record<string, T>> {
    return new LiveStream(this.listeners, field, view, this.log);
  }
}

/** An async iterator over live events, viewed as one subscriber, one at a time in arrival order. */
class LiveStream<T> implements AsyncIterableIterator<Record<string, T>> {
  private readonly queue: LiveEvent[] = [];
  private readonly ready: Record<string, T>[] = [];
  private readonly waiting: ((r: IteratorResult<Record<string, T>>) => void)[] = [];
  private busy = false;
  private done = false;
  private readonly listener = (e: LiveEvent) => {
    if (this.queue.length >= LIVE_QUEUE_LIMIT) this.queue.shift();
    this.queue.push(e);
    void this.pump();
  };

  constructor(
    private readonly listeners: Set<(e: LiveEvent) => void>,
    private readonly field: string,
    private readonly view: (e: LiveEvent) => Promise<T | null>,
    private readonly log: Logger,
  ) {
    listeners.add(this.listener);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Record<string, T>> {
    return this;
  }

  next(): Promise<IteratorResult<Record<string, T>>> {
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    const value = this.ready.shift();
    if (value) return Promise.resolve({ value, done: false });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  return(): Promise<IteratorResult<Record<string, T>>> {
    this.done = true;
    this.listeners.delete(this.listener);
    this.queue.length = 0;
    for (const w of this.waiting.splice(0)) w({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(e: unknown): Promise<IteratorResult<Record<string, T>>> {
    void this.return();
    return Promise.reject(e);
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.done && this.queue.length) {
        const event = this.queue.shift()!;
        let value: T | null = null;
        try {
          value = await this.view(event);
        } catch (e) {
          // A failed re-read drops the event for this subscriber (it refetches on the next one), never the stream.
          this.log.warn(`live ${event.type} event not viewed: ${(e as Error).message}`);
        }
        if (value === null || this.done) continue;
        const item = { [this.field]: value };
        const w = this.waiting.shift();
        if (w) w({ value: item, done: false });
        else {
          // A subscriber that does not read (a stalled socket) holds at most LIVE_QUEUE_LIMIT viewed events too.
          if (this.ready.length >= LIVE_QUEUE_LIMIT) this.ready.shift();
          this.ready.push(item);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
