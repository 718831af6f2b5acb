import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../i18n/i18n';
import { dismiss, replay, useOnline, useQueuedChanges } from '../offline';

/**
 * Says plainly what is kept on the device: changes waiting for a connection,
 * and those the API found conflicted or refused when they were sent. Sends the
 * waiting ones when the connection returns (and on "Send now").
 */
export function OfflinePanel({ onSent }: { onSent(text: string): void }) {
  const { t } = useI18n();
  const online = useOnline();
  const changes = useQueuedChanges();
  const queryClient = useQueryClient();

  const send = () =>
    replay().then(async ({ sent }) => {
      if (!sent.length) return;
      await queryClient.invalidateQueries();
      onSent(t('offline.sent', { changes: sent.join('; ') }));
    });

  useEffect(() => {
    if (online) void send();
  }, [online]);

  const waiting = changes.filter((c) => c.state === 'queued');
  const failed = changes.filter((c) => c.state !== 'queued');
  if (online && !changes.length) return null;
  return (
    <section aria-labelledby="offline-title" className="card offline">
      <h2 id="offline-title">{online ? t('offline.title') : t('offline.offline')}</h2>
      {!online && <p>{t('offline.explain')}</p>}
      {waiting.length > 0 && (
        <>
          <h3>{t('offline.waiting', { count: waiting.length })}</h3>
          <ul>
            {waiting.map((c) => (
              <li key={c.id}>{c.label}</li>
            ))}
          </ul>
          {online && (
            <button type="button" onClick={() => void send()}>
              {t('offline.sendNow')}
            </button>
          )}
        </>
      )}
      {failed.length > 0 && (
        <ul className="cards">
          {failed.map((c) => (
            <li key={c.id} className="card state-bad">
              <p className="strong">
                <span aria-hidden="true">✕ </span>
                {t(c.state === 'conflicted' ? 'offline.conflicted' : 'offline.refused', { change: c.label })}
              </p>
              <p>{c.message}</p>
              <button type="button" onClick={() => void dismiss(c.id)}>
                {t('offline.dismiss')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
