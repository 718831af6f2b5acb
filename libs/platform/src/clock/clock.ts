import { Pool } from 'pg';

/**
 * The one source of "now" for API, worker, CLI and tests (docs/architecture.md, Time).
 * Async because the adjustable clock reads its offset from PostgreSQL, so every
 * process of one deployment agrees on the time.
 */
export abstract class Clock {
  /** The current instant. */
  abstract now(): Promise<Date>;
  /** Milliseconds this clock is ahead of real time (0 for the system clock). */
  abstract offsetMs(): Promise<number>;
}

/** Real time. */
export class SystemClock extends Clock {
  async now(): Promise<Date> {
    return new Date();
  }
  async offsetMs(): Promise<number> {
    return 0;
  }
}

/**
 * Real time plus an offset stored in the `clock_setting` row, moved forward by
 * `advance` (replay, demos, tests). Never goes backwards.
 *
 * It reads the offset through a small pool of its own, never the application's:
 * `now()` is called inside transactions, and borrowing a second connection from
 * the pool those transactions hold could exhaust it under load and deadlock.
 * (So a process has two pools: the application's and this one of at most two
 * connections.) A connection the server ends while idle (a restart,
 * pg_terminate_backend, idle_session_timeout) is dropped from the pool with a
 * warning, never an unhandled 'error' event that would end the process; the
 * next read opens a fresh one.
 */
export class AdjustableClock extends Clock {
  private readonly pool: Pool;

  /** @param onError - told about each idle connection the pool lost (default: a console warning). */
  constructor(databaseUrl: string, onError: (e: Error) => void = (e) => console.warn(`clock: idle PostgreSQL connection lost: ${e.message}`)) {
    super();
    this.pool = new Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 10_000 });
    this.pool.on('error', onError);
  }

  async offsetMs(): Promise<number> {
    const { rows } = await this.pool.query<{ offset_ms: string }>('SELECT offset_ms FROM clock_setting WHERE id = 1');
    return rows.length ? Number(rows[0].offset_ms) : 0;
  }

  async now(): Promise<Date> {
    return new Date(Date.now() + (await this.offsetMs()));
  }

  /** Moves the clock forward by `ms` milliseconds (must be >= 0) and returns the new now. */
  async advance(ms: number): Promise<Date> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance: ms must be a non-negative number');
    const { rows } = await this.pool.query<{ offset_ms: string }>(
      `INSERT INTO clock_setting (id, offset_ms) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET offset_ms = clock_setting.offset_ms + EXCLUDED.offset_ms
       RETURNING offset_ms`,
      [Math.round(ms)],
    );
    return new Date(Date.now() + Number(rows[0].offset_ms));
  }

  /** Closes its connections (called by Nest at shutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
