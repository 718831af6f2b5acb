import { SignJWT } from 'jose';
import { Role } from '@harbour/domain';
import type { HarbourConfig } from '@harbour/platform/config/config';

/** A development token request that cannot be honoured; the message names the option or claim. */
export class DevTokenError extends Error {
  override readonly name = 'DevTokenError';
}

/** Roles a development token can carry (SERVICE is the worker's own identity, never minted). */
export const TOKEN_ROLES = [Role.COORDINATOR, Role.SHELTER_STAFF, Role.REFERRAL_OFFICER, Role.AUDITOR, Role.COMMISSIONER] as const;

/** What goes into a development token. */
export interface DevTokenRequest {
  role: (typeof TOKEN_ROLES)[number];
  /** Subject: a stable, non-personal user id. */
  sub: string;
  /** SHELTER_STAFF only: shelter ids the user may act for (at least one). */
  shelterIds: string[];
  /** REFERRAL_OFFICER only: the agency id (required for that role). */
  agencyId: string | null;
  /** Lifetime as a time span: a number and a unit s, m, h, d or w, e.g. `8h`, `30m`. */
  ttl: string;
  /** Token version (`ver` claim), 0..2^31-1; default 0. Must reach the subject's minimum after `revokeTokens`. */
  version?: number;
}

const TTL = /^(\d+)\s*(s|m|h|d|w)$/;

/**
 * Mints a development bearer token: HS256 signed with JWT_SECRET, issuer
 * JWT_ISSUER, audience JWT_AUDIENCE, claims `sub`, `role`, `shelterIds`
 * (array), `agencyId` (string or null), `ver` (token version), `iat` and `exp`
 * (seconds since epoch).
 *
 * @param now issue time (default the current time)
 * @throws DevTokenError when the role's scope is missing or wrong (SHELTER_STAFF
 *   without a shelter, REFERRAL_OFFICER without an agency, a scope given to a
 *   role that does not use it), the ttl is not a time span, the version is not a
 *   whole number from 0, or NODE_ENV=production.
 */
export async function mintDevToken(
  config: Pick<HarbourConfig, 'JWT_SECRET' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'NODE_ENV'>,
  req: DevTokenRequest,
  now: Date = new Date(),
): Promise<string> {
  if (config.NODE_ENV === 'production') {
    throw new DevTokenError('development tokens are refused when NODE_ENV=production');
  }
  if (!TOKEN_ROLES.includes(req.role)) {
    throw new DevTokenError(`--role must be one of ${TOKEN_ROLES.join(', ')}`);
  }
  const ttl = TTL.exec(req.ttl.trim());
  if (!ttl || Number(ttl[1]) <= 0) {
    throw new DevTokenError(`--ttl "${req.ttl}" is not a time span such as 8h, 30m, 2d (units s, m, h, d, w)`);
  }
  if (req.role === Role.SHELTER_STAFF && req.shelterIds.length === 0) {
    throw new DevTokenError('a SHELTER_STAFF token needs at least one --shelter <id>');
  }
  if (req.role !== Role.SHELTER_STAFF && req.shelterIds.length > 0) {
    throw new DevTokenError('--shelter is only for SHELTER_STAFF tokens');
  }
  if (req.role === Role.REFERRAL_OFFICER && !req.agencyId) {
    throw new DevTokenError('a REFERRAL_OFFICER token needs --agency <id>');
  }
  if (req.role !== Role.REFERRAL_OFFICER && req.agencyId) {
    throw new DevTokenError('--agency is only for REFERRAL_OFFICER tokens');
  }
  const version = req.version ?? 0;
  if (!Number.isInteger(version) || version < 0 || version > 2_147_483_647) {
    throw new DevTokenError(`--version "${req.version}" must be a whole number from 0 (see revokeTokens)`);
  }
  const seconds = Number(ttl[1]) * { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 }[ttl[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  const iat = Math.floor(now.getTime() / 1000);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const notUuid = [...req.shelterIds, ...(req.agencyId ? [req.agencyId] : [])].find((id) => !uuid.test(id));
  if (notUuid) throw new DevTokenError(`"${notUuid}" is not an id (a UUID); find ids with the agencies / shelters queries`);
  return new SignJWT({ role: req.role, shelterIds: req.shelterIds, agencyId: req.agencyId, ver: version })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(req.sub)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + seconds)
    .sign(new TextEncoder().encode(config.JWT_SECRET));
}
