import { createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The signed caller scope that row-level security reads (migration
 * CallerScope1766100000000; docs/row-level-security.md). One setting,
 * `harbour.scope`, carries the caller, the PostgreSQL backend it was made for
 * and an expiry, with an HMAC-SHA256 keyed by DATABASE_SCOPE_KEY. The
 * database checks it in SECURITY DEFINER functions that read the key from a
 * table only the owner role can read; a session that sets the setting itself,
 * without the key, is "no caller" and sees no protected row.
 */
export const SCOPE_SETTING = 'harbour.scope';

/** How long a transaction's scope is valid, in seconds (transactions last seconds; idle ones end after 60 s). */
export const TRANSACTION_SCOPE_SECONDS = 600;

/**
 * How long a SERVICE connection's session scope is valid, in seconds. Such
 * pools end a connection after {@link SERVICE_CONNECTION_LIFETIME_SECONDS}, so
 * a connection never outlives its scope.
 */
export const SESSION_SCOPE_SECONDS = 24 * 3600;

/** Lifetime of a SERVICE pool's connections, in seconds (pg-pool `maxLifetimeSeconds`). */
export const SERVICE_CONNECTION_LIFETIME_SECONDS = 6 * 3600;

/** What a scope names: role, agency (officers) and shelters (staff), as the policies read them. */
export interface ScopeCaller {
  role: string;
  agencyId: string;
  /** Comma-separated uuids. */
  shelterIds: string;
}

const ROLE_RE = /^[A-Z_]{1,40}$/;
const UUID_RE = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/;

/**
 * The scope string for `caller` on backend `pid` until `expiresAt` (epoch
 * seconds), signed with `key`: `v1|role|agency|shelters|pid|expiry|mac`. A
 * caller the database could not parse (a role outside [A-Z_], an agency or
 * shelter that is not a uuid) gives the empty scope: no caller (fail closed).
 * An empty role gives the empty scope too.
 */
export function signScope(key: string, caller: ScopeCaller, pid: number, expiresAt: number): string {
  const agency = caller.agencyId.toLowerCase();
  const shelters = caller.shelterIds.toLowerCase();
  if (!ROLE_RE.test(caller.role) || (agency !== '' && !UUID_RE.test(agency))) return '';
  if (shelters !== '' && !shelters.split(',').every((s) => UUID_RE.test(s))) return '';
  if (!Number.isInteger(pid) || pid <= 0) return '';
  const message = `v1|${caller.role}|${agency}|${shelters}|${pid}|${Math.floor(expiresAt)}`;
  return `${message}|${createHmac('sha256', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('hex')}`;
}

/** The SERVICE caller (the worker, the CLI, the command side). */
export const SERVICE_SCOPE_CALLER: ScopeCaller = { role: 'SERVICE', agencyId: '', shelterIds: '' };

/**
 * The DATABASE_SCOPE_KEY a DataSource made by `dataSourceOptions` signs with
 * (kept in its pool options), or null for another DataSource (which then
 * signs nothing: its transactions see no protected row).
 */
export function scopeKeyOf(dataSource: DataSource): string | null {
  const key = (dataSource.options as { extra?: { harbourScopeKey?: unknown } }).extra?.harbourScopeKey;
  return typeof key === 'string' && key.length > 0 ? key : null;
}

/** The PostgreSQL backend pid of `em`'s connection (from the driver, else asked). */
export async function backendPid(em: EntityManager): Promise<number> {
  const pid = (em.queryRunner as { databaseConnection?: { processID?: unknown } } | undefined)?.databaseConnection?.processID;
  if (typeof pid === 'number') return pid;
  const [row]: { pid: number }[] = await em.query('SELECT pg_backend_pid() AS pid');
  return row.pid;
}

/**
 * The scope for `caller` in one transaction on `em`'s connection, valid
 * {@link TRANSACTION_SCOPE_SECONDS}, signed with `dataSource`'s key ('' when
 * it has none).
 */
export async function transactionScope(dataSource: DataSource, em: EntityManager, caller: ScopeCaller): Promise<string> {
  const key = scopeKeyOf(dataSource);
  if (!key || caller.role === '') return '';
  return signScope(key, caller, await backendPid(em), Date.now() / 1000 + TRANSACTION_SCOPE_SECONDS);
}
