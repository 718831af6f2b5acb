import type { MessageKey } from './i18n/en';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A span of milliseconds as "5 min", "3 h 20 min" or "2 d 4 h" (rounded down; at least 0). */
export function duration(t: T, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return t('time.minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('time.hoursMinutes', { h: hours, m: minutes % 60 });
  return t('time.daysHours', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** How long ago `iso` was, e.g. "3 h 5 min ago", or "just now" under a minute. */
export function ago(t: T, iso: string, now = Date.now()): string {
  const ms = now - Date.parse(iso);
  return ms < 60_000 ? t('time.justNow') : t('time.ago', { time: duration(t, ms) });
}

/** A date and time in the user's language, e.g. "4 Dec, 18:30". */
export function dateTime(lang: string, iso: string): string {
  return new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
}

/** A calendar date YYYY-MM-DD in the user's language, e.g. "5 Dec 2026". */
export function calendarDate(lang: string, ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  );
}

/** Today plus `days` as YYYY-MM-DD in the device's time zone. */
export function isoDatePlus(days: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
