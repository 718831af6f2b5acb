/**
 * Live updates (docs/architecture.md, "Live updates"): GraphQL subscriptions
 * over graphql-ws on the API's own server, fed through Redis from the outbox
 * relay after commit, and checked as each subscriber. A real WebSocket client
 * (graphql-ws over ws) subscribes to a second API instance on the same
 * database and Redis while the changes are made over HTTP on the first. Every
 * wait is for an event or a condition, never a fixed sleep.
 */
import { INestApplication } from '@nestjs/common';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '@harbour/domain';
import { createApiApp } from '../apps/api/src/http';
import { LiveEventHub } from '../apps/api/src/live/live-hub';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork, waitFor } from './support/fixtures';

jest.setTimeout(120_000);

/** Bound on waiting for one event (a failure, not a pace: events come in well under a second). */
const EVENT_TIMEOUT_MS = 15_000;

type Payload = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** One subscription: its payloads in order, each awaited in turn. */
class Subscribed {
  private readonly got: Payload[] = [];
  private readonly waiters: ((p: Payload) => void)[] = [];
  error: unknown = null;
  private readonly closeErrors: ((e: unknown) => void)[] = [];
  readonly dispose: () => void;

  constructor(client: Client, query: string) {
    this.dispose = client.subscribe(
      { query },
      {
        next: (p) => {
          const w = this.waiters.shift();
          if (w) w(p as Payload);
          else this.got.push(p as Payload);
        },
        error: (e) => {
          this.error = e;
          for (const f of this.closeErrors.splice(0)) f(e);
        },
        complete: () => undefined,
      },
    );
  }

  /** The next payload, or a failure after EVENT_TIMEOUT_MS. */
  next(): Promise<Payload> {
    const ready = this.got.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no event within the bound')), EVENT_TIMEOUT_MS);
      this.waiters.push((p) => {
        clearTimeout(t);
        resolve(p);
      });
    });
  }

  /** The error that ended the subscription, or a failure after EVENT_TIMEOUT_MS. */
  failure(): Promise<unknown> {
    if (this.error) return Promise.resolve(this.error);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the subscription was not refused within the bound')), EVENT_TIMEOUT_MS);
      this.closeErrors.push((e) => {
        clearTimeout(t);
        resolve(e);
      });
    });
  }
}

describe('live updates (GraphQL subscriptions)', () => {
  let h: Harbour;
  let second: INestApplication;
  let secondWs: string;
  let hub: LiveEventHub;
  let a: Network;
  let b: Network;
  const clients: Client[] = [];

  const connect = (token: string | null, url = secondWs): Client => {
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(c);
    return c;
  };
  /** Subscribes and waits until the second API's hub has the subscription listening. */
  const subscribeAll = async (pairs: [Client, string][]): Promise<Subscribed[]> => {
    const before = hub.listenerCount;
    const subs = pairs.map(([c, q]) => new Subscribed(c, q));
    await waitFor(() => hub.listenerCount === before + pairs.length, EVENT_TIMEOUT_MS);
    return subs;
  };

  beforeAll(async () => {
    h = await Harbour.start('live');
    second = await createApiApp(h.config, ['error']);
    await second.listen(0, '127.0.0.1');
    secondWs = `${(await second.getUrl()).replace('[::1]', '127.0.0.1').replace(/^http/, 'ws')}/graphql`;
    hub = second.get(LiveEventHub);
    a = await smallNetwork(h, { beds: 2 });
    b = await smallNetwork(h, { beds: 2 });
    // Let the set-up's own events pass before anyone subscribes.
    await h.settle();
  });

  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await second?.close();
    await h?.close();
  });

  it("gives staff of shelter A A's bed change and not B's, and the coordinator both, across API instances", async () => {
    const sel = 'subscription { bedsChanged { regionCodes shelterIds } }';
    const [staffA, staffB, coordinator, officer] = await subscribeAll([
      [connect(a.staff), sel],
      [connect(b.staff), sel],
      [connect(a.coordinator), sel],
      [connect(a.officer), sel],
    ]);
    const setBed = 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }';
    // Over HTTP, on the first API instance.
    await h.ok(a.staff, setBed, { i: { bedId: a.bedIds[0], status: 'OUT_OF_SERVICE', reason: 'Repairs', expectedReturn: '2030-01-01' } });
    expect(await staffA.next()).toEqual({ data: { bedsChanged: { regionCodes: [a.regionCode], shelterIds: [a.shelterId] } } });
    expect(await coordinator.next()).toEqual({ data: { bedsChanged: { regionCodes: [a.regionCode], shelterIds: [a.shelterId] } } });
    // Officers hear of the region only, never which shelter.
    expect(await officer.next()).toEqual({ data: { bedsChanged: { regionCodes: [a.regionCode], shelterIds: [] } } });
    await h.ok(b.staff, setBed, { i: { bedId: b.bedIds[0], status: 'OUT_OF_SERVICE', reason: 'Repairs', expectedReturn: '2030-01-01' } });
    // B's staff's first event is B's own change: A's was never sent to them.
    expect(await staffB.next()).toEqual({ data: { bedsChanged: { regionCodes: [b.regionCode], shelterIds: [b.shelterId] } } });
    expect(await coordinator.next()).toEqual({ data: { bedsChanged: { regionCodes: [b.regionCode], shelterIds: [b.shelterId] } } });
    // And A's staff's next event is A's next change, not B's.
    await h.ok(a.staff, setBed, { i: { bedId: a.bedIds[0], status: 'AVAILABLE' } });
    expect(await staffA.next()).toEqual({ data: { bedsChanged: { regionCodes: [a.regionCode], shelterIds: [a.shelterId] } } });
    for (const s of [staffA, staffB, coordinator, officer]) s.dispose();
    await waitFor(() => hub.listenerCount === 0, EVENT_TIMEOUT_MS);
  });

  it("never gives an officer another agency's hold or notification, nor any location", async () => {
    const holdSel = 'subscription { holdChanged { id status referral { id } shelter { codeName address postcode latitude longitude } } }';
    const inboxSel = 'subscription { notificationAdded { id kind payload link } }';
    const [holdsA, holdsB, inboxA, inboxB, staffHolds] = await subscribeAll([
      [connect(a.officer), holdSel],
      [connect(b.officer), holdSel],
      [connect(a.officer), inboxSel],
      [connect(b.officer), inboxSel],
      [connect(a.staff), 'subscription { holdChanged { id status shelter { codeName address } } }'],
    ]);
    const referralA = await createReferral(h, a.officer, { acceptableRegions: [a.regionCode] });
    const holdA = (await h.ok<{ requestPlacement: { hold: { id: string } } }>(a.officer, REQUEST_PLACEMENT, { id: referralA })).requestPlacement.hold.id;
    const referralB = await createReferral(h, b.officer, { acceptableRegions: [b.regionCode] });
    const holdB = (await h.ok<{ requestPlacement: { hold: { id: string } } }>(b.officer, REQUEST_PLACEMENT, { id: referralB })).requestPlacement.hold.id;

    const gotA = await holdsA.next();
    expect(gotA.data?.holdChanged).toMatchObject({ id: holdA, status: 'ACTIVE', referral: { id: referralA }, shelter: { address: null, postcode: null } });
    // The location fields are refused as in a query: null, with FORBIDDEN.
    expect(gotA.errors?.map((e) => e.extensions?.code)).toEqual(expect.arrayContaining(['FORBIDDEN']));
    expect(JSON.stringify(gotA)).not.toMatch(/Secret Street|AB1 2CD/);
    // B's officer's first hold event is B's own hold: A's was never sent.
    const gotB = await holdsB.next();
    expect(gotB.data?.holdChanged).toMatchObject({ id: holdB, referral: { id: referralB } });
    expect(JSON.stringify(gotB)).not.toMatch(/Secret Street|AB1 2CD/);

    const nA = await inboxA.next();
    expect(nA.data?.notificationAdded).toMatchObject({ kind: 'HOLD_OFFERED', link: `/referrals/${referralA}` });
    expect(JSON.parse(nA.data!.notificationAdded.payload)).toMatchObject({ holdId: holdA });
    const nB = await inboxB.next();
    expect(JSON.parse(nB.data!.notificationAdded.payload)).toMatchObject({ holdId: holdB });
    for (const n of [nA, nB]) expect(JSON.stringify(n)).not.toMatch(/Secret Street|AB1 2CD/);

    // Staff of the shelter see its hold with the address they may see.
    const staffGot = await staffHolds.next();
    expect(staffGot).toEqual({ data: { holdChanged: { id: holdA, status: 'ACTIVE', shelter: { codeName: expect.any(String), address: '1 Secret Street' } } } });
    for (const s of [holdsA, holdsB, inboxA, inboxB, staffHolds]) s.dispose();
    await waitFor(() => hub.listenerCount === 0, EVENT_TIMEOUT_MS);
  });

  it('refuses a socket without a valid token, and a role the matrix denies', async () => {
    const anonymous = new Subscribed(connect(null), 'subscription { bedsChanged { regionCodes } }');
    expect(((await anonymous.failure()) as { code: number }).code).toBe(4403);
    const forged = new Subscribed(connect('not-a-token'), 'subscription { bedsChanged { regionCodes } }');
    expect(((await forged.failure()) as { code: number }).code).toBe(4403);
    const auditor = await h.token({ role: Role.AUDITOR, sub: 'auditor-live' });
    // A denied role's subscription is answered with the error (then completed), like a denied query.
    const denied = new Subscribed(connect(auditor), 'subscription { bedsChanged { regionCodes } }');
    const refused = await denied.next();
    expect({ data: refused.data ?? null, codes: refused.errors?.map((e) => e.extensions?.code) }).toEqual({ data: null, codes: ['FORBIDDEN'] });
    expect(hub.listenerCount).toBe(0);
  });
});
