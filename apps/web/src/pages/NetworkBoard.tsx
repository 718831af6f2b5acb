import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { gql } from '../api';
import { Notice, PageTitle, QueryState, useNow } from '../components/common';
import { Alerts } from './Alerts';
import { graphql } from '../gql';
import type { NetworkBoardQuery } from '../gql/graphql';
import { ago } from '../format';
import { useI18n } from '../i18n/i18n';

const NetworkBoardDocument = graphql(`
  query NetworkBoard {
    regions {
      code
      name
    }
    availability {
      regionCode
      all
      womenOnly
      menOnly
      mixed
      family
      minors
      accessible
      totalBeds
      oldestUpdateAt
    }
  }
`);

type Availability = NetworkBoardQuery['availability'][number];

/** Pressure on a region's beds, from the share still free. */
export type Pressure = 'HIGH' | 'MEDIUM' | 'LOW';

/**
 * HIGH when no bed or at most 10% of the region's bed spaces are free, MEDIUM
 * up to 25%, LOW above. Shown as text and a symbol as well as a colour.
 */
export function pressureOf(free: number, total: number): Pressure {
  if (free === 0 || total === 0 || free / total <= 0.1) return 'HIGH';
  return free / total <= 0.25 ? 'MEDIUM' : 'LOW';
}

const PRESSURE_SYMBOL: Record<Pressure, string> = { HIGH: '▲', MEDIUM: '◆', LOW: '▽' };

const CATEGORIES = ['womenOnly', 'menOnly', 'mixed', 'family', 'minors', 'accessible'] as const;

/** Coordinators: free beds by region and category, the pressure on each region, and how fresh its numbers are. */
export function NetworkBoard() {
  const { t } = useI18n();
  const now = useNow(30_000);
  const [notice, setNotice] = useState<string | null>(null);
  const board = useQuery({ queryKey: ['network'], queryFn: () => gql(NetworkBoardDocument), refetchInterval: 15_000 });
  const names = new Map(board.data?.regions.map((r) => [r.code, r.name]));
  const rows: Availability[] = board.data?.availability.filter((a) => a.totalBeds > 0) ?? [];

  return (
    <section>
      <PageTitle>{t('network.title')}</PageTitle>
      <Notice text={notice} />
      <QueryState loading={board.isPending} error={board.error} retry={() => board.refetch()} />
      {board.data && !rows.length && <p>{t('network.none')}</p>}
      <ul className="cards regions">
        {rows.map((a) => {
          const pressure = pressureOf(a.all, a.totalBeds);
          const titleId = `region-${a.regionCode}`;
          return (
            <li key={a.regionCode} className={`card region pressure-${pressure.toLowerCase()}`} aria-labelledby={titleId}>
              <h2 id={titleId}>{t('network.region', { name: names.get(a.regionCode) ?? a.regionCode, code: a.regionCode })}</h2>
              <p className="pressure">
                <span aria-hidden="true">{PRESSURE_SYMBOL[pressure]} </span>
                {t(`network.pressure.${pressure}`)}
              </p>
              <p className="strong">{t('network.free', { free: a.all, total: a.totalBeds })}</p>
              <dl className="categories">
                {CATEGORIES.map((c) => (
                  <div key={c}>
                    <dt>{t(`category.${c}`)}</dt>
                    <dd>{a[c]}</dd>
                  </div>
                ))}
              </dl>
              <p className="hint">{a.oldestUpdateAt ? t('network.fresh', { time: ago(t, a.oldestUpdateAt, now) }) : t('network.neverUpdated')}</p>
            </li>
          );
        })}
      </ul>
      <Alerts onDone={setNotice} />
    </section>
  );
}
