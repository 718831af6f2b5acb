import { calendarDate } from '../format';
import type { DeadlineKind, NrmStage } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';

/** The part of `Placement.nrm` the status line shows. */
export interface NrmStatusFacts {
  stage: NrmStage;
  since: string;
  nextDeadline?: { kind: DeadlineKind; date: string; supportContinues: boolean } | null;
}

/**
 * Where a stay is in the National Referral Mechanism, for shelter staff and
 * the referring officer: the stage and the day it began, then the next
 * deadline of that stage (computed by the API from the jurisdiction's policy
 * in force when the stage began). Where support continues until the
 * conclusive grounds decision, the recovery period's last day is said not to
 * end the stay.
 */
export function NrmStatus({ nrm }: { nrm: NrmStatusFacts }) {
  const { t, lang } = useI18n();
  const next = nrm.nextDeadline;
  return (
    <div className="nrm-status">
      <p className="strong">{t('nrm.stage', { stage: t(`nrmStage.${nrm.stage}`), date: calendarDate(lang, nrm.since) })}</p>
      <p>{next ? t('nrm.next', { deadline: t(`deadline.${next.kind}`, { date: calendarDate(lang, next.date) }) }) : t('nrm.noDeadline')}</p>
      {next?.supportContinues && <p>{t('nrm.supportContinues')}</p>}
    </div>
  );
}
