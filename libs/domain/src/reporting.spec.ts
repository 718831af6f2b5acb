import fc from 'fast-check';
import { AgeBand } from './model';
import { Breakdown, householdTypeOf, HouseholdType, percentile, suppressBreakdowns, suppressTable } from './reporting';

describe('householdTypeOf', () => {
  it('classifies by the lead age band and the dependants', () => {
    expect(householdTypeOf(AgeBand.AGE_25_34, [])).toBe(HouseholdType.SINGLE_ADULT);
    expect(householdTypeOf(AgeBand.AGE_25_34, [{ ageBand: AgeBand.AGE_18_24 }])).toBe(HouseholdType.ADULTS_TOGETHER);
    expect(householdTypeOf(AgeBand.AGE_25_34, [{ ageBand: AgeBand.AGE_18_24 }, { ageBand: AgeBand.UNDER_18 }])).toBe(
      HouseholdType.FAMILY_WITH_CHILDREN,
    );
    expect(householdTypeOf(AgeBand.UNDER_18, [])).toBe(HouseholdType.UNACCOMPANIED_MINOR);
    expect(householdTypeOf(AgeBand.UNDER_18, [{ ageBand: AgeBand.UNDER_18 }])).toBe(HouseholdType.UNACCOMPANIED_MINOR);
  });
});

describe('percentile (nearest rank)', () => {
  it('gives the nearest-rank value', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 100)).toBe(10);
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });
});

describe('suppressTable', () => {
  it('hides small counts and shows zero', () => {
    const r = suppressTable([
      { key: ['A'], count: 0 },
      { key: ['B'], count: 3 },
      { key: ['C'], count: 12 },
      { key: ['D'], count: 40 },
    ]);
    expect(r.cells.map((c) => [c.count, c.suppressed])).toEqual([
      [0, null],
      [null, 'PRIMARY'],
      // B alone hidden would be total − 52: the smallest shown non-zero cell goes too.
      [null, 'COMPLEMENTARY'],
      [40, null],
    ]);
  });

  it('needs no complementary cell when two are already small', () => {
    const r = suppressTable([
      { key: ['A'], count: 2 },
      { key: ['B'], count: 4 },
      { key: ['C'], count: 30 },
    ]);
    expect(r.cells.map((c) => c.suppressed)).toEqual(['PRIMARY', 'PRIMARY', null]);
  });

  it('reports a line total that would reveal a lone small cell', () => {
    const r = suppressTable([
      { key: ['A'], count: 3 },
      { key: ['B'], count: 0 },
    ]);
    expect(r.cells[0].count).toBeNull();
    expect(r.hiddenTotals).toEqual([['*']]);
  });

  it('suppresses across both dimensions of a two-way table', () => {
    // region × month; R1/Jan is small. Hiding R1/Feb (row) leaves column Feb with one hidden cell, etc.
    const r = suppressTable([
      { key: ['R1', 'Jan'], count: 2 },
      { key: ['R1', 'Feb'], count: 10 },
      { key: ['R2', 'Jan'], count: 20 },
      { key: ['R2', 'Feb'], count: 30 },
    ]);
    expect(r.cells.every((c) => c.suppressed !== null)).toBe(true);
  });

  it('never leaves a line with exactly one hidden cell (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat({ max: 30 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 10 }),
        (rows, k) => {
          const cells = rows.flatMap((row, i) => row.map((count, j) => ({ key: [`r${i}`, `c${j}`], count })));
          const { cells: out, hiddenTotals } = suppressTable(cells, k);
          // Every small non-zero count is hidden; every shown count is 0 or >= k.
          out.forEach((c, i) => {
            if (cells[i].count > 0 && cells[i].count < k) expect(c.count).toBeNull();
            if (c.count !== null) expect(c.count === 0 || c.count >= k).toBe(true);
          });
          const hiddenLine = new Set(hiddenTotals.map((t) => t.join('|')));
          for (let d = 0; d < 2; d++) {
            const groups = new Map<string, number[]>();
            out.forEach((c, i) => {
              const id = c.key.map((v, j) => (j === d ? '*' : v)).join('|');
              groups.set(id, [...(groups.get(id) ?? []), i]);
            });
            for (const [id, members] of groups) {
              const hidden = members.filter((i) => out[i].count === null).length;
              // One hidden cell in a line is recoverable from the total, unless that total is hidden too.
              if (hidden === 1) expect(hiddenLine.has(id)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300, seed: 15 },
    );
  });

  it('refuses bad input', () => {
    expect(() => suppressTable([{ key: ['A'], count: -1 }])).toThrow(RangeError);
    expect(() => suppressTable([{ key: ['A'], count: 1.5 }])).toThrow(RangeError);
    expect(() => suppressTable([{ key: ['A'], count: 1 }], 0)).toThrow(RangeError);
    expect(() => suppressTable([{ key: ['A'], count: 1 }, { key: ['A', 'B'], count: 1 }])).toThrow(RangeError);
  });
});

/**
 * The attacker of the privacy rule: knows every published figure and every
 * equation "total = sum of columns" between them, and solves any equation with
 * exactly one unknown, again and again with what it has learnt. Returns the
 * names of hidden figures it recovered.
 */
function recoverable(values: Record<string, number | null>, equations: readonly { total: string; columns: readonly string[] }[]): string[] {
  const known = new Map(Object.entries(values).filter((e): e is [string, number] => e[1] !== null));
  const recovered: string[] = [];
  for (let progress = true; progress; ) {
    progress = false;
    for (const q of equations) {
      const unknown = [q.total, ...q.columns].filter((m) => !known.has(m));
      if (unknown.length !== 1) continue;
      const [u] = unknown;
      const sumColumns = q.columns.filter((c) => c !== u).reduce((s, c) => s + known.get(c)!, 0);
      known.set(u, u === q.total ? sumColumns : known.get(q.total)! - sumColumns);
      recovered.push(u);
      progress = true;
    }
  }
  return recovered;
}

const NRM_LIKE: Breakdown[] = [
  { total: 'referrals', columns: ['adults', 'children'] },
  { total: 'referrals', columns: ['female', 'male', 'non_binary'] },
  { total: 'referrals', columns: ['sexual', 'labour', 'criminal', 'not_recorded'], overlapping: true },
  { total: 'decisions', columns: ['positive', 'negative'] },
];

describe('suppressBreakdowns', () => {
  it('hides a second exploitation type when the rest would give the small one away (review: 198 − 194 = 4)', () => {
    const { values, suppressed } = suppressBreakdowns(
      { referrals: 198, adults: 190, children: 8, female: 150, male: 40, non_binary: 8, sexual: 4, labour: 0, criminal: 0, not_recorded: 194, decisions: 0, positive: 0, negative: 0 },
      NRM_LIKE,
    );
    expect(values.sexual).toBeNull();
    expect(suppressed).toEqual({ sexual: 'PRIMARY', not_recorded: 'COMPLEMENTARY' });
    expect(values.referrals).toBe(198);
    expect(recoverable(values, NRM_LIKE)).toEqual([]);
  });

  it('hides the total when no other column can be hidden, and then protects its other breakdowns', () => {
    const breakdowns: Breakdown[] = [
      { total: 't', columns: ['a', 'b'] },
      { total: 't', columns: ['x', 'y', 'z'] },
    ];
    const { values, suppressed } = suppressBreakdowns({ t: 12, a: 3, b: 0, x: 6, y: 6, z: 0 }, breakdowns);
    // a hidden; b is 0 (nothing to hide): t goes; then x/y line has t alone hidden: x goes.
    expect(suppressed).toEqual({ a: 'PRIMARY', t: 'COMPLEMENTARY', x: 'COMPLEMENTARY' });
    expect(recoverable(values, breakdowns)).toEqual([]);
    expect(values).toMatchObject({ b: 0, y: 6, z: 0 });
  });

  it('leaves no hidden figure recoverable from published totals, for any generated quarter (property)', () => {
    const split = (total: number, parts: number) =>
      fc.array(fc.nat({ max: 1000 }), { minLength: parts, maxLength: parts }).map((w) => {
        const sum = w.reduce((s, x) => s + x, 0) || 1;
        const out = w.map((x) => Math.floor((x * total) / sum));
        out[w.findIndex((x) => x === Math.max(...w))] += total - out.reduce((s, x) => s + x, 0);
        return out;
      });
    const quarter = fc
      .record({ referrals: fc.nat({ max: 60 }), decisions: fc.nat({ max: 30 }), extra: fc.array(fc.nat({ max: 5 }), { minLength: 3, maxLength: 3 }) })
      .chain(({ referrals, decisions, extra }) =>
        fc
          .tuple(split(referrals, 2), split(referrals, 3), split(referrals, 4), split(decisions, 2))
          .map(([age, gender, types, outcome]) => ({
            referrals,
            adults: age[0],
            children: age[1],
            female: gender[0],
            male: gender[1],
            non_binary: gender[2],
            // Overlapping: some referrals have a second type (never more than the referrals with a type).
            sexual: types[0] + Math.min(extra[0], types[1]),
            labour: types[1] + Math.min(extra[1], types[2]),
            criminal: types[2] + Math.min(extra[2], types[0]),
            not_recorded: types[3],
            decisions,
            positive: outcome[0],
            negative: outcome[1],
          })),
      );
    fc.assert(
      fc.property(quarter, fc.integer({ min: 1, max: 10 }), (figures, k) => {
        const { values, suppressed } = suppressBreakdowns(figures, NRM_LIKE, k);
        for (const [name, n] of Object.entries(figures)) {
          if (n > 0 && n < k) expect(values[name]).toBeNull();
          if (values[name] !== null) expect(values[name]).toBe(n);
          expect(values[name] === null).toBe(name in suppressed);
        }
        // Exact subtraction for the breakdowns that add up; the overlapping one, with its extra
        // types removed, is the worst case (every referral one type) and must not give way either.
        expect(recoverable(values, NRM_LIKE)).toEqual([]);
        for (const b of NRM_LIKE) expect([b.total, ...b.columns].filter((m) => values[m] === null).length).not.toBe(1);
      }),
      { numRuns: 500, seed: 1515 },
    );
  });

  it('refuses bad input', () => {
    expect(() => suppressBreakdowns({ t: -1 }, [])).toThrow(RangeError);
    expect(() => suppressBreakdowns({ t: 1 }, [{ total: 't', columns: ['nope'] }])).toThrow(RangeError);
    expect(() => suppressBreakdowns({ t: 1 }, [], 0)).toThrow(RangeError);
  });
});

describe('suppressTable against the published grand total (property)', () => {
  it('leaves no hidden cell recoverable from the cells and the total a report publishes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 10 }),
        (rows, k) => {
          const width = Math.min(...rows.map((r) => r.length));
          const oneDimension = rows.length === 1;
          const cells = oneDimension
            ? rows[0].map((count, j) => ({ key: [`c${j}`], count }))
            : rows.flatMap((row, i) => row.slice(0, width).map((count, j) => ({ key: [`r${i}`, `c${j}`], count })));
          const { cells: out, hiddenTotals } = suppressTable(cells, k);
          const total = cells.reduce((s, c) => s + c.count, 0);
          // What ReportService publishes: every cell as suppressed, and the grand total unless it is
          // small or (one dimension) a line total that must be withheld.
          const totalShown = !(total > 0 && total < k) && !(oneDimension && hiddenTotals.length > 0);
          const values: Record<string, number | null> = { total: totalShown ? total : null };
          out.forEach((c) => (values[c.key.join('/')] = c.count));
          expect(recoverable(values, [{ total: 'total', columns: out.map((c) => c.key.join('/')) }])).toEqual([]);
        },
      ),
      { numRuns: 500, seed: 151 },
    );
  });
});
