import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { gql } from '../api';
import { Notice, PageTitle, QueryState, useNow } from '../components/common';
import { graphql } from '../gql';
import { ago } from '../format';
import { useI18n } from '../i18n/i18n';

const OperationsDocument = graphql(`
  query Operations {
    waitlist(first: 20) {
      totalCount
      edges {
        node {
          id
          position
          priority
          urgency
          joinedAt
          referral {
            id
            agencyReference
            initials
          }
        }
      }
    }
    workStatus {
      outboxBacklog
      queues {
        name
        waiting
        active
        delayed
        failed
      }
    }
    webhookEndpoints {
      url
      consecutiveFailures
      lastError
      lastSuccessAt
      pausedAt
    }
    auditChain {
      ok
      checked
      unsealed
      firstBadSeq
      problem
    }
  }
`);

const RetryFailedJobsDocument = graphql(`
  mutation RetryFailedJobs($queue: String!) {
    retryFailedJobs(queue: $queue)
  }
`);

const ResumeWebhookDocument = graphql(`
  mutation ResumeWebhook($url: String!) {
    resumeWebhook(url: $url) {
      __typename
    }
  }
`);

/**
 * Coordinators: is Harbour keeping up? The waitlist in offer order, the work
 * queues with their dead letters (retry them), webhook health (resume a paused
 * one) and whether the audit chain verifies.
 */
export function Operations() {
  const { t } = useI18n();
  const now = useNow(30_000);
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const ops = useQuery({ queryKey: ['operations'], queryFn: () => gql(OperationsDocument), refetchInterval: 15_000 });
  const retry = useMutation({
    mutationFn: (queue: string) => gql(RetryFailedJobsDocument, { queue }),
    onSuccess: async (data, queue) => {
      await queryClient.invalidateQueries({ queryKey: ['operations'] });
      setNotice(t('ops.retried', { count: data.retryFailedJobs, queue }));
    },
  });
  const resume = useMutation({
    mutationFn: (url: string) => gql(ResumeWebhookDocument, { url }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['operations'] });
      setNotice(t('ops.resumed'));
    },
  });
  const d = ops.data;
  const error = retry.error ?? resume.error;

  return (
    <section>
      <PageTitle>{t('ops.title')}</PageTitle>
      <Notice text={notice} />
      <QueryState loading={ops.isPending} error={ops.error} retry={() => ops.refetch()} />
      {error && (
        <p role="alert" className="error-box">
          {error.message}
        </p>
      )}
      {d && (
        <>
          <section aria-labelledby="audit-title" className={`card ${d.auditChain.ok ? 'state-ok' : 'state-bad'}`}>
            <h2 id="audit-title">{t('ops.audit')}</h2>
            <p className="strong">
              <span aria-hidden="true">{d.auditChain.ok ? '✓ ' : '✕ '}</span>
              {d.auditChain.ok
                ? t('ops.auditOk', { checked: d.auditChain.checked })
                : t('ops.auditBad', { seq: d.auditChain.firstBadSeq ?? '?', problem: d.auditChain.problem ?? '' })}
            </p>
            {d.auditChain.unsealed > 0 && <p>{t('ops.unsealed', { count: d.auditChain.unsealed })}</p>}
          </section>

          <section aria-labelledby="waitlist-title">
            <h2 id="waitlist-title">{t('ops.waitlist', { count: d.waitlist.totalCount })}</h2>
            {!d.waitlist.edges.length && <p>{t('ops.waitlistEmpty')}</p>}
            <ol className="cards">
              {d.waitlist.edges.map(({ node }) => (
                <li key={node.id} className="card">
                  <h3>
                    {t('ops.waiting', {
                      position: node.position ?? '–',
                      reference: node.referral?.agencyReference ?? '?',
                      initials: node.referral?.initials ?? '?',
                    })}
                  </h3>
                  <p>
                    {t('holds.urgency', { urgency: t(`urgency.${node.urgency}`) })}, {t('ops.priority', { priority: node.priority })},{' '}
                    {t('ops.joined', { time: ago(t, node.joinedAt, now) })}
                  </p>
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby="queues-title">
            <h2 id="queues-title">{t('ops.queues')}</h2>
            <p>{t('ops.backlog', { count: d.workStatus.outboxBacklog })}</p>
            <ul className="cards">
              {d.workStatus.queues.map((q) => (
                <li key={q.name} className={`card ${q.failed ? 'state-bad' : 'state-ok'}`}>
                  <h3>{q.name}</h3>
                  <p>{t('ops.queue', { waiting: q.waiting, active: q.active, delayed: q.delayed })}</p>
                  <p className="strong">
                    <span aria-hidden="true">{q.failed ? '✕ ' : '✓ '}</span>
                    {q.failed ? t('ops.deadLetters', { count: q.failed }) : t('ops.noDeadLetters')}
                  </p>
                  {q.failed > 0 && (
                    <button type="button" disabled={retry.isPending} onClick={() => retry.mutate(q.name)}>
                      {t('ops.retry', { queue: q.name })}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">{t('ops.webhooks')}</h2>
            {!d.webhookEndpoints.length && <p>{t('ops.noWebhooks')}</p>}
            <ul className="cards">
              {d.webhookEndpoints.map((w) => (
                <li key={w.url} className={`card ${w.pausedAt ? 'state-bad' : 'state-ok'}`}>
                  <h3 className="break">{w.url}</h3>
                  <p className="strong">
                    <span aria-hidden="true">{w.pausedAt ? '✕ ' : '✓ '}</span>
                    {w.pausedAt ? t('ops.paused', { time: ago(t, w.pausedAt, now) }) : t('ops.delivering')}
                  </p>
                  <p>{t('ops.failures', { count: w.consecutiveFailures })}</p>
                  {w.lastError && <p className="hint break">{w.lastError}</p>}
                  {w.pausedAt && (
                    <button type="button" disabled={resume.isPending} onClick={() => resume.mutate(w.url)}>
                      {t('ops.resume')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </section>
  );
}
