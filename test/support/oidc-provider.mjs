// A real OpenID Connect provider for the browser tests: the `oidc-provider` package (its
// development login and consent pages, real authorization codes, PKCE, JWT access tokens
// signed with a key the test hands over), on 127.0.0.1 at a free port. A child process
// because the package is ESM-only, which jest's module loader cannot load.
//
//   stdin  (first line, JSON): the private signing key as a JWK, with its kid
//   stdout (JSON line):        {"issuer": "http://127.0.0.1:<port>"}
//   stdin  (second line, JSON): {"client": {client_id, redirect_uris, post_logout_redirect_uris},
//                                "audience": "...", "accounts": {<login>: {<claims of its access tokens>}}}
//   stdout (JSON line):        {"ready": true}
//
// Any password is accepted (the package's development login); a login that names no account
// is refused. The access tokens carry the account's claims as top-level claims, for the API's
// claims mapping to read.
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async () => JSON.parse((await lines.next()).value);

const key = await next();
// Until the provider is configured, its JWKS is already served (the test's fixtures use tokens signed with the same key).
const publicKey = Object.fromEntries(Object.entries(key).filter(([k]) => !['d', 'p', 'q', 'dp', 'dq', 'qi'].includes(k)));
let handle = (req, res) =>
  req.url === '/jwks'
    ? res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: [publicKey] }))
    : res.writeHead(503).end();
const server = createServer((req, res) => handle(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
process.stdout.write(`${JSON.stringify({ issuer })}\n`);

const { client, audience, accounts } = await next();
const resource = 'urn:harbour:api';

const provider = new Provider(issuer, {
  clients: [{ ...client, token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }],
  jwks: { keys: [key] },
  cookies: { keys: ['harbour-test-provider-cookie-key'] },
  findAccount: async (_ctx, id) => (accounts[id] ? { accountId: id, claims: async () => ({ sub: id }) } : undefined),
  // Refresh tokens without offline_access (the web app renews its access token with them).
  issueRefreshToken: async (_ctx, c) => c.grantTypeAllowed('refresh_token'),
  extraTokenClaims: async (_ctx, token) => (token.kind === 'AccessToken' && token.accountId ? accounts[token.accountId] : undefined),
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== resource) throw new Error(`unknown resource ${indicator}`);
        return { scope: '', audience, accessTokenFormat: 'jwt', accessTokenTTL: 300, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  ttl: { AccessToken: 300, IdToken: 300, RefreshToken: 3600, Session: 3600, Interaction: 600, Grant: 3600 },
});
// Plain http on loopback: the package's secure-context checks would otherwise refuse it.
provider.proxy = false;
handle = provider.callback();
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.stdin.on('end', () => server.close(() => process.exit(0)));
