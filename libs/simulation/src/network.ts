/**
 * The networks the simulator runs on: plain, in-memory shelters and rooms (no
 * database). Two builders:
 *
 * - {@link hicNetwork}: a US Housing Inventory Count file (2023 by default), parsed and
 *   mapped by the same pure code `harbour import hic` uses
 *   (libs/core/src/import/hic-csv.ts and hic-mapping.ts), restricted to any
 *   subset of regions (Continuums of Care).
 * - {@link poppyNetwork}: a Poppy-Project-sized network from
 *   `uk-safe-house-facts.csv` (women-only beds in London, Cardiff and Sheffield, 2009).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AccessibilityFeature, ExploitationType, GenderPolicy, RoomProfile, ShelterProfile, ShelterStatus, categoriesOf } from '@harbour/domain';
import { parseHicCsv, resolveHicYear } from '@harbour/core/import/hic-csv';
import { planHicNetwork, PlannedShelter } from '@harbour/core/import/hic-mapping';

/** The static facts of one shelter (its live bed counts are the engine's business). */
export interface SimShelter {
  id: string;
  profile: Omit<ShelterProfile, 'usedBeds' | 'totalBeds'>;
}

/** One room: the unit a household is placed in (one household per room unless they may share: docs/matching.md). */
export interface SimRoom {
  id: string;
  shelterId: string;
  /** Bed spaces in the room. */
  beds: number;
  accessibilityFeatures: AccessibilityFeature[];
}

/** A network to simulate. Ids are unique; every room's shelter exists. */
export interface SimNetwork {
  /** Human-readable description, e.g. `HIC 2023: AK-500, CA-600`. */
  name: string;
  /** Region codes, in a stable order. */
  regions: string[];
  shelters: SimShelter[];
  rooms: SimRoom[];
}

/** Total bed spaces of a network. */
export function networkBeds(network: SimNetwork): number {
  return network.rooms.reduce((n, r) => n + r.beds, 0);
}

/** The shelter and room profiles of an EMPTY room (all beds free, nobody in it, shelter empty): what static eligibility is checked against. */
export function emptyProfiles(network: SimNetwork): Map<string, { shelter: ShelterProfile; room: RoomProfile; shelterId: string }> {
  const totals = new Map<string, number>();
  for (const r of network.rooms) totals.set(r.shelterId, (totals.get(r.shelterId) ?? 0) + r.beds);
  const shelters = new Map(network.shelters.map((s) => [s.id, s]));
  const out = new Map<string, { shelter: ShelterProfile; room: RoomProfile; shelterId: string }>();
  for (const r of network.rooms) {
    const s = shelters.get(r.shelterId)!;
    out.set(r.id, {
      shelterId: s.id,
      shelter: { ...s.profile, totalBeds: totals.get(s.id) ?? 0, usedBeds: 0 },
      room: { accessibilityFeatures: r.accessibilityFeatures, availableBeds: r.beds, occupants: [] },
    });
  }
  return out;
}

/**
 * Beds of a network by region and bed kind: the bed categories of
 * libs/domain bed-category.ts (WOMEN_ONLY, MEN_ONLY, MIXED, FAMILY, MINORS, ACCESSIBLE).
 * A bed counts in every category it belongs to, so kinds overlap.
 */
export function bedsByRegionAndKind(network: SimNetwork): Map<string, Map<string, number>> {
  const shelters = new Map(network.shelters.map((s) => [s.id, s]));
  const out = new Map<string, Map<string, number>>();
  for (const r of network.rooms) {
    const s = shelters.get(r.shelterId)!;
    const byKind = out.get(s.profile.regionCode) ?? new Map<string, number>();
    for (const c of categoriesOf(s.profile, r)) byKind.set(c, (byKind.get(c) ?? 0) + r.beds);
    out.set(s.profile.regionCode, byKind);
  }
  return out;
}

function fromPlan(planned: readonly PlannedShelter[], name: string): SimNetwork {
  const shelters: SimShelter[] = [];
  const rooms: SimRoom[] = [];
  for (const p of planned) {
    shelters.push({
      id: p.codeName,
      profile: {
        status: ShelterStatus.OPEN,
        regionCode: p.regionCode,
        genderPolicy: p.genderPolicy,
        acceptsFamilies: p.acceptsFamilies,
        acceptsMinors: p.acceptsMinors,
        adultMaxAge: p.adultMaxAge,
        languages: p.languages,
        specialisms: p.specialisms,
      },
    });
    for (const r of p.rooms) {
      rooms.push({ id: `${p.codeName}/${r.label}`, shelterId: p.codeName, beds: r.beds, accessibilityFeatures: r.accessibilityFeatures });
    }
  }
  const regions = [...new Set(planned.map((p) => p.regionCode))].sort();
  return { name, regions, shelters, rooms };
}

/**
 * The network `harbour import hic` would create from the HIC file, restricted to `regions`
 * (CoC numbers such as `AK-500`). With no regions given, picks the 3 smallest
 * CoCs with 40+ beds that have women-only, men-only, family and minors' beds
 * (the same rule as `harbour replay`), so no part of the NRM referral mix is
 * shut out by the choice of regions alone.
 *
 * @throws Error naming the unknown region codes, or when no CoC qualifies;
 *   HicImportError when the file's year cannot be told (see resolveHicYear).
 */
export function hicNetwork(file: string, regions?: readonly string[]): SimNetwork {
  const hic = parseHicCsv(readFileSync(file));
  const { year } = resolveHicYear(hic, { path: file });
  const known = new Set(hic.rows.map((r) => r.coc));
  let chosen: string[];
  if (regions && regions.length > 0) {
    const wanted = regions.map((r) => r.trim().toUpperCase()).filter(Boolean);
    const unknown = wanted.filter((r) => !known.has(r));
    if (unknown.length > 0) throw new Error(`--regions: unknown region code(s) ${unknown.join(', ')} (the HIC file has CoC numbers such as AK-500)`);
    chosen = [...new Set(wanted)];
  } else {
    const plan = planHicNetwork(hic.rows, year);
    const candidates = plan.cocs
      .map((c) => {
        const net = fromPlan(c.shelters, c.coc);
        const kinds = bedsByRegionAndKind(net).get(c.coc) ?? new Map<string, number>();
        return { coc: c.coc, beds: networkBeds(net), kinds };
      })
      .filter((c) => c.beds >= 40 && ['WOMEN_ONLY', 'MEN_ONLY', 'FAMILY', 'MINORS'].every((k) => (c.kinds.get(k) ?? 0) > 0))
      .sort((a, b) => a.beds - b.beds || (a.coc < b.coc ? -1 : 1));
    if (candidates.length === 0) throw new Error('no CoC in the HIC file has 40+ beds of every kind; name --regions');
    chosen = candidates.slice(0, 3).map((c) => c.coc);
  }
  const rows = hic.rows.filter((r) => chosen.includes(r.coc));
  const plan = planHicNetwork(rows, year);
  return fromPlan(plan.shelters, `HIC ${year}: ${[...chosen].sort().join(', ')}`);
}

/** Largest Poppy house, in beds (assumption: the Project's London beds were in several houses). */
export const POPPY_MAX_HOUSE_BEDS = 10;

/** Second languages given to Poppy houses in turn (assumption; the facts file has none). */
const POPPY_LANGUAGES = ['sq', 'ro', 'vi', 'zh', 'ti', 'pl'];

/**
 * A Poppy-Project-sized network from `uk-safe-house-facts.csv`: the rows
 * `poppy_beds_<city>` (London 40, Cardiff 5, Sheffield 9 beds from April 2009),
 * one region per city. Assumptions (the file gives bed counts only): houses of
 * at most {@link POPPY_MAX_HOUSE_BEDS} beds, single rooms (1 bed each), the first
 * room of each house step-free and wheelchair accessible, women only, adults only,
 * no families (the Poppy Project housed adult women), specialisms SEXUAL and
 * DOMESTIC_SERVITUDE, languages English plus one other.
 *
 * @throws Error if the file has no `poppy_beds_*` row.
 */
export function poppyNetwork(factsFile: string): SimNetwork {
  const rows: Record<string, string>[] = parse(readFileSync(factsFile), { columns: true, bom: true, skip_empty_lines: true, trim: true });
  const cities = rows
    .filter((r) => /^poppy_beds_/.test(r.fact))
    .map((r) => ({ city: r.fact.replace(/^poppy_beds_/, '').toUpperCase(), beds: Number(r.value) }));
  if (cities.length === 0 || cities.some((c) => !Number.isInteger(c.beds) || c.beds <= 0)) {
    throw new Error(`${factsFile}: no valid poppy_beds_<city> rows`);
  }
  const shelters: SimShelter[] = [];
  const rooms: SimRoom[] = [];
  let house = 0;
  for (const { city, beds } of cities) {
    const houses = Math.ceil(beds / POPPY_MAX_HOUSE_BEDS);
    for (let h = 0; h < houses; h++) {
      const houseBeds = Math.floor(beds / houses) + (h < beds % houses ? 1 : 0);
      const id = `POPPY-${city}-${h + 1}`;
      shelters.push({
        id,
        profile: {
          status: ShelterStatus.OPEN,
          regionCode: city,
          genderPolicy: GenderPolicy.WOMEN_ONLY,
          acceptsFamilies: false,
          acceptsMinors: false,
          adultMaxAge: null,
          languages: ['en', POPPY_LANGUAGES[house % POPPY_LANGUAGES.length]],
          specialisms: [ExploitationType.SEXUAL, ExploitationType.DOMESTIC_SERVITUDE],
        },
      });
      house++;
      for (let b = 0; b < houseBeds; b++) {
        rooms.push({
          id: `${id}/R${String(b + 1).padStart(2, '0')}`,
          shelterId: id,
          beds: 1,
          accessibilityFeatures: b === 0 ? [AccessibilityFeature.STEP_FREE, AccessibilityFeature.WHEELCHAIR] : [],
        });
      }
    }
  }
  return { name: `Poppy-sized (${cities.map((c) => `${c.city} ${c.beds}`).join(', ')})`, regions: cities.map((c) => c.city), shelters, rooms };
}

/**
 * A copy of `network` with one more shelter of `rooms` rooms in `regionCode`
 * (capacity planning). The new shelter's id is `id`.
 */
export function withExtraShelter(network: SimNetwork, shelter: SimShelter, rooms: Omit<SimRoom, 'shelterId'>[]): SimNetwork {
  return {
    ...network,
    shelters: [...network.shelters, shelter],
    rooms: [...network.rooms, ...rooms.map((r) => ({ ...r, shelterId: shelter.id }))],
  };
}
