/**
 * Surge intake: a coordinated operation (a police raid, a labour-exploitation
 * site closed) refers many people at once, on top of the background arrivals.
 *
 * A surge is described by a small JSON file (see `scenarios/` next to this
 * folder, and {@link parseSurge} for every field) or the same fields as
 * options: how many referrals, when the intake starts, over how many hours it
 * arrives (evenly spread), and its mix of genders, household kinds,
 * exploitation types and urgencies. Everything else about each referral
 * (age band, family size, languages, needs, stays, offer outcomes) is drawn as
 * for the background referrals, with its own random stream, so adding a surge
 * leaves the background arrivals exactly as they were.
 */
import { z } from 'zod';
import { AgeBand, ExploitationType, Gender, Urgency, householdSize } from '@harbour/domain';
import { ReferralMix } from './nrm-mix';
import { SeededRandom } from './random';
import { SimNetwork } from './network';
import { DAY, HOUR, HouseholdKind, OfferOutcome, Scenario, SimReferral, UnservableReferral, drawProfile, staticEligibility } from './scenario';

const shares = <K extends string>(keys: readonly [K, ...K[]]) =>
  z
    .record(z.enum(keys), z.number().finite().nonnegative())
    .refine((r) => Object.values(r).some((v) => (v as number) > 0), { message: 'needs at least one share above 0' });

/** The JSON shape of a surge (zod schema; every field is checked and named in errors). */
export const SurgeSchema = z
  .object({
    /** Name shown in the report, e.g. "Operation Lantern". */
    name: z.string().trim().min(1).max(120).default('surge'),
    /** Referrals in the operation (households). */
    count: z.number().int().min(1).max(5000),
    /** When the intake starts, days from the start of the run. */
    startDay: z.number().finite().min(0),
    /** Over how many hours the referrals arrive, evenly spread (0: all at once). */
    durationHours: z
      .number()
      .finite()
      .min(0)
      .max(24 * 365),
    /** Shares of gender (normalised). */
    gender: shares([Gender.FEMALE, Gender.MALE, Gender.NON_BINARY]),
    /** Shares of household kind: single adult, adult with dependants, unaccompanied minor. */
    household: shares(['SINGLE', 'FAMILY', 'MINOR'] as const),
    /** Shares of exploitation type. */
    exploitation: shares([
      ExploitationType.SEXUAL,
      ExploitationType.LABOUR,
      ExploitationType.DOMESTIC_SERVITUDE,
      ExploitationType.CRIMINAL,
      ExploitationType.ORGAN_REMOVAL,
      ExploitationType.OTHER,
    ]),
    /** Shares of urgency (default: all EMERGENCY, people taken out of exploitation tonight). */
    urgency: shares([Urgency.EMERGENCY, Urgency.URGENT, Urgency.ROUTINE]).default({ [Urgency.EMERGENCY]: 1 }),
    /** Region the operation took place in (home region of everyone referred); default: drawn per referral as the background. */
    region: z.string().trim().min(1).optional(),
  })
  .strict();

/** A surge, as parsed. */
export type SurgeSpec = z.infer<typeof SurgeSchema>;

/** A surge description that does not fit {@link SurgeSchema}; `field` names the first bad field (e.g. `gender.MALE`). */
export class SurgeSpecError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'SurgeSpecError';
  }
}

/**
 * Checks a surge description (parsed JSON, or options gathered in an object).
 * @throws SurgeSpecError naming every bad field, the first in `field`.
 */
export function parseSurge(value: unknown): SurgeSpec {
  const r = SurgeSchema.safeParse(value);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ field: i.path.join('.') || '(surge)', message: i.message }));
  throw new SurgeSpecError(issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues[0].field);
}

/**
 * The scenario with the surge's referrals added: `count` referrals arriving
 * evenly over `durationHours` from `startDay` (within the span; a surge that
 * ), each drawn from the background mix
 * with gender, household kind, exploitation type and urgency from the surge's
 * shares. Referrals that would arrive after the span are left out. Surge
 * referrals have ids `S000001`, … and cohort SURGE; those no room could ever
 * take go to `unservable`. Deterministic for a given scenario seed.
 *
 * @throws SurgeSpecError when `region` is not one of the network's regions or `startDay` is not within the span.
 */
export function injectSurge(scenario: Scenario, network: SimNetwork, mix: ReferralMix, spec: SurgeSpec): Scenario {
  const o = scenario.options;
  if (spec.region !== undefined && !network.regions.some((r) => r.toUpperCase() === spec.region!.toUpperCase())) {
    throw new SurgeSpecError(`region: ${spec.region} is not a region of ${network.name} (${network.regions.join(', ')})`, 'region');
  }
  if (spec.startDay * DAY >= scenario.spanSeconds) {
    throw new SurgeSpecError(`startDay: day ${spec.startDay} is not within the ${scenario.spanSeconds / DAY}-day span`, 'startDay');
  }
  const region = spec.region === undefined ? undefined : network.regions.find((r) => r.toUpperCase() === spec.region!.toUpperCase())!;
  const regionBeds: Record<string, number> = Object.fromEntries(network.regions.map((r) => [r, 0]));
  const shelterRegion = new Map(network.shelters.map((s) => [s.id, s.profile.regionCode]));
  for (const r of network.rooms) regionBeds[shelterRegion.get(r.shelterId)!] += r.beds;
  const homeWeights = region ? Object.fromEntries(network.regions.map((r) => [r, r === region ? 1 : 0])) : regionBeds;
  const eligible = staticEligibility(network);
  const rng = new SeededRandom(o.seed ^ 0x5a9e);
  const start = spec.startDay * DAY;
  const step = spec.count > 1 ? (spec.durationHours * HOUR) / spec.count : 0;
  const referrals: SimReferral[] = [];
  const unservable: UnservableReferral[] = [];
  for (let i = 0; i < spec.count; i++) {
    const at = Math.floor(start + i * step);
    const gender = rng.weighted(spec.gender as Record<Gender, number>);
    const household = rng.weighted(spec.household as Record<HouseholdKind, number>);
    const exploitation = rng.weighted(spec.exploitation as Record<ExploitationType, number>);
    const urgency = rng.weighted(spec.urgency as Record<Urgency, number>);
    // Draw the rest as the background does, then set what the surge fixes.
    const d = drawProfile(
      rng,
      { ...mix, childShare: household === 'MINOR' ? 1 : 0 },
      { ...o, nonBinaryShare: 0, familyShareFemale: 1, familyShareMale: 1 },
      network.regions,
      homeWeights,
    );
    const p = d.profile;
    p.gender = gender;
    p.exploitationTypes = [exploitation];
    if (household === 'MINOR') {
      p.ageBand = AgeBand.UNDER_18;
      p.dependants = [];
    } else if (household === 'SINGLE') {
      p.dependants = [];
    } else {
      p.dependants = p.dependants.map((x) => (x.ageBand === AgeBand.UNDER_18 ? x : { ...x, gender }));
    }
    const stayDays = Math.max(1, rng.gamma2(o.meanStayDays));
    const outcomes: OfferOutcome[] = Array.from({ length: 6 }, () => {
      const u = rng.next();
      return u < o.declineShare ? 'DECLINE' : u < o.declineShare + o.noShowShare ? 'NO_SHOW' : 'ACCEPT';
    });
    const arrivalDelay = (2 + rng.next() * 18) * HOUR;
    const declineDelay = (1 + rng.next() * 11) * HOUR;
    if (at >= scenario.spanSeconds) continue;
    const group = { gender, household, exploitation };
    const id = `S${String(i + 1).padStart(6, '0')}`;
    const rooms = eligible(p);
    if (rooms.length === 0) {
      unservable.push({ id, arrivalAt: at, profile: p, urgency, group, cohort: 'SURGE' });
      continue;
    }
    referrals.push({
      id,
      arrivalAt: at,
      profile: p,
      urgency,
      staySeconds: Math.round(stayDays * DAY),
      extensions: Math.max(0, Math.ceil(stayDays / o.recoveryPeriodDays) - 1),
      offerOutcomes: outcomes,
      arrivalDelaySeconds: Math.round(Math.min(arrivalDelay, o.holdHours * HOUR)),
      declineDelaySeconds: Math.round(Math.min(declineDelay, o.holdHours * HOUR)),
      group,
      cohort: 'SURGE',
      eligibleRoomIds: rooms,
    });
  }
  const merged = [...scenario.referrals, ...referrals].sort((a, b) => a.arrivalAt - b.arrivalAt || (a.id < b.id ? -1 : 1));
  return {
    ...scenario,
    referrals: merged,
    unservable: [...(scenario.unservable ?? []), ...unservable],
    outOfScope: scenario.outOfScope + unservable.length,
    surge: { spec, referrals: referrals.length, unservable: unservable.length, people: referrals.reduce((n, r) => n + householdSize(r.profile), 0) },
  };
}

/** One line describing an injected surge, for reports. */
export function describeSurge(s: NonNullable<Scenario['surge']>): string {
  const sh = (r: Record<string, number | undefined>) => {
    const total = Object.values(r).reduce<number>((a, b) => a + (b ?? 0), 0);
    return Object.entries(r)
      .filter(([, v]) => (v ?? 0) > 0)
      .map(([k, v]) => `${k.toLowerCase()} ${Math.round((100 * (v ?? 0)) / total)}%`)
      .join(', ');
  };
  const sp = s.spec;
  return (
    `${sp.name}: ${sp.count} referrals from day ${sp.startDay} over ${sp.durationHours} h${sp.region ? ` in ${sp.region}` : ''} ` +
    `(${s.referrals} a room could take, ${s.unservable} with no suitable provision; ${s.people} people); gender ${sh(sp.gender)}; household ${sh(sp.household)}; ` +
    `exploitation ${sh(sp.exploitation)}; urgency ${sh(sp.urgency)}`
  );
}
