/** Where a {@link RepeatedErrorLog} writes (a Nest or pino logger's `warn`). */
export type WarnSink = (message: string, fields: Record<string, unknown>) => void;

interface Episode {
  first: number;
  lastReport: number;
  suppressed: number;
  message: string;
}

/**
 * Summarises repeated connection failures instead of dumping each one: the
 * first failure of a kind (source + error code + address) is written as one
 * line without a stack; repeats within `windowMs` are counted and written as
 * one summary line per window ("N more … in the last 60 s"); `recovered()`
 * writes how many failures the outage had and forgets it. A Redis outage used
 * to print a multi-line stack for every reconnect attempt of every queue.
 */
export class RepeatedErrorLog {
  private readonly episodes = new Map<string, Episode>();

  /**
   * @param warn - where lines go.
   * @param windowMs - at most one line per kind of failure per window (ms).
   * @param now - clock in ms (injected by tests).
   */
  constructor(
    private readonly warn: WarnSink,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one failure of `source` (e.g. "redis"). Returns true when a line was written. */
  report(source: string, error: unknown): boolean {
    const e = error as { code?: string; address?: string; port?: number; message?: string };
    const message = String(e?.message ?? error)
      .split('\n')[0]
      .slice(0, 300);
    const key = `${source}|${e?.code ?? message}|${e?.address ?? ''}:${e?.port ?? ''}`;
    const t = this.now();
    const episode = this.episodes.get(key);
    if (!episode) {
      this.episodes.set(key, { first: t, lastReport: t, suppressed: 0, message });
      this.warn(`${source} connection failing: ${message}`, { source, code: e?.code, repeated: 0 });
      return true;
    }
    episode.suppressed++;
    if (t - episode.lastReport < this.windowMs) return false;
    const seconds = Math.round((t - episode.lastReport) / 1000);
    this.warn(`${source} connection still failing: ${episode.suppressed} more "${episode.message}" in the last ${seconds} s`, {
      source,
      code: e?.code,
      repeated: episode.suppressed,
      failingForMs: t - episode.first,
    });
    episode.suppressed = 0;
    episode.lastReport = t;
    return true;
  }

  /** The connection of `source` works again: writes one line if it had been failing, and forgets the failures. */
  recovered(source: string): boolean {
    let wrote = false;
    for (const [key, episode] of this.episodes) {
      if (!key.startsWith(`${source}|`)) continue;
      this.episodes.delete(key);
      this.warn(`${source} connection restored after ${Math.round((this.now() - episode.first) / 1000)} s`, {
        source,
        failingForMs: this.now() - episode.first,
        repeated: episode.suppressed,
      });
      wrote = true;
    }
    return wrote;
  }

  /** Number of kinds of failure currently being summarised (for tests). */
  get failing(): number {
    return this.episodes.size;
  }
}
