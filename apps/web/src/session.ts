import { renewOidcTokens, type OidcConfig, type OidcTokens } from './oidc';

/**
 * The signed-in user's session: the bearer token and what it says (the role, shelters and agency as
 * the API read them from the token). The token is sent only to this origin's /graphql, in the
 * Authorization header, and is never in localStorage or a cookie.
 * - `oidc` (the identity provider): held in this page's memory only, with the refresh token and ID
 *   token beside it (oidc.ts says why); a reload or a new tab signs in again, which the provider's own
 *   session makes one tap.
 * - `dev` (the development sign-in, never in production): in this tab's sessionStorage, so it
 *   survives a reload (the offline tests reload without a connection) and ends with the tab.
 */
export interface Session {
  token: string;
  /** ISO 8601 expiry of the token. */
  expiresAt: string;
  role: 'SHELTER_STAFF' | 'REFERRAL_OFFICER' | 'COORDINATOR' | 'COMMISSIONER';
  sub: string;
  shelterIds: string[];
  agencyId: string | null;
  /** How the user signed in; absent means `dev`. */
  kind?: 'dev' | 'oidc';
}

const KEY = 'harbour.session';
/** Renew an access token this long before it expires (when the provider gave a refresh token). */
const RENEW_BEFORE_MS = 60_000;
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

/** The identity provider's session, in memory only. */
let oidc: { session: Session; tokens: OidcTokens; config: OidcConfig } | null = null;
let renewal: ReturnType<typeof setTimeout> | undefined;
let expired = false;

function devSession(): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Session;
    if (Date.parse(s.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return s;
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

/** The current session, or null when signed out or expired. */
export function currentSession(): Session | null {
  if (oidc) return Date.parse(oidc.session.expiresAt) > Date.now() ? oidc.session : null;
  return devSession();
}

/** Whether the last session ended because its token expired (or could not be renewed); cleared by the next sign-in. */
export function sessionExpired(): boolean {
  return expired;
}

function notify(session: Session | null): void {
  for (const l of listeners) l(session);
}

/** Starts (or, with null, ends) the session and tells every subscriber. A development session only; see setOidcSession. */
export function setSession(session: Session | null): void {
  clearTimeout(renewal);
  oidc = null;
  if (session) {
    expired = false;
    sessionStorage.setItem(KEY, JSON.stringify({ ...session, kind: 'dev' }));
  } else sessionStorage.removeItem(KEY);
  notify(session);
}

/** Ends the session because its token ran out; the sign-in page then says so. */
export function expireSession(): void {
  setSession(null);
  expired = true;
  notify(null);
}

/**
 * Starts a session from the identity provider's tokens (memory only) and keeps it going: with a
 * refresh token, the access token is renewed a minute before it expires; without one, or when the
 * provider refuses, the session ends at expiry and the user signs in again.
 */
export function setOidcSession(who: Omit<Session, 'token' | 'expiresAt' | 'kind'>, tokens: OidcTokens, config: OidcConfig): Session {
  setSession(null);
  const session: Session = { ...who, token: tokens.accessToken, expiresAt: new Date(tokens.expiresAt).toISOString(), kind: 'oidc' };
  oidc = { session, tokens, config };
  expired = false;
  scheduleRenewal();
  notify(session);
  return session;
}

function scheduleRenewal(): void {
  if (!oidc) return;
  const { tokens } = oidc;
  const wait = Math.max(5_000, tokens.expiresAt - Date.now() - (tokens.refreshToken ? RENEW_BEFORE_MS : 0));
  renewal = setTimeout(() => void renew(), wait);
}

async function renew(): Promise<void> {
  const current = oidc;
  if (!current) return;
  if (!current.tokens.refreshToken) return expireSession();
  try {
    const tokens = await renewOidcTokens(current.config, current.tokens);
    if (oidc !== current) return; // signed out meanwhile
    const session: Session = { ...current.session, token: tokens.accessToken, expiresAt: new Date(tokens.expiresAt).toISOString() };
    oidc = { session, tokens, config: current.config };
    scheduleRenewal();
    notify(session);
  } catch {
    if (oidc === current) expireSession();
  }
}

/** The identity provider's session for sign-out (its configuration and ID token), or null for a development session. */
export function oidcSignOutHint(): { config: OidcConfig; idToken: string | null } | null {
  return oidc ? { config: oidc.config, idToken: oidc.tokens.idToken } : null;
}

/** Calls `listener` on every sign-in and sign-out; returns the unsubscribe function. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where each role starts. */
export function homeOf(role: Session['role']): string {
  if (role === 'COMMISSIONER') return '/reports';
  return role === 'SHELTER_STAFF' ? '/shelter' : role === 'REFERRAL_OFFICER' ? '/referrals' : '/network';
}
