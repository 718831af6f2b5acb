import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ApiError, authRequest, gqlAs } from '../api';
import { PageTitle, QueryState } from '../components/common';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';
import { completeOidcSignIn, loadSignInConfig, OidcError, startOidcSignIn, type SignInConfig } from '../oidc';
import { homeOf, sessionExpired, setOidcSession, setSession, type Session } from '../session';

interface DevOptions {
  roles: Session['role'][];
  shelters: { id: string; codeName: string; regionCode: string }[];
  agencies: { id: string; name: string }[];
}

const SignInMeDocument = graphql(`
  query SignInMe {
    me {
      sub
      role
      shelterIds
      agencyId
    }
  }
`);

/** Roles the web app has pages for (auditors use the CLI; commissioners have the reports page only). */
const WEB_ROLES: readonly string[] = ['SHELTER_STAFF', 'REFERRAL_OFFICER', 'COORDINATOR', 'COMMISSIONER'];

/**
 * Sign-in. With an identity provider configured (GET /auth/config), a button leaves for its sign-in
 * page (OpenID Connect, authorization code with PKCE; oidc.ts). Outside production the API may also
 * offer a development sign-in (/auth/dev/*): pick a role and a shelter or agency, get a development
 * token. Where neither is on the page says so.
 */
export function SignIn() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [config, setConfig] = useState<SignInConfig | null>(null);
  const [oidcError, setOidcError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const [options, setOptions] = useState<DevOptions | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [role, setRole] = useState<Session['role']>('SHELTER_STAFF');
  const [shelterId, setShelterId] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadSignInConfig().then(setConfig, (e: unknown) => setLoadError(e));
  }, []);

  useEffect(() => {
    if (!config) return;
    if (!config.devSignIn) {
      setUnavailable(true);
      return;
    }
    authRequest<DevOptions>('/auth/dev/options')
      .then((o) => {
        // A sign-in link (`harbour demo` prints them) preselects a role and its shelter or agency: ?role=&shelterId=&agencyId=.
        // It carries no token, only choices this page offers anyway; anything it names that is not on offer is ignored.
        const asked = new URLSearchParams(window.location.search);
        const askedRole = asked.get('role') as Session['role'] | null;
        setOptions(o);
        if (askedRole && o.roles.includes(askedRole)) setRole(askedRole);
        setShelterId(o.shelters.find((x) => x.id === asked.get('shelterId'))?.id ?? o.shelters[0]?.id ?? '');
        setAgencyId(o.agencies.find((x) => x.id === asked.get('agencyId'))?.id ?? o.agencies[0]?.id ?? '');
      })
      .catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? setUnavailable(true) : setLoadError(e)));
  }, [config]);

  async function signInWithProvider() {
    if (!config?.oidc) return;
    setOidcError(null);
    setLeaving(true);
    try {
      await startOidcSignIn(config.oidc);
    } catch (e) {
      setOidcError((e as Error).message);
      setLeaving(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSubmitError(null);
    try {
      const session = await authRequest<Session>('/auth/dev/token', {
        role,
        ...(role === 'SHELTER_STAFF' ? { shelterId } : {}),
        ...(role === 'REFERRAL_OFFICER' ? { agencyId } : {}),
      });
      setSession(session);
      navigate(homeOf(session.role));
    } catch (err) {
      setSubmitError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <PageTitle>{t('signIn.title')}</PageTitle>
      {sessionExpired() && (
        <p role="status" className="callout">
          {t('app.sessionExpired')}
        </p>
      )}
      {config?.oidc && (
        <div className="stack">
          <p>{t('signIn.oidcIntro')}</p>
          {oidcError && (
            <p role="alert" className="error-box">
              {t('signIn.failed', { message: oidcError })}
            </p>
          )}
          <button type="button" className="primary" disabled={leaving} onClick={() => void signInWithProvider()}>
            {t('signIn.oidc', { name: config.oidc.providerName })}
          </button>
        </div>
      )}
      {unavailable && !config?.oidc && <p className="callout">{t('signIn.unavailable')}</p>}
      <QueryState loading={!options && !unavailable && !loadError} error={loadError} />
      {options && (
        <form onSubmit={submit} className="stack">
          <p>{t('signIn.devIntro')}</p>
          <fieldset>
            <legend>{t('signIn.role')}</legend>
            {options.roles.map((r) => (
              <label key={r} className="choice">
                <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
                {t(`role.${r}`)}
              </label>
            ))}
          </fieldset>
          {role === 'SHELTER_STAFF' && (
            <div className="field">
              <label htmlFor="dev-shelter">{t('signIn.shelter')}</label>
              {options.shelters.length ? (
                <select id="dev-shelter" value={shelterId} onChange={(e) => setShelterId(e.target.value)}>
                  {options.shelters.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.codeName} ({s.regionCode})
                    </option>
                  ))}
                </select>
              ) : (
                <p id="dev-shelter">{t('signIn.noShelters')}</p>
              )}
            </div>
          )}
          {role === 'REFERRAL_OFFICER' && (
            <div className="field">
              <label htmlFor="dev-agency">{t('signIn.agency')}</label>
              {options.agencies.length ? (
                <select id="dev-agency" value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
                  {options.agencies.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
                </select>
              ) : (
                <p id="dev-agency">{t('signIn.noAgencies')}</p>
              )}
            </div>
          )}
          {submitError && (
            <p role="alert" className="error-box">
              {submitError}
            </p>
          )}
          <button type="submit" className="primary" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The one completion of this page load's return from the provider (a code can be redeemed only once; React may run an effect twice). */
let completion: Promise<Session> | null = null;

async function completeSignIn(t: ReturnType<typeof useI18n>['t']): Promise<Session> {
  const returned = new URL(window.location.href);
  // The code and state leave the address bar (and the history) at once.
  window.history.replaceState(null, '', window.location.pathname);
  const config = await loadSignInConfig();
  if (!config.oidc) throw new OidcError('No identity provider is configured on this server');
  const tokens = await completeOidcSignIn(config.oidc, returned);
  const { me } = await gqlAs(tokens.accessToken, SignInMeDocument);
  if (!WEB_ROLES.includes(me.role)) throw new OidcError(t('signIn.noWebRole', { role: me.role }));
  return setOidcSession({ sub: me.sub, role: me.role as Session['role'], shelterIds: me.shelterIds, agencyId: me.agencyId ?? null }, tokens, config.oidc);
}

/**
 * Where the identity provider sends the browser back (CALLBACK_PATH): completes the sign-in (state,
 * code with the PKCE verifier, ID token and nonce), asks the API who the token names (`me`, read
 * through the API's claims mapping), starts the in-memory session and goes to the role's start page.
 * A refusal (the provider's, a failed check, or the API's: a role it does not map) is shown with a
 * way back to the sign-in page.
 */
export function SignInCallback() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (completion ??= completeSignIn(t)).then(
      (session) => {
        if (!cancelled) navigate(homeOf(session.role), { replace: true });
      },
      (e: unknown) => {
        if (!cancelled) setError((e as Error).message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [navigate, t]);

  return (
    <section>
      <PageTitle>{t('signIn.title')}</PageTitle>
      {error ? (
        <>
          <p role="alert" className="error-box">
            {t('signIn.failed', { message: error })}
          </p>
          <a href="/sign-in">{t('signIn.again')}</a>
        </>
      ) : (
        <p role="status">{t('signIn.completing')}</p>
      )}
    </section>
  );
}
