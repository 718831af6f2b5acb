/**
 * Signing in to the web app through a real OpenID Connect provider: the `oidc-provider` package on
 * 127.0.0.1 (its own login and consent pages, authorization codes, PKCE, RS256 JWT access tokens),
 * the real API (tokens verified through its JWKS path, claims mapped Keycloak-style:
 * `realm_access.roles` with a value map, shelters and agency in claims of their own), PostgreSQL,
 * Redis, and Debian's Chromium. Also: tokens stay out of the browser's storage, the API refuses a
 * provider's token whose role it cannot map with a typed error, and a production API refuses to
 * start with the development sign-in on.
 */
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Browser, Page } from 'playwright-core';
import { Role } from '@harbour/domain';
import { Harbour, TokenClaims } from './support/harbour-harness';
import { createReferral, Network, smallNetwork } from './support/fixtures';
import { ensureWebBuilt, expectAccessible, launchBrowser, phonePage } from './support/browser';

jest.setTimeout(90_000);

const REPO = path.resolve(__dirname, '..');
const CLIENT_ID = 'harbour-web';
const AUDIENCE = 'harbour-api';
const PROVIDER_NAME = 'Test Identity';
/** The mapping a Keycloak realm would need (docs/security.md, "Claims mapping"). */
const MAPPING = {
  JWT_ROLE_CLAIM: 'realm_access.roles',
  JWT_ROLE_VALUES: 'harbour-staff=SHELTER_STAFF,harbour-officer=REFERRAL_OFFICER,harbour-coordinator=COORDINATOR',
  JWT_SHELTER_IDS_CLAIM: 'harbour_shelters',
  JWT_AGENCY_ID_CLAIM: 'harbour_agency',
};
const ROLE_VALUE: Record<string, string> = { SHELTER_STAFF: 'harbour-staff', REFERRAL_OFFICER: 'harbour-officer', COORDINATOR: 'harbour-coordinator' };

/** The provider's access-token claims for a Harbour caller, in the mapped shape. */
function mappedClaims(c: { role: string; shelterIds?: string[]; agencyId?: string | null }): Record<string, unknown> {
  return {
    realm_access: { roles: ['offline_access', ROLE_VALUE[c.role] ?? c.role] },
    ...(c.shelterIds?.length ? { harbour_shelters: c.shelterIds } : {}),
    ...(c.agencyId ? { harbour_agency: c.agencyId } : {}),
  };
}

/** Reads JSON lines from a child's stdout, one at a time. */
function jsonLines(child: ChildProcess): () => Promise<Record<string, unknown>> {
  const it = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return async () => {
    for (;;) {
      const { value, done } = await it.next();
      if (done) throw new Error('the provider exited');
      if (value.startsWith('{')) return JSON.parse(value) as Record<string, unknown>;
    }
  };
}

/** Runs the API's entry point with NODE_ENV=production and DEV_SIGN_IN=true (and real secrets otherwise); resolves with its exit code and output. */
function startProductionWithDevSignIn(issuer: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'apps/api/src/main.ts'], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DEV_SIGN_IN: 'true',
      JWT_JWKS_URL: `${issuer}/jwks`,
      AUDIT_CHAIN_KEY: 'production-test-audit-key-0123456789abcdefghij',
      NOTES_ENCRYPTION_KEYS: 'p1:cHJvZHVjdGlvbi10ZXN0LW5vdGVzLWtleS0wMTIzNDU=',
      WEBHOOK_SIGNING_SECRET: 'production-test-webhook-secret-0123456789abcd',
      DATABASE_SCOPE_KEY: 'production-test-scope-key-0123456789abcdefghij',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('web app sign-in through an OpenID Connect provider', () => {
  let h: Harbour;
  let provider: ChildProcess;
  let issuer: string;
  let base: string;
  let browser: Browser;
  let net: Network;
  let privateKey: CryptoKey;
  let shelterCode: string;
  let providerOutput = '';
  /** The API's real entry point (apps/api/src/main.ts) in production with DEV_SIGN_IN=true; started early, it compiles while the browser tests run. */
  let productionStart: Promise<{ code: number | null; output: string }>;

  /** A token signed with the provider's key, as the provider issues them (fixtures and the refusal checks). */
  const providerToken = (sub: string, claims: Record<string, unknown>) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'provider-key-1', typ: 'at+jwt' })
      .setSubject(sub)
      .setIssuer(issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);

  beforeAll(async () => {
    await ensureWebBuilt();
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.privateKey)), kid: 'provider-key-1', alg: 'RS256', use: 'sig' };
    provider = spawn(process.execPath, [path.join(REPO, 'test/support/oidc-provider.mjs')], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
    provider.stderr!.on('data', (d) => (providerOutput += d));
    const read = jsonLines(provider);
    provider.stdin!.write(`${JSON.stringify(jwk)}\n`);
    issuer = (await read()).issuer as string;

    h = await Harbour.start('oidc', {
      worker: false,
      env: {
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_PROVIDER_NAME: PROVIDER_NAME,
        JWT_JWKS_URL: `${issuer}/jwks`,
        JWT_AUDIENCE: AUDIENCE,
        ...MAPPING,
      },
    });
    base = h.baseUrl;
    // Fixtures through the API with tokens in the provider's shape (the API accepts no other kind here).
    const token = (c: TokenClaims) => providerToken(c.sub ?? 'fixture', mappedClaims(c));
    net = await smallNetwork({ token, ok: h.ok.bind(h) }, { beds: 2 });
    shelterCode = (await h.ok<{ shelter: { codeName: string } }>(net.coordinator, 'query($id: ID!) { shelter(id: $id) { codeName } }', { id: net.shelterId }))
      .shelter.codeName;
    await createReferral(h, net.officer, { initials: 'QX' });

    provider.stdin!.write(
      `${JSON.stringify({
        client: { client_id: CLIENT_ID, redirect_uris: [`${base}/sign-in/callback`], post_logout_redirect_uris: [`${base}/sign-in`] },
        audience: AUDIENCE,
        accounts: {
          'staff.one': mappedClaims({ role: Role.SHELTER_STAFF, shelterIds: [net.shelterId] }),
          'officer.one': mappedClaims({ role: Role.REFERRAL_OFFICER, agencyId: net.agencyId }),
          'volunteer.one': { realm_access: { roles: ['offline_access', 'volunteer'] } },
        },
      })}\n`,
    );
    expect((await read()).ready).toBe(true);
    browser = await launchBrowser();
    productionStart = startProductionWithDevSignIn(issuer);
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    provider?.stdin?.end();
    if (provider && provider.exitCode === null) await new Promise((r) => provider.once('exit', r));
  });

  /** Signs in at the provider's own pages: the app's button, the provider's login form, its consent page. */
  async function signInAtProvider(page: Page, login: string, consent = true) {
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}`, exact: true }).click();
    await page.waitForURL((u) => u.origin === issuer && u.pathname.startsWith('/interaction/'));
    await page.locator('input[name=login]').fill(login);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    if (consent) {
      await page.getByRole('button', { name: 'Continue' }).click();
    }
  }

  /**
   * A phone page that records the app's own console errors and page errors (the provider's
   * development pages load web fonts from the internet, which this machine cannot reach).
   */
  async function appPage() {
    const { context, page } = await phonePage(browser);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && m.location().url.startsWith(base) && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    return { context, page, problems };
  }

  /** Every localStorage and sessionStorage entry of the app's origin, as key=value. */
  const storage = (page: Page) =>
    page.evaluate(() => [
      ...Object.entries(localStorage).map(([k, v]) => `local:${k}=${v}`),
      ...Object.entries(sessionStorage).map(([k, v]) => `session:${k}=${v}`),
    ]);

  it('serves the provider to the web app at run time and lets the app reach it under the policy', async () => {
    const res = await fetch(`${base}/auth/config`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({
      devSignIn: false,
      oidc: { issuer, clientId: CLIENT_ID, scopes: 'openid profile', resource: null, providerName: PROVIDER_NAME },
    });
    const page = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuer}`);
  });

  it('shelter staff: signs in with PKCE at the provider, lands on their beds, and no token is kept in storage', async () => {
    const { context, page, problems } = await appPage();
    const authorizeUrls: URL[] = [];
    const bearers = new Set<string>();
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin === issuer && u.pathname === '/auth') authorizeUrls.push(u);
      const auth = r.headers().authorization;
      if (u.origin === base && u.pathname === '/graphql' && auth) bearers.add(auth.replace(/^Bearer /, ''));
    });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectAccessible(page, 'sign-in with a provider');
    // With the provider's JWKS the API accepts only its tokens, so the development sign-in is off.
    expect(await page.getByText(/Development sign-in/).count()).toBe(0);
    expect((await fetch(`${base}/auth/dev/options`)).status).toBe(404);
    await signInAtProvider(page, 'staff.one');
    // Back from the provider: the board of the staff member's own shelter, read with the provider's token.
    await page.getByRole('heading', { level: 1, name: `Beds at ${shelterCode}` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/shelter');
    expect(await page.getByText('Signed in as Shelter staff').count()).toBe(1);

    expect(authorizeUrls).toHaveLength(1);
    const q = authorizeUrls[0].searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(q.get('redirect_uri')).toBe(`${base}/sign-in/callback`);

    // The bearer the app sent is the provider's RS256 access token, mapped by the API to this staff member.
    expect(bearers.size).toBe(1);
    const [token] = bearers;
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header.alg).toBe('RS256');
    expect(payload).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: 'staff.one', harbour_shelters: [net.shelterId] });
    const me = await h.ok<{ me: unknown }>(token, '{ me { sub role shelterIds agencyId } }');
    expect(me.me).toEqual({ sub: 'staff.one', role: 'SHELTER_STAFF', shelterIds: [net.shelterId], agencyId: null });
    const beds = await h.ok<{ shelter: { rooms: { beds: unknown[] }[] } }>(token, 'query($id: ID!) { shelter(id: $id) { rooms { beds { id } } } }', {
      id: net.shelterId,
    });
    expect(beds.shelter.rooms.flatMap((r) => r.beds)).toHaveLength(2);

    // Memory only: nothing in either storage holds a token, and the callback's code left the address bar.
    const stored = await storage(page);
    expect(stored.filter((e) => e.includes(token) || /eyJ/.test(e) || /refresh|access_token|id_token|harbour\.(session|oidc)/.test(e))).toEqual([]);
    expect(page.url()).not.toContain('code=');

    // A reload forgets the tokens; the provider's session makes signing in again one tap (no login form).
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Beds at ${shelterCode}` }).waitFor();
    expect(authorizeUrls).toHaveLength(2);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("referral officer: lands on their agency's referrals, and signing out ends the provider's session too", async () => {
    const { context, page, problems } = await appPage();
    await signInAtProvider(page, 'officer.one');
    await page.getByRole('heading', { level: 1, name: 'Your agency’s referrals' }).waitFor();
    await page.getByText(/QX/).first().waitFor();
    await expectAccessible(page, 'officer after provider sign-in');
    expect(await storage(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider asks to confirm (its RP-initiated logout page), then sends the browser back.
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${base}/sign-in`);
    await page.getByRole('button', { name: `Sign in with ${PROVIDER_NAME}`, exact: true }).click();
    // The provider's session is gone: its login form again.
    await page.locator('input[name=login]').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses a provider account whose role maps to no Harbour role, with the typed error on the page and on the wire', async () => {
    const { context, page } = await appPage();
    await signInAtProvider(page, 'volunteer.one');
    await page.getByRole('alert').filter({ hasText: 'maps to no Harbour role' }).waitFor();
    expect(await page.getByText('Signing in did not finish:').count()).toBe(1);
    expect(await storage(page)).toEqual([]);
    await context.close();

    const unmapped = await h.gql(await providerToken('volunteer.one', { realm_access: { roles: ['volunteer'] } }), '{ me { sub } }');
    expect(unmapped.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ROLE_UNMAPPED', claim: 'realm_access.roles' });
    const ambiguous = await h.gql(await providerToken('two.hats', { realm_access: { roles: ['harbour-staff', 'harbour-coordinator'] } }), '{ me { sub } }');
    expect(ambiguous.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ROLE_AMBIGUOUS' });
    const noAgency = await h.gql(await providerToken('officer.two', { realm_access: { roles: ['harbour-officer'] } }), '{ me { sub } }');
    expect(noAgency.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'CLAIM_INVALID', claim: 'harbour_agency' });
    expect(unmapped.data?.me ?? null).toBeNull();
  });

  it('a production API with the development sign-in switched on refuses to start', async () => {
    const { code, output } = await productionStart;
    expect(code).toBe(2);
    expect(output).toContain('DEV_SIGN_IN: must not be true when NODE_ENV=production');
    expect(output).not.toContain('GraphQL API at');
  });

  afterAll(() => {
    if (providerOutput.includes('Error')) console.log(providerOutput.slice(-2000));
  });
});
