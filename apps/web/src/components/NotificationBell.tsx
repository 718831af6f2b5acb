import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { gql } from '../api';
import { graphql } from '../gql';
import { ago } from '../format';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { useNow } from './common';

const InboxDocument = graphql(`
  query Inbox {
    myUnreadNotificationCount
    myNotifications(first: 20) {
      edges {
        node {
          id
          kind
          createdAt
          link
          readAt
          actedAt
        }
      }
    }
  }
`);
const MarkReadDocument = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);
const MarkActedDocument = graphql(`
  mutation MarkNotificationActed($id: ID!) {
    markNotificationActed(id: $id) {
      id
      actedAt
    }
  }
`);

/**
 * The inbox bell in the header: the unread count (as text as well as a
 * badge), and a list of the newest notifications, each with its state in
 * words (new, read, done), a link to its item (marks it read) and a *Done*
 * button (marks it acted on). Refreshed by the live `notificationAdded` event
 * (live.ts invalidates the `inbox` query) and every minute.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const now = useNow(30_000);
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: () => gql(InboxDocument), refetchInterval: 60_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['inbox'] });
  const read = useMutation({ mutationFn: (id: string) => gql(MarkReadDocument, { id }), onSuccess: refresh });
  const acted = useMutation({ mutationFn: (id: string) => gql(MarkActedDocument, { id }), onSuccess: refresh });
  const unread = inbox.data?.myUnreadNotificationCount ?? 0;
  const items = inbox.data?.myNotifications.edges.map((e) => e.node) ?? [];

  return (
    <div className="bell">
      <button type="button" aria-expanded={open} aria-controls="inbox" onClick={() => setOpen(!open)}>
        <span aria-hidden="true">🔔 {unread}</span>
        <span className="visually-hidden">{t('inbox.button', { count: unread })}</span>
      </button>
      {open && (
        <section id="inbox" className="inbox" aria-label={t('inbox.title')}>
          <h2>{t('inbox.title')}</h2>
          {!items.length && <p>{t('inbox.empty')}</p>}
          <ul>
            {items.map((n) => (
              <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                <Link
                  href={n.link}
                  onClick={() => {
                    if (!n.readAt) read.mutate(n.id);
                    setOpen(false);
                  }}
                >
                  {t(`inbox.kind.${n.kind}` as MessageKey)}
                </Link>{' '}
                <span className="hint">{ago(t, n.createdAt, now)}</span>{' '}
                <span className="state">{t(n.actedAt ? 'inbox.state.done' : n.readAt ? 'inbox.state.read' : 'inbox.state.new')}</span>
                {!n.actedAt && (
                  <button type="button" onClick={() => acted.mutate(n.id)}>
                    {t('inbox.done')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
