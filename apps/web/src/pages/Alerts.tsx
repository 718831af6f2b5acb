import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { gql } from '../api';
import { QueryState, useNow } from '../components/common';
import { graphql } from '../gql';
import type { AlertStatus, BedCategory } from '../gql/graphql';
import { ago } from '../format';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

const OpenAlertsDocument = graphql(`
  query OpenAlerts {
    alerts(first: 50) {
      edges {
        node {
          id
          category
          regionCode
          status
          freeBedsAtOpen
          openedAt
          acknowledgedAt
        }
      }
    }
  }
`);

const AcknowledgeAlertDocument = graphql(`
  mutation AcknowledgeAlert($alertId: ID!) {
    acknowledgeAlert(alertId: $alertId) {
      id
      status
      acknowledgedAt
    }
  }
`);

/** The message key of each bed category's name. */
export const CATEGORY_KEY: Record<BedCategory, MessageKey> = {
  ALL: 'category.all',
  WOMEN_ONLY: 'category.womenOnly',
  MEN_ONLY: 'category.menOnly',
  MIXED: 'category.mixed',
  FAMILY: 'category.family',
  MINORS: 'category.minors',
  ACCESSIBLE: 'category.accessible',
};

const STATUS_SYMBOL: Record<AlertStatus, string> = { OPEN: '!', ACKNOWLEDGED: '✓', RESOLVED: '–' };

/** Coordinators: capacity alerts not yet resolved, newest first, each to acknowledge (idempotent). */
export function Alerts({ onDone }: { onDone(text: string): void }) {
  const { t } = useI18n();
  const now = useNow(30_000);
  const queryClient = useQueryClient();
  const alerts = useQuery({ queryKey: ['alerts'], queryFn: () => gql(OpenAlertsDocument), refetchInterval: 15_000 });
  const acknowledge = useMutation({
    mutationFn: (alertId: string) => gql(AcknowledgeAlertDocument, { alertId }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['alerts'] });
      onDone(t('alerts.acknowledged'));
    },
  });
  const open = alerts.data?.alerts.edges.map((e) => e.node).filter((a) => a.status !== 'RESOLVED') ?? [];

  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      <QueryState loading={alerts.isPending} error={alerts.error} retry={() => alerts.refetch()} />
      {acknowledge.error && (
        <p role="alert" className="error-box">
          {acknowledge.error.message}
        </p>
      )}
      {alerts.data && !open.length && <p>{t('alerts.none')}</p>}
      <ul className="cards">
        {open.map((a) => (
          <li key={a.id} className={`card alert alert-${a.status.toLowerCase()}`}>
            <h3>{t('alerts.alert', { category: t(CATEGORY_KEY[a.category]), region: a.regionCode ?? t('alerts.network'), free: a.freeBedsAtOpen })}</h3>
            <p className="strong">
              <span aria-hidden="true">{STATUS_SYMBOL[a.status]} </span>
              <span>{t(`alerts.status.${a.status}`)}</span>
            </p>
            <p className="hint">{t('alerts.opened', { time: ago(t, a.openedAt, now) })}</p>
            {a.status === 'OPEN' && (
              <button type="button" className="primary" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate(a.id)}>
                {t('alerts.acknowledge')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
