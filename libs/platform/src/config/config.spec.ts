import { ConfigError, DEV_DEFAULTS, loadConfig } from './config';

describe('loadConfig: batch assignment settings', () => {
  it('has documented defaults for the priority weights, window and solver time limit', () => {
    const c = loadConfig({});
    expect([
      c.PRIORITY_WEIGHT_BASE,
      c.PRIORITY_WEIGHT_URGENCY,
      c.PRIORITY_WEIGHT_WAIT_PER_DAY,
      c.PRIORITY_WEIGHT_MINOR,
      c.PRIORITY_WEIGHT_CHILD,
      c.ASSIGNMENT_WINDOW_SECONDS,
      c.ASSIGNMENT_TIME_LIMIT_SECONDS,
    ]).toEqual([1, 4, 0.1, 3, 1, 5, 20]);
  });

  it('caps ageing and escalates by default after 24 h (EMERGENCY), 72 h (URGENT), 7 days (ROUTINE)', () => {
    const c = loadConfig({});
    expect([c.PRIORITY_WAIT_CAP_POINTS, c.ESCALATION_AFTER_HOURS_EMERGENCY, c.ESCALATION_AFTER_HOURS_URGENT, c.ESCALATION_AFTER_HOURS_ROUTINE]).toEqual([
      2, 24, 72, 168,
    ]);
    expect(() => loadConfig({ ESCALATION_AFTER_HOURS_URGENT: '0' })).toThrow(/ESCALATION_AFTER_HOURS_URGENT/);
    expect(() => loadConfig({ PRIORITY_WAIT_CAP_POINTS: '-1' })).toThrow(/PRIORITY_WAIT_CAP_POINTS/);
  });

  it('reads fractional weights and refuses a negative or non-numeric one, naming the variable', () => {
    expect(loadConfig({ PRIORITY_WEIGHT_WAIT_PER_DAY: '0.25' }).PRIORITY_WEIGHT_WAIT_PER_DAY).toBe(0.25);
    for (const [name, value] of [
      ['PRIORITY_WEIGHT_URGENCY', '-1'],
      ['PRIORITY_WEIGHT_CHILD', 'lots'],
      ['ASSIGNMENT_WINDOW_SECONDS', '-5'],
      ['ASSIGNMENT_TIME_LIMIT_SECONDS', '0'],
    ]) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toContain(`${name}: must be`);
    }
  });
});

describe('loadConfig: development sign-in', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'p'.repeat(40),
    AUDIT_CHAIN_KEY: 'a'.repeat(40),
    NOTES_ENCRYPTION_KEYS: 'p1:cHJvZHVjdGlvbi10ZXN0LW5vdGVzLWtleS0wMTIzNDU=',
    WEBHOOK_SIGNING_SECRET: 'w'.repeat(40),
    DATABASE_SCOPE_KEY: 's'.repeat(40),
  };

  it('is on by default outside production and can be switched off', () => {
    expect(loadConfig({}).DEV_SIGN_IN).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).DEV_SIGN_IN).toBe(true);
    expect(loadConfig({ DEV_SIGN_IN: 'false' }).DEV_SIGN_IN).toBe(false);
  });

  it('is off in production, and production refuses to enable it', () => {
    expect(loadConfig(production).DEV_SIGN_IN).toBe(false);
    expect(loadConfig({ ...production, DEV_SIGN_IN: 'false' }).DEV_SIGN_IN).toBe(false);
    expect(() => loadConfig({ ...production, DEV_SIGN_IN: 'true' })).toThrow(/DEV_SIGN_IN: must not be true when NODE_ENV=production/);
  });

  it('refuses a value other than true or false, naming the variable', () => {
    expect(() => loadConfig({ DEV_SIGN_IN: 'yes' })).toThrow(/DEV_SIGN_IN: must be/);
  });

  it("is off with an identity provider's JWKS, whose tokens are then the only ones accepted, and cannot be switched on there", () => {
    const jwks = { JWT_JWKS_URL: 'https://idp.example/certs' };
    expect(loadConfig(jwks).DEV_SIGN_IN).toBe(false);
    expect(() => loadConfig({ ...jwks, DEV_SIGN_IN: 'true' })).toThrow(/DEV_SIGN_IN: must not be true when JWT_JWKS_URL is set/);
  });
});

describe('loadConfig: development defaults and exposure', () => {
  const real = (c: string) => c.repeat(40);
  const realSecrets = {
    JWT_SECRET: real('j'),
    AUDIT_CHAIN_KEY: real('a'),
    WEBHOOK_SIGNING_SECRET: real('w'),
    NOTES_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    DATABASE_SCOPE_KEY: real('s'),
  };
  function problems(env: Record<string, string>): string[] {
    try {
      loadConfig(env);
      return [];
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      return e.problems;
    }
  }

  it('listens on 127.0.0.1 by default, where the development defaults are allowed', () => {
    const c = loadConfig({});
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.JWT_SECRET).toBe(DEV_DEFAULTS.JWT_SECRET);
    expect(loadConfig({ HOST: 'localhost' }).HOST).toBe('localhost');
    expect(loadConfig({ HOST: '::1' }).HOST).toBe('::1');
  });

  it('refuses every development default on a non-loopback HOST, whatever NODE_ENV, naming each one', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5']) {
      const p = problems({ HOST: host });
      expect(p.map((x) => x.split(':')[0]).sort()).toEqual([
        'AUDIT_CHAIN_KEY',
        'DATABASE_SCOPE_KEY',
        'JWT_SECRET',
        'NOTES_ENCRYPTION_KEYS',
        'WEBHOOK_SIGNING_SECRET',
      ]);
      expect(p[0]).toContain(`HOST=${host}`);
    }
    // The committed value set explicitly is the same public secret.
    expect(problems({ HOST: '0.0.0.0', ...realSecrets, JWT_SECRET: DEV_DEFAULTS.JWT_SECRET })).toEqual([
      expect.stringMatching(/^JWT_SECRET: the committed development default is refused/),
    ]);
    expect(loadConfig({ HOST: '0.0.0.0', ...realSecrets }).HOST).toBe('0.0.0.0');
  });

  it('in production refuses each development default even when set explicitly', () => {
    const p = problems({ NODE_ENV: 'production', ...DEV_DEFAULTS });
    expect(p).toEqual(
      expect.arrayContaining([
        'JWT_SECRET: must not be the committed development default when NODE_ENV=production',
        'AUDIT_CHAIN_KEY: must not be the committed development default when NODE_ENV=production',
        'WEBHOOK_SIGNING_SECRET: must not be the committed development default when NODE_ENV=production',
        'NOTES_ENCRYPTION_KEYS: must not be the committed development default when NODE_ENV=production',
        'DATABASE_SCOPE_KEY: must not be the committed development default when NODE_ENV=production',
      ]),
    );
    expect(p).toHaveLength(5);
    expect(loadConfig({ NODE_ENV: 'production', ...realSecrets }).NODE_ENV).toBe('production');
    // A JWKS URL replaces the HS256 secret, but the committed secret is still refused.
    const { JWT_SECRET: _unused, ...withoutJwt } = realSecrets;
    expect(loadConfig({ NODE_ENV: 'production', ...withoutJwt, JWT_JWKS_URL: 'https://idp.example/jwks' }).JWT_JWKS_URL).toBeDefined();
  });

  it('reports every problem at once: bad values, production rules and missing secrets together', () => {
    const p = problems({ NODE_ENV: 'production', PORT: 'eighty', CLOCK_MODE: 'adjustable', HOLD_HOURS: '-1', AUDIT_CHAIN_KEY: 'short' });
    expect(p.map((x) => x.split(':')[0])).toEqual(
      expect.arrayContaining([
        'PORT',
        'HOLD_HOURS',
        'AUDIT_CHAIN_KEY',
        'CLOCK_MODE',
        'JWT_SECRET',
        'WEBHOOK_SIGNING_SECRET',
        'NOTES_ENCRYPTION_KEYS',
        'DATABASE_SCOPE_KEY',
      ]),
    );
    expect(p.length).toBeGreaterThanOrEqual(8);
  });

  it('in production refuses DATABASE_URL as the owner role of MIGRATION_DATABASE_URL, with the other problems', () => {
    const owner = 'postgres://harbour_app:pw@db.example:5432/harbour';
    const runtime = 'postgres://harbour_runtime:pw2@db.example:5432/harbour';
    expect(problems({ NODE_ENV: 'production', ...realSecrets, DATABASE_URL: owner, MIGRATION_DATABASE_URL: owner, CLOCK_MODE: 'adjustable' })).toEqual([
      'CLOCK_MODE: must be system when NODE_ENV=production',
      'DATABASE_URL: must not connect as "harbour_app", the owner role of MIGRATION_DATABASE_URL, when NODE_ENV=production (use the runtime role)',
    ]);
    expect(loadConfig({ NODE_ENV: 'production', ...realSecrets, DATABASE_URL: runtime, MIGRATION_DATABASE_URL: owner }).MIGRATION_DATABASE_URL).toBe(owner);
    // Outside production one role for both is allowed (the API warns at start).
    expect(loadConfig({ DATABASE_URL: owner, MIGRATION_DATABASE_URL: owner }).DATABASE_URL).toBe(owner);
    expect(problems({ MIGRATION_DATABASE_URL: 'mysql://x' })).toEqual([expect.stringMatching(/^MIGRATION_DATABASE_URL: must be a postgres:\/\/ URL/)]);
  });
});

describe('loadConfig: OpenID Connect sign-in and claims mapping', () => {
  const oidc = { OIDC_ISSUER: 'https://idp.example/realms/harbour', OIDC_CLIENT_ID: 'harbour-web', JWT_JWKS_URL: 'https://idp.example/realms/harbour/certs' };

  it("takes the provider's issuer as the tokens' issuer unless JWT_ISSUER says otherwise", () => {
    const c = loadConfig(oidc);
    expect(c.JWT_ISSUER).toBe('https://idp.example/realms/harbour');
    expect(c.OIDC_SCOPES).toBe('openid profile');
    expect(loadConfig({ ...oidc, JWT_ISSUER: 'https://other.example' }).JWT_ISSUER).toBe('https://other.example');
    expect(loadConfig({}).JWT_ISSUER).toBe('harbour');
  });

  it('needs a client id and a JWKS URL with an issuer, and an issuer with a client id, all reported at once', () => {
    expect(() => loadConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER })).toThrow(
      /OIDC_CLIENT_ID: must be set when OIDC_ISSUER is[\s\S]*JWT_JWKS_URL: must be set when OIDC_ISSUER is/,
    );
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'harbour-web' })).toThrow(/OIDC_ISSUER: must be set when OIDC_CLIENT_ID is/);
    expect(() => loadConfig({ ...oidc, OIDC_SCOPES: 'profile email' })).toThrow(/OIDC_SCOPES: must be a space-separated list of scopes that includes openid/);
  });

  it('checks the claim paths and the role value map', () => {
    expect(loadConfig({ JWT_ROLE_CLAIM: 'realm_access.roles', JWT_ROLE_VALUES: 'staff=SHELTER_STAFF,officer=REFERRAL_OFFICER' }).JWT_ROLE_CLAIM).toBe(
      'realm_access.roles',
    );
    expect(() => loadConfig({ JWT_ROLE_CLAIM: 'realm_access..roles' })).toThrow(/JWT_ROLE_CLAIM: must be a claim name or a dotted path/);
    expect(() => loadConfig({ JWT_ROLE_VALUES: 'staff=SERVICE' })).toThrow(/JWT_ROLE_VALUES: must be comma-separated <claim value>=/);
    expect(() => loadConfig({ JWT_ROLE_VALUES: 'staff' })).toThrow(/JWT_ROLE_VALUES/);
  });
});
