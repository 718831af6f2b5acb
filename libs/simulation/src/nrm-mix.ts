import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * The referral mix of one year of the UK National Referral Mechanism, from
 * `uk-nrm-referrals-by-year.csv`. Where the chosen year did not publish a
 * split, the latest earlier year that did is used (and named in `sources`);
 * where none did, the documented fallback below.
 */
export interface ReferralMix {
  year: number;
  referrals: number;
  /** Share of referrals who are children (0..1). */
  childShare: number;
  /** Share of referrals who are male (0..1). */
  maleShare: number;
  /** Exploitation type shares (sum 1). */
  exploitation: Record<'LABOUR' | 'CRIMINAL' | 'SEXUAL' | 'DOMESTIC_SERVITUDE' | 'OTHER', number>;
  /** Which year each figure came from. */
  sources: Record<string, number | 'fallback'>;
  /**
   * Set when the mix is Harbour's own history rather than the NRM file
   * (`harbour simulate --mix observed`): the period and what it measured.
   */
  observed?: { from: string; to: string; referrals: number; sources: Record<string, 'history' | 'fallback'> };
}

/**
 * Fallback exploitation mix: the Salvation Army victim care contract 2022-23
 * (`uk-safe-house-facts.csv`: labour 58%, sexual 19%, criminal 15%, domestic servitude 5%).
 */
const FALLBACK_EXPLOITATION = { LABOUR: 0.58, SEXUAL: 0.19, CRIMINAL: 0.15, DOMESTIC_SERVITUDE: 0.05, OTHER: 0.03 };

/** Reads the NRM file and returns the mix for `year` (default: the latest year in the file). */
export function readReferralMix(file: string, year?: number): ReferralMix {
  const rows: Record<string, string>[] = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, trim: true });
  const byYear = rows
    .map((cells) => ({ cells, yearNumber: Number(cells.year) }))
    .filter((r) => Number.isInteger(r.yearNumber))
    .sort((a, b) => a.yearNumber - b.yearNumber);
  if (byYear.length === 0) throw new Error(`${file}: no yearly rows`);
  const target = year ?? byYear[byYear.length - 1].yearNumber;
  const row = byYear.find((r) => r.yearNumber === target);
  if (!row) throw new Error(`${file}: no row for year ${target} (have ${byYear.map((r) => r.yearNumber).join(', ')})`);
  const sources: Record<string, number | 'fallback'> = {};
  const latest = (col: string, f: (r: Record<string, string>) => number | null): number | null => {
    for (const r of [...byYear].reverse()) {
      if (r.yearNumber > target) continue;
      const v = f(r.cells);
      if (v != null && Number.isFinite(v)) {
        sources[col] = r.yearNumber;
        return v;
      }
    }
    sources[col] = 'fallback';
    return null;
  };
  const num = (r: Record<string, string>, c: string) => (r[c] === '' || r[c] == null ? null : Number(r[c]));
  const childShare =
    latest('children', (r) => {
      const c = num(r, 'children');
      const n = num(r, 'referrals');
      return c != null && n ? c / n : null;
    }) ?? 0.4;
  const maleShare =
    latest('male_share_pct', (r) => {
      const m = num(r, 'male_share_pct');
      return m == null ? null : m / 100;
    }) ?? 0.75;
  const pct = (c: string) => latest(c, (r) => num(r, c));
  const labour = pct('labour_pct');
  const criminal = pct('criminal_pct');
  const sexual = pct('sexual_pct');
  const domestic = pct('domestic_servitude_pct');
  let exploitation = { ...FALLBACK_EXPLOITATION };
  if (labour != null || criminal != null || sexual != null || domestic != null) {
    // Published shares replace the fallback ones; the rest is spread by the fallback's proportions.
    const given: Partial<Record<keyof typeof FALLBACK_EXPLOITATION, number>> = {};
    if (labour != null) given.LABOUR = labour / 100;
    if (criminal != null) given.CRIMINAL = criminal / 100;
    if (sexual != null) given.SEXUAL = sexual / 100;
    if (domestic != null) given.DOMESTIC_SERVITUDE = domestic / 100;
    const rest = Math.max(0, 1 - Object.values(given).reduce((s, v) => s + (v ?? 0), 0));
    const others = (Object.keys(FALLBACK_EXPLOITATION) as (keyof typeof FALLBACK_EXPLOITATION)[]).filter((k) => given[k] == null);
    const otherTotal = others.reduce((s, k) => s + FALLBACK_EXPLOITATION[k], 0);
    exploitation = { ...FALLBACK_EXPLOITATION, ...given };
    for (const k of others) exploitation[k] = otherTotal ? (rest * FALLBACK_EXPLOITATION[k]) / otherTotal : 0;
  }
  return { year: target, referrals: Number(row.cells.referrals), childShare, maleShare, exploitation, sources };
}
