import { z } from 'zod';
import { parseCipherKeys } from '../crypto/field-cipher';

/**
 * Harbour's configuration, read from environment variables and validated once
 * at start. A bad value stops the process with a message naming the variable.
 * Every variable is documented in docs/configuration.md (generated from this schema).
 */
const csvInts = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'a comma-separated list of whole numbers of days, e.g. "7,2,0"')
  .transform((s) => [...new Set(s.split(',').map((x) => Number(x.trim())))].sort((a, b) => b - a));

/**
 * The development defaults committed in this file. They let `npm start` and
 * the tests run with no setup, and are therefore public: production refuses
 * every one of them, and so does any process whose API listens on a
 * non-loopback HOST (see devDefaultProblems).
 */
export const DEV_DEFAULTS = {
  JWT_SECRET: 'dev-only-secret-change-me-0123456789abcdef',
  AUDIT_CHAIN_KEY: 'dev-only-audit-chain-key-change-me-0123456789',
  WEBHOOK_SIGNING_SECRET: 'dev-only-webhook-secret-change-me-0123456789',
  NOTES_ENCRYPTION_KEYS: 'dev:ZGV2LW9ubHktbm90ZXMta2V5LWNoYW5nZS1tZS0wMTI=',
  DATABASE_SCOPE_KEY: 'dev-only-database-scope-key-change-me-012345',
} as const;

const schema = z.object({
  /** `production` turns on the production checks (no development secrets, no adjustable clock, no introspection or GraphiQL). */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the API. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /**
   * Address the API listens on. Default 127.0.0.1 (this machine only); set
   * 0.0.0.0 (or an interface address) to serve a network, which requires real
   * secrets: the committed development ones are refused on a non-loopback HOST.
   */
  HOST: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9.:\-[\]%]+$/, 'an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0')
    .default('127.0.0.1'),
  /** PostgreSQL the API, worker and CLI connect to (`npm start` sets it to its own `harbour` database and role). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .default('postgres://postgres@127.0.0.1:5432/harbour'),
  /**
   * The owner role's connection, for `harbour migrate` only (docs/security.md, "Two database roles"): it
   * owns the tables, runs the migrations, installs DATABASE_SCOPE_KEY and grants the runtime role (the
   * user of DATABASE_URL) what the API and worker need. Unset: migrations run on DATABASE_URL (one role
   * for both, which production refuses to start on). `npm start` and the tests set both.
   */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  /**
   * Key of the HMAC that signs the caller scope row-level security reads (`harbour.scope`; at least 32
   * characters). `harbour migrate` stores it where only the owner role can read it; the API and worker
   * sign every transaction's caller with it, so the runtime role cannot name its own caller. The same
   * value for migrate, API and worker; refused when NODE_ENV=production if unset or the development default.
   */
  DATABASE_SCOPE_KEY: z.string().min(32, 'at least 32 characters').default(DEV_DEFAULTS.DATABASE_SCOPE_KEY),
  /** Connections per process in the PostgreSQL pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** Redis that holds the BullMQ queues and the rate-limit counters. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  /** BullMQ key prefix; wrap in {braces} for Redis Cluster hash tags. */
  QUEUE_PREFIX: z.string().min(1).max(64).default('harbour'),
  /** HS256 secret for development tokens (`harbour token`). At least 32 characters. */
  JWT_SECRET: z.string().min(32, 'at least 32 characters').default(DEV_DEFAULTS.JWT_SECRET),
  /** JWKS URL of a real identity provider; when set, RS/ES-signed tokens are verified against it. */
  JWT_JWKS_URL: z.string().url().optional(),
  /** Required `iss` claim of every token. Default `harbour`, or OIDC_ISSUER when that is set. */
  JWT_ISSUER: z.string().min(1).default('harbour'),
  /** Required `aud` claim of every token (with an identity provider: the audience of its access tokens for Harbour). */
  JWT_AUDIENCE: z.string().min(1).default('harbour-api'),
  /**
   * Claim of a JWKS-verified token that carries the caller's role (docs/security.md, "Claims mapping"): a
   * claim name, or a dotted path into nested claims such as Keycloak's `realm_access.roles`. Its value is a
   * string or an array of strings; exactly one of them must map to a Harbour role.
   */
  JWT_ROLE_CLAIM: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a claim name or a dotted path, e.g. role or realm_access.roles')
    .default('role'),
  /**
   * How the role claim's values map to Harbour roles: `<value>=<ROLE>[,…]`, e.g.
   * `harbour-staff=SHELTER_STAFF,harbour-officer=REFERRAL_OFFICER`. Unset: the values are Harbour's role
   * names themselves (COORDINATOR, SHELTER_STAFF, REFERRAL_OFFICER, AUDITOR, COMMISSIONER). Other values are ignored.
   */
  JWT_ROLE_VALUES: z
    .string()
    .max(4000)
    .optional()
    .refine(
      (v) => !v || v.split(',').every((e) => /^[^=,]+=(COORDINATOR|SHELTER_STAFF|REFERRAL_OFFICER|AUDITOR|COMMISSIONER)$/.test(e.trim())),
      'comma-separated <claim value>=<COORDINATOR|SHELTER_STAFF|REFERRAL_OFFICER|AUDITOR|COMMISSIONER> pairs',
    ),
  /** Claim (name or dotted path) with a shelter staff member's shelter ids: an array of UUIDs, or one UUID. */
  JWT_SHELTER_IDS_CLAIM: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a claim name or a dotted path')
    .default('shelterIds'),
  /** Claim (name or dotted path) with a referral officer's agency id: a UUID (or an array holding one). */
  JWT_AGENCY_ID_CLAIM: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'a claim name or a dotted path')
    .default('agencyId'),
  /**
   * OpenID Connect issuer the web app signs in with (authorization code with PKCE; discovery at
   * `<issuer>/.well-known/openid-configuration`). Needs OIDC_CLIENT_ID and JWT_JWKS_URL (the API verifies
   * the provider's access tokens there). `https://`, or `http://` on a loopback host for local use.
   * Unset: the web app offers only the development sign-in.
   */
  OIDC_ISSUER: z
    .string()
    .url()
    .refine((v) => {
      const u = new URL(v);
      return u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname));
    }, 'an https:// URL (http:// only on 127.0.0.1, ::1 or localhost)')
    .optional(),
  /** The web app's client id at the identity provider: a public client (no secret) with PKCE, redirect URI `<Harbour origin>/sign-in/callback`, post-logout redirect URI `<Harbour origin>/sign-in`. */
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  /** Scopes the web app asks for, space-separated; must include `openid`. */
  OIDC_SCOPES: z
    .string()
    .max(1000)
    .refine((v) => v.split(/\s+/).includes('openid'), 'a space-separated list of scopes that includes openid')
    .default('openid profile'),
  /** Resource indicator (RFC 8707) the web app sends with its authorization and token requests, for providers that issue an API's access tokens per resource. Unset: none sent. */
  OIDC_RESOURCE: z.string().url().optional(),
  /** Name of the identity provider on the sign-in button ("Sign in with …"). */
  OIDC_PROVIDER_NAME: z.string().min(1).max(80).default('your organisation'),
  /** How long a hold lasts before it expires, in hours (docs/architecture.md glossary: default 24 h). */
  HOLD_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 14)
    .default(24),
  /** Length of one recovery period in calendar days (England & Wales policy 45; ECAT art. 13 minimum 30). */
  RECOVERY_PERIOD_DAYS: z.coerce.number().int().min(30).max(365).default(45),
  /** Jurisdiction time zone for calendar days and reminder times (IANA name). */
  TIME_ZONE: z
    .string()
    .default('Europe/London')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-GB', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/London'),
  /** Days before a recovery period's last day on which reminders go out (0 = the last day itself). */
  REMINDER_OFFSETS_DAYS: csvInts.default('7,2,0'),
  /** Local time of day (HH:mm, in TIME_ZONE) at which reminders are sent. */
  REMINDER_LOCAL_TIME: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm, e.g. 09:00')
    .default('09:00'),
  /**
   * `system`: real time. `adjustable`: real time plus an offset kept in
   * PostgreSQL that coordinators can move forward (for `harbour replay`, demos
   * and tests); refused when NODE_ENV=production.
   */
  CLOCK_MODE: z.enum(['system', 'adjustable']).default('system'),
  /** HMAC key of the audit hash chain (outside the database, so links cannot be forged). At least 32 characters. */
  AUDIT_CHAIN_KEY: z.string().min(32, 'at least 32 characters').default(DEV_DEFAULTS.AUDIT_CHAIN_KEY),
  /**
   * Retired audit chain keys, for verifying the links sealed before a rotation:
   * `<last chain position>:<key>[,…]`; each key verifies the positions up to
   * its own and after the previous entry's; AUDIT_CHAIN_KEY the rest. Keys of
   * at least 32 characters, without commas.
   */
  AUDIT_CHAIN_PREVIOUS_KEYS: z
    .string()
    .optional()
    .refine((v) => !v || v.split(',').every((e) => /^[1-9][0-9]{0,18}:[^,]{32,}$/.test(e.trim())), {
      message: 'must be <last chain position>:<key of at least 32 characters>[,…]',
    }),
  /**
   * File on the worker's host to which the worker appends the audit chain's
   * head (one JSON line: at, seq, hash) after sealing; `harbour audit verify
   * --heads <file>` then finds a rewrite of the whole chain. Put it where no
   * database role can write (it is never in the database). Unset: no export.
   */
  AUDIT_HEAD_FILE: z.string().min(1).max(4096).optional(),
  /** Least time between two exports of the audit chain head, in seconds (0 = after every sealing run that moved it). */
  AUDIT_HEAD_EXPORT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Shared secret for the HMAC-SHA256 `harbour-signature` header on every webhook delivery. */
  WEBHOOK_SIGNING_SECRET: z.string().min(32, 'at least 32 characters').default(DEV_DEFAULTS.WEBHOOK_SIGNING_SECRET),
  /** Failed deliveries in a row after which a webhook URL is paused until a coordinator resumes it. */
  WEBHOOK_PAUSE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(20),
  /** Webhook that receives notifications addressed to coordinators. */
  COORDINATOR_WEBHOOK_URL: z.string().url().optional(),
  /**
   * SMTP server for the email channel, e.g. `smtp://user:pass@mail.example:587`
   * or `smtps://…:465`. Unset: no email is created or sent (webhooks only).
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'an smtp:// or smtps:// URL')
    .optional(),
  /** `From` of every email Harbour sends. */
  MAIL_FROM: z
    .string()
    .max(254)
    .regex(/^[^\r\n]*@[^\r\n]*$/, 'an address such as "Harbour <harbour@example.org>" (one line)')
    .default('Harbour <harbour@localhost>'),
  /**
   * On SIGTERM/SIGINT the worker stops taking jobs and lets active ones finish
   * for at most this long (ms); then it hands the unfinished ones back to the
   * queue (another worker takes them at once) and exits.
   */
  WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /**
   * Lock on a running job, renewed every half of it (ms). A worker that dies
   * (SIGKILL, lost machine) stops renewing; after this long another worker
   * finds the job stalled and runs it again. Also how often workers look for
   * stalled jobs. BullMQ's default is 30 s.
   */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /**
   * HTTP port of the worker's /health/live, /health/ready and /metrics. 0 = any
   * free port (printed at start; for tests and several workers on one host).
   */
  WORKER_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** How often each worker writes its heartbeat to Redis (ms); the API's readiness wants one at most 3 beats old. */
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** How often the worker's outbox relay looks for committed events, in ms. */
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60000).default(200),
  /** Attempts per background job before it is kept as failed (a dead letter), 1..50. */
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay of a failed job in ms; doubles each attempt, with ±50% jitter. */
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  /** GraphQL operations one user (token subject) may send per minute; 0 = no limit. */
  RATE_LIMIT_PER_USER_PER_MINUTE: z.coerce.number().int().min(0).default(3000),
  /**
   * How long an API process may trust a token subject's revocation row it has
   * read, in seconds, while Redis's revocation epoch is unchanged (a revocation
   * changes it, so it holds on every replica at once); the bound applies only
   * when Redis could not be told of a revocation. 0 = read the row on every request.
   */
  TOKEN_REVOCATION_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** GraphQL operations one client address may send per minute; 0 = no limit. */
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
  /**
   * AES-256-GCM keys for free-text notes at rest: `id:base64(32 bytes)[,…]`,
   * the first encrypts, all decrypt (see docs/security-model.md, Rotating keys).
   */
  NOTES_ENCRYPTION_KEYS: z
    .string()
    .default(DEV_DEFAULTS.NOTES_ENCRYPTION_KEYS)
    .refine((v) => {
      try {
        parseCipherKeys(v);
        return true;
      } catch {
        return false;
      }
    }, 'id:base64key pairs, comma-separated, each key 32 bytes'),
  /** Smallest count of people a report shows; smaller non-zero counts are suppressed (docs/reports.md). */
  REPORT_SUPPRESSION_THRESHOLD: z.coerce.number().int().min(2).max(100).default(5),
  /** Days after a referral is closed (exited or withdrawn) before it is anonymised. */
  RETENTION_DAYS: z.coerce.number().int().min(30).max(3650).default(365),
  /**
   * Batch assignment priority (docs/rules.md, "Matching policy"): points every waiting
   * referral has; per urgency level above ROUTINE (URGENT 1, EMERGENCY 2); per
   * day waited; when the referred person is under 18; per dependant under 18.
   * Finite, >= 0, at most 1000.
   */
  PRIORITY_WEIGHT_BASE: z.coerce.number().min(0).max(1000).default(1),
  /** Priority points per urgency level above ROUTINE (URGENT 1 level, EMERGENCY 2). */
  PRIORITY_WEIGHT_URGENCY: z.coerce.number().min(0).max(1000).default(4),
  /** Priority points per day waited. */
  PRIORITY_WEIGHT_WAIT_PER_DAY: z.coerce.number().min(0).max(1000).default(0.1),
  /**
   * Most points the wait part of the priority can reach (issue 9: no unbounded
   * term). Default 2 (20 days at 0.1 a day), half an urgency level, so ageing
   * never lifts a referral over one of a higher urgency; escalations do the rest.
   */
  PRIORITY_WAIT_CAP_POINTS: z.coerce.number().min(0).max(1000).default(2),
  /** Priority points when the referred person is under 18. */
  PRIORITY_WEIGHT_MINOR: z.coerce.number().min(0).max(1000).default(3),
  /** Priority points per dependant under 18. */
  PRIORITY_WEIGHT_CHILD: z.coerce.number().min(0).max(1000).default(1),
  /**
   * Hours a waiting referral may go without being offered a bed before an
   * escalation opens for its regions' coordinators, per urgency (docs/waiting.md).
   * Positive, at most one year.
   */
  ESCALATION_AFTER_HOURS_EMERGENCY: z.coerce.number().positive().max(8760).default(24),
  /** Hours before an escalation opens for URGENT referrals (default 72 h). */
  ESCALATION_AFTER_HOURS_URGENT: z.coerce.number().positive().max(8760).default(72),
  /** Hours before an escalation opens for ROUTINE referrals (default 168 h, 7 days). */
  ESCALATION_AFTER_HOURS_ROUTINE: z.coerce.number().positive().max(8760).default(168),
  /** Seconds the worker waits after beds free up before one batch assignment takes every free bed and waiting referral (0 = at once). */
  ASSIGNMENT_WINDOW_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  /** Time limit of one batch assignment's MIP solve, in seconds (on timeout the best solution found, never worse than greedy, is used). */
  ASSIGNMENT_TIME_LIMIT_SECONDS: z.coerce.number().positive().max(600).default(20),
  /** Largest `first` a list query accepts. */
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** Lowest level logged. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  /** `json`: one JSON object per line. `pretty`: coloured text for a person. `auto`: pretty only on a TTY in development, else JSON. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /**
   * Development sign-in of the web app (`/auth/dev/*`: pick a role, shelter or
   * agency and get a development token). Default: on outside production, off in
   * production, where `true` is refused; off, and `true` refused, when JWT_JWKS_URL is
   * set (the API then accepts only the identity provider's tokens).
   */
  DEV_SIGN_IN: z.enum(['true', 'false']).optional(),
  /** Folder of the built web app the API serves at `/` (default `apps/web/dist` under the working directory); nothing is served when it has no index.html. */
  WEB_DIST_DIR: z.string().min(1).optional(),
});

/** The validated configuration; DEV_SIGN_IN resolved to a boolean. */
export type HarbourConfig = Omit<z.infer<typeof schema>, 'DEV_SIGN_IN'> & { DEV_SIGN_IN: boolean };

/** Every environment variable Harbour reads (the configuration schema's keys), for checks of deployment files. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** Thrown when the environment does not hold a valid configuration. */
export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** True for an address that only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * Problems with the committed development secrets in `env` (raw values, empty
 * ones already dropped): in production each secret must be set and must not
 * be its development default (JWT_SECRET may be replaced by JWT_JWKS_URL, but
 * never be the default); on a non-loopback HOST no development default may be
 * in use at all, whatever NODE_ENV, because anyone who can reach the API could
 * then mint a COORDINATOR token (JWT_SECRET) or forge what the others protect.
 */
export function devDefaultProblems(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const host = env.HOST ?? '127.0.0.1';
  const exposed = !isLoopbackHost(host);
  for (const name of Object.keys(DEV_DEFAULTS) as (keyof typeof DEV_DEFAULTS)[]) {
    const value = env[name];
    const isDefault = value === undefined || value === DEV_DEFAULTS[name];
    if (!isDefault) continue;
    const replacedByJwks = name === 'JWT_SECRET' && value === undefined && !!env.JWT_JWKS_URL;
    if (production && !replacedByJwks) {
      problems.push(
        value === undefined
          ? `${name}: must be set when NODE_ENV=production${name === 'JWT_SECRET' ? ' (or JWT_JWKS_URL)' : ''}`
          : `${name}: must not be the committed development default when NODE_ENV=production`,
      );
    } else if (exposed && !replacedByJwks) {
      problems.push(
        `${name}: the committed development default is refused when HOST=${host} is reachable from a network; set a secret of your own (or keep HOST=127.0.0.1)`,
      );
    }
  }
  return problems;
}

/** The user name of a postgres:// URL, or null when it does not parse. */
function urlUser(url: string | undefined): string | null {
  try {
    return url ? decodeURIComponent(new URL(url).username) : null;
  } catch {
    return null;
  }
}

/**
 * In production the API and worker must not connect as the owner role: when
 * both URLs are given, DATABASE_URL's user must differ from
 * MIGRATION_DATABASE_URL's (the running processes also check the real
 * database at start: DatabaseRoleCheck).
 */
export function databaseRoleProblems(env: Record<string, string | undefined>): string[] {
  if (env.NODE_ENV !== 'production' || !env.DATABASE_URL || !env.MIGRATION_DATABASE_URL) return [];
  const runtime = urlUser(env.DATABASE_URL);
  return runtime !== null && runtime === urlUser(env.MIGRATION_DATABASE_URL)
    ? [`DATABASE_URL: must not connect as "${runtime}", the owner role of MIGRATION_DATABASE_URL, when NODE_ENV=production (use the runtime role)`]
    : [];
}

/**
 * Parses and validates configuration from `env` (default `process.env`).
 * Every problem is reported at once: each bad variable (zod), then the rules
 * across variables (production settings, development secrets).
 * @throws ConfigError listing every bad variable and what it should be.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HarbourConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')) as Record<string, string | undefined>;
  const parsed = schema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: must be ${i.message}`);
  if (cleaned.NODE_ENV === 'production' && (cleaned.CLOCK_MODE ?? 'system') !== 'system') {
    problems.push('CLOCK_MODE: must be system when NODE_ENV=production');
  }
  if (cleaned.NODE_ENV === 'production' && cleaned.DEV_SIGN_IN === 'true') {
    problems.push('DEV_SIGN_IN: must not be true when NODE_ENV=production (the development sign-in hands out any role)');
  } else if (cleaned.DEV_SIGN_IN === 'true' && cleaned.JWT_JWKS_URL) {
    problems.push(
      "DEV_SIGN_IN: must not be true when JWT_JWKS_URL is set (the API then accepts only the identity provider's tokens, so development tokens would be refused)",
    );
  }
  if (cleaned.OIDC_ISSUER && !cleaned.OIDC_CLIENT_ID)
    problems.push("OIDC_CLIENT_ID: must be set when OIDC_ISSUER is (the web app's client id at the provider)");
  if (cleaned.OIDC_ISSUER && !cleaned.JWT_JWKS_URL)
    problems.push("JWT_JWKS_URL: must be set when OIDC_ISSUER is (the provider's jwks_uri, where the API verifies its tokens)");
  if (!cleaned.OIDC_ISSUER && cleaned.OIDC_CLIENT_ID) problems.push('OIDC_ISSUER: must be set when OIDC_CLIENT_ID is');
  problems.push(...devDefaultProblems(cleaned));
  problems.push(...databaseRoleProblems(cleaned));
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return {
    ...parsed.data,
    JWT_ISSUER: cleaned.JWT_ISSUER === undefined && parsed.data.OIDC_ISSUER ? parsed.data.OIDC_ISSUER : parsed.data.JWT_ISSUER,
    DEV_SIGN_IN: (parsed.data.DEV_SIGN_IN ?? (parsed.data.NODE_ENV === 'production' || parsed.data.JWT_JWKS_URL ? 'false' : 'true')) === 'true',
  };
}

/** Nest injection token for the validated configuration. */
export const HARBOUR_CONFIG = Symbol('HARBOUR_CONFIG');

/**
 * For a process's entry point: the validated configuration, or, when the
 * environment is invalid, the problems printed to stderr and exit code 2.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): HarbourConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
}

/** Nest log levels at or above LOG_LEVEL. */
export function nestLogLevels(level: HarbourConfig['LOG_LEVEL']): ('fatal' | 'error' | 'warn' | 'log' | 'debug')[] {
  const order = ['fatal', 'error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, { fatal: 0, error: 1, warn: 2, info: 3, debug: 4 }[level] + 1);
}
