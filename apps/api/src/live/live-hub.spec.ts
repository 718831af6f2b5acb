import { LiveEvent } from '@harbour/core';
import { HarbourConfig } from '@harbour/platform';
import { LIVE_QUEUE_LIMIT, LiveEventHub } from './live-hub';

/** The hub's in-memory fan-out, without Redis: events are handed to its listeners as its Redis handler does. */
function hubWithoutRedis(): { hub: LiveEventHub; publish: (e: LiveEvent) => void } {
  const hub = new LiveEventHub({ REDIS_URL: 'redis://127.0.0.1:1', QUEUE_PREFIX: 'unit' } as HarbourConfig);
  const listeners = (hub as unknown as { listeners: Set<(e: LiveEvent) => void> }).listeners;
  return { hub, publish: (e) => listeners.forEach((l) => l(e)) };
}

const alert = (n: number): LiveEvent => ({ type: 'ALERT', alertId: `a${n}` });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveEventHub streams', () => {
  it('deliver what the view returns, in order, and drop what it turns down (null)', async () => {
    const { hub, publish } = hubWithoutRedis();
    const stream = hub.stream('alertChanged', async (e) => (e.type === 'ALERT' && e.alertId !== 'a2' ? e.alertId : null));
    for (const n of [1, 2, 3]) publish(alert(n));
    expect(await stream.next()).toEqual({ value: { alertChanged: 'a1' }, done: false });
    expect(await stream.next()).toEqual({ value: { alertChanged: 'a3' }, done: false });
    await stream.return!();
    expect(hub.listenerCount).toBe(0);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
  });

  it('hold at most LIVE_QUEUE_LIMIT events for a subscriber that does not read, keeping the newest', async () => {
    const { hub, publish } = hubWithoutRedis();
    const stream = hub.stream('alertChanged', async (e) => (e.type === 'ALERT' ? e.alertId : null));
    const sent = LIVE_QUEUE_LIMIT * 3;
    for (let n = 1; n <= sent; n++) {
      publish(alert(n));
      if (n % 50 === 0) await settle(); // the view runs between bursts, as it does while a socket stalls
    }
    for (let i = 0; i < 10; i++) await settle();
    const internals = stream as unknown as { ready: unknown[]; queue: unknown[] };
    expect(internals.queue).toHaveLength(0);
    expect(internals.ready.length).toBeLessThanOrEqual(LIVE_QUEUE_LIMIT);
    const seen: string[] = [];
    for (let left = internals.ready.length; left > 0; left--) seen.push(((await stream.next()).value as { alertChanged: string }).alertChanged);
    expect(seen.at(-1)).toBe(`a${sent}`);
    expect(seen).toEqual([...seen].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    await stream.return!();
  });
});
