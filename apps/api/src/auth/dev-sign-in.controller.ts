import { Body, Controller, Get, HttpCode, HttpException, Inject, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '@harbour/domain';
import { DevTokenError, mintDevToken, withCaller } from '@harbour/core';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';

/**
 * Roles the development sign-in offers: those the web app has pages for
 * (auditors use the CLI). A commissioner gets the reports page only; the
 * token names no shelter and no agency.
 */
export const DEV_SIGN_IN_ROLES = [Role.SHELTER_STAFF, Role.REFERRAL_OFFICER, Role.COORDINATOR, Role.COMMISSIONER] as const;

/** Lifetime of a development sign-in token. */
export const DEV_SIGN_IN_TTL = '8h';

/** What the development sign-in page offers: every shelter (code name, region) and agency (name). */
export interface DevSignInOptions {
  roles: readonly string[];
  shelters: { id: string; codeName: string; regionCode: string }[];
  agencies: { id: string; name: string }[];
}

/** A development sign-in: the bearer token and when it expires. */
export interface DevSignInResult {
  token: string;
  /** ISO 8601 expiry of the token. */
  expiresAt: string;
  role: string;
  sub: string;
  shelterIds: string[];
  agencyId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A 400 in the shape of a GraphQL error (code BAD_USER_INPUT, the field named). */
function badInput(message: string, field: string): HttpException {
  return new HttpException({ errors: [{ message, extensions: { code: 'BAD_USER_INPUT', field } }] }, 400);
}

/**
 * The web app's development sign-in, registered only when DEV_SIGN_IN is on
 * (never in production: the configuration refuses it there, so these routes
 * answer 404). It hands out development tokens minted exactly as `harbour token`
 * mints them (libs/core identity/dev-token.ts), for a role and, for shelter
 * staff, a shelter or, for referral officers, an agency.
 */
@Controller('auth/dev')
export class DevSignInController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
  ) {}

  /** GET /auth/dev/options: the roles, shelters (by code name) and agencies to pick from. */
  @Get('options')
  async options(): Promise<DevSignInOptions> {
    // Read as a coordinator (who may see every shelter and agency) under row-level security.
    const reader = { sub: 'dev-sign-in', role: Role.COORDINATOR, shelterIds: [], agencyId: null };
    return withCaller(this.dataSource, reader, async (em) => {
      const shelters: { id: string; code_name: string; region_code: string }[] = await em.query(
        'SELECT id, code_name, region_code FROM shelter ORDER BY code_name LIMIT 500',
      );
      const agencies: { id: string; name: string }[] = await em.query('SELECT id, name FROM agency ORDER BY name LIMIT 500');
      return {
        roles: DEV_SIGN_IN_ROLES,
        shelters: shelters.map((s) => ({ id: s.id, codeName: s.code_name, regionCode: s.region_code })),
        agencies,
      };
    });
  }

  /**
   * POST /auth/dev/token with `{ role, shelterId? , agencyId? }`: a development token for 8 hours.
   * 400 (BAD_USER_INPUT naming the field) for an unknown role, a missing or unknown shelter or agency.
   */
  @Post('token')
  @HttpCode(200)
  async token(@Body() body: { role?: unknown; shelterId?: unknown; agencyId?: unknown } | undefined): Promise<DevSignInResult> {
    const role = body?.role;
    if (typeof role !== 'string' || !(DEV_SIGN_IN_ROLES as readonly string[]).includes(role)) {
      throw badInput(`role must be one of ${DEV_SIGN_IN_ROLES.join(', ')}`, 'role');
    }
    const shelterId = role === Role.SHELTER_STAFF ? body?.shelterId : undefined;
    const agencyId = role === Role.REFERRAL_OFFICER ? body?.agencyId : undefined;
    if (role === Role.SHELTER_STAFF && (typeof shelterId !== 'string' || !UUID.test(shelterId))) {
      throw badInput('shelterId must be the id of a shelter', 'shelterId');
    }
    if (role === Role.REFERRAL_OFFICER && (typeof agencyId !== 'string' || !UUID.test(agencyId))) {
      throw badInput('agencyId must be the id of an agency', 'agencyId');
    }
    const options = await this.options();
    if (typeof shelterId === 'string' && !options.shelters.some((s) => s.id === shelterId)) {
      throw badInput('shelterId names no shelter', 'shelterId');
    }
    if (typeof agencyId === 'string' && !options.agencies.some((a) => a.id === agencyId)) {
      throw badInput('agencyId names no agency', 'agencyId');
    }
    const sub = `dev-${role.toLowerCase().replace(/_/g, '-')}`;
    const now = new Date();
    const request = {
      role: role as (typeof DEV_SIGN_IN_ROLES)[number],
      sub,
      shelterIds: typeof shelterId === 'string' ? [shelterId] : [],
      agencyId: typeof agencyId === 'string' ? agencyId : null,
      ttl: DEV_SIGN_IN_TTL,
    };
    let token: string;
    try {
      token = await mintDevToken(this.config, request, now);
    } catch (e) {
      if (e instanceof DevTokenError) throw badInput(e.message, 'role');
      throw e;
    }
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number };
    return { token, expiresAt: new Date(exp * 1000).toISOString(), role, sub, shelterIds: request.shelterIds, agencyId: request.agencyId };
  }
}
