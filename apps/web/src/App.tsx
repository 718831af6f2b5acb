import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useI18n } from './i18n/i18n';
import { LANGUAGES, type Language } from './i18n/messages';
import { NetworkBoard } from './pages/NetworkBoard';
import { NewReferral } from './pages/NewReferral';
import { Operations } from './pages/Operations';
import { ReferralDetail } from './pages/ReferralDetail';
import { Reports } from './pages/Reports';
import { Referrals } from './pages/Referrals';
import { ShelterBoard } from './pages/ShelterBoard';
import { SignIn, SignInCallback } from './pages/SignIn';
import { NotificationBell } from './components/NotificationBell';
import { useLiveUpdates } from './live';
import { CALLBACK_PATH, endOidcSession } from './oidc';
import { currentSession, homeOf, oidcSignOutHint, onSessionChange, setSession, type Session } from './session';

// Loaded when first opened (it brings the CSV parser), so the first page stays light.
const SurgeIntake = lazy(() => import('./pages/SurgeIntake'));

/** Whether the role has the reports page: coordinators, and commissioners (who have nothing else). */
const seesReports = (session: Session) => session.role === 'COORDINATOR' || session.role === 'COMMISSIONER';

/** The app's frame (skip link, header with language and sign-out, main) and its routes by role. */
export function App() {
  const { t, lang, setLang } = useI18n();
  const [session, setSessionState] = useState<Session | null>(currentSession);
  const [location, navigate] = useLocation();
  useEffect(() => onSessionChange(setSessionState), []);
  useLiveUpdates(session);
  useEffect(() => {
    if (!session && location !== '/sign-in' && location !== CALLBACK_PATH) navigate('/sign-in');
  }, [session, location, navigate]);

  return (
    <>
      <a href="#main" className="skip">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        {session && (
          <nav aria-label={t('app.name')}>
            {session.role === 'SHELTER_STAFF' && <Link href="/shelter">{t('nav.beds')}</Link>}
            {session.role === 'REFERRAL_OFFICER' && <Link href="/referrals">{t('nav.referrals')}</Link>}
            {session.role === 'REFERRAL_OFFICER' && <Link href="/surge">{t('nav.surge')}</Link>}
            {session.role === 'COORDINATOR' && <Link href="/network">{t('nav.network')}</Link>}
            {session.role === 'COORDINATOR' && <Link href="/operations">{t('nav.operations')}</Link>}
            {seesReports(session) && <Link href="/reports">{t('nav.reports')}</Link>}
          </nav>
        )}
        <div className="tools">
          {session && <NotificationBell />}
          <label htmlFor="language" className="visually-hidden">
            {t('app.language')}
          </label>
          <select id="language" value={lang} onChange={(e) => setLang(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
          {session && (
            <button
              type="button"
              onClick={() => {
                // The provider's session ends too where it offers that (RP-initiated logout); the tokens leave memory either way.
                const hint = oidcSignOutHint();
                setSession(null);
                navigate('/sign-in');
                if (hint) void endOidcSession(hint.config, hint.idToken);
              }}
            >
              {t('app.signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session && <p className="who">{t('app.signedInAs', { role: t(`role.${session.role}`) })}</p>}
        <Switch>
          <Route path={CALLBACK_PATH}>{session ? <Redirect to={homeOf(session.role)} /> : <SignInCallback />}</Route>
          <Route path="/sign-in">{session ? <Redirect to={homeOf(session.role)} /> : <SignIn />}</Route>
          <Route path="/">{session ? <Redirect to={homeOf(session.role)} /> : <Redirect to="/sign-in" />}</Route>
          {session?.role === 'SHELTER_STAFF' && (
            <Route path="/shelter">
              <ShelterBoard session={session} />
            </Route>
          )}
          {session?.role === 'REFERRAL_OFFICER' && <Route path="/referrals" component={Referrals} />}
          {session?.role === 'REFERRAL_OFFICER' && <Route path="/referrals/new" component={NewReferral} />}
          {session?.role === 'REFERRAL_OFFICER' && (
            <Route path="/surge">
              <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
                <SurgeIntake />
              </Suspense>
            </Route>
          )}
          {session?.role === 'REFERRAL_OFFICER' && <Route path="/referrals/:id">{(params) => <ReferralDetail id={params.id} />}</Route>}
          {session?.role === 'COORDINATOR' && <Route path="/network" component={NetworkBoard} />}
          {session?.role === 'COORDINATOR' && <Route path="/operations" component={Operations} />}
          {session && seesReports(session) && <Route path="/reports" component={Reports} />}
          <Route>
            {session && (
              <section>
                <h1>{t('app.notFound')}</h1>
                <Link href={homeOf(session.role)}>{t('app.home')}</Link>
              </section>
            )}
          </Route>
        </Switch>
      </main>
    </>
  );
}
