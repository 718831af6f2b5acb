/**
 * The per-user notification inbox (docs/web-app.md, "Notifications"), through
 * GraphQL: each caller reads the notifications addressed to their own
 * audience (an officer their agency's, staff their shelters', coordinators the
 * coordinators'), with their own read and acted-on times, and a link to the
 * item; marks are idempotent and NOT_FOUND for a notification outside the
 * caller's inbox, with nothing written. No payload names a shelter's location.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

jest.setTimeout(120_000);

const INBOX = `query($first: Int, $after: String, $unread: Boolean) {
  myNotifications(first: $first, after: $after, unreadOnly: $unread) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id kind audienceType createdAt payload link readAt actedAt } }
  }
}`;
const MARK_READ = 'mutation($id: ID!) { markNotificationRead(id: $id) { id readAt actedAt } }';
const MARK_ACTED = 'mutation($id: ID!) { markNotificationActed(id: $id) { id readAt actedAt } }';

type Node = { id: string; kind: string; audienceType: string; payload: string; link: string; readAt: string | null; actedAt: string | null };

describe('notification inbox', () => {
  let h: Harbour;
  let a: Network;
  let b: Network;
  let referralA: string;
  let holdA: string;

  const inbox = async (token: string, vars: Record<string, unknown> = {}) =>
    (
      await h.ok<{ myNotifications: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Node }[] } }>(
        token,
        INBOX,
        vars,
      )
    ).myNotifications;
  const receipts = async (id: string) => (await h.db.query(`SELECT subject FROM notification_receipt WHERE notification_id = $1`, [id])).length;

  beforeAll(async () => {
    h = await Harbour.start('inbox', { worker: false });
    a = await smallNetwork(h, { beds: 1 });
    b = await smallNetwork(h, { beds: 1 });
    referralA = await createReferral(h, a.officer, { acceptableRegions: [a.regionCode] });
    const placed = (await h.ok<{ requestPlacement: { hold: { id: string } } }>(a.officer, REQUEST_PLACEMENT, { id: referralA })).requestPlacement;
    holdA = placed.hold.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it("gives an officer their agency's notifications, linked to the referral, and no other agency's", async () => {
    const mine = await inbox(a.officer);
    expect(mine.edges.map((e) => [e.node.kind, e.node.audienceType, e.node.link, e.node.readAt, e.node.actedAt])).toEqual([
      ['HOLD_OFFERED', 'AGENCY', `/referrals/${referralA}`, null, null],
    ]);
    expect(JSON.parse(mine.edges[0].node.payload)).toMatchObject({ holdId: holdA, referralId: referralA });
    expect(mine.totalCount).toBe(1);
    // Another agency's officer: nothing (the hold is agency A's).
    expect((await inbox(b.officer)).edges).toEqual([]);
    // Never a location: not in any field of the answer (the shelter's address and postcode are set).
    const wire = JSON.stringify(await h.gql(a.officer, INBOX));
    expect(wire).not.toContain('Secret Street');
    expect(wire).not.toContain('AB1 2CD');
    expect(wire).not.toMatch(/latitude|longitude|postcode|address/);
  });

  it("gives staff their shelter's notification, linked to the hold on their board, and not another shelter's", async () => {
    const staffA = await inbox(a.staff);
    expect(staffA.edges.map((e) => [e.node.kind, e.node.audienceType, e.node.link])).toEqual([['HOLD_OFFERED', 'SHELTER', `/shelter#hold-${holdA}`]]);
    expect((await inbox(b.staff)).edges).toEqual([]);
  });

  it('keeps read and acted-on per user, idempotently, and filters unread', async () => {
    const id = (await inbox(a.officer)).edges[0].node.id;
    const count = async (t: string) => (await h.ok<{ myUnreadNotificationCount: number }>(t, '{ myUnreadNotificationCount }')).myUnreadNotificationCount;
    expect(await count(a.officer)).toBe(1);
    const first = (await h.ok<{ markNotificationRead: Node }>(a.officer, MARK_READ, { id })).markNotificationRead;
    expect(first.readAt).not.toBeNull();
    expect(first.actedAt).toBeNull();
    const again = (await h.ok<{ markNotificationRead: Node }>(a.officer, MARK_READ, { id })).markNotificationRead;
    expect(again).toEqual(first);
    expect(await count(a.officer)).toBe(0);
    expect((await inbox(a.officer, { unread: true })).edges).toEqual([]);
    const acted = (await h.ok<{ markNotificationActed: Node }>(a.officer, MARK_ACTED, { id })).markNotificationActed;
    expect(acted.readAt).toBe(first.readAt);
    expect(acted.actedAt).not.toBeNull();
    expect((await h.ok<{ markNotificationActed: Node }>(a.officer, MARK_ACTED, { id })).markNotificationActed).toEqual(acted);
    expect((await inbox(a.officer)).edges[0].node).toMatchObject({ readAt: first.readAt, actedAt: acted.actedAt });
    // A colleague at the same agency has their own state: still unread.
    const colleague = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-2', agencyId: a.agencyId });
    expect((await inbox(colleague, { unread: true })).edges.map((e) => [e.node.id, e.node.readAt])).toEqual([[id, null]]);
    // Acting first marks it read too.
    const staffId = (await inbox(a.staff)).edges[0].node.id;
    const staffActed = (await h.ok<{ markNotificationActed: Node }>(a.staff, MARK_ACTED, { id: staffId })).markNotificationActed;
    expect(staffActed.readAt).toBe(staffActed.actedAt);
  });

  it("answers NOT_FOUND, writing nothing, for a notification outside the caller's inbox, as for an unknown id", async () => {
    const officersNotification = (await inbox(a.officer)).edges[0].node.id;
    const staffNotification = (await inbox(a.staff)).edges[0].node.id;
    const before = [await receipts(officersNotification), await receipts(staffNotification)];
    for (const [token, id] of [
      [b.officer, officersNotification],
      [b.staff, staffNotification],
      [a.staff, officersNotification],
      [a.officer, staffNotification],
      [a.coordinator, officersNotification],
      [a.officer, randomUUID()],
    ]) {
      for (const doc of [MARK_READ, MARK_ACTED]) {
        const r = await h.gql(token, doc, { id });
        expect({ code: r.errors?.[0]?.extensions?.code, data: r.data }).toEqual({ code: 'NOT_FOUND', data: null });
      }
    }
    expect([await receipts(officersNotification), await receipts(staffNotification)]).toEqual(before);
    const bad = await h.gql(a.officer, MARK_READ, { id: 'not-a-uuid' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("gives coordinators the coordinators' notifications, linked to the network board, and no one else", async () => {
    const key = `inbox-test:${randomBytes(4).toString('hex')}`;
    const alertId = randomUUID();
    const [{ id }] = await h.db.query(
      `INSERT INTO notification (kind, audience_type, audience_id, idempotency_key, payload, status, created_at)
       VALUES ('CAPACITY_ALERT_OPENED', 'COORDINATORS', NULL, $1, $2, 'PENDING', now()) RETURNING id`,
      [key, { alertId, regionCode: a.regionCode, category: 'ALL', freeBeds: 0, threshold: 1 }],
    );
    const coord = await inbox(a.coordinator);
    expect(coord.edges.map((e) => [e.node.id, e.node.link])).toEqual([[id, `/network#alert-${alertId}`]]);
    for (const t of [a.officer, a.staff]) expect((await inbox(t)).edges.map((e) => e.node.id)).not.toContain(id);
    // Roles without an inbox are refused.
    const auditor = await h.token({ role: Role.AUDITOR, sub: 'auditor-1' });
    expect((await h.gql(auditor, INBOX)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('pages newest first with cursors, and refuses a bad page size', async () => {
    const staff = await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-pager', shelterIds: [a.shelterId] });
    for (let i = 0; i < 3; i++) {
      await h.db.query(
        `INSERT INTO notification (kind, audience_type, audience_id, idempotency_key, payload, status, created_at)
         VALUES ('HOLD_EXPIRED', 'SHELTER', $1, $2, $3, 'PENDING', now() + ($4 || ' minutes')::interval)`,
        [a.shelterId, `inbox-page:${randomBytes(4).toString('hex')}`, { holdId: randomUUID() }, String(i + 1)],
      );
    }
    const all = await inbox(staff, { first: 10 });
    expect(all.totalCount).toBe(4);
    const p1 = await inbox(staff, { first: 3 });
    const p2 = await inbox(staff, { first: 3, after: p1.pageInfo.endCursor });
    expect(p1.pageInfo.hasNextPage).toBe(true);
    expect(p2.pageInfo.hasNextPage).toBe(false);
    expect([...p1.edges, ...p2.edges].map((e) => e.node.id)).toEqual(all.edges.map((e) => e.node.id));
    expect(all.edges[3].node.kind).toBe('HOLD_OFFERED'); // the oldest last
    expect((await h.gql(staff, INBOX, { first: 0 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
