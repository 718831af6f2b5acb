/**
 * Reporting rules (docs/reports.md): how reports group people, which counts
 * they may show, and percentiles. Pure: no I/O.
 *
 * Small-cell suppression follows the usual practice of official statistics
 * (for example the ONS and NHS England disclosure-control guidance): a count
 * from 1 to threshold − 1 is not shown, complementary suppression hides
 * further cells so that no hidden count can be narrowed from the shown totals
 * below "under the threshold", and every hidden cell is marked alike.
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

/**
 * A cell after suppression. `count` is null when hidden. Every hidden cell is
 * marked the same way: telling a small (primary) cell from one hidden to
 * protect it (complementary) would say the first is under the threshold and
 * the second at least the threshold, and with a total of 6 that pins them to
 * 1 and 5. Published statistics mark them alike for that reason (UK
 * government tables use "[c]", confidential, for any suppressed figure).
 */
export interface SuppressedCell {
  key: readonly string[];
  count: number | null;
  suppressed: boolean;
}

/**
 * Whether a grand total (or any total of people a report publishes) may be
 * shown: 0 or at least the threshold. Every grouping of the same data
 * publishes the same total, so no grouping may withhold a total that another
 * shows: a total is protected by this rule alone, and the cells under it by
 * complementary suppression.
 */
export function totalShown(total: number, threshold = DEFAULT_SUPPRESSION_THRESHOLD): boolean {
  return total === 0 || total >= threshold;
}

/**
 * Whether a line (cells adding up to a published total) protects its hidden
 * cells from that equation. An attacker knows the total, the shown cells and
 * that a hidden cell is at least 1 (0 is always shown), so with |H| hidden
 * cells summing to S each lies in [1, S − |H| + 1]. The line is safe when no
 * cell is hidden, or when at least two are and that range reaches threshold
 * − 1: then a hidden cell could be any count the threshold hides, and a
 * hidden 1 cannot be told from a hidden 4 (or from a complementary cell).
 */
function lineSafe(hiddenCounts: readonly number[], threshold: number): boolean {
  if (hiddenCounts.length === 0) return true;
  if (hiddenCounts.length === 1) return false;
  const s = hiddenCounts.reduce((a, b) => a + b, 0);
  return s - hiddenCounts.length + 1 >= threshold - 1;
}

function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError(`threshold must be an integer >= 1, got ${threshold}`);
}

/**
 * Suppresses a table of counts of people with one or two dimensions (docs/reports.md,
 * "Privacy"). What a reader can combine with the table is modelled on what
 * Harbour publishes: the grand total (shown when {@link totalShown}), and for
 * a two-dimension table each row and column total as the one-dimension
 * report of the same data shows it (suppressed by this function too).
 *
 * 1. Primary: 0 < count < threshold is hidden (0 is shown: it discloses no
 *    person).
 * 2. Complementary, line by line: while a line whose total is published is
 *    not safe (exactly one hidden cell, or hidden cells too few to reach
 *    threshold − 1, e.g. two hidden 1s beside a total), the smallest shown
 *    non-zero cell of that line is hidden too (ties: the first by key).
 * 3. Audit (two dimensions): for every primary cell, the largest rise and
 *    fall that the published totals allow (a max-flow over the hidden cells:
 *    every published total fixed, every hidden cell and hidden total at least
 *    1) must let it be any count from 1 to threshold − 1. A cell that fails
 *    gets the smallest shown non-zero cell of its row or column hidden (else
 *    of the table), and the audit runs again.
 *
 * Ends, at worst, with every non-zero cell hidden: then a reader knows no
 * more than the published totals and the zeros say by themselves.
 * Returns the cells in input order and the grand total (null when hidden).
 * @throws RangeError when threshold < 1, a count is negative or not an
 *   integer, keys have different lengths, or there are more than two dimensions.
 */
export function suppressTable(cells: readonly CountCell[], threshold = DEFAULT_SUPPRESSION_THRESHOLD): { cells: SuppressedCell[]; total: number | null } {
  checkThreshold(threshold);
  const dims = cells[0]?.key.length ?? 0;
  if (dims > 2) throw new RangeError(`a table has at most two dimensions, got ${dims}`);
  for (const c of cells) {
    if (!Number.isInteger(c.count) || c.count < 0) throw new RangeError(`count must be a non-negative integer, got ${c.count}`);
    if (c.key.length !== dims) throw new RangeError('every cell key must have the same number of dimensions');
  }
  const total = cells.reduce((s, c) => s + c.count, 0);
  const grandShown = totalShown(total, threshold);
  const hidden = cells.map((c) => c.count > 0 && c.count < threshold);
  const order = (a: number, b: number) => cells[a].count - cells[b].count || cells[a].key.join('\u0000').localeCompare(cells[b].key.join('\u0000'));
  const hideSmallestShown = (members: readonly number[]): boolean => {
    const candidate = members.filter((i) => !hidden[i] && cells[i].count > 0).sort(order)[0];
    if (candidate === undefined) return false;
    hidden[candidate] = true;
    return true;
  };

  // Lines with a published total: the whole table (one dimension) or each row and column whose
  // total the one-dimension report shows (two dimensions).
  const lines: number[][] = [];
  const margins: { values: string[]; shown: boolean[]; total: number[] }[] = [];
  if (dims === 1 && grandShown) lines.push(cells.map((_, i) => i));
  if (dims === 2) {
    for (let d = 0; d < 2; d++) {
      const members = new Map<string, number[]>();
      cells.forEach((c, i) => {
        const list = members.get(c.key[d]);
        if (list) list.push(i);
        else members.set(c.key[d], [i]);
      });
      const values = [...members.keys()];
      const sums = values.map((v) => members.get(v)!.reduce((s, i) => s + cells[i].count, 0));
      const shown = suppressTable(
        values.map((v, i) => ({ key: [v], count: sums[i] })),
        threshold,
      ).cells.map((c) => !c.suppressed);
      margins.push({ values, shown, total: sums });
      values.forEach((v, i) => {
        if (shown[i]) lines.push(members.get(v)!);
      });
    }
  }
  const complete = () => {
    for (let changed = true; changed;) {
      changed = false;
      for (const members of lines) {
        if (
          lineSafe(
            members.filter((i) => hidden[i]).map((i) => cells[i].count),
            threshold,
          )
        )
          continue;
        if (hideSmallestShown(members)) changed = true;
      }
    }
  };
  complete();
  if (dims === 2) {
    const everyone = cells.map((_, i) => i);
    for (let failing = auditFails(cells, hidden, margins, grandShown ? null : total, threshold); failing.length;) {
      let hid = false;
      for (const f of failing) {
        const [r, c] = cells[f].key;
        hid = hideSmallestShown(everyone.filter((i) => cells[i].key[0] === r || cells[i].key[1] === c)) || hid;
      }
      if (!hid && !hideSmallestShown(everyone)) break; // every non-zero cell hidden
      complete();
      failing = auditFails(cells, hidden, margins, grandShown ? null : total, threshold);
    }
  }
  return {
    cells: cells.map((c, i) => ({ key: c.key, count: hidden[i] ? null : c.count, suppressed: hidden[i] })),
    total: grandShown ? total : null,
  };
}

/**
 * The primary cells of a two-dimension table that the published totals pin
 * down more than the threshold allows (none: the table is safe).
 *
 * A change δ to the hidden cells that keeps every published total is a
 * circulation on a graph with a node per row, per column and two more (the
 * rows' and the columns' hidden totals): a hidden cell (r, c) holding x is an
 * arc r → c without limit (it may grow) and c → r of capacity x − 1 (it stays
 * at least 1); a row whose total is hidden hangs off its node the same way
 * (it may grow, or fall to 1), and so does a column; the two extra nodes are
 * joined only when the grand total is hidden too (it stays from 1 to
 * threshold − 1). A cell can fall by the max-flow from its row to its column
 * without its own arcs, and rise by the max-flow back. The constraints form a
 * network matrix, so these bounds are exact for whole numbers too.
 */
function auditFails(
  cells: readonly CountCell[],
  hidden: readonly boolean[],
  margins: readonly { values: string[]; shown: boolean[]; total: number[] }[],
  hiddenGrandTotal: number | null,
  threshold: number,
): number[] {
  const [rows, cols] = margins;
  const R = rows.values.length;
  const node = new Map<string, number>();
  rows.values.forEach((v, i) => node.set(`0|${v}`, i));
  cols.values.forEach((v, i) => node.set(`1|${v}`, R + i));
  const zr = R + cols.values.length;
  const zc = zr + 1;
  const cap: Map<number, number>[] = Array.from({ length: zc + 1 }, () => new Map());
  const arc = (a: number, b: number, c: number) => {
    cap[a].set(b, (cap[a].get(b) ?? 0) + c);
    if (!cap[b].has(a)) cap[b].set(a, 0);
  };
  const INF = 1e12; // more than any count: "without limit"
  const ends = (i: number) => [node.get(`0|${cells[i].key[0]}`)!, node.get(`1|${cells[i].key[1]}`)!] as const;
  cells.forEach((c, i) => {
    if (!hidden[i]) return;
    const [r, k] = ends(i);
    arc(r, k, INF);
    arc(k, r, c.count - 1);
  });
  rows.shown.forEach((shown, i) => {
    if (shown) return;
    arc(zr, i, INF);
    arc(i, zr, rows.total[i] - 1);
  });
  cols.shown.forEach((shown, i) => {
    if (shown) return;
    arc(R + i, zc, INF);
    arc(zc, R + i, cols.total[i] - 1);
  });
  if (hiddenGrandTotal !== null) {
    arc(zc, zr, threshold - 1 - hiddenGrandTotal);
    arc(zr, zc, hiddenGrandTotal - 1);
  }
  /** Max-flow from s to t, up to `need`; every change is undone before returning. */
  const flow = (s: number, t: number, need: number): number => {
    const undo: [number, number, number][] = [];
    const set = (a: number, b: number, v: number) => {
      undo.push([a, b, cap[a].get(b)!]);
      cap[a].set(b, v);
    };
    let sent = 0;
    while (sent < need) {
      const prev = new Map<number, number>([[s, -1]]);
      const queue = [s];
      search: for (let q = 0; q < queue.length; q++) {
        for (const [b, c] of cap[queue[q]]) {
          if (c > 0 && !prev.has(b)) {
            prev.set(b, queue[q]);
            if (b === t) break search;
            queue.push(b);
          }
        }
      }
      if (!prev.has(t)) break;
      let add = need - sent;
      for (let b = t; b !== s; b = prev.get(b)!) add = Math.min(add, cap[prev.get(b)!].get(b)!);
      for (let b = t; b !== s; b = prev.get(b)!) {
        const a = prev.get(b)!;
        set(a, b, cap[a].get(b)! - add);
        set(b, a, cap[b].get(a)! + add);
      }
      sent += add;
    }
    for (let u = undo.length - 1; u >= 0; u--) cap[undo[u][0]].set(undo[u][1], undo[u][2]);
    return sent;
  };
  // A fast certificate first: one rectangle of hidden cells (r, c), (r, c'), (r', c), (r', c') whose
  // corners can give what the cell needs (a cycle of the circulation on its own).
  const C = cols.values.length;
  const ri = cells.map((c) => node.get(`0|${c.key[0]}`)!);
  const ci = cells.map((c) => node.get(`1|${c.key[1]}`)! - R);
  const at = new Int32Array(R * C).fill(-1);
  const inRow: number[][] = Array.from({ length: R }, () => []);
  const inCol: number[][] = Array.from({ length: C }, () => []);
  cells.forEach((_, i) => {
    if (!hidden[i]) return;
    at[ri[i] * C + ci[i]] = i;
    inRow[ri[i]].push(i);
    inCol[ci[i]].push(i);
  });
  const rectangle = (i: number, fallNeed: number, riseNeed: number): boolean => {
    let fall = fallNeed <= 0;
    let rise = riseNeed <= 0;
    for (const a of inRow[ri[i]]) {
      if (a === i) continue;
      for (const b of inCol[ci[i]]) {
        if (b === i) continue;
        const d = at[ri[b] * C + ci[a]];
        if (d < 0) continue;
        if (cells[d].count - 1 >= fallNeed) fall = true;
        if (cells[a].count - 1 >= riseNeed && cells[b].count - 1 >= riseNeed) rise = true;
        if (fall && rise) return true;
      }
    }
    return false;
  };
  const failing: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const x = cells[i].count;
    if (!(x > 0 && x < threshold)) continue;
    if (rectangle(i, x - 1, threshold - 1 - x)) continue;
    const [r, k] = ends(i);
    // Take the cell's own arcs out (they are its alone: keys are distinct), measure, put them back.
    const up = cap[r].get(k)!;
    const down = cap[k].get(r)!;
    cap[r].set(k, 0);
    cap[k].set(r, 0);
    const fall = flow(r, k, x - 1);
    const rise = flow(k, r, threshold - 1 - x);
    cap[r].set(k, up);
    cap[k].set(r, down);
    if (fall < x - 1 || rise < threshold - 1 - x) failing.push(i);
  }
  return failing;
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
 * columns, so it is treated as one line of {@link suppressTable}:
 *
 * 1. Primary: every figure from 1 to threshold − 1 is hidden; a total is
 *    shown exactly when {@link totalShown} (the same total is published by the
 *    GraphQL report, so hiding it here would protect nothing).
 * 2. Complementary: while a breakdown whose total is shown is not safe
 *    (exactly one hidden column, or hidden columns too few to reach threshold
 *    − 1, e.g. two hidden 1s), its smallest shown non-zero column is hidden
 *    (ties: the first named). Columns are in one breakdown each, so every
 *    line is then safe on its own, or has every non-zero column hidden.
 *
 * Overlapping breakdowns get the same treatment: an attacker who guesses
 * that nobody has two types may solve them as equations.
 *
 * Returns every figure, null when hidden (all hidden figures are alike: see
 * {@link SuppressedCell}).
 * @throws RangeError for a bad threshold, a figure that is not a non-negative
 *   integer, or a breakdown naming a figure that is not given.
 */
export function suppressBreakdowns(
  figures: Readonly<Record<string, number>>,
  breakdowns: readonly Breakdown[],
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): { values: Record<string, number | null> } {
  checkThreshold(threshold);
  for (const [name, n] of Object.entries(figures)) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  }
  for (const b of breakdowns) {
    for (const name of [b.total, ...b.columns]) if (!(name in figures)) throw new RangeError(`breakdown names an unknown figure ${name}`);
  }
  const hidden = new Set(Object.keys(figures).filter((name) => figures[name] > 0 && figures[name] < threshold));
  for (let changed = true; changed;) {
    changed = false;
    for (const b of breakdowns) {
      if (hidden.has(b.total)) continue; // not published: no equation to solve
      if (
        lineSafe(
          b.columns.filter((c) => hidden.has(c)).map((c) => figures[c]),
          threshold,
        )
      )
        continue;
      const column = b.columns
        .filter((c) => !hidden.has(c) && figures[c] > 0)
        .sort((x, y) => figures[x] - figures[y] || b.columns.indexOf(x) - b.columns.indexOf(y))[0];
      if (column === undefined) continue; // every non-zero column hidden already
      hidden.add(column);
      changed = true;
    }
  }
  const values: Record<string, number | null> = {};
  for (const [name, n] of Object.entries(figures)) values[name] = hidden.has(name) ? null : n;
  return { values };
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
