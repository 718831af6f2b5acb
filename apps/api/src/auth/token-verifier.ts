import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { Principal, TokenRevocationService } from '@harbour/core';
import { AuthReason, HARBOUR_CONFIG, HarbourConfig, UnauthenticatedError } from '@harbour/platform';
import { ClaimMappingError, ClaimsMapping, claimsMappingOf, HARBOUR_CLAIMS, mapClaims, MappedClaims } from './claims-mapping';

/**
 * The registered claims Harbour reads itself (iss, aud, exp, iat are checked by jose): `sub`, and `ver`
 * (token version, 0 when absent: refused once below the subject's minimum, see TokenRevocationService).
 * Role, shelters and agency are read by mapClaims (claims-mapping.ts).
 */
const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  ver: z.number().int().min(0).max(2_147_483_647).optional(),
});

/** Clock skew tolerated between Harbour and the token issuer. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Oldest token accepted, by its `iat` (issued-at) claim. */
export const MAX_TOKEN_AGE = '24h';

/**
 * Verifies bearer tokens with jose: HS256 with JWT_SECRET (development tokens
 * from `harbour token`), or RS256/ES256 against JWT_JWKS_URL when set (a real
 * identity provider). Issuer, audience and `exp` are always checked. A JWKS-verified token's role,
 * shelters and agency are read through the configured claims mapping (JWT_ROLE_CLAIM, JWT_ROLE_VALUES,
 * JWT_SHELTER_IDS_CLAIM, JWT_AGENCY_ID_CLAIM); an HS256 development token always carries Harbour's own claims.
 */
@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger(TokenVerifier.name);
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  private readonly mapping: ClaimsMapping;

  constructor(
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
    private readonly revocations: TokenRevocationService,
  ) {
    if (config.JWT_JWKS_URL) {
      this.key = createRemoteJWKSet(new URL(config.JWT_JWKS_URL));
      this.algorithms = ['RS256', 'ES256'];
      this.mapping = claimsMappingOf(config);
    } else {
      this.key = new TextEncoder().encode(config.JWT_SECRET);
      this.algorithms = ['HS256'];
      this.mapping = HARBOUR_CLAIMS;
    }
  }

  /**
   * Verifies `token` and returns the caller it names.
   * @param ip - client address, kept on the principal for the audit trail
   * @throws UNAUTHENTICATED for a bad signature, wrong issuer/audience, expiry, bad claims or a revoked version;
   *   claims that name no caller carry `extensions.reason` (ROLE_UNMAPPED, ROLE_AMBIGUOUS, CLAIM_INVALID) and `extensions.claim`
   */
  async verify(token: string, ip: string | null): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        algorithms: this.algorithms,
        requiredClaims: ['exp', 'sub', 'iat'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // However far away `exp` is, a token is refused this long after it was issued.
        maxTokenAge: MAX_TOKEN_AGE,
      };
      const result = this.key instanceof Uint8Array ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options);
      payload = result.payload;
    } catch (e) {
      if (e instanceof joseErrors.JWTExpired) throw new UnauthenticatedError(AuthReason.TOKEN_EXPIRED, 'The bearer token has expired');
      if (e instanceof joseErrors.JOSEError) throw new UnauthenticatedError(AuthReason.TOKEN_INVALID, 'The bearer token is not valid');
      // A JWKS endpoint that cannot be reached is our problem, not the caller's; still no principal.
      this.logger.error(`Token verification failed: ${(e as Error).message}`);
      throw new UnauthenticatedError(AuthReason.TOKEN_UNVERIFIABLE, 'The bearer token could not be verified');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) {
      const issue = claims.error.issues[0];
      throw new UnauthenticatedError(AuthReason.CLAIM_INVALID, `The bearer token has a bad ${issue.path.join('.') || 'claim'} claim: ${issue.message}`);
    }
    const c = claims.data;
    let mapped: MappedClaims;
    try {
      mapped = mapClaims(payload, this.mapping);
    } catch (e) {
      if (!(e instanceof ClaimMappingError)) throw e;
      throw new UnauthenticatedError(e.reason, e.message, { claim: e.claim });
    }
    // Cached per process while Redis's revocation epoch is unchanged (TokenRevocationService): a revocation holds at once in every API process.
    if ((c.ver ?? 0) < (await this.revocations.minVersion(c.sub))) {
      throw new UnauthenticatedError(AuthReason.TOKEN_REVOKED, 'The bearer token has been revoked; ask for a new one');
    }
    return { sub: c.sub, ...mapped, ip };
  }
}
