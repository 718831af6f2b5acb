/**
 * A real identity provider: tokens signed with its RSA key are verified
 * against its JWKS, fetched over real HTTP from a local server; tokens signed
 * with anything else are refused.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Harbour } from './support/harbour-harness';

describe('bearer tokens from an identity provider (JWKS)', () => {
  let h: Harbour;
  let server: Server;
  let privateKey: CryptoKey;
  let jwksRequests = 0;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    privateKey = pair.privateKey as CryptoKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
    server = createServer((_req, res) => {
      jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    h = await Harbour.start('jwks', { worker: false, env: { JWT_JWKS_URL: url } });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => server?.close(() => r()));
  });

  const sign = (key: CryptoKey | Uint8Array, alg: string, kid?: string) =>
    new SignJWT({ role: 'COORDINATOR', shelterIds: [], agencyId: null })
      .setProtectedHeader({ alg, ...(kid ? { kid } : {}) })
      .setSubject('idp-user-7')
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  it('accepts a token signed by the provider’s key, fetched from its JWKS', async () => {
    const me = await h.ok<{ me: any }>(await sign(privateKey, 'RS256', 'idp-key-1'), '{ me { sub role } }');
    expect(me.me).toEqual({ sub: 'idp-user-7', role: 'COORDINATOR' });
    expect(jwksRequests).toBeGreaterThanOrEqual(1);
  });

  it('refuses an HS256 token made with the development secret when a JWKS is configured', async () => {
    const r = await h.gql(await sign(new TextEncoder().encode(h.config.JWT_SECRET), 'HS256'), '{ me { sub } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token signed by another RSA key', async () => {
    const other = await generateKeyPair('RS256');
    const r = await h.gql(await sign(other.privateKey as CryptoKey, 'RS256', 'idp-key-1'), '{ me { sub } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
