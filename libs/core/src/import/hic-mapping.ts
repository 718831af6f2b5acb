/**
 * Pure mapping from HIC "counts by CoC" rows to Harbour's network: safe houses
 * (shelters), rooms and beds. No I/O, no clock, no randomness: the same row
 * always gives the same plan, so re-imports are idempotent. The reasoning
 * behind every choice is in docs/hic-import.md.
 *
 * Outline, per CoC and program type (ES, TH, SH):
 * 1. DV beds = total − non-DV. The program's beds form a 2 × 3 table
 *    (DV/NONDV × FAMILY/ADULT/MINOR) whose margins the file gives. The DV row is
 *    the DV total split over household types in proportion to the household
 *    totals (largest-remainder rounding); the NONDV row is the rest. Both
 *    margins are therefore preserved exactly.
 * 2. Each non-empty cell becomes ⌈beds / maxBedsPerSite⌉ sites, beds split evenly.
 * 3. Each site's beds are split evenly into rooms: ADULT and MINOR rooms of at most
 *    2 beds; FAMILY rooms sized from the file's beds per family unit (units for
 *    households with children), between 1 and 8 beds.
 */
import { createHash } from 'node:crypto';
import { AccessibilityFeature, ExploitationType, GenderPolicy } from '@harbour/domain';
import type { HicCocRow, HicProgram } from './hic-csv';
import { HIC_PROGRAMS } from './hic-csv';
import { HicImportError } from './hic-errors';

/** Household types of the HIC: with children (FAMILY), without children (ADULT), with only children (MINOR). */
export const HIC_HOUSEHOLDS = ['FAMILY', 'ADULT', 'MINOR'] as const;
/** See {@link HIC_HOUSEHOLDS}. */
export type HicHousehold = (typeof HIC_HOUSEHOLDS)[number];

/** Confidential-location domestic-violence beds (DV) or the rest (NONDV). */
export const HIC_DV_KINDS = ['DV', 'NONDV'] as const;
/** See {@link HIC_DV_KINDS}. */
export type HicDvKind = (typeof HIC_DV_KINDS)[number];

/** Prefix of the external_ref of every shelter imported from the HIC of `year`, e.g. `hic2023`. */
export function hicRefPrefix(year: number): string {
  return `hic${year}`;
}

/** A PostgreSQL regular expression matching the external_ref of a shelter imported from any HIC year. */
export const HIC_REF_PATTERN = '^hic[0-9]{4}:';

/** Tunable sizes of the mapping (all in beds). */
export interface HicMappingOptions {
  /** Largest site (shelter), in beds. Default 40. */
  maxBedsPerSite: number;
  /** Beds per room in ADULT sites (the last rooms may have fewer). Default 2. */
  adultRoomBeds: number;
  /** Beds per room in MINOR sites. Default 2. */
  minorRoomBeds: number;
  /** Largest FAMILY room, in beds. Default 8. */
  maxFamilyRoomBeds: number;
  /** Beds per family unit when the file gives no units for a program. Default 3 (national average ≈ 3.1). */
  defaultBedsPerFamilyUnit: number;
  /** Room 1 and every n-th room after it (rooms 1, 1+n, 1+2n, …) is step-free and wheelchair accessible. Default 10. */
  accessibleRoomEvery: number;
}

/** Default sizes; see docs/hic-import.md. */
export const DEFAULT_HIC_MAPPING_OPTIONS: Readonly<HicMappingOptions> = Object.freeze({
  maxBedsPerSite: 40,
  adultRoomBeds: 2,
  minorRoomBeds: 2,
  maxFamilyRoomBeds: 8,
  defaultBedsPerFamilyUnit: 3,
  accessibleRoomEvery: 10,
});

/**
 * HIC youth beds (households with only children, and unaccompanied youth) are
 * for people under 25: a MINOR site also takes adults aged up to 24.
 */
export const HIC_YOUTH_ADULT_MAX_AGE = 24;

/** One room to create: its label (unique within the shelter), bed count and features. */
export interface PlannedRoom {
  /** `R01`, `R02`, … */
  label: string;
  /** Number of beds, ≥ 1. Beds are labelled `<room>-B1` … `<room>-B<beds>`. */
  beds: number;
  accessibilityFeatures: AccessibilityFeature[];
}

/** One shelter (site) to create, with its rooms. */
export interface PlannedShelter {
  /** `hic<year>:<CoC>:<program>:<DV|NONDV>:<household>:<n>`, e.g. `hic2023:AK-500:ES:DV:FAMILY:1`, the natural key. */
  externalRef: string;
  /** `H-` + 8 characters of a hash of `externalRef` (reveals nothing about the location). */
  codeName: string;
  regionCode: string;
  program: HicProgram;
  dv: HicDvKind;
  household: HicHousehold;
  /** 1-based site number within its (CoC, program, DV, household) cell. */
  site: number;
  genderPolicy: GenderPolicy;
  acceptsFamilies: boolean;
  acceptsMinors: boolean;
  /** For a youth (MINOR) site: the oldest adult age it takes ({@link HIC_YOUTH_ADULT_MAX_AGE}); null elsewhere. */
  adultMaxAge: number | null;
  languages: string[];
  specialisms: ExploitationType[];
  rooms: PlannedRoom[];
  /** Sum of the rooms' beds. */
  beds: number;
}

/** Beds of one (program, DV, household) cell of a CoC after allocation. */
export interface PlannedCell {
  program: HicProgram;
  dv: HicDvKind;
  household: HicHousehold;
  beds: number;
}

/** Everything planned for one CoC row. */
export interface CocPlan {
  coc: string;
  /** Source line, for messages. */
  line: number;
  cells: PlannedCell[];
  shelters: PlannedShelter[];
}

/** Bed totals of a plan (or of a database), by every dimension the file gives. */
export interface BedTotals {
  total: number;
  byProgram: Record<HicProgram, number>;
  byDv: Record<HicDvKind, number>;
  byHousehold: Record<HicHousehold, number>;
}

/**
 * Splits the whole number `total` into parts proportional to `weights`
 * (Hamilton / largest-remainder method): each part is the floor of its exact
 * quota, and the units left over go to the largest fractional remainders, ties
 * to the lower index. The parts always sum to `total`, and a part is never
 * above the ceiling of its quota (so never above its weight when total ≤ Σ weights).
 * Exact integer arithmetic (products stay below 2^53 for counts up to 10^7).
 *
 * @param total non-negative integer to distribute
 * @param weights non-negative integers
 * @throws RangeError if total > 0 and every weight is 0, or on negative / non-integer input.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError(`weights must be non-negative integers, got ${weights.join(',')}`);
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return weights.map(() => 0);
  if (sum === 0) throw new RangeError(`cannot split ${total} over weights that are all 0`);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  // Exact remainders (total*w mod sum), so the floating division above cannot mislead the order.
  const remainders = weights.map((w, i) => total * w - parts[i] * sum);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = weights.map((_, i) => i).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (const i of order) {
    if (left === 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}

/**
 * Splits `total` into `parts` whole numbers differing by at most 1, larger ones first
 * (e.g. 7 into 3 → [3, 2, 2]).
 * @throws RangeError if parts < 1 while total > 0.
 */
export function splitEvenly(total: number, parts: number): number[] {
  if (total === 0) return [];
  if (parts < 1) throw new RangeError(`cannot split ${total} into ${parts} parts`);
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

/** SHA-256 of `s` as a non-negative 32-bit integer (deterministic "random" choices). */
function hash32(s: string): number {
  return createHash('sha256').update(s).digest().readUInt32BE(0);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Stable, non-revealing code name of an imported shelter: `H-` followed by the
 * first `length` Crockford base-32 characters of SHA-256(externalRef)
 * (8 characters = 40 bits).
 */
export function hicCodeName(externalRef: string, length = 8): string {
  const digest = createHash('sha256').update(externalRef).digest();
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return `H-${out}`;
}

/** `hic<year>:<CoC>:<program>:<DV|NONDV>:<household>:<site>`, e.g. `hic2023:AK-500:ES:DV:FAMILY:1`. */
export function hicExternalRef(year: number, coc: string, program: HicProgram, dv: HicDvKind, household: HicHousehold, site: number): string {
  return `${hicRefPrefix(year)}:${coc}:${program}:${dv}:${household}:${site}`;
}

/**
 * Gender policies of non-DV ADULT sites, cycled through site by site (3 men-only :
 * 1 women-only : 1 mixed), starting at an offset that depends on the CoC and
 * program so that single-site CoCs do not all get the same policy.
 */
export const NONDV_ADULT_POLICY_CYCLE: readonly GenderPolicy[] = [
  GenderPolicy.MEN_ONLY,
  GenderPolicy.WOMEN_ONLY,
  GenderPolicy.MEN_ONLY,
  GenderPolicy.MIXED,
  GenderPolicy.MEN_ONLY,
];

/** Second languages (after `en`), chosen by hash of the external ref: 3 in 10 sites Spanish. */
export const SECOND_LANGUAGES: readonly string[] = ['es', 'es', 'es', 'sq', 'vi', 'ro', 'ar', 'zh', 'pl', 'ti'];

function specialismsFor(dv: HicDvKind, household: HicHousehold, policy: GenderPolicy): ExploitationType[] {
  if (dv === 'DV') return [ExploitationType.SEXUAL, ExploitationType.DOMESTIC_SERVITUDE];
  if (household === 'FAMILY') return [ExploitationType.LABOUR, ExploitationType.DOMESTIC_SERVITUDE];
  if (household === 'MINOR') return [ExploitationType.CRIMINAL, ExploitationType.SEXUAL];
  switch (policy) {
    case GenderPolicy.WOMEN_ONLY:
      return [ExploitationType.SEXUAL, ExploitationType.DOMESTIC_SERVITUDE];
    case GenderPolicy.MEN_ONLY:
      return [ExploitationType.LABOUR, ExploitationType.CRIMINAL];
    default:
      return [ExploitationType.LABOUR];
  }
}

/**
 * Splits one program's beds into the DV/NONDV × household table, preserving
 * the DV total, the non-DV total and each household total exactly.
 * @returns cells in the order DV FAMILY, DV ADULT, DV MINOR, NONDV FAMILY, NONDV ADULT, NONDV MINOR (zeros included).
 */
export function allocateProgramCells(
  program: HicProgram,
  counts: { yearRoundBeds: number; nonDvBeds: number; bedsWithChildren: number; bedsWithoutChildren: number; bedsOnlyChildren: number },
): PlannedCell[] {
  const households = [counts.bedsWithChildren, counts.bedsWithoutChildren, counts.bedsOnlyChildren];
  const dvBeds = counts.yearRoundBeds - counts.nonDvBeds;
  const dvRow = largestRemainder(dvBeds, households);
  const nonDvRow = households.map((h, i) => h - dvRow[i]);
  return [
    ...HIC_HOUSEHOLDS.map((household, i) => ({ program, dv: 'DV' as const, household, beds: dvRow[i] })),
    ...HIC_HOUSEHOLDS.map((household, i) => ({ program, dv: 'NONDV' as const, household, beds: nonDvRow[i] })),
  ];
}

/** Number of rooms for a FAMILY site of `beds` beds, given the program's family beds and units. */
function familyRoomCount(beds: number, familyBeds: number, familyUnits: number, o: HicMappingOptions): number {
  // round(beds × units / familyBeds), in integers; with no units, beds / default size.
  const byUnits =
    familyUnits > 0 && familyBeds > 0
      ? Math.floor((2 * beds * familyUnits + familyBeds) / (2 * familyBeds))
      : Math.floor((2 * beds + o.defaultBedsPerFamilyUnit) / (2 * o.defaultBedsPerFamilyUnit));
  return Math.min(beds, Math.max(byUnits, Math.ceil(beds / o.maxFamilyRoomBeds), 1));
}

/**
 * Maps one CoC row to the shelters, rooms and beds to create (see file header
 * and docs/hic-import.md). Pure and deterministic.
 *
 * @param row a validated row from {@link parseHicCsv}
 * @param year the HIC year of the file (it prefixes every external ref, see {@link hicExternalRef})
 * @returns the allocated cells and the planned shelters; their beds add up to the
 *   row's "Total Year-Round Beds (ES, TH, SH)", per program, per DV kind and per household type.
 * @throws HicImportError if the row's counts are inconsistent (non-DV above total,
 *   household types not adding up to the total).
 */
export function mapCocRow(row: HicCocRow, year: number, options: Partial<HicMappingOptions> = {}): CocPlan {
  const o: HicMappingOptions = { ...DEFAULT_HIC_MAPPING_OPTIONS, ...options };
  const cells: PlannedCell[] = [];
  const shelters: PlannedShelter[] = [];
  for (const program of HIC_PROGRAMS) {
    const c = row.programs[program];
    const households = c.bedsWithChildren + c.bedsWithoutChildren + c.bedsOnlyChildren;
    if (c.nonDvBeds > c.yearRoundBeds || households !== c.yearRoundBeds) {
      throw new HicImportError(`CoC ${row.coc} ${program}: counts do not add up`, { line: row.line });
    }
    const policyOffset = hash32(`${row.coc}:${program}`) % NONDV_ADULT_POLICY_CYCLE.length;
    for (const cell of allocateProgramCells(program, c)) {
      cells.push(cell);
      if (cell.beds === 0) continue;
      const siteBeds = splitEvenly(cell.beds, Math.ceil(cell.beds / o.maxBedsPerSite));
      siteBeds.forEach((beds, i) => {
        const site = i + 1;
        const externalRef = hicExternalRef(year, row.coc, program, cell.dv, cell.household, site);
        const roomCount =
          cell.household === 'FAMILY'
            ? familyRoomCount(beds, c.bedsWithChildren, c.unitsWithChildren, o)
            : Math.ceil(beds / (cell.household === 'ADULT' ? o.adultRoomBeds : o.minorRoomBeds));
        const rooms: PlannedRoom[] = splitEvenly(beds, roomCount).map((roomBeds, r) => ({
          label: `R${String(r + 1).padStart(2, '0')}`,
          beds: roomBeds,
          accessibilityFeatures: r % o.accessibleRoomEvery === 0 ? [AccessibilityFeature.STEP_FREE, AccessibilityFeature.WHEELCHAIR] : [],
        }));
        const genderPolicy =
          cell.dv === 'DV'
            ? GenderPolicy.WOMEN_ONLY
            : cell.household === 'ADULT'
              ? NONDV_ADULT_POLICY_CYCLE[(i + policyOffset) % NONDV_ADULT_POLICY_CYCLE.length]
              : GenderPolicy.MIXED;
        shelters.push({
          externalRef,
          codeName: hicCodeName(externalRef),
          regionCode: row.coc,
          program,
          dv: cell.dv,
          household: cell.household,
          site,
          genderPolicy,
          acceptsFamilies: cell.household === 'FAMILY',
          acceptsMinors: cell.household === 'MINOR',
          adultMaxAge: cell.household === 'MINOR' ? HIC_YOUTH_ADULT_MAX_AGE : null,
          languages: ['en', SECOND_LANGUAGES[hash32(externalRef) % SECOND_LANGUAGES.length]],
          specialisms: specialismsFor(cell.dv, cell.household, genderPolicy),
          rooms,
          beds,
        });
      });
    }
  }
  return { coc: row.coc, line: row.line, cells, shelters };
}

/** Empty {@link BedTotals}. */
export function emptyBedTotals(): BedTotals {
  return {
    total: 0,
    byProgram: { ES: 0, TH: 0, SH: 0 },
    byDv: { DV: 0, NONDV: 0 },
    byHousehold: { FAMILY: 0, ADULT: 0, MINOR: 0 },
  };
}

/** Adds up the beds of planned shelters by program, DV kind and household type. */
export function bedTotalsOf(shelters: readonly PlannedShelter[]): BedTotals {
  const t = emptyBedTotals();
  for (const s of shelters) {
    t.total += s.beds;
    t.byProgram[s.program] += s.beds;
    t.byDv[s.dv] += s.beds;
    t.byHousehold[s.household] += s.beds;
  }
  return t;
}

/** The whole network planned from a file. */
export interface NetworkPlan {
  cocs: CocPlan[];
  shelters: PlannedShelter[];
  totals: BedTotals;
  rooms: number;
}

/**
 * Maps every row (see {@link mapCocRow}) and makes code names unique across the
 * import: when two external refs hash to the same 8-character code name (about
 * 1 chance in 10,000 for the whole file), the lexicographically smaller ref keeps
 * it and the others get 12 characters.
 * @throws HicImportError if code names still collide (never expected).
 */
export function planHicNetwork(rows: readonly HicCocRow[], year: number, options: Partial<HicMappingOptions> = {}): NetworkPlan {
  const cocs = rows.map((r) => mapCocRow(r, year, options));
  const shelters = cocs.flatMap((c) => c.shelters);
  const byCode = new Map<string, PlannedShelter[]>();
  for (const s of shelters) byCode.set(s.codeName, [...(byCode.get(s.codeName) ?? []), s]);
  for (const group of byCode.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => (a.externalRef < b.externalRef ? -1 : 1));
    for (const s of group.slice(1)) s.codeName = hicCodeName(s.externalRef, 12);
  }
  if (new Set(shelters.map((s) => s.codeName)).size !== shelters.length) {
    throw new HicImportError('shelter code names collide even at 12 characters');
  }
  return {
    cocs,
    shelters,
    totals: bedTotalsOf(shelters),
    rooms: shelters.reduce((n, s) => n + s.rooms.length, 0),
  };
}
