import { useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { gql } from '../api';
import { QueryState, RoomAndBeds } from '../components/common';
import { NrmStatus } from '../components/NrmStatus';
import { graphql } from '../gql';
import type { ExitReason } from '../gql/graphql';
import { calendarDate, isoDatePlus } from '../format';
import { useI18n } from '../i18n/i18n';

const ShelterStaysDocument = graphql(`
  query ShelterStays($shelterId: ID!, $after: String) {
    placements(shelterId: $shelterId, active: true, first: 20, after: $after) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          arrivedOn
          room {
            label
          }
          beds {
            label
          }
          nrm {
            stage
            since
            nextDeadline {
              kind
              date
              supportContinues
            }
          }
          recoveryPeriods {
            id
            sequence
            endDate
          }
          reminders {
            id
            dueDate
            status
          }
          referral {
            id
            initials
            agencyReference
          }
        }
      }
    }
  }
`);

const ExtendStayDocument = graphql(`
  mutation ExtendStay($input: ExtendRecoveryPeriodInput!) {
    extendRecoveryPeriod(input: $input) {
      id
      sequence
      endDate
    }
  }
`);

const EndStayDocument = graphql(`
  mutation EndStay($input: EndPlacementInput!) {
    endPlacement(input: $input) {
      id
      status
    }
  }
`);

const EXIT_REASONS: ExitReason[] = ['MOVED_ON', 'TRANSFERRED', 'RETURNED_HOME', 'LEFT_VOLUNTARILY', 'NEGATIVE_DECISION', 'OTHER'];

/** A fresh id for one extension request: a retry with it returns the first extension instead of adding another. */
function requestId(): string {
  return crypto.randomUUID();
}

/**
 * Shelter staff: the current stays, each with its NRM stage and next deadline,
 * its recovery period's last day and the reminders still due; extend the period (a reason is required) or end the
 * stay with its exit reason.
 */
export function Stays({ shelterId, onDone }: { shelterId: string; onDone(text: string): void }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  // Twenty stays a page (each carries its NRM stage, periods and reminders, which the API's query cost
  // limit prices), more on request: a large shelter sees every stay, a small one a single page.
  const pages = useInfiniteQuery({
    queryKey: ['stays', shelterId],
    queryFn: ({ pageParam }) => gql(ShelterStaysDocument, { shelterId, after: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.placements.pageInfo.hasNextPage ? last.placements.pageInfo.endCursor : null),
    refetchInterval: 60_000,
  });
  const stays = { ...pages, data: pages.data && { placements: { edges: pages.data.pages.flatMap((p) => p.placements.edges) } } };
  const total = pages.data?.pages[0]?.placements.totalCount ?? 0;
  const [open, setOpen] = useState<{ id: string; action: 'extend' | 'end'; requestId: string } | null>(null);
  const [reason, setReason] = useState('');
  const [exitReason, setExitReason] = useState<ExitReason>('MOVED_ON');
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: ['stays', shelterId] }), queryClient.invalidateQueries({ queryKey: ['shelter', shelterId] })]);
  const extend = useMutation({
    mutationFn: (v: { placementId: string; reason: string; clientMutationId: string }) => gql(ExtendStayDocument, { input: v }),
    onSuccess: async (data, v) => {
      setOpen(null);
      setReason('');
      await refresh();
      onDone(t('stays.extended', { initials: initialsOf(v.placementId), date: calendarDate(lang, data.extendRecoveryPeriod.endDate) }));
    },
  });
  const end = useMutation({
    mutationFn: (v: { placementId: string; exitReason: ExitReason }) => gql(EndStayDocument, { input: v }),
    onSuccess: async (_d, v) => {
      const initials = initialsOf(v.placementId);
      setOpen(null);
      await refresh();
      onDone(t('stays.ended', { initials }));
    },
  });
  const initialsOf = (placementId: string) => stays.data?.placements.edges.find((e) => e.node.id === placementId)?.node.referral?.initials ?? '';
  const error = extend.error ?? end.error;
  const today = isoDatePlus(0);

  return (
    <section aria-labelledby="stays-title">
      <h2 id="stays-title">{t('stays.title')}</h2>
      <QueryState loading={stays.isPending} error={stays.error} retry={() => stays.refetch()} />
      {error && (
        <p role="alert" className="error-box">
          {error.message}
        </p>
      )}
      {stays.data && !stays.data.placements.edges.length && <p>{t('stays.none')}</p>}
      <ul className="cards">
        {stays.data?.placements.edges.map(({ node: stay }) => {
          // The stay runs to the end of its last period (an extension adds one after the current one).
          const period = stay.recoveryPeriods[stay.recoveryPeriods.length - 1];
          const due = stay.reminders.filter((r) => r.status === 'SCHEDULED');
          const titleId = `stay-${stay.id}`;
          return (
            <li key={stay.id} className="card" aria-labelledby={titleId}>
              <h3 id={titleId}>{t('stays.stay', { initials: stay.referral?.initials ?? '?', reference: stay.referral?.agencyReference ?? '?' })}</h3>
              <p>{t('stays.arrived', { date: calendarDate(lang, stay.arrivedOn) })}</p>
              <RoomAndBeds room={stay.room} beds={stay.beds} />
              <NrmStatus nrm={stay.nrm} />
              {!period && <p className="strong">{t('stays.noPeriod')}</p>}
              {period && (
                <p className="strong">
                  {period.endDate < today
                    ? t('stays.overrun', { sequence: period.sequence, date: calendarDate(lang, period.endDate) })
                    : t('stays.periodEnds', { sequence: period.sequence, date: calendarDate(lang, period.endDate) })}
                </p>
              )}
              <p>{due.length ? t('stays.reminders', { dates: due.map((r) => calendarDate(lang, r.dueDate)).join(', ') }) : t('stays.noReminders')}</p>
              {open?.id === stay.id && open.action === 'extend' && (
                <form
                  className="stack"
                  onSubmit={(e) => {
                    e.preventDefault();
                    extend.mutate({ placementId: stay.id, reason: reason.trim(), clientMutationId: open.requestId });
                  }}
                >
                  <div className="field">
                    <label htmlFor={`extend-${stay.id}`}>{t('stays.extendReason')}</label>
                    <textarea id={`extend-${stay.id}`} value={reason} required maxLength={500} onChange={(e) => setReason(e.target.value)} />
                  </div>
                  <div className="actions">
                    <button type="submit" className="primary" disabled={extend.isPending}>
                      {t('stays.extendSubmit')}
                    </button>
                    <button type="button" onClick={() => setOpen(null)}>
                      {t('holds.cancel')}
                    </button>
                  </div>
                </form>
              )}
              {open?.id === stay.id && open.action === 'end' && (
                <form
                  className="stack"
                  onSubmit={(e) => {
                    e.preventDefault();
                    end.mutate({ placementId: stay.id, exitReason });
                  }}
                >
                  <div className="field">
                    <label htmlFor={`exit-${stay.id}`}>{t('stays.exitReason')}</label>
                    <select id={`exit-${stay.id}`} value={exitReason} onChange={(e) => setExitReason(e.target.value as ExitReason)}>
                      {EXIT_REASONS.map((r) => (
                        <option key={r} value={r}>
                          {t(`exitReason.${r}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="actions">
                    <button type="submit" className="danger" disabled={end.isPending}>
                      {t('stays.endSubmit')}
                    </button>
                    <button type="button" onClick={() => setOpen(null)}>
                      {t('holds.cancel')}
                    </button>
                  </div>
                </form>
              )}
              {open?.id !== stay.id && (
                <div className="actions">
                  <button type="button" onClick={() => setOpen({ id: stay.id, action: 'extend', requestId: requestId() })}>
                    {t('stays.extend')}
                  </button>
                  <button type="button" onClick={() => setOpen({ id: stay.id, action: 'end', requestId: requestId() })}>
                    {t('stays.end')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {pages.hasNextPage && (
        <div className="actions">
          <button type="button" onClick={() => pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {t('stays.more', { shown: stays.data?.placements.edges.length ?? 0, total })}
          </button>
        </div>
      )}
    </section>
  );
}
