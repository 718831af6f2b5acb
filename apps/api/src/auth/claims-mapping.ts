import { Role } from '@harbour/domain';
import { TOKEN_ROLES } from '@harbour/core';
import { AuthReason, type HarbourConfig } from '@harbour/platform';

/** A role a bearer token may carry (SERVICE is the worker's own identity and never comes from a token). */
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * Why a verified token's claims name no Harbour caller, in `extensions.reason` of the UNAUTHENTICATED error:
 * - `ROLE_UNMAPPED`: the role claim is missing, or none of its values maps to a Harbour role;
 * - `ROLE_AMBIGUOUS`: its values map to two or more different Harbour roles (a caller acts as one);
 * - `CLAIM_INVALID`: a claim has the wrong shape (a shelter or agency id that is not a UUID, an officer without an agency, …).
 */
export type ClaimProblemReason = AuthReason.ROLE_UNMAPPED | AuthReason.ROLE_AMBIGUOUS | AuthReason.CLAIM_INVALID;

/** A verified token whose claims cannot be mapped to a caller; `claim` is the claim (path) at fault. */
export class ClaimMappingError extends Error {
  override readonly name = 'ClaimMappingError';
  constructor(
    message: string,
    readonly reason: ClaimProblemReason,
    readonly claim: string,
  ) {
    super(message);
  }
}

/** Where a token's role, shelters and agency are, and how role values read (JWT_ROLE_CLAIM, JWT_ROLE_VALUES, …). */
export interface ClaimsMapping {
  /** Claim path of the role: a name, or dot-separated names into nested objects (`realm_access.roles`). */
  roleClaim: string;
  /** Claim value → Harbour role; null when the values are Harbour's role names themselves. */
  roleValues: ReadonlyMap<string, TokenRole> | null;
  /** Claim path of a shelter staff member's shelter ids. */
  shelterIdsClaim: string;
  /** Claim path of a referral officer's agency id. */
  agencyIdClaim: string;
}

/** Harbour's own claims, as `harbour token` and the development sign-in mint them (HS256 tokens always use these). */
export const HARBOUR_CLAIMS: ClaimsMapping = { roleClaim: 'role', roleValues: null, shelterIdsClaim: 'shelterIds', agencyIdClaim: 'agencyId' };

/** The mapping the configuration asks for (applies to tokens verified against JWT_JWKS_URL). */
export function claimsMappingOf(
  config: Pick<HarbourConfig, 'JWT_ROLE_CLAIM' | 'JWT_ROLE_VALUES' | 'JWT_SHELTER_IDS_CLAIM' | 'JWT_AGENCY_ID_CLAIM'>,
): ClaimsMapping {
  const roleValues = config.JWT_ROLE_VALUES
    ? new Map(
        config.JWT_ROLE_VALUES.split(',').map((pair) => {
          const at = pair.lastIndexOf('=');
          return [pair.slice(0, at).trim(), pair.slice(at + 1).trim() as TokenRole] as const;
        }),
      )
    : null;
  return { roleClaim: config.JWT_ROLE_CLAIM, roleValues, shelterIdsClaim: config.JWT_SHELTER_IDS_CLAIM, agencyIdClaim: config.JWT_AGENCY_ID_CLAIM };
}

/** The caller a token's claims name: one role, and the shelters or agency that role is scoped to. */
export interface MappedClaims {
  role: TokenRole;
  /** SHELTER_STAFF: the shelters, at least one, without repeats; empty for every other role. */
  shelterIds: string[];
  /** REFERRAL_OFFICER: the agency; null for every other role. */
  agencyId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SHELTERS = 200;

/** The value at a dotted claim path (`realm_access.roles`), or undefined. A claim whose own name has a dot is found too. */
export function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  let value: unknown = payload;
  for (const name of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** A claim value as a list of strings (a string is a list of one); null when it is neither. */
function strings(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return null;
}

/**
 * Maps a verified token's claims to a Harbour caller (docs/security.md, "Claims mapping"). The role claim
 * (a string or an array of strings) must hold exactly one value that maps to a Harbour role (through
 * `roleValues`, or by being a role name when that is null); values that map to nothing are ignored, so an
 * identity provider's other roles do no harm. SHELTER_STAFF needs 1..200 shelter UUIDs (an array or one
 * string); REFERRAL_OFFICER one agency UUID (a string or an array of one). Scope claims of other roles are ignored.
 * @throws ClaimMappingError naming the claim and the reason
 */
export function mapClaims(payload: Record<string, unknown>, mapping: ClaimsMapping): MappedClaims {
  const raw = claimAt(payload, mapping.roleClaim);
  const values = strings(raw);
  if (raw === undefined || values === null) {
    throw new ClaimMappingError(
      `The bearer token has no ${mapping.roleClaim} claim with a role (a string or a list of strings)`,
      AuthReason.ROLE_UNMAPPED,
      mapping.roleClaim,
    );
  }
  const roles = new Set<TokenRole>();
  for (const v of values) {
    const role = mapping.roleValues ? mapping.roleValues.get(v) : (TOKEN_ROLES as readonly string[]).includes(v) ? (v as TokenRole) : undefined;
    if (role) roles.add(role);
  }
  if (roles.size === 0) {
    const known = mapping.roleValues ? [...mapping.roleValues.keys()] : [...TOKEN_ROLES];
    throw new ClaimMappingError(
      `The bearer token's ${mapping.roleClaim} claim maps to no Harbour role (expected one of ${known.join(', ')})`,
      AuthReason.ROLE_UNMAPPED,
      mapping.roleClaim,
    );
  }
  if (roles.size > 1) {
    throw new ClaimMappingError(
      `The bearer token's ${mapping.roleClaim} claim maps to more than one Harbour role (${[...roles].sort().join(', ')}); a caller acts as one`,
      AuthReason.ROLE_AMBIGUOUS,
      mapping.roleClaim,
    );
  }
  const [role] = roles;
  if (role === Role.SHELTER_STAFF) {
    const ids = strings(claimAt(payload, mapping.shelterIdsClaim)) ?? [];
    if (ids.length === 0)
      throw new ClaimMappingError(
        `a SHELTER_STAFF token needs at least one shelter in ${mapping.shelterIdsClaim}`,
        AuthReason.CLAIM_INVALID,
        mapping.shelterIdsClaim,
      );
    if (ids.length > MAX_SHELTERS)
      throw new ClaimMappingError(`${mapping.shelterIdsClaim} holds more than ${MAX_SHELTERS} shelters`, AuthReason.CLAIM_INVALID, mapping.shelterIdsClaim);
    if (!ids.every((id) => UUID.test(id)))
      throw new ClaimMappingError(`${mapping.shelterIdsClaim} must hold shelter ids (UUIDs)`, AuthReason.CLAIM_INVALID, mapping.shelterIdsClaim);
    return { role, shelterIds: [...new Set(ids.map((id) => id.toLowerCase()))], agencyId: null };
  }
  if (role === Role.REFERRAL_OFFICER) {
    const ids = strings(claimAt(payload, mapping.agencyIdClaim));
    if (!ids || ids.length !== 1 || !UUID.test(ids[0])) {
      throw new ClaimMappingError(
        `a REFERRAL_OFFICER token needs one agency id (a UUID) in ${mapping.agencyIdClaim}`,
        AuthReason.CLAIM_INVALID,
        mapping.agencyIdClaim,
      );
    }
    return { role, shelterIds: [], agencyId: ids[0].toLowerCase() };
  }
  return { role, shelterIds: [], agencyId: null };
}
