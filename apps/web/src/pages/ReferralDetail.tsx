import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { gql } from '../api';
import { PageTitle, QueryState, useNow } from '../components/common';
import { NrmStatus } from '../components/NrmStatus';
import { graphql } from '../gql';
import { dateTime, duration } from '../format';
import { en as CRITERIA, type MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

const ReferralDetailDocument = graphql(`
  query ReferralDetail($id: ID!) {
    referral(id: $id) {
      id
      agencyReference
      initials
      status
      waitlistPosition
      activeHold {
        id
        expiresAt
        shelter {
          id
          codeName
          regionCode
          contactLine
        }
      }
      placement {
        id
        shelter {
          id
          codeName
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
      }
    }
  }
`);

const CandidatesDocument = graphql(`
  query Candidates($referralId: ID!) {
    matchCandidates(referralId: $referralId, first: 10) {
      shelterId
      roomId
      codeName
      regionCode
      score
      availableBeds
      reasons {
        criterion
        points
        detail
      }
    }
  }
`);

const RequestPlacementDocument = graphql(`
  mutation RequestPlacement($referralId: ID!) {
    requestPlacement(referralId: $referralId) {
      __typename
      ... on HoldOffered {
        hold {
          id
          expiresAt
        }
      }
      ... on Waitlisted {
        position
      }
    }
  }
`);

/**
 * Referral officers: one referral, the rooms that fit it with the reasons for
 * their scores (code names and regions, never an address), a placement
 * request, and the hold with its expiry and the shelter's contact line.
 */
export function ReferralDetail({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const referral = useQuery({ queryKey: ['referral', id], queryFn: () => gql(ReferralDetailDocument, { id }), refetchInterval: 30_000 });
  const open = referral.data && (referral.data.referral.status === 'OPEN' || referral.data.referral.status === 'WAITLISTED');
  const candidates = useQuery({ queryKey: ['candidates', id], queryFn: () => gql(CandidatesDocument, { referralId: id }), enabled: !!open });
  const request = useMutation({
    mutationFn: () => gql(RequestPlacementDocument, { referralId: id }),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: ['referral', id] }), queryClient.invalidateQueries({ queryKey: ['referrals'] })]),
  });
  const r = referral.data?.referral;
  const now = useNow();
  const known = (criterion: string) => ((`criterion.${criterion}` as MessageKey) in CRITERIA ? t(`criterion.${criterion}` as MessageKey) : criterion);

  return (
    <section>
      <PageTitle>{t('detail.title', { reference: r?.agencyReference ?? '…' })}</PageTitle>
      <p>
        <Link href="/referrals">{t('nav.referrals')}</Link>
      </p>
      <QueryState loading={referral.isPending} error={referral.error} retry={() => referral.refetch()} />
      {r && (
        <>
          <p className="strong">{t('detail.status', { status: t(`referralStatus.${r.status}`) })}</p>
          {r.status === 'WAITLISTED' && r.waitlistPosition != null && <p>{t('detail.waitlisted', { position: r.waitlistPosition })}</p>}
          {r.activeHold && (
            <section className="card" aria-labelledby="hold-title">
              <h2 id="hold-title">{t('detail.hold', { codeName: r.activeHold.shelter.codeName })}</h2>
              <p>
                {t('detail.holdExpires', {
                  time: dateTime(lang, r.activeHold.expiresAt),
                  left:
                    Date.parse(r.activeHold.expiresAt) > now
                      ? t('holds.expiresIn', { time: duration(t, Date.parse(r.activeHold.expiresAt) - now) })
                      : t('holds.expired'),
                })}
              </p>
              <p>{r.activeHold.shelter.contactLine ? t('detail.contact', { contact: r.activeHold.shelter.contactLine }) : t('detail.noContact')}</p>
            </section>
          )}
          {r.placement && (
            <>
              <p>{t('detail.placed', { codeName: r.placement.shelter.codeName })}</p>
              <NrmStatus nrm={r.placement.nrm} />
            </>
          )}
          {open && (
            <section aria-labelledby="candidates-title">
              <h2 id="candidates-title">{t('detail.candidates')}</h2>
              <QueryState loading={candidates.isPending} error={candidates.error} retry={() => candidates.refetch()} />
              {candidates.data && !candidates.data.matchCandidates.length && <p>{t('detail.noCandidates')}</p>}
              <ol className="cards">
                {candidates.data?.matchCandidates.map((c) => (
                  <li key={c.roomId} className="card">
                    <h3>{t('detail.candidate', { codeName: c.codeName, region: c.regionCode, score: c.score.toFixed(1), beds: c.availableBeds })}</h3>
                    <details>
                      <summary>{t('detail.reasons')}</summary>
                      <ul>
                        {c.reasons.map((reason) => (
                          <li key={reason.criterion}>
                            {t('detail.reason', {
                              criterion: known(reason.criterion),
                              points: reason.points.toFixed(1),
                              detail: reason.detail,
                            })}
                          </li>
                        ))}
                      </ul>
                    </details>
                  </li>
                ))}
              </ol>
              {request.error && (
                <p role="alert" className="error-box">
                  {request.error.message}
                </p>
              )}
              <button type="button" className="primary" disabled={request.isPending} onClick={() => request.mutate()}>
                {t('detail.request')}
              </button>
            </section>
          )}
        </>
      )}
    </section>
  );
}
