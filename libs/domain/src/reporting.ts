/**
 * Reporting rules (docs/reports.md): how reports group people, which counts
 * they may show, and percentiles. Pure: no I/O.
 *
 * Small-cell suppression follows the usual practice of official statistics
 * (for example the ONS and NHS England disclosure-control guidance): a count
 * from 1 to threshold − 1 is not shown, and complementary suppression hides
 * further cells so that no hidden count can be worked out from a shown total.
 */
import { AgeBand } from './model';

/** Household type as reports group it. */
export enum HouseholdType {
  SINGLE_ADULT = 'SINGLE_ADULT',
  /** Adults referred together, no children. */
  ADULTS_TOGETHER = 'ADULTS_TOGETHER',
  /** An adult with at least one child under 18. */
  FAMILY_WITH_CHILDREN = 'FAMILY_WITH_CHILDREN',
  /** The referred person is under 18 (with or without dependants). */
  UNACCOMPANIED_MINOR = 'UNACCOMPANIED_MINOR',
}

/**
 * The household type of a referral, from the referred person's age band and
 * the dependants' age bands. Mirrors the SQL function harbour_household_type
 * (migration 1766000000000), which stamps it on every report event.
 */
export function householdTypeOf(ageBand: AgeBand | string, dependants: ReadonlyArray<{ ageBand: AgeBand | string }>): HouseholdType {
  if (ageBand === AgeBand.UNDER_18) return HouseholdType.UNACCOMPANIED_MINOR;
  if (dependants.some((d) => d.ageBand === AgeBand.UNDER_18)) return HouseholdType.FAMILY_WITH_CHILDREN;
  if (dependants.length > 0) return HouseholdType.ADULTS_TOGETHER;
  return HouseholdType.SINGLE_ADULT;
}

/** Default smallest count a report shows (counts 1–4 are hidden). */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/** One cell of a table to suppress: its coordinates (one value per dimension) and its count. */
export interface CountCell {
  key: readonly string[];
  count: number;
}

/** A cell after suppression. `count` is null when hidden. */
export interface SuppressedCell {
  key: readonly string[];
  count: number | null;
  /** PRIMARY: the count itself is small; COMPLEMENTARY: hidden so a small one cannot be recovered; null: shown. */
  suppressed: 'PRIMARY' | 'COMPLEMENTARY' | null;
}

/**
 * Suppresses a table of counts whose rows and column totals (every margin:
 * each line along one dimension, with the others fixed) may be published.
 *
 * 1. Primary: 0 < count < threshold is hidden (0 is shown: it discloses no
 *    person).
 * 2. Complementary: while some line has exactly one hidden cell, the smallest
 *    shown non-zero cell of that line is hidden too (ties: the first by key),
 *    so no hidden cell equals its line's total minus the shown cells. If a line
 *    has no other non-zero cell, the hidden cell's line total itself is a small
 *    count, and `suppressTotals` reports it.
 *
 * Returns the cells in input order, plus `hiddenTotals`: the line keys (with
 * '*' at the summed dimension) whose totals must not be shown either.
 * @throws RangeError when threshold < 1, a count is negative or not an
 *   integer, or keys have different lengths.
 */
export function suppressTable(
  cells: readonly CountCell[],
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): { cells: SuppressedCell[]; hiddenTotals: string[][] } {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be an integer >= 1, got ${threshold}`);
  const dims = cells[0]?.key.length ?? 0;
  for (const c of cells) {
    if (!Number.isInteger(c.count) || c.count < 0) throw new RangeError(`count must be a non-negative integer, got ${c.count}`);
    if (c.key.length !== dims) throw new RangeError('every cell key must have the same number of dimensions');
  }
  const out: SuppressedCell[] = cells.map((c) => ({
    key: c.key,
    count: c.count,
    suppressed: c.count > 0 && c.count < threshold ? 'PRIMARY' : null,
  }));
  // Lines: for each dimension d, cells that agree on every other dimension.
  const lines = new Map<string, number[]>();
  out.forEach((c, i) => {
    for (let d = 0; d < dims; d++) {
      const id = `${d}|${c.key.map((v, j) => (j === d ? '*' : v)).join('\u0000')}`;
      const list = lines.get(id);
      if (list) list.push(i);
      else lines.set(id, [i]);
    }
  });
  const hiddenTotals = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, members] of lines) {
      const hidden = members.filter((i) => out[i].suppressed);
      if (hidden.length !== 1) continue;
      const candidates = members
        .filter((i) => !out[i].suppressed && (out[i].count ?? 0) > 0)
        .sort((a, b) => cells[a].count - cells[b].count || cells[a].key.join().localeCompare(cells[b].key.join()));
      if (candidates.length) {
        out[candidates[0]].suppressed = 'COMPLEMENTARY';
        changed = true;
      } else {
        hiddenTotals.add(id);
      }
    }
  }
  for (const c of out) if (c.suppressed) c.count = null;
  return {
    cells: out,
    hiddenTotals: [...hiddenTotals].map((id) => id.slice(id.indexOf('|') + 1).split('\u0000')),
  };
}

/**
 * One published breakdown: a total and the columns shown beside it, which add
 * up to the total (each person in one column) or, when `overlapping`, to at
 * least the total (a person can be in several columns, e.g. exploitation
 * types). Names refer to keys of the figures given to {@link suppressBreakdowns}.
 */
export interface Breakdown {
  total: string;
  columns: readonly string[];
  overlapping?: boolean;
}

/**
 * Suppresses a row of published figures made of totals and breakdowns of them
 * (for example one quarter of the NRM-shaped summary: referrals by age, by
 * gender, by exploitation type and by first responder; decisions by outcome).
 *
 * Each breakdown is an equation between published figures, total = sum of its
 * columns, so it is treated as one line whose members are the total and the
 * columns, exactly as {@link suppressTable} treats a row of a table:
 *
 * 1. Primary: every figure from 1 to threshold − 1 is hidden.
 * 2. Complementary: while some breakdown has exactly one hidden member (its
 *    total or one column), another member is hidden: the smallest shown
 *    non-zero column (ties: the first named), else the total itself. Hiding a
 *    total makes it a hidden member of every other breakdown of that total,
 *    so the rule runs again until no breakdown has exactly one hidden member.
 *
 * Overlapping breakdowns get the same treatment: subtracting the other
 * columns from the total does not always give a column exactly, but it does
 * when the others are 0 (a referral with no second type), and a bound is
 * disclosure too.
 *
 * Returns every figure (null when hidden) and, for each hidden one, why.
 * @throws RangeError for a bad threshold, a figure that is not a non-negative
 *   integer, or a breakdown naming a figure that is not given.
 */
export function suppressBreakdowns(
  figures: Readonly<Record<string, number>>,
  breakdowns: readonly Breakdown[],
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): { values: Record<string, number | null>; suppressed: Record<string, 'PRIMARY' | 'COMPLEMENTARY'> } {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be an integer >= 1, got ${threshold}`);
  for (const [name, n] of Object.entries(figures)) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  }
  for (const b of breakdowns) {
    for (const name of [b.total, ...b.columns]) if (!(name in figures)) throw new RangeError(`breakdown names an unknown figure ${name}`);
  }
  const suppressed: Record<string, 'PRIMARY' | 'COMPLEMENTARY'> = {};
  for (const [name, n] of Object.entries(figures)) if (n > 0 && n < threshold) suppressed[name] = 'PRIMARY';
  for (let changed = true; changed; ) {
    changed = false;
    for (const b of breakdowns) {
      const members = [b.total, ...b.columns];
      if (members.filter((m) => suppressed[m]).length !== 1) continue;
      const column = b.columns
        .filter((c) => !suppressed[c] && figures[c] > 0)
        .sort((x, y) => figures[x] - figures[y] || b.columns.indexOf(x) - b.columns.indexOf(y))[0];
      const hide = column ?? (suppressed[b.total] ? undefined : b.total);
      // Nothing left to hide: the lone hidden member is the total and every column is 0 (then the total is 0 too).
      if (hide === undefined) continue;
      suppressed[hide] = 'COMPLEMENTARY';
      changed = true;
    }
  }
  const values: Record<string, number | null> = {};
  for (const [name, n] of Object.entries(figures)) values[name] = suppressed[name] ? null : n;
  return { values, suppressed };
}

/**
 * The p-th percentile (0 < p <= 100) of `values` by the nearest-rank method
 * (the smallest value with at least p% of values at or below it). Null for no
 * values. Units are the values' own.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
