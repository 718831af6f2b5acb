/**
 * The signed-in user's session: the bearer token and what it says. Kept in
 * sessionStorage, so it lives only as long as this browser tab and is never
 * shared with other tabs or written to a cookie; never in localStorage. The
 * token is sent only to this origin's /graphql, in the Authorization header.
 */
export interface Session {
  token: string;
  /** ISO 8601 expiry of the token. */
  expiresAt: string;
  role: 'SHELTER_STAFF' | 'REFERRAL_OFFICER' | 'COORDINATOR';
  sub: string;
  shelterIds: string[];
  agencyId: string | null;
}

const KEY = 'harbour.session';
type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

/** The current session, or null when signed out or expired. */
export function currentSession(): Session | null {
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

/** Starts (or, with null, ends) the session and tells every subscriber. */
export function setSession(session: Session | null): void {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l(session);
}

/** Calls `listener` on every sign-in and sign-out; returns the unsubscribe function. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Where each role starts. */
export function homeOf(role: Session['role']): string {
  return role === 'SHELTER_STAFF' ? '/shelter' : role === 'REFERRAL_OFFICER' ? '/referrals' : '/network';
}
