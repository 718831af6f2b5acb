import * as oauth from 'oauth4webapi';

/**
 * OpenID Connect sign-in with oauth4webapi: authorization code with PKCE (S256), state and nonce,
 * against the provider the API names at GET /auth/config. The web app is a public client (no
 * secret). Tokens are held in memory only, never in localStorage, sessionStorage, IndexedDB or a
 * cookie (the IETF's "OAuth 2.0 for Browser-Based Applications", draft-ietf-oauth-browser-based-apps,
 * on token storage: memory is the one place other tabs, extensions reading storage and a later
 * visitor of the device cannot read). The PKCE verifier, state and nonce live in this tab's
 * sessionStorage only between leaving for the provider and coming back, and are deleted on return.
 */

/** The provider, as GET /auth/config describes it (apps/api SignInConfig). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scopes: string;
  resource: string | null;
  providerName: string;
}

/** What GET /auth/config answers. */
export interface SignInConfig {
  devSignIn: boolean;
  oidc: OidcConfig | null;
}

/** The tokens of one sign-in (memory only). */
export interface OidcTokens {
  accessToken: string;
  /** Epoch ms at which the access token expires. */
  expiresAt: number;
  /** A refresh token, when the provider gave one: used to renew the access token before it expires. */
  refreshToken: string | null;
  /** The ID token, sent as `id_token_hint` on sign-out. */
  idToken: string | null;
}

/** A sign-in that could not complete; the message says why, for the page. */
export class OidcError extends Error {
  override readonly name = 'OidcError';
}

/** Where the provider sends the browser back with the code (register it at the provider). */
export const CALLBACK_PATH = '/sign-in/callback';
/** Where the provider sends the browser after sign-out (register it as a post-logout redirect URI). */
export const SIGNED_OUT_PATH = '/sign-in';

const PENDING = 'harbour.oidc.pending';

interface Pending {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** http:// is allowed only for a provider on this machine (local use and tests); anywhere else it must be https. */
function requestOptions(issuer: URL): { [oauth.allowInsecureRequests]?: boolean } {
  const loopback = issuer.hostname === 'localhost' || issuer.hostname === '[::1]' || /^127\./.test(issuer.hostname);
  return issuer.protocol === 'http:' && loopback ? { [oauth.allowInsecureRequests]: true } : {};
}

let discovered: { issuer: string; as: Promise<oauth.AuthorizationServer> } | null = null;

/** The provider's metadata from its discovery document (fetched once per page load). */
function authorizationServer(config: OidcConfig): Promise<oauth.AuthorizationServer> {
  if (discovered?.issuer !== config.issuer) {
    const issuer = new URL(config.issuer);
    const as = oauth
      .discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(issuer) })
      .then((res) => oauth.processDiscoveryResponse(issuer, res))
      .catch((e: unknown) => {
        discovered = null;
        throw new OidcError(`The identity provider could not be reached (${(e as Error).message})`);
      });
    discovered = { issuer: config.issuer, as };
  }
  return discovered.as;
}

function redirectUri(): string {
  return `${window.location.origin}${CALLBACK_PATH}`;
}

function resourceParameters(config: OidcConfig): URLSearchParams {
  return new URLSearchParams(config.resource ? { resource: config.resource } : {});
}

/** Leaves for the provider's sign-in page: a fresh PKCE verifier (S256), state and nonce for this attempt. */
export async function startOidcSignIn(config: OidcConfig): Promise<void> {
  const as = await authorizationServer(config);
  if (!as.authorization_endpoint) throw new OidcError('The identity provider has no authorization endpoint');
  const pending: Pending = { state: oauth.generateRandomState(), nonce: oauth.generateRandomNonce(), codeVerifier: oauth.generateRandomCodeVerifier() };
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri());
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scopes);
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(pending.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  for (const [k, v] of resourceParameters(config)) url.searchParams.set(k, v);
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  window.location.assign(url.href);
}

function tokensOf(response: oauth.TokenEndpointResponse, previous?: OidcTokens): OidcTokens {
  if (response.token_type.toLowerCase() !== 'bearer') throw new OidcError(`The identity provider gave a ${response.token_type} token, not a bearer token`);
  return {
    accessToken: response.access_token,
    // Without expires_in, assume five minutes: the token is renewed or the user signs in again sooner rather than later.
    expiresAt: Date.now() + (response.expires_in ?? 300) * 1000,
    refreshToken: response.refresh_token ?? previous?.refreshToken ?? null,
    idToken: response.id_token ?? previous?.idToken ?? null,
  };
}

/**
 * Completes the sign-in on return to CALLBACK_PATH: checks the state, redeems the code with the
 * PKCE verifier, and checks the ID token (issuer, audience, expiry, nonce).
 * @throws OidcError when there is no sign-in under way in this tab, the provider answered an error, or a check fails
 */
export async function completeOidcSignIn(config: OidcConfig, returned: URL): Promise<OidcTokens> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw) throw new OidcError('No sign-in was under way in this tab; start again');
  const pending = JSON.parse(raw) as Pending;
  const as = await authorizationServer(config);
  const client: oauth.Client = { client_id: config.clientId };
  const options = { additionalParameters: resourceParameters(config), ...requestOptions(new URL(config.issuer)) };
  try {
    const params = oauth.validateAuthResponse(as, client, returned, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), pending.codeVerifier, options);
    return tokensOf(await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: pending.nonce, requireIdToken: true }));
  } catch (e) {
    if (e instanceof OidcError) throw e;
    const detail =
      e instanceof oauth.AuthorizationResponseError || e instanceof oauth.ResponseBodyError ? (e.error_description ?? e.error) : (e as Error).message;
    throw new OidcError(detail);
  }
}

/**
 * A new access token from the refresh token (the provider may rotate the refresh token too).
 * @throws OidcError when there is no refresh token or the provider refuses it (then sign in again)
 */
export async function renewOidcTokens(config: OidcConfig, tokens: OidcTokens): Promise<OidcTokens> {
  if (!tokens.refreshToken) throw new OidcError('No refresh token: sign in again');
  const as = await authorizationServer(config);
  const client: oauth.Client = { client_id: config.clientId };
  try {
    const response = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refreshToken, {
      additionalParameters: resourceParameters(config),
      ...requestOptions(new URL(config.issuer)),
    });
    return tokensOf(await oauth.processRefreshTokenResponse(as, client, response), tokens);
  } catch (e) {
    if (e instanceof OidcError) throw e;
    throw new OidcError(e instanceof oauth.ResponseBodyError ? (e.error_description ?? e.error) : (e as Error).message);
  }
}

/**
 * Ends the provider's session too, when it offers RP-initiated logout (`end_session_endpoint`):
 * leaves for it with the ID token as a hint and comes back to SIGNED_OUT_PATH. Returns false when the
 * provider has no such endpoint (the tokens are dropped from memory either way).
 */
export async function endOidcSession(config: OidcConfig, idToken: string | null): Promise<boolean> {
  let as: oauth.AuthorizationServer;
  try {
    as = await authorizationServer(config);
  } catch {
    return false;
  }
  if (!as.end_session_endpoint) return false;
  const url = new URL(as.end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', `${window.location.origin}${SIGNED_OUT_PATH}`);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  window.location.assign(url.href);
  return true;
}

let signInConfig: Promise<SignInConfig> | null = null;

/** GET /auth/config, once per page load (retried after a failure). */
export function loadSignInConfig(): Promise<SignInConfig> {
  signInConfig ??= fetch('/auth/config', { headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) throw new OidcError(`HTTP ${res.status}`);
      return (await res.json()) as SignInConfig;
    })
    .catch((e: unknown) => {
      signInConfig = null;
      throw e;
    });
  return signInConfig;
}
