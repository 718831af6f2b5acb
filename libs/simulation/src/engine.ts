/**
 * Discrete-event simulation of one policy on one network and scenario.
 *
 * Events (time in whole seconds from t = 0), processed in time order; at equal
 * times beds are released before they are taken, and arrivals come last, then
 * insertion order:
 *   0 STAY_END       a household leaves: its beds are free again
 *   1 OUTAGE_END     a bed out of service returns
 *   2 HOLD_END       a hold ends without arrival: declined (the referral waits
 *                    again) or expired (no-show: the referral is withdrawn)
 *   3 HOLD_ARRIVE    the household arrives: the placement starts (HELD -> OCCUPIED)
 *   4 OUTAGE_START   one bed of a room goes out of service; if the room has no
 *                    free bed the outage waits for the next bed to free up
 *                    (and lapses at its end if none does)
 *   5 ARRIVAL        a referral arrives and waits for a bed
 *   6 DECIDE         a decision round (only with a decision interval)
 * After every group of events at the same instant (or at each DECIDE event
 * with a decision interval), a decision round runs if anything changed.
 *
 * A round hands the policy only the referrals and rooms that can form an
 * eligible pair now: ones that arrived or were freed since the last round,
 * and whatever they can pair with. This is exact, not a shortcut: every
 * policy here leaves no eligible pair between waiting referrals and free rooms
 * after a round (a maximal assignment), and referrals or rooms left over in a
 * round that still have an eligible pair are offered again at the next round.
 *
 * Every offer is checked against the live state before it is applied, twice:
 * with the domain's checkEligibility (the hard rules of one household and one
 * room) and with the simulator's own room-sharing check (safety.ts, written
 * independently of the domain code, against the households holding or
 * occupying the room's other beds). An offer that breaks a rule is counted as
 * a violation and not applied. An offer is valued on the round's snapshot
 * (the profiles the policy was given), as the policies value it.
 */
import { AgeBand, DEFAULT_SCORING_WEIGHTS, HardRule, ScoringWeights, checkEligibility, householdSize, scoreCandidate } from '@harbour/domain';
import { SimNetwork, SimRoom } from './network';
import { RoomOccupant, RoundInput, RoundReferral, RoundRoom, SimPolicy } from './policy';
import { SharingHousehold, SharingRule, sharingHousehold, sharingViolations } from './safety';
import { DAY, HOUR, Scenario, SimReferral } from './scenario';

/** Event kinds, in the order they are processed at equal times. */
export enum EventKind {
  STAY_END = 0,
  OUTAGE_END = 1,
  HOLD_END = 2,
  HOLD_ARRIVE = 3,
  OUTAGE_START = 4,
  ARRIVAL = 5,
  DECIDE = 6,
}

/** One scheduled event. `ref` is a referral index, `room` a room index, `outage` an outage index. */
export interface SimEvent {
  at: number;
  kind: EventKind;
  seq: number;
  ref?: number;
  room?: number;
  outage?: number;
  /** Beds released by a STAY_END of a resident present at t = 0 (no referral). */
  beds?: number;
  /** Index of that resident in `scenario.residents`. */
  resident?: number;
}

/** A min-heap of events ordered by (at, kind, seq). */
export class EventQueue {
  private readonly heap: SimEvent[] = [];
  private seq = 0;

  /** Number of events waiting. */
  get size(): number {
    return this.heap.length;
  }

  /** Adds an event (its `seq` is assigned here, in insertion order). */
  push(e: Omit<SimEvent, 'seq'>): void {
    const ev = { ...e, seq: this.seq++ } as SimEvent;
    const h = this.heap;
    h.push(ev);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!EventQueue.before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  /** The earliest event without removing it, or undefined. */
  peek(): SimEvent | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event, or undefined. */
  pop(): SimEvent | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && EventQueue.before(h[l], h[m])) m = l;
        if (r < h.length && EventQueue.before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  private static before(a: SimEvent, b: SimEvent): boolean {
    return a.at !== b.at ? a.at < b.at : a.kind !== b.kind ? a.kind < b.kind : a.seq < b.seq;
  }
}

/** One placement (an accepted offer whose household arrived within the span). */
export interface PlacementRecord {
  referralId: string;
  roomId: string;
  shelterId: string;
  regionCode: string;
  offeredAt: number;
  arrivedAt: number;
  /** Seconds from referral to the offer of this bed. */
  waitSeconds: number;
  /** Match score of the offer (rankCandidates / scoreCandidate, on the round's snapshot). */
  score: number;
  /** Value of the placement ({@link EngineOptions.value}). */
  value: number;
  /** The room's region is one of the referral's preferred regions. */
  inPreferredRegion: boolean;
}

/** An offer the engine refused because it broke a hard rule (must never happen). */
export interface ViolationRecord {
  at: number;
  referralId: string;
  roomId: string;
  /** Hard rules broken (checkEligibility), room-sharing rules broken (the independent check, safety.ts), or a malformed offer. */
  rules: Array<HardRule | SharingRule | 'NOT_WAITING' | 'UNKNOWN_ROOM'>;
}

/** What happened to each referral at the end of the span. */
export type ReferralOutcome = 'PLACED' | 'WAITING' | 'HELD' | 'WITHDRAWN';

/** The trace of one policy's run. */
export interface SimRun {
  policy: string;
  label: string;
  placements: PlacementRecord[];
  violations: ViolationRecord[];
  outcomes: Map<string, ReferralOutcome>;
  /** Seconds from the start of the run of each referral's first bed offer (referrals never offered one are absent). */
  firstOfferAt: Map<string, number>;
  offers: number;
  declines: number;
  noShows: number;
  rounds: number;
  /** ∫ occupied beds dt and ∫ in-service beds dt over the span (bed-seconds). */
  occupiedBedSeconds: number;
  inServiceBedSeconds: number;
  /** Events processed. */
  events: number;
  /** Wall time of the run in milliseconds. */
  wallMs: number;
}

/** Options of {@link runSimulation}. */
export interface EngineOptions {
  /** Seconds between decision rounds; 0 (default) = a round after every instant at which something changed. */
  decisionIntervalSeconds?: number;
  /** Value of a placement given its referral and score (default: the score). */
  value?: (referral: SimReferral, score: number) => number;
  scoringWeights?: ScoringWeights;
  /** Called with the fraction of the span done, at most once per simulated day. */
  onProgress?: (fraction: number) => void;
}

interface RoomState {
  room: SimRoom;
  shelter: number;
  held: number;
  occupied: number;
  oos: number;
  pendingOutages: number[];
  /** Households holding or occupying beds of the room: referral index r as r, resident i as -1 - i. */
  households: Map<number, { sharing: SharingHousehold; occupant: RoomOccupant }>;
  /** Bumped whenever a household comes or goes (refused offers are counted once per version). */
  version: number;
}

/**
 * Runs `policy` over `scenario` on `network` and returns the trace.
 * Deterministic: the same inputs (and a deterministic policy) give the same run.
 */
export async function runSimulation(network: SimNetwork, scenario: Scenario, policy: SimPolicy, options: EngineOptions = {}): Promise<SimRun> {
  const started = Date.now();
  const weights = options.scoringWeights ?? DEFAULT_SCORING_WEIGHTS;
  const valueOf = options.value ?? ((_r: SimReferral, score: number) => score);
  const interval = options.decisionIntervalSeconds ?? 0;
  const span = scenario.spanSeconds;
  const refs = scenario.referrals;
  const sizes = refs.map((r) => householdSize(r.profile));
  const sharing = refs.map((r) => sharingHousehold(r.profile));
  const occupantOf = (profile: Pick<SimReferral['profile'], 'gender' | 'ageBand' | 'dependants'>): RoomOccupant => ({
    gender: profile.gender,
    ageBand: profile.ageBand,
    dependants: profile.dependants.map((d) => ({ ...d })),
  });
  const occupants = refs.map((r) => occupantOf(r.profile));

  const shelterIndex = new Map(network.shelters.map((s, i) => [s.id, i]));
  const shelterTotal = network.shelters.map(() => 0);
  const shelterUsed = network.shelters.map(() => 0);
  const rooms: RoomState[] = network.rooms.map((room) => {
    const shelter = shelterIndex.get(room.shelterId);
    if (shelter === undefined) throw new Error(`room ${room.id}: unknown shelter ${room.shelterId}`);
    shelterTotal[shelter] += room.beds;
    return { room, shelter, held: 0, occupied: 0, oos: 0, pendingOutages: [], households: new Map(), version: 0 };
  });
  const roomIndex = new Map(network.rooms.map((r, i) => [r.id, i]));
  const eligibleRooms = refs.map((r) =>
    r.eligibleRoomIds.map((id) => {
      const i = roomIndex.get(id);
      if (i === undefined) throw new Error(`referral ${r.id}: unknown room ${id}`);
      return i;
    }),
  );
  const free = (i: number): number => rooms[i].room.beds - rooms[i].held - rooms[i].occupied - rooms[i].oos;

  const outageState = scenario.outages.map(() => 'SCHEDULED' as 'SCHEDULED' | 'PENDING' | 'ACTIVE' | 'DONE');
  const outageRoom = scenario.outages.map((o) => {
    const i = roomIndex.get(o.roomId);
    if (i === undefined) throw new Error(`outage: unknown room ${o.roomId}`);
    return i;
  });

  // Waiting referrals and, per room, the waiting referrals it could take when empty.
  const waiting = new Set<number>();
  const waitingByRoom: Array<Set<number>> = rooms.map(() => new Set());
  const offersMade = refs.map(() => 0);
  const outcome = new Map<string, ReferralOutcome>();
  const pendingPlacement = new Map<number, Omit<PlacementRecord, 'arrivedAt'>>();
  const dirtyRefs = new Set<number>();
  const refused = new Set<string>();
  const dirtyRooms = new Set<number>();

  const run: SimRun = {
    policy: policy.name,
    label: policy.label,
    placements: [],
    violations: [],
    outcomes: outcome,
    firstOfferAt: new Map(),
    offers: 0,
    declines: 0,
    noShows: 0,
    rounds: 0,
    occupiedBedSeconds: 0,
    inServiceBedSeconds: 0,
    events: 0,
    wallMs: 0,
  };

  let occupiedNow = 0;
  let oosNow = 0;
  const totalBeds = rooms.reduce((n, r) => n + r.room.beds, 0);
  let clock = 0;
  const advance = (to: number) => {
    const t = Math.min(to, span);
    if (t > clock) {
      run.occupiedBedSeconds += occupiedNow * (t - clock);
      run.inServiceBedSeconds += (totalBeds - oosNow) * (t - clock);
      clock = t;
    }
  };

  const startWaiting = (r: number) => {
    waiting.add(r);
    outcome.set(refs[r].id, 'WAITING');
    for (const c of eligibleRooms[r]) waitingByRoom[c].add(r);
    dirtyRefs.add(r);
  };
  const stopWaiting = (r: number) => {
    waiting.delete(r);
    for (const c of eligibleRooms[r]) waitingByRoom[c].delete(r);
  };
  const bedsFreed = (c: number, now: number) => {
    // A pending outage takes the freed bed first.
    const st = rooms[c];
    while (st.pendingOutages.length > 0 && free(c) > 0) {
      const o = st.pendingOutages.shift()!;
      if (scenario.outages[o].endAt <= now || outageState[o] !== 'PENDING') continue;
      outageState[o] = 'ACTIVE';
      st.oos++;
      oosNow++;
    }
    if (free(c) > 0) dirtyRooms.add(c);
  };

  const queue = new EventQueue();
  scenario.residents.forEach((res, i) => {
    const c = roomIndex.get(res.roomId);
    if (c === undefined) throw new Error(`resident: unknown room ${res.roomId}`);
    if (free(c) < 1) throw new Error(`resident: room ${res.roomId} is already full`);
    rooms[c].occupied++;
    shelterUsed[rooms[c].shelter]++;
    occupiedNow++;
    // A resident of unknown household counts as an adult of unrecorded gender: nobody may share with them.
    rooms[c].households.set(
      -1 - i,
      res.profile
        ? { sharing: sharingHousehold(res.profile), occupant: occupantOf(res.profile) }
        : {
            sharing: { genders: [null], unaccompaniedMinor: false, hasAdult: true, withChildren: false },
            occupant: { gender: null, ageBand: AgeBand.AGE_25_34, dependants: [] },
          },
    );
    queue.push({ at: res.leaveAt, kind: EventKind.STAY_END, room: c, beds: 1, resident: i });
  });
  refs.forEach((r, i) => queue.push({ at: r.arrivalAt, kind: EventKind.ARRIVAL, ref: i }));
  scenario.outages.forEach((o, i) => queue.push({ at: o.startAt, kind: EventKind.OUTAGE_START, outage: i }));
  if (interval > 0) queue.push({ at: 0, kind: EventKind.DECIDE });

  const process = (e: SimEvent) => {
    run.events++;
    switch (e.kind) {
      case EventKind.ARRIVAL:
        startWaiting(e.ref!);
        break;
      case EventKind.STAY_END: {
        const c = e.room!;
        const n = e.ref === undefined ? e.beds! : sizes[e.ref];
        rooms[c].occupied -= n;
        rooms[c].households.delete(e.ref === undefined ? -1 - e.resident! : e.ref);
        rooms[c].version++;
        shelterUsed[rooms[c].shelter] -= n;
        occupiedNow -= n;
        bedsFreed(c, e.at);
        break;
      }
      case EventKind.HOLD_ARRIVE: {
        const c = e.room!;
        const r = e.ref!;
        rooms[c].held -= sizes[r];
        rooms[c].occupied += sizes[r];
        occupiedNow += sizes[r];
        const p = pendingPlacement.get(r)!;
        pendingPlacement.delete(r);
        run.placements.push({ ...p, arrivedAt: e.at });
        outcome.set(refs[r].id, 'PLACED');
        queue.push({ at: e.at + refs[r].staySeconds, kind: EventKind.STAY_END, ref: r, room: c });
        break;
      }
      case EventKind.HOLD_END: {
        const c = e.room!;
        const r = e.ref!;
        rooms[c].held -= sizes[r];
        rooms[c].households.delete(r);
        rooms[c].version++;
        shelterUsed[rooms[c].shelter] -= sizes[r];
        pendingPlacement.delete(r);
        if (refs[r].offerOutcomes[offersMade[r] - 1] === 'DECLINE') {
          run.declines++;
          startWaiting(r);
        } else {
          run.noShows++;
          outcome.set(refs[r].id, 'WITHDRAWN');
        }
        bedsFreed(c, e.at);
        break;
      }
      case EventKind.OUTAGE_START: {
        const o = e.outage!;
        const c = outageRoom[o];
        queue.push({ at: scenario.outages[o].endAt, kind: EventKind.OUTAGE_END, outage: o, room: c });
        if (free(c) > 0) {
          outageState[o] = 'ACTIVE';
          rooms[c].oos++;
          oosNow++;
        } else {
          outageState[o] = 'PENDING';
          rooms[c].pendingOutages.push(o);
        }
        break;
      }
      case EventKind.OUTAGE_END: {
        const o = e.outage!;
        const c = e.room!;
        if (outageState[o] === 'ACTIVE') {
          rooms[c].oos--;
          oosNow--;
          dirtyRooms.add(c);
        }
        outageState[o] = 'DONE';
        break;
      }
      case EventKind.DECIDE:
        if (e.at + interval < span) queue.push({ at: e.at + interval, kind: EventKind.DECIDE });
        break;
    }
  };

  const liveCandidate = (c: number): RoundRoom => {
    const st = rooms[c];
    const s = network.shelters[st.shelter];
    return {
      shelterId: s.id,
      roomId: st.room.id,
      shelter: { ...s.profile, totalBeds: shelterTotal[st.shelter], usedBeds: shelterUsed[st.shelter] },
      room: { accessibilityFeatures: st.room.accessibilityFeatures, availableBeds: free(c), occupants: occupantsOf(c) },
      occupants: occupantsOf(c),
    };
  };

  /** The households in room c now, as the domain's eligibility (room sharing) takes them. */
  const occupantsOf = (c: number): RoomOccupant[] => [...rooms[c].households.values()].map((h) => h.occupant);

  const decide = async (now: number) => {
    if (dirtyRefs.size === 0 && dirtyRooms.size === 0) return;
    const involvedRefs = new Set<number>();
    const involvedRooms = new Set<number>();
    for (const r of dirtyRefs) {
      if (!waiting.has(r)) continue;
      for (const c of eligibleRooms[r]) {
        if (free(c) >= sizes[r]) {
          involvedRefs.add(r);
          involvedRooms.add(c);
        }
      }
    }
    for (const c of dirtyRooms) {
      const f = free(c);
      if (f <= 0) continue;
      for (const r of waitingByRoom[c]) {
        if (f >= sizes[r]) {
          involvedRefs.add(r);
          involvedRooms.add(c);
        }
      }
    }
    dirtyRefs.clear();
    dirtyRooms.clear();
    if (involvedRefs.size === 0) return;
    run.rounds++;
    const refList = [...involvedRefs].sort((a, b) => a - b);
    const roomList = [...involvedRooms].sort((a, b) => a - b);
    const input: RoundInput = {
      now,
      referrals: refList.map((r): RoundReferral => ({ id: refs[r].id, profile: refs[r].profile, urgency: refs[r].urgency, arrivalAt: refs[r].arrivalAt })),
      rooms: roomList.map(liveCandidate),
    };
    const snapshot = new Map(input.rooms.map((c) => [c.roomId, c]));
    const refById = new Map(refList.map((r) => [refs[r].id, r]));
    const offers = await policy.assign(input);
    for (const offer of offers) {
      const r = refById.get(offer.referralId);
      const c = roomIndex.get(offer.roomId);
      if (r === undefined || !waiting.has(r) || c === undefined) {
        run.violations.push({
          at: now,
          referralId: offer.referralId,
          roomId: offer.roomId,
          rules: [c === undefined ? 'UNKNOWN_ROOM' : 'NOT_WAITING'],
        });
        continue;
      }
      const live = liveCandidate(c);
      const check = checkEligibility(refs[r].profile, live.shelter, live.room);
      const shared = sharingViolations(
        [...rooms[c].households.values()].map((h) => h.sharing),
        sharing[r],
      );
      if (!check.eligible || shared.length > 0) {
        // The same refused offer repeated while nothing changed in the room is one violation.
        const key = `${r}|${c}|${rooms[c].version}`;
        if (!refused.has(key)) {
          refused.add(key);
          run.violations.push({ at: now, referralId: offer.referralId, roomId: offer.roomId, rules: [...check.violations.map((v) => v.rule), ...shared] });
        }
        continue;
      }
      const snap = snapshot.get(offer.roomId) ?? live;
      const score = scoreCandidate(refs[r].profile, snap.shelter, snap.room, weights).score;
      stopWaiting(r);
      rooms[c].held += sizes[r];
      rooms[c].households.set(r, { sharing: sharing[r], occupant: occupants[r] });
      rooms[c].version++;
      shelterUsed[rooms[c].shelter] += sizes[r];
      run.offers++;
      if (!run.firstOfferAt.has(refs[r].id)) run.firstOfferAt.set(refs[r].id, now);
      const result = refs[r].offerOutcomes[offersMade[r]] ?? 'ACCEPT';
      offersMade[r]++;
      outcome.set(refs[r].id, 'HELD');
      const region = live.shelter.regionCode;
      pendingPlacement.set(r, {
        referralId: refs[r].id,
        roomId: offer.roomId,
        shelterId: live.shelterId,
        regionCode: region,
        offeredAt: now,
        waitSeconds: now - refs[r].arrivalAt,
        score,
        value: valueOf(refs[r], score),
        inPreferredRegion: refs[r].profile.preferredRegions.some((p) => p.trim().toUpperCase() === region.trim().toUpperCase()),
      });
      if (result === 'ACCEPT') queue.push({ at: now + refs[r].arrivalDelaySeconds, kind: EventKind.HOLD_ARRIVE, ref: r, room: c });
      else if (result === 'DECLINE') queue.push({ at: now + refs[r].declineDelaySeconds, kind: EventKind.HOLD_END, ref: r, room: c });
      else queue.push({ at: now + scenario.options.holdHours * HOUR, kind: EventKind.HOLD_END, ref: r, room: c });
    }
    // Whatever could still pair is looked at again next round (policies should leave nothing, see the header).
    for (const r of refList) if (waiting.has(r)) dirtyRefs.add(r);
  };

  let lastProgressDay = -1;
  while (queue.size > 0) {
    const at = queue.peek()!.at;
    if (at >= span) break;
    advance(at);
    let decideNow = interval === 0;
    while (queue.size > 0 && queue.peek()!.at === at) {
      const e = queue.pop()!;
      if (e.kind === EventKind.DECIDE) decideNow = true;
      process(e);
    }
    if (decideNow) await decide(at);
    const day = Math.floor(at / DAY);
    if (options.onProgress && day !== lastProgressDay) {
      lastProgressDay = day;
      options.onProgress(at / span);
    }
  }
  advance(span);
  options.onProgress?.(1);
  run.wallMs = Date.now() - started;
  return run;
}
