import { useEffect, useState, type FormEvent } from 'react';
import { useLocation } from 'wouter';
import { ApiError, authRequest } from '../api';
import { PageTitle, QueryState } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { homeOf, setSession, type Session } from '../session';

interface DevOptions {
  roles: Session['role'][];
  shelters: { id: string; codeName: string; regionCode: string }[];
  agencies: { id: string; name: string }[];
}

/**
 * Sign-in. Outside production the API offers a development sign-in
 * (/auth/dev/*): pick a role and a shelter or agency, get a development token.
 * Where it is off (always in production) the page says so.
 */
export function SignIn() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const [options, setOptions] = useState<DevOptions | null>(null);
  const [unavailable, setUnavailable] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [role, setRole] = useState<Session['role']>('SHELTER_STAFF');
  const [shelterId, setShelterId] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [submitError, setSubmitError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    authRequest<DevOptions>('/auth/dev/options')
      .then((o) => {
        setOptions(o);
        setShelterId(o.shelters[0]?.id ?? '');
        setAgencyId(o.agencies[0]?.id ?? '');
      })
      .catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? setUnavailable(true) : setLoadError(e)));
  }, []);

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
      {unavailable && <p className="callout">{t('signIn.unavailable')}</p>}
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
