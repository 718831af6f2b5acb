import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { gql } from '../api';
import { PageTitle, QueryState } from '../components/common';
import { graphql } from '../gql';
import { useI18n } from '../i18n/i18n';

const AgencyReferralsDocument = graphql(`
  query AgencyReferrals {
    referrals(first: 50) {
      totalCount
      edges {
        node {
          id
          agencyReference
          initials
          status
          createdAt
        }
      }
    }
  }
`);

/** Referral officers: their agency's referrals, newest first, each linking to its candidates and hold. */
export function Referrals() {
  const { t } = useI18n();
  const list = useQuery({ queryKey: ['referrals'], queryFn: () => gql(AgencyReferralsDocument), refetchInterval: 30_000 });
  return (
    <section>
      <PageTitle>{t('referrals.title')}</PageTitle>
      <p>
        <Link href="/referrals/new" className="button primary">
          {t('nav.newReferral')}
        </Link>
      </p>
      <QueryState loading={list.isPending} error={list.error} retry={() => list.refetch()} />
      {list.data && !list.data.referrals.edges.length && <p>{t('referrals.none')}</p>}
      <ul className="links">
        {list.data?.referrals.edges.map(({ node }) => (
          <li key={node.id}>
            <Link href={`/referrals/${node.id}`}>
              {t('referrals.item', { reference: node.agencyReference, initials: node.initials, status: t(`referralStatus.${node.status}`) })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
