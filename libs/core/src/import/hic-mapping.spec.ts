import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { GenderPolicy } from '@harbour/domain';
import { HicCocRow, HicCounts, HIC_PROGRAMS, parseHicCsv } from './hic-csv';
import {
  allocateProgramCells,
  bedTotalsOf,
  DEFAULT_HIC_MAPPING_OPTIONS,
  hicCodeName,
  largestRemainder,
  mapCocRow,
  planHicNetwork,
  splitEvenly,
} from './hic-mapping';

const counts = (w: number, a: number, c: number, nonDv: number, units: number): HicCounts => ({
  yearRoundBeds: w + a + c,
  nonDvBeds: nonDv,
  unitsWithChildren: units,
  bedsWithChildren: w,
  bedsWithoutChildren: a,
  bedsOnlyChildren: c,
});

/** A consistent program column group: household beds, non-DV ≤ total, units ≤ family beds. */
const programCounts = (max: number) =>
  fc
    .tuple(fc.nat(max), fc.nat(max), fc.nat(max / 10), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([w, a, c, dvShare, unitShare]) => counts(w, a, c, Math.round((w + a + c) * (1 - dvShare)), Math.round(w * unitShare)));

const cocRow = (max = 3000) =>
  fc.record({ ES: programCounts(max), TH: programCounts(max), SH: programCounts(max / 10) }).map((programs): HicCocRow => {
    const total = {} as HicCounts;
    for (const k of Object.keys(programs.ES) as (keyof HicCounts)[]) {
      total[k] = programs.ES[k] + programs.TH[k] + programs.SH[k];
    }
    return { line: 3, coc: 'XX-501', total, programs };
  });

describe('largestRemainder', () => {
  it('preserves the total and stays within one of each exact quota', () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.array(fc.nat(100_000), { minLength: 1, maxLength: 6 }), (total, weights) => {
        fc.pre(weights.some((w) => w > 0));
        const parts = largestRemainder(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((p, i) => {
          const quota = (total * weights[i]) / sum;
          expect(p).toBeGreaterThanOrEqual(Math.floor(quota));
          expect(p).toBeLessThanOrEqual(Math.ceil(quota));
          if (total <= sum) expect(p).toBeLessThanOrEqual(weights[i]);
        });
      }),
    );
  });

  it('gives leftovers to the largest remainders, ties to the first', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(5, [3, 5, 2])).toEqual([2, 2, 1]);
    expect(largestRemainder(0, [0, 0])).toEqual([0, 0]);
    expect(() => largestRemainder(1, [0, 0])).toThrow(RangeError);
  });
});

describe('splitEvenly', () => {
  it('splits into parts differing by at most one, larger first', () => {
    expect(splitEvenly(7, 3)).toEqual([3, 2, 2]);
    expect(splitEvenly(0, 3)).toEqual([]);
  });
});

describe('allocateProgramCells', () => {
  it('preserves DV, non-DV and household totals', () => {
    const cells = allocateProgramCells('ES', counts(194, 748, 8, 882, 42));
    const dv = cells.filter((c) => c.dv === 'DV').map((c) => c.beds);
    const nonDv = cells.filter((c) => c.dv === 'NONDV').map((c) => c.beds);
    expect(dv.reduce((a, b) => a + b)).toBe(950 - 882);
    expect(nonDv.reduce((a, b) => a + b)).toBe(882);
    expect(dv.map((d, i) => d + nonDv[i])).toEqual([194, 748, 8]);
  });
});

describe('mapCocRow', () => {
  it('preserves every total of the row exactly, for random counts', () => {
    fc.assert(
      fc.property(cocRow(), (row) => {
        const plan = mapCocRow(row, 2023);
        const t = bedTotalsOf(plan.shelters);
        expect(t.total).toBe(row.total.yearRoundBeds);
        expect(t.byDv.DV).toBe(row.total.yearRoundBeds - row.total.nonDvBeds);
        expect(t.byDv.NONDV).toBe(row.total.nonDvBeds);
        expect(t.byHousehold).toEqual({
          FAMILY: row.total.bedsWithChildren,
          ADULT: row.total.bedsWithoutChildren,
          MINOR: row.total.bedsOnlyChildren,
        });
        for (const p of HIC_PROGRAMS) {
          const c = row.programs[p];
          const of = (dv: string, hh?: string) =>
            plan.shelters.filter((s) => s.program === p && s.dv === dv && (!hh || s.household === hh)).reduce((n, s) => n + s.beds, 0);
          expect(t.byProgram[p]).toBe(c.yearRoundBeds);
          expect(of('DV')).toBe(c.yearRoundBeds - c.nonDvBeds);
          expect(of('NONDV')).toBe(c.nonDvBeds);
          expect(of('DV', 'FAMILY') + of('NONDV', 'FAMILY')).toBe(c.bedsWithChildren);
          expect(of('DV', 'ADULT') + of('NONDV', 'ADULT')).toBe(c.bedsWithoutChildren);
          expect(of('DV', 'MINOR') + of('NONDV', 'MINOR')).toBe(c.bedsOnlyChildren);
        }
        // Cells add up too.
        expect(plan.cells.reduce((n, c) => n + c.beds, 0)).toBe(row.total.yearRoundBeds);
      }),
      { numRuns: 300 },
    );
  });

  it('builds well-formed sites and rooms', () => {
    // Plain checks collected into one list (an expect() per room is too slow for 200 runs).
    fc.assert(
      fc.property(cocRow(), (row) => {
        const o = DEFAULT_HIC_MAPPING_OPTIONS;
        const plan = mapCocRow(row, 2023);
        const problems: string[] = [];
        const check = (ok: boolean, what: string) => {
          if (!ok) problems.push(what);
        };
        const refs = new Set<string>();
        for (const s of plan.shelters) {
          const id = s.externalRef;
          check(!refs.has(id), `${id} duplicated`);
          refs.add(id);
          check(id === `hic2023:XX-501:${s.program}:${s.dv}:${s.household}:${s.site}`, `${id} malformed`);
          check(/^H-[0-9A-HJKMNP-TV-Z]{8}$/.test(s.codeName) && !s.codeName.includes('XX-501'), `${id} code name ${s.codeName}`);
          check(s.beds > 0 && s.beds <= o.maxBedsPerSite, `${id} has ${s.beds} beds`);
          check(s.rooms.reduce((n, r) => n + r.beds, 0) === s.beds, `${id} rooms do not add up`);
          check(new Set(s.rooms.map((r) => r.label)).size === s.rooms.length, `${id} room labels repeat`);
          check(s.rooms[0].accessibilityFeatures.join() === 'STEP_FREE,WHEELCHAIR', `${id} room 1 not accessible`);
          const maxRoom = s.household === 'FAMILY' ? o.maxFamilyRoomBeds : 2;
          check(
            s.rooms.every((r) => r.beds >= 1 && r.beds <= maxRoom),
            `${id} room size out of range`,
          );
          check(s.languages.length === 2 && s.languages[0] === 'en', `${id} languages ${s.languages}`);
          check(s.dv !== 'DV' || s.genderPolicy === GenderPolicy.WOMEN_ONLY, `${id} DV site not women-only`);
          check(s.acceptsFamilies === (s.household === 'FAMILY'), `${id} acceptsFamilies`);
          check(s.acceptsMinors === (s.household === 'MINOR'), `${id} acceptsMinors`);
        }
        // Sites of one cell differ by at most one bed.
        const cells = new Map<string, number[]>();
        for (const s of plan.shelters) {
          const k = `${s.program}:${s.dv}:${s.household}`;
          cells.set(k, [...(cells.get(k) ?? []), s.beds]);
        }
        for (const [k, beds] of cells) check(Math.max(...beds) - Math.min(...beds) <= 1, `${k} sites uneven: ${beds}`);
        expect(problems).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(cocRow(), (row) => expect(mapCocRow(row, 2023)).toEqual(mapCocRow(structuredClone(row), 2023))),
      {
        numRuns: 50,
      },
    );
  });

  it('maps AK-500 of the fixture as documented', () => {
    const file = parseHicCsv(readFileSync(join(__dirname, 'fixtures', 'hic-2023-small.csv')));
    const plan = mapCocRow(file.rows[0], 2023);
    const es = plan.cells.filter((c) => c.program === 'ES');
    // ES: 950 beds, 882 non-DV → 68 DV split 194 : 748 : 8 → 13.9 / 53.5 / 0.6 → 14, 53, 1.
    expect(es.map((c) => `${c.dv}:${c.household}=${c.beds}`)).toEqual([
      'DV:FAMILY=14',
      'DV:ADULT=53',
      'DV:MINOR=1',
      'NONDV:FAMILY=180',
      'NONDV:ADULT=695',
      'NONDV:MINOR=7',
    ]);
    const familySites = plan.shelters.filter((s) => s.program === 'ES' && s.dv === 'NONDV' && s.household === 'FAMILY');
    // 180 beds → 5 sites of 36; 194 beds in 42 units ≈ 4.6 beds per unit → 8 rooms of 4–5 beds per site.
    expect(familySites.map((s) => s.beds)).toEqual([36, 36, 36, 36, 36]);
    expect(familySites[0].rooms.map((r) => r.beds)).toEqual([5, 5, 5, 5, 4, 4, 4, 4]);
    expect(familySites.every((s) => s.genderPolicy === GenderPolicy.MIXED)).toBe(true);
  });

  it('cycles non-DV adult sites 3 men-only : 1 women-only : 1 mixed', () => {
    const row: HicCocRow = {
      line: 3,
      coc: 'XX-500',
      total: counts(0, 400, 0, 400, 0),
      programs: { ES: counts(0, 400, 0, 400, 0), TH: counts(0, 0, 0, 0, 0), SH: counts(0, 0, 0, 0, 0) },
    };
    const policies = mapCocRow(row, 2023).shelters.map((s) => s.genderPolicy);
    expect(policies).toHaveLength(10);
    expect(policies.filter((p) => p === GenderPolicy.MEN_ONLY)).toHaveLength(6);
    expect(policies.filter((p) => p === GenderPolicy.WOMEN_ONLY)).toHaveLength(2);
    expect(policies.filter((p) => p === GenderPolicy.MIXED)).toHaveLength(2);
  });
});

describe('planHicNetwork', () => {
  it('gives unique code names across CoCs, stable per external ref', () => {
    const file = parseHicCsv(readFileSync(join(__dirname, 'fixtures', 'hic-2023-small.csv')));
    const plan = planHicNetwork(file.rows, 2023);
    expect(new Set(plan.shelters.map((s) => s.codeName)).size).toBe(plan.shelters.length);
    expect(plan.totals.total).toBe(2852);
    expect(hicCodeName('hic2023:AK-500:ES:DV:FAMILY:1')).toBe(hicCodeName('hic2023:AK-500:ES:DV:FAMILY:1'));
    expect(hicCodeName('hic2023:AK-500:ES:DV:FAMILY:1', 12)).toHaveLength(14);
  });
});
