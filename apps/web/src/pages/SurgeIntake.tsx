import { useState, type ChangeEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import { ApiError, gql } from '../api';
import { PageTitle } from '../components/common';
import { graphql } from '../gql';
import type { BulkIntakeMutation } from '../gql/graphql';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { MAX_ROWS, parseSurgeCsv, SURGE_COLUMNS, type SurgePreview, type SurgeProblem } from './surge-csv';

const BulkIntakeDocument = graphql(`
  mutation BulkIntake($input: [CreateReferralInput!]!) {
    bulkCreateReferrals(input: $input) {
      holdsOffered
      stillWaiting
      referrals {
        id
        agencyReference
        initials
        status
      }
    }
  }
`);

/** One problem as shown: the row (or the file), the field and what is wrong. */
interface ShownProblem {
  row: number;
  field: string;
  message: string;
}

/**
 * Referral officers: surge intake. Choose a CSV file; every problem the
 * browser can see is listed by row and field before anything is sent; then the
 * rows go to the API in one bulkCreateReferrals, whose refusals (every refused
 * row, by field) are listed the same way. All or nothing: the API creates no
 * referral when any row is refused.
 */
export default function SurgeIntake() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<string | null>(null);
  const [preview, setPreview] = useState<SurgePreview | null>(null);
  const [apiProblems, setApiProblems] = useState<ShownProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkIntakeMutation['bulkCreateReferrals'] | null>(null);
  const [busy, setBusy] = useState(false);

  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    setResult(null);
    setApiProblems([]);
    setError(null);
    if (!f) return;
    setFile(f.name);
    setPreview(parseSurgeCsv(await f.text()));
  }

  async function send() {
    if (!preview) return;
    setBusy(true);
    setError(null);
    setApiProblems([]);
    try {
      const data = await gql(BulkIntakeDocument, { input: preview.inputs });
      setResult(data.bulkCreateReferrals);
      setPreview(null);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
    } catch (err) {
      const problems = err instanceof ApiError ? err.errors.flatMap((x) => x.extensions?.problems ?? []) : [];
      if (problems.length) setApiProblems(problems.map((p) => ({ row: p.index + 1, field: p.field.replace(/^input\.\d+\./, ''), message: p.message })));
      else setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const describe = (p: SurgeProblem): string => t(`surge.problem.${p.kind}` as MessageKey, { value: p.detail, field: p.field });
  const shown: ShownProblem[] = preview ? preview.problems.map((p) => ({ row: p.row, field: p.field, message: describe(p) })) : [];
  const problems = [...shown, ...apiProblems];

  return (
    <section>
      <PageTitle>{t('surge.title')}</PageTitle>
      <p>{t('surge.intro', { max: MAX_ROWS })}</p>
      <p className="hint break">{t('surge.columns', { columns: SURGE_COLUMNS.join(', ') })}</p>
      <div className="field">
        <label htmlFor="surge-file">{t('surge.file')}</label>
        <input id="surge-file" type="file" accept=".csv,text/csv" onChange={choose} />
      </div>
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      <div role="status" aria-live="polite">
        {preview && file && <p className="strong">{t('surge.preview', { file, rows: preview.inputs.length, problems: problems.length })}</p>}
      </div>
      {problems.length > 0 && (
        <section aria-labelledby="surge-problems" className="error-box">
          <h2 id="surge-problems">{t('surge.problems', { count: problems.length })}</h2>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                {p.row === 0
                  ? t('surge.fileProblem', { field: p.field || '–', message: p.message })
                  : t('surge.rowProblem', { row: p.row, field: p.field || '–', message: p.message })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {preview && preview.inputs.length > 0 && (
        <>
          <h2>{t('surge.rows')}</h2>
          <ol className="cards">
            {preview.inputs.map((r, i) => (
              <li key={i} className="card">
                {t('surge.row', { row: i + 1, reference: r.agencyReference || '–', initials: r.initials || '–', size: 1 + (r.dependants?.length ?? 0) })}
              </li>
            ))}
          </ol>
          <button type="button" className="primary" disabled={busy || shown.length > 0} onClick={send}>
            {t('surge.send', { rows: preview.inputs.length })}
          </button>
        </>
      )}
      {result && (
        <section aria-labelledby="surge-result" className="card">
          <h2 id="surge-result">{t('surge.done', { count: result.referrals.length, held: result.holdsOffered, waiting: result.stillWaiting })}</h2>
          <ul className="links">
            {result.referrals.map((r) => (
              <li key={r.id}>
                <Link href={`/referrals/${r.id}`}>
                  {t('referrals.item', { reference: r.agencyReference, initials: r.initials, status: t(`referralStatus.${r.status}`) })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
