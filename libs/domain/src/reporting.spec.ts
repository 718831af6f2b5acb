import fc from 'fast-check';
import { AgeBand } from './model';
import { householdTypeOf, HouseholdType, percentile, suppressTable } from './reporting';

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
