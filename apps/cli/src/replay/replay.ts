import { DateTime } from 'luxon';
import { addDays } from '@harbour/domain';
import { CliError } from '../cli-support';
import { GraphQLClient } from './graphql-client';
import { ReferralMix, SeededRandom } from '@harbour/simulation';

/** What the replay is asked to do. */
export interface ReplayOptions {
  /** GraphQL endpoint of the running API. */
  url: string;
  /** Seed of the random choices: the same seed against the same network replays the same way. */
  seed: number;
  /** Simulated span in days. */
  days: number;
  /** Clock step in hours between rounds. */
  stepHours: number;
  /** Regions to replay in (the referrals' acceptable regions). */
  regions: string[];
  /** Demand relative to the regions' turnover (beds / mean stay per day); > 1 means more demand than beds free up. */
  load: number;
  /** Hard cap on referrals created. */
  maxReferrals: number;
  /** Mean length of stay in days (published average 81: Salvation Army victim care contract, 2014). */
  meanStayDays: number;
  /** Share of holds confirmed, declined; the rest are no-shows that expire. */
  arriveShare: number;
  declineShare: number;
  mix: ReferralMix;
  /**
   * How long to wait for the worker to drain due work, ms. A worker killed
   * mid-job leaves that job active until its lock (JOB_LOCK_MS) lapses and the
   * next stalled check (every JOB_LOCK_MS) hands it back: up to 3 x JOB_LOCK_MS.
   */
  workerWaitMs: number;
  /** The jurisdiction time zone (TIME_ZONE): the replay starts at the next midnight there, so rounds fall at the same times of day whenever it runs. */
  timeZone: string;
  /** Mints a bearer token for a role (development secret). */
  token(claims: { role: string; sub: string; shelterIds?: string[]; agencyId?: string }): Promise<string>;
  /** Progress line callback. */
  onProgress?(day: number, totals: ReplayTotals): void;
}

/** What happened, counted by the replay through the API. */
export interface ReplayTotals {
  referrals: number;
  holdsOffered: number;
  waitlisted: number;
  placed: number;
  declined: number;
  holdsExpired: number;
  extensions: number;
  exits: number;
  remindersSent: number;
  alertsOpened: number;
  alertsResolved: number;
  stillWaiting: number;
  /** Hours from referral to first bed offer, for referrals that got one. */
  waitHours: number[];
  /** The same, for referrals that were waitlisted before their offer. */
  waitlistedWaitHours: number[];
  /** Calls that acted or read what happened (the same for the same seed). */
  apiCalls: number;
  /** Calls polling the worker's status while waiting for it (depends on timing, not on the seed). */
  pollCalls: number;
}

interface LiveHold {
  id: string;
  referralId: string;
  shelterId: string;
  createdAt: string;
}

interface Stay {
  placementId: string;
  shelterId: string;
  exitOn: string;
  extendOn: string | null;
  arrivedOn: string;
}

const AGENCIES = [
  { name: 'Replay: police force', kind: 'POLICE' },
  { name: 'Replay: border force', kind: 'BORDER_FORCE' },
  { name: 'Replay: local authority', kind: 'LOCAL_AUTHORITY' },
  { name: 'Replay: NGO first responder', kind: 'NGO' },
];

/** Referrer shares in the 2009 NRM figures (border agency 238, police 166, local authorities 57, NGO 27). */
const AGENCY_WEIGHTS = { BORDER_FORCE: 238, POLICE: 166, LOCAL_AUTHORITY: 57, NGO: 27 };

const EXIT_WEIGHTS = { MOVED_ON: 60, TRANSFERRED: 15, LEFT_VOLUNTARILY: 15, NEGATIVE_DECISION: 10 };

/**
 * Real-time seconds each closeAssignmentWindows call holds the next windows
 * for: far longer than one step takes, and renewed at every step; if the
 * replay stops, the hold lapses and the windows close by themselves again.
 */
const WINDOW_HOLD_SECONDS = 900;

const LANGUAGES = { en: 30, ro: 12, sq: 12, vi: 12, pl: 8, zh: 8, ti: 6, ar: 6, es: 6 };

/**
 * Drives a running Harbour through its GraphQL API as referral officers,
 * shelter staff and a coordinator would, advancing Harbour's adjustable clock
 * between rounds (the worker's delayed jobs are promoted, not waited for).
 */
export class Replay {
  private readonly gql: GraphQLClient;
  /** For polling the worker's status only: how often it polls depends on timing, so its calls are counted apart. */
  private readonly monitor: GraphQLClient;
  private readonly rnd: SeededRandom;
  private coordinator = '';
  private readonly officers = new Map<string, string>();
  private readonly agencyIds = new Map<string, string>();
  private readonly staffTokens = new Map<string, string>();
  private readonly referralCreatedAt = new Map<string, number>();
  private readonly seenHolds = new Set<string>();
  private readonly stays: Stay[] = [];
  /** This replay's referrals, each with its creation order (holds are handled in that order, never the API's). */
  private readonly myReferrals = new Map<string, number>();
  private readonly waitlistedReferrals = new Set<string>();
  private readonly categoryBeds = new Map<string, { ALL: number; WOMEN_ONLY: number; MEN_ONLY: number }>();
  private baseline = { expired: 0, opened: 0, resolved: 0, reminders: 0 };
  readonly totals: ReplayTotals = {
    referrals: 0,
    holdsOffered: 0,
    waitlisted: 0,
    placed: 0,
    declined: 0,
    holdsExpired: 0,
    extensions: 0,
    exits: 0,
    remindersSent: 0,
    alertsOpened: 0,
    alertsResolved: 0,
    stillWaiting: 0,
    waitHours: [],
    waitlistedWaitHours: [],
    apiCalls: 0,
    pollCalls: 0,
  };

  constructor(private readonly o: ReplayOptions) {
    this.gql = new GraphQLClient(o.url);
    this.monitor = new GraphQLClient(o.url);
    this.rnd = new SeededRandom(o.seed);
  }

  /** Runs the whole replay and returns the totals. */
  async run(): Promise<ReplayTotals> {
    this.coordinator = await this.o.token({ role: 'COORDINATOR', sub: 'replay-coordinator' });
    const clock = await this.gql.request(this.coordinator, '{ clock { now mode } }');
    if (clock.clock.mode !== 'ADJUSTABLE') {
      throw new CliError('The API runs on the system clock; start it with CLOCK_MODE=adjustable (npm start does) to replay.');
    }
    // From here on the replay closes the waitlist's assignment windows itself (see advance).
    await this.closeWindows(WINDOW_HOLD_SECONDS);
    try {
      return await this.replay(clock.clock.now);
    } finally {
      // Windows close by their timers again; any still open close now.
      await this.closeWindows(0).catch(() => 0);
    }
  }

  private async replay(nowIso: string): Promise<ReplayTotals> {
    const beds = await this.regionBeds();
    await this.ensureAgencies();
    await this.ensureAlertRules(beds);
    await this.toNextMidnight(nowIso);
    this.baseline = await this.counters();

    const perDay = (this.o.load * [...beds.values()].reduce((s, n) => s + n, 0)) / this.o.meanStayDays;
    const steps = Math.ceil((this.o.days * 24) / this.o.stepHours);
    for (let step = 0; step < steps; step++) {
      const today = await this.today();
      const arrivals = this.rnd.poisson((perDay * this.o.stepHours) / 24);
      for (let i = 0; i < arrivals && this.totals.referrals < this.o.maxReferrals; i++) await this.refer();
      await this.handleHolds(today);
      await this.handleStays(today);
      await this.advance(this.o.stepHours);
      if (step % Math.max(1, Math.round(24 / this.o.stepHours)) === 0) {
        this.o.onProgress?.((step * this.o.stepHours) / 24, this.totals);
      }
    }
    await this.finish();
    return this.totals;
  }

  // ---- set-up ------------------------------------------------------------------------------------

  /** Beds per region, and per category (as free now), for demand and alert thresholds. */
  private async regionBeds(): Promise<Map<string, number>> {
    const d = await this.gql.request(
      this.coordinator,
      'query($r: [String!]) { availability(regionCodes: $r) { regionCode totalBeds all womenOnly menOnly } }',
      { r: this.o.regions },
    );
    for (const a of d.availability) this.categoryBeds.set(a.regionCode, { ALL: a.all, WOMEN_ONLY: a.womenOnly, MEN_ONLY: a.menOnly });
    const beds = new Map<string, number>(d.availability.map((a: any) => [a.regionCode, a.totalBeds]));
    const missing = this.o.regions.filter((r) => !beds.has(r));
    if (missing.length) {
      throw new CliError(`No open shelters in region(s) ${missing.join(', ')}: import a network first (harbour import hic <file>).`);
    }
    return beds;
  }

  private async ensureAgencies(): Promise<void> {
    const existing = await this.gql.request(this.coordinator, '{ agencies { id name } }');
    for (const a of AGENCIES) {
      let id = existing.agencies.find((x: any) => x.name === a.name)?.id as string | undefined;
      if (!id) {
        const created = await this.gql.request(this.coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
          i: a,
        });
        id = created.createAgency.id as string;
      }
      this.agencyIds.set(a.kind, id);
      this.officers.set(a.kind, await this.o.token({ role: 'REFERRAL_OFFICER', sub: `replay-officer-${a.kind.toLowerCase()}`, agencyId: id }));
    }
  }

  /**
   * Per region: alert when fewer than 10% of its women-only or men-only beds,
   * or 5% of all its beds, are free (at least 1); resolve at half as much again.
   */
  private async ensureAlertRules(beds: Map<string, number>): Promise<void> {
    const rules = await this.gql.request(this.coordinator, '{ alertRules(first: 100) { edges { node { regionCode category } } } }');
    const have = new Set(rules.alertRules.edges.map((e: any) => `${e.node.regionCode}|${e.node.category}`));
    for (const regionCode of beds.keys()) {
      const counts = this.categoryBeds.get(regionCode)!;
      for (const [category, share] of [
        ['WOMEN_ONLY', 0.1],
        ['MEN_ONLY', 0.1],
        ['ALL', 0.05],
      ] as const) {
        if (have.has(`${regionCode}|${category}`) || counts[category] === 0) continue;
        const threshold = Math.max(1, Math.round(counts[category] * share));
        await this.gql.request(this.coordinator, 'mutation($i: CreateAlertRuleInput!) { createAlertRule(input: $i) { id } }', {
          i: { regionCode, category, threshold, resolveAt: threshold + Math.max(1, Math.round(threshold / 2)) },
        });
      }
    }
  }

  // ---- one round -------------------------------------------------------------------------------

  private async refer(): Promise<void> {
    const kind = this.rnd.weighted(AGENCY_WEIGHTS);
    const officer = this.officers.get(kind)!;
    const mix = this.o.mix;
    const minor = this.rnd.chance(mix.childShare);
    const gender = this.rnd.chance(mix.maleShare) ? 'MALE' : this.rnd.chance(0.01) ? 'NON_BINARY' : 'FEMALE';
    const exploitation = this.rnd.weighted(mix.exploitation);
    // Assumption (not published by the NRM): 15% of adult women come with one or two children.
    const children = !minor && gender === 'FEMALE' && this.rnd.chance(0.15) ? 1 + (this.rnd.chance(0.4) ? 1 : 0) : 0;
    const language = this.rnd.weighted(LANGUAGES);
    const input = {
      agencyReference: `RP-${this.o.seed}-${this.totals.referrals + 1}-${Date.now().toString(36)}`,
      initials: String.fromCharCode(65 + Math.floor(this.rnd.next() * 26)) + String.fromCharCode(65 + Math.floor(this.rnd.next() * 26)),
      ageBand: minor ? 'UNDER_18' : this.rnd.pick(['AGE_18_24', 'AGE_25_34', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_PLUS']),
      gender,
      languages: language === 'en' ? ['en'] : [language, 'en'].slice(0, this.rnd.chance(0.5) ? 2 : 1),
      exploitationTypes: [exploitation],
      dependants: Array.from({ length: children }, () => ({ ageBand: 'UNDER_18' })),
      accessibilityNeeds: this.rnd.chance(0.04) ? ['STEP_FREE'] : [],
      acceptableRegions: this.o.regions,
      preferredRegions: [this.rnd.pick(this.o.regions)],
      urgency: this.rnd.weighted({ EMERGENCY: 30, URGENT: 50, ROUTINE: 20 }),
      // Adults are referred with their consent; the replay models only consenting adults.
      consentGiven: !minor,
    };
    const created = await this.gql.request(officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id createdAt } }', {
      i: input,
    });
    const id = created.createReferral.id as string;
    this.totals.referrals++;
    this.myReferrals.set(id, this.myReferrals.size);
    this.referralCreatedAt.set(id, Date.parse(created.createReferral.createdAt));
    const r = await this.gql.request(officer, `mutation($id: ID!) { requestPlacement(referralId: $id) { __typename ... on Waitlisted { position } } }`, { id });
    if (r.requestPlacement.__typename === 'Waitlisted') {
      this.totals.waitlisted++;
      this.waitlistedReferrals.add(id);
    }
  }

  /** New holds (offered on request or from the waitlist): arrivals, declines and no-shows. */
  private async handleHolds(today: string): Promise<void> {
    const holds = await this.allPages<LiveHold>(
      'query($after: String) { holds(first: 100, after: $after, status: ACTIVE) { pageInfo { hasNextPage endCursor } edges { node { id createdAt referral { id } shelter { id } } } } }',
      (n: any) => ({ id: n.id, referralId: n.referral.id, shelterId: n.shelter.id, createdAt: n.createdAt }),
      'holds',
    );
    // In the order this replay created their referrals: the random fates below are drawn in the same order every run.
    const mine = holds.filter((h) => !this.seenHolds.has(h.id) && this.myReferrals.has(h.referralId));
    mine.sort((a, b) => this.myReferrals.get(a.referralId)! - this.myReferrals.get(b.referralId)!);
    for (const hold of mine) {
      this.seenHolds.add(hold.id);
      this.totals.holdsOffered++;
      const created = this.referralCreatedAt.get(hold.referralId);
      if (created != null) {
        const hours = (Date.parse(hold.createdAt) - created) / 3_600_000;
        this.totals.waitHours.push(hours);
        if (this.waitlistedReferrals.has(hold.referralId)) this.totals.waitlistedWaitHours.push(hours);
        this.referralCreatedAt.delete(hold.referralId);
      }
      const staff = await this.staff(hold.shelterId);
      const fate = this.rnd.next();
      if (fate < this.o.arriveShare) {
        const p = await this.gql.request(staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id arrivedOn } }', {
          i: { holdId: hold.id },
        });
        this.totals.placed++;
        const stay = Math.max(3, Math.round(this.rnd.gamma2(this.o.meanStayDays)));
        const exitOn = addDays(p.confirmArrival.arrivedOn, stay);
        // Most people arrive with a positive reasonable grounds decision made that day: their recovery period starts on arrival.
        const rg = this.rnd.chance(0.7);
        if (rg) {
          await this.gql.request(this.coordinator, 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }', {
            i: { referralId: hold.referralId, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: today },
          });
        }
        // Stays beyond 45 days are extended on day 40, where a recovery period exists to extend (a positive RG).
        this.stays.push({
          placementId: p.confirmArrival.id,
          shelterId: hold.shelterId,
          arrivedOn: p.confirmArrival.arrivedOn,
          exitOn,
          extendOn: rg && stay > 45 ? addDays(p.confirmArrival.arrivedOn, 40) : null,
        });
      } else if (fate < this.o.arriveShare + this.o.declineShare) {
        await this.gql.request(staff, 'mutation($id: ID!) { declineHold(holdId: $id, reason: "not suitable", reasonCode: OTHER) { id } }', { id: hold.id });
        this.totals.declined++;
      }
      // Otherwise a no-show: the hold is left to expire.
    }
  }

  /** Extensions and exits that fall due today. */
  private async handleStays(today: string): Promise<void> {
    for (const stay of this.stays) {
      if (stay.extendOn && stay.extendOn <= today) {
        stay.extendOn = null;
        await this.gql.request(await this.staff(stay.shelterId), 'mutation($i: ExtendRecoveryPeriodInput!) { extendRecoveryPeriod(input: $i) { sequence } }', {
          i: { placementId: stay.placementId, reason: 'awaiting conclusive grounds decision', clientMutationId: `replay-${stay.placementId}-ext` },
        });
        this.totals.extensions++;
      }
    }
    for (const stay of this.stays.filter((s) => s.exitOn <= today)) {
      await this.gql.request(await this.staff(stay.shelterId), 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', {
        i: { placementId: stay.placementId, exitReason: this.rnd.weighted(EXIT_WEIGHTS), endedOn: today },
      });
      this.totals.exits++;
      this.stays.splice(this.stays.indexOf(stay), 1);
    }
  }

  /**
   * Ends one simulated step: moves the clock forward and waits for the work
   * that fell due (hold expiries, reminders, escalations), then closes the
   * waitlist's assignment windows and waits for the worker's offers. The
   * windows are held open (closeAssignmentWindows with a hold), so no timer
   * closes them mid-step and advanceClock leaves them alone: every bed freed
   * in the step, by the replay or by what fell due, is offered in one batch
   * at the end of the step, whatever the wall-clock timing. (Before, windows
   * closed ASSIGNMENT_WINDOW_SECONDS of real time after a free, so what was
   * batched together, and who got which bed, depended on how fast the
   * machine ran the step: two fresh databases gave different counts.)
   */
  private async advance(hours: number): Promise<void> {
    await this.gql.request(this.coordinator, 'mutation($h: Float!) { advanceClock(hours: $h) }', { h: hours });
    await this.waitForWorker();
    // Offers free no beds, so one close suffices; a second finds nothing (a bound, not a wait).
    for (let i = 0; i < 5 && (await this.closeWindows(WINDOW_HOLD_SECONDS)) > 0; i++) await this.waitForWorker();
  }

  /** Closes the open assignment windows and holds the next ones for `holdSeconds` (0: no hold); how many were closed. */
  private async closeWindows(holdSeconds: number): Promise<number> {
    const d = await this.gql.request(this.coordinator, 'mutation($s: Int!) { closeAssignmentWindows(holdForSeconds: $s) }', { s: holdSeconds });
    return d.closeAssignmentWindows as number;
  }

  /** Moves the clock to the next midnight in the jurisdiction's time zone (then waits for the worker). */
  private async toNextMidnight(nowIso: string): Promise<void> {
    const now = DateTime.fromISO(nowIso, { zone: this.o.timeZone });
    const hours = now.plus({ days: 1 }).startOf('day').diff(now, 'hours').hours;
    await this.advance(hours);
  }

  /** Waits (briefly, polling) until the worker has drained the work the clock made due. */
  private async waitForWorker(timeoutMs = this.o.workerWaitMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quiet = 0;
    while (quiet < 2) {
      const s = await this.monitor.request(this.coordinator, '{ workStatus { outboxBacklog queues { waiting active } } }');
      const busy = s.workStatus.outboxBacklog + s.workStatus.queues.reduce((n: number, q: any) => n + q.waiting + q.active, 0);
      quiet = busy === 0 ? quiet + 1 : 0;
      if (Date.now() > deadline) {
        throw new CliError(`The worker did not catch up within ${Math.round(timeoutMs / 1000)} s: is it running (npm start runs it)?`);
      }
      if (quiet < 2) await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async finish(): Promise<void> {
    const c = await this.counters();
    this.totals.holdsExpired = c.expired - this.baseline.expired;
    this.totals.alertsOpened = c.opened - this.baseline.opened;
    this.totals.alertsResolved = c.resolved - this.baseline.resolved;
    this.totals.remindersSent = c.reminders - this.baseline.reminders;
    // This replay's referrals that were waitlisted and never offered a bed.
    this.totals.stillWaiting = this.waitlistedReferrals.size - this.totals.waitlistedWaitHours.length;
    this.totals.apiCalls = this.gql.calls;
    this.totals.pollCalls = this.monitor.calls;
  }

  /** Network-wide counters read through the API (the replay reports the change). */
  private async counters() {
    const d = await this.gql.request(
      this.coordinator,
      `{ expired: holds(first: 1, status: EXPIRED) { totalCount }
         opened: alerts(first: 1) { totalCount }
         resolved: alerts(first: 1, status: RESOLVED) { totalCount }
         reminders: notifications(first: 1, kind: RECOVERY_PERIOD_REMINDER, audienceType: SHELTER) { totalCount } }`,
    );
    return {
      expired: d.expired.totalCount,
      opened: d.opened.totalCount,
      resolved: d.resolved.totalCount,
      reminders: d.reminders.totalCount,
    };
  }

  private async today(): Promise<string> {
    const d = await this.gql.request(this.coordinator, '{ clock { today } }');
    return d.clock.today;
  }

  private async staff(shelterId: string): Promise<string> {
    let t = this.staffTokens.get(shelterId);
    if (!t) {
      t = await this.o.token({ role: 'SHELTER_STAFF', sub: `replay-staff-${shelterId.slice(0, 8)}`, shelterIds: [shelterId] });
      this.staffTokens.set(shelterId, t);
    }
    return t;
  }

  private async allPages<T>(query: string, map: (node: any) => T, field: string): Promise<T[]> {
    const out: T[] = [];
    let after: string | null = null;
    for (;;) {
      const d: any = await this.gql.request(this.coordinator, query, { after });
      out.push(...d[field].edges.map((e: any) => map(e.node)));
      if (!d[field].pageInfo.hasNextPage) return out;
      after = d[field].pageInfo.endCursor;
    }
  }
}

/** Median of a list of numbers (NaN when empty). */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
