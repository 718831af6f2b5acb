import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { BedCategory, EscalationStatus } from '@harbour/domain';
import { CATEGORY_SQL } from '../network/category-sql';
import { inTransaction, onTransactionRetry } from '../persistence/transactions';
import { HarbourQueues } from './harbour-queues';

/** Buckets (seconds) for GraphQL operations: 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Buckets (seconds) for jobs: 10 ms to 2 min (a batch assignment may solve for ASSIGNMENT_TIME_LIMIT_SECONDS). */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Buckets (seconds) for reminder lateness: on time to a day late. */
const LATENESS_BUCKETS = [1, 5, 30, 60, 300, 900, 3600, 6 * 3600, 86400];

/** Queue states reported by `harbour_queue_jobs`. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
/** Escalation statuses counted as open (everything but RESOLVED), each reported even at 0. */
const OPEN_ESCALATION_STATUSES = Object.values(EscalationStatus).filter((s) => s !== EscalationStatus.RESOLVED);

/**
 * Harbour's Prometheus metrics (prom-client), one registry per process (the
 * API and the worker each serve theirs at `/metrics`). Counters and
 * histograms are updated as work happens; the gauges of state (queue depth,
 * oldest job, outbox lag, free beds, open alerts and escalations) are read
 * from Redis and PostgreSQL when scraped, so every replica reports the same
 * values (aggregate them with `max`, not `sum`).
 *
 * Names and labels:
 * - `harbour_graphql_request_duration_seconds{operation,type}` histogram;
 * - `harbour_graphql_errors_total{code}` counter (one per error in a response);
 * - `harbour_queue_jobs{queue,state}` and `harbour_queue_oldest_job_age_seconds{queue}` gauges
 *   (age of the oldest waiting job, 0 when none waits);
 * - `harbour_job_duration_seconds{queue,outcome}` histogram (outcome completed|failed);
 * - `harbour_transaction_retries_total{reason}` counter: transactions run again after PostgreSQL
 *   rolled them back (DEADLOCK, SERIALIZATION_FAILURE, LOCK_TIMEOUT, STATEMENT_TIMEOUT,
 *   DATABASE_UNREACHABLE; every transaction of the process, API or worker);
 * - `harbour_reminder_lateness_seconds` histogram (sent time minus due time, Harbour clock);
 * - `harbour_outbox_lag_seconds` gauge (age of the oldest unrelayed event, 0 when none) and
 *   `harbour_outbox_backlog` gauge;
 * - `harbour_free_beds{region,category}` gauge (AVAILABLE beds in OPEN shelters);
 * - `harbour_alerts_open{status}` gauge (OPEN = not yet acknowledged, ACKNOWLEDGED = unresolved);
 * - `harbour_escalations_open{status}` gauge: unresolved rows of the escalation table (OPEN,
 *   CLAIMED, ACKNOWLEDGED: waiting referrals past their urgency's time, docs/waiting.md);
 * - `harbour_needs_attention{kind}` gauge: work stuck until a person acts (dead_letter: jobs that
 *   failed every attempt; webhook_paused: endpoints paused until a coordinator resumes them);
 * - Node's default process metrics, prefixed `harbour_`.
 */
@Injectable()
export class HarbourMetrics implements OnModuleDestroy {
  readonly registry = new Registry();

  readonly transactionRetries = new Counter({
    name: 'harbour_transaction_retries_total',
    help: 'Transactions run again after PostgreSQL rolled them back, by reason (deadlock, serialization failure, lock or statement timeout, lost connection).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly stopCountingRetries = onTransactionRetry(({ reason }) => this.transactionRetries.inc({ reason }));

  readonly graphqlDuration = new Histogram({
    name: 'harbour_graphql_request_duration_seconds',
    help: 'GraphQL operations by operation name and type, from request to response (seconds).',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'harbour_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'harbour_job_duration_seconds',
    help: 'Background job attempts by queue and outcome, from start to finish (seconds).',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly reminderLateness = new Histogram({
    name: 'harbour_reminder_lateness_seconds',
    help: 'How late recovery-period reminders were sent: sent time minus due time by the Harbour clock (seconds).',
    buckets: LATENESS_BUCKETS,
    registers: [this.registry],
  });

  /** Stops counting this process's transaction retries (the app is closing). */
  onModuleDestroy(): void {
    this.stopCountingRetries();
  }

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: HarbourQueues,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'harbour_' });
    // prom-client calls collect() with the metric as `this`, so the service is reached through an alias.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const queueJobs = new Gauge({
      name: 'harbour_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, prioritized, failed = dead letters).',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        await bounded(async () => {
          for (const q of self.queues.all) {
            const counts = await q.getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
          }
        });
      },
    });
    void queueJobs;
    new Gauge({
      name: 'harbour_queue_oldest_job_age_seconds',
      help: 'Age of the oldest job waiting to run, per queue (seconds; 0 when none waits).',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        const now = Date.now();
        await bounded(async () => {
          for (const q of self.queues.all) this.set({ queue: q.name }, await oldestWaitingAge(q, now));
        });
      },
    });
    new Gauge({
      name: 'harbour_outbox_lag_seconds',
      help: 'Age of the oldest committed outbox event not yet relayed to the queues (seconds; 0 when none).',
      registers: [this.registry],
      async collect() {
        await bounded(async () => {
          const [row] = await inTransaction(self.dataSource, (em) =>
            em.query(`SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS lag FROM outbox_event WHERE published_at IS NULL`),
          );
          this.set(Math.max(0, Number(row.lag)));
        });
      },
    });
    new Gauge({
      name: 'harbour_outbox_backlog',
      help: 'Committed outbox events not yet relayed to the queues.',
      registers: [this.registry],
      async collect() {
        await bounded(async () => {
          const [row] = await inTransaction(self.dataSource, (em) => em.query(`SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`));
          this.set(row.n);
        });
      },
    });
    new Gauge({
      name: 'harbour_free_beds',
      help: 'AVAILABLE beds in OPEN shelters, by region and bed category.',
      labelNames: ['region', 'category'] as const,
      registers: [this.registry],
      async collect() {
        await bounded(async () => {
          const rows = await self.freeBeds();
          this.reset();
          for (const row of rows) {
            for (const category of Object.values(BedCategory)) this.set({ region: String(row.region), category }, Number(row[category] ?? 0));
          }
        });
      },
    });
    new Gauge({
      name: 'harbour_alerts_open',
      help: 'Unresolved capacity alerts by status (OPEN: not yet acknowledged; ACKNOWLEDGED).',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        await bounded(async () => {
          const rows: { status: string; n: number }[] = await inTransaction(self.dataSource, (em) =>
            em.query(`SELECT status, count(*)::int AS n FROM alert WHERE status <> 'RESOLVED' GROUP BY status`),
          );
          for (const status of ['OPEN', 'ACKNOWLEDGED']) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
        });
      },
    });
    new Gauge({
      name: 'harbour_escalations_open',
      help: 'Unresolved escalations (the escalation table: waiting referrals past their urgency time) by status: OPEN, CLAIMED, ACKNOWLEDGED.',
      labelNames: ['status'] as const,
      registers: [this.registry],
      async collect() {
        await bounded(async () => {
          const rows: { status: string; n: number }[] = await inTransaction(self.dataSource, (em) =>
            em.query(`SELECT status, count(*)::int AS n FROM escalation WHERE status <> 'RESOLVED' GROUP BY status`),
          );
          for (const status of OPEN_ESCALATION_STATUSES) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
        });
      },
    });
    new Gauge({
      name: 'harbour_needs_attention',
      help: 'Work stuck until a person acts: dead_letter = jobs that failed every attempt; webhook_paused = webhook URLs paused until a coordinator resumes them.',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        await bounded(async () => {
          let dead = 0;
          for (const q of self.queues.all) dead += await q.getFailedCount();
          this.set({ kind: 'dead_letter' }, dead);
        });
        await bounded(async () => {
          const [row] = await inTransaction(self.dataSource, (em) => em.query(`SELECT count(*)::int AS n FROM webhook_endpoint WHERE paused_at IS NOT NULL`));
          this.set({ kind: 'webhook_paused' }, row.n);
        });
      },
    });
  }

  /** The metrics in Prometheus text format (state gauges are read now). */
  async render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Content type of {@link render}'s output. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Free beds per region (every region, 0 included) and category, as the capacity alerts count them. */
  private async freeBeds(): Promise<Record<string, string | number>[]> {
    const categories = Object.values(BedCategory);
    const filters = categories.map((c) => `count(b.id) FILTER (WHERE ${CATEGORY_SQL[c]}) AS "${c}"`).join(', ');
    return inTransaction(this.dataSource, (em) =>
      em.query(
        `SELECT g.code AS region, ${filters}
           FROM region g
           LEFT JOIN shelter s ON s.region_code = g.code AND s.status = 'OPEN'
           LEFT JOIN room r ON r.shelter_id = s.id
           LEFT JOIN bed b ON b.room_id = r.id AND b.status = 'AVAILABLE'
          GROUP BY g.code ORDER BY g.code`,
      ),
    );
  }

  /** Observes one reminder sent `lateMs` after it was due (negative = early, counted as 0). */
  observeReminderLateness(lateMs: number): void {
    this.reminderLateness.observe(Math.max(0, lateMs) / 1000);
  }
}

/**
 * Age in seconds of the oldest job that is ready to run but not running in
 * `q` (waiting or prioritized), counted from when it became due (added, plus
 * its delay); 0 when none waits.
 */
async function oldestWaitingAge(q: Queue, now: number): Promise<number> {
  const jobs = await q.getJobs(['wait', 'prioritized'], 0, 0, true);
  let oldest = 0;
  for (const job of jobs) oldest = Math.max(oldest, (now - (job.timestamp + (job.opts?.delay ?? 0))) / 1000);
  return oldest;
}

/** How long one scrape waits for PostgreSQL or Redis before leaving a gauge as it was (ms). */
export const SCRAPE_TIMEOUT_MS = 2000;

/**
 * Runs one gauge's read with a time limit: with Redis or PostgreSQL down, a
 * scrape still answers at once (the gauge keeps its last value; the readiness
 * check reports the outage), instead of hanging on a queued command.
 */
async function bounded(read: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([read(), new Promise<void>((resolve) => (timer = setTimeout(resolve, SCRAPE_TIMEOUT_MS)))]);
  } catch {
    // Unreachable: the gauge keeps its last value; /health/ready says what is down.
  } finally {
    clearTimeout(timer);
  }
}
