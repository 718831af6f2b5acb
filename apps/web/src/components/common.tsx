import { useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n/i18n';
import { duration } from '../format';

/** The current time, re-read every `everyMs` (for countdowns). */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

/** "Expires in 3 h 20 min", or "Expired"; as text (never colour alone). */
export function Countdown({ until }: { until: string }) {
  const { t } = useI18n();
  const now = useNow();
  const left = Date.parse(until) - now;
  return <span className="countdown">{left > 0 ? t('holds.expiresIn', { time: duration(t, left) }) : t('holds.expired')}</span>;
}

/** Whether a page has been shown yet: the first page keeps the browser's own focus (so the skip link comes first). */
let shownPage = false;

/** A page's heading, focused when the app moves to another page so screen readers announce it. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (shownPage) ref.current?.focus();
    shownPage = true;
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** Loading and error states of a query, as text in a live region. */
export function QueryState({ loading, error, retry }: { loading: boolean; error: unknown; retry?: () => void }) {
  const { t } = useI18n();
  if (loading) return <p role="status">{t('app.loading')}</p>;
  if (!error) return null;
  return (
    <div role="alert" className="error-box">
      <p>{t('app.error', { message: error instanceof ApiError || error instanceof Error ? error.message : String(error) })}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}

/** A polite live region for what just happened ("Bed A-1 is now Available."). */
export function Notice({ text }: { text: string | null }) {
  return (
    <p role="status" aria-live="polite" className={text ? 'notice' : 'notice notice-empty'}>
      {text ?? ''}
    </p>
  );
}

/**
 * Which room and beds a hold or stay has, for the staff preparing them ("Room
 * B, beds B-1, B-2"); nothing when the API gives no room (it does not for
 * referral officers).
 */
export function RoomAndBeds({ room, beds }: { room: { label: string } | null; beds: { label: string }[] | null }) {
  const { t } = useI18n();
  if (!room) return null;
  const labels = (beds ?? []).map((b) => b.label).join(', ');
  return <p className="where">{t(beds?.length === 1 ? 'place.roomBed' : 'place.roomBeds', { room: room.label, beds: labels })}</p>;
}
