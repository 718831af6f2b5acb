/**
 * Row-level security (docs/row-level-security.md): PostgreSQL itself returns
 * only the rows each caller may see, so even a query with no WHERE clause at
 * all (a resolver bug) cannot leak a referral or a shelter's address. The
 * expected rows are computed here from the rules of access.ts over every row
 * (read as SERVICE), and compared with what the caller-scoped transaction
 * answers to `SELECT * FROM <table>`, for every role and for no caller at all.
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HoldStatus, Role } from '@harbour/domain';
import {
  canSeePlacement,
  canSeeReferral,
  canSeeShelterLocation,
  dataSourceOptions,
  Principal,
  QueryService,
  ReferralEntity,
  SERVICE_PRINCIPAL,
  ShelterLocationEntity,
  withCaller,
} from '@harbour/core';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

type Row = Record<string, any>;

/** Every protected table and the column that identifies its rows. */
const PROTECTED: Record<string, string> = {
  referral: 'id',
  decision: 'id',
  hold: 'id',
  placement: 'id',
  bed_claim: 'id',
  recovery_period: 'id',
  reminder: 'id',
  waitlist_entry: 'id',
  notification: 'id',
  notification_receipt: 'notification_id',
  outbox_event: 'id',
  mutation_receipt: 'key',
  audit_event: 'id',
  shelter_location: 'shelter_id',
};

describe('row-level security', () => {
  let h: Harbour;
  let a: Network;
  let b: Network;
  /** A connection pool configured exactly like the API's: no default caller. */
  let api: DataSource;
  const ids: Record<string, string> = {};

  const principal = (role: string, extra: Partial<Principal> = {}): Principal => ({
    sub: `rls-${role.toLowerCase()}`,
    role: role as Role,
    shelterIds: [],
    agencyId: null,
    ...extra,
  });

  async function place(officer: string, referralId: string): Promise<{ __typename: string; hold?: { id: string } }> {
    return (await h.ok<{ requestPlacement: any }>(officer, REQUEST_PLACEMENT, { id: referralId })).requestPlacement;
  }

  beforeAll(async () => {
    h = await Harbour.start('rls', { worker: false });
    a = await smallNetwork(h, { beds: 2 });
    b = await smallNetwork(h, { beds: 1 });
    api = new DataSource(dataSourceOptions(h.config, 'NONE'));
    await api.initialize();

    // Agency A: two referrals held at shelter A. Agency B: one placed at shelter B,
    // one whose hold at shelter A was declined (waiting again), one waiting.
    ids.a1 = await createReferral(h, a.officer, { acceptableRegions: [a.regionCode] });
    ids.a1Hold = (await place(a.officer, ids.a1)).hold!.id;
    ids.b3 = await createReferral(h, b.officer, { acceptableRegions: [a.regionCode] });
    const declined = (await place(b.officer, ids.b3)).hold!.id;
    await h.ok(a.staff, 'mutation($id: ID!) { declineHold(holdId: $id, reason: "no", reasonCode: OTHER) { id } }', { id: declined });
    ids.a3 = await createReferral(h, a.officer, { acceptableRegions: [a.regionCode] });
    expect((await place(a.officer, ids.a3)).__typename).toBe('HoldOffered');
    ids.b1 = await createReferral(h, b.officer, { acceptableRegions: [b.regionCode] });
    const bHold = (await place(b.officer, ids.b1)).hold!.id;
    await h.ok(b.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', { i: { holdId: bHold } });
    ids.b2 = await createReferral(h, b.officer, { acceptableRegions: [a.regionCode] });
    expect((await place(b.officer, ids.b2)).__typename).toBe('Waitlisted');
    const today = new Date().toISOString().slice(0, 10);
    const decide = 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }';
    await h.ok(a.officer, decide, { i: { referralId: ids.a1, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: today } });
    await h.ok(b.officer, decide, { i: { referralId: ids.b1, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: today } });
    // Rows the worker would write (no worker runs here, so nothing moves under the test).
    // An inbox row for each audience, an EMAIL row (never the audience's), and a receipt of each.
    for (const [aud, id, channel] of [
      ['AGENCY', a.agencyId, 'WEBHOOK'],
      ['AGENCY', a.agencyId, 'EMAIL'],
      ['SHELTER', b.shelterId, 'WEBHOOK'],
      ['COORDINATORS', null, 'WEBHOOK'],
    ]) {
      const [n] = await h.db.query(
        `INSERT INTO notification (kind, audience_type, audience_id, idempotency_key, payload, status, created_at, channel, recipient)
         VALUES ('HOLD_OFFERED', $1, $2, $3, '{}', 'PENDING', now(), $4, $5) RETURNING id`,
        [aud, id, `rls-${randomBytes(4).toString('hex')}`, channel, channel === 'EMAIL' ? 'desk@agency.example' : null],
      );
      await h.db.query(`INSERT INTO notification_receipt (notification_id, subject, read_at) VALUES ($1, 'rls-reader', now())`, [n.id]);
    }
    await h.db.query(`INSERT INTO mutation_receipt (key, result) VALUES ($1, '{}')`, [`rls|${randomBytes(4).toString('hex')}`]);
  });

  afterAll(async () => {
    await api?.destroy();
    await h?.close();
  });

  it('runs as a role that row-level security applies to and that owns no table; every protected table is FORCEd (the owner role is bound too)', async () => {
    const [me] = await api.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(me).toEqual({ rolsuper: false, rolbypassrls: false });
    const [{ owned }] = await api.query(`SELECT count(*)::int AS owned FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)`);
    expect(owned).toBe(0);
    const tables: Row[] = await h.db.query(
      `SELECT relname, relrowsecurity, relforcerowsecurity, pg_get_userbyid(relowner) = current_user AS owned
         FROM pg_class WHERE relname = ANY($1) AND relkind = 'r' ORDER BY relname`,
      [Object.keys(PROTECTED)],
    );
    expect(tables).toHaveLength(Object.keys(PROTECTED).length);
    for (const t of tables) expect(t).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true, owned: true });
    // The location left the shelter table, which every role reads.
    const [{ n }] = await h.db.query(
      `SELECT count(*)::int AS n FROM information_schema.columns
        WHERE table_name = 'shelter' AND column_name IN ('address', 'postcode', 'latitude', 'longitude')`,
    );
    expect(n).toBe(0);
  });

  it('answers an unscoped SELECT * with exactly the rows access.ts allows, for every role and for no caller', async () => {
    // Every row, as SERVICE (the worker's view), to compute what each role should get.
    const all: Record<string, Row[]> = {};
    for (const table of Object.keys(PROTECTED)) all[table] = await h.db.query(`SELECT * FROM ${table}`);
    for (const table of Object.keys(PROTECTED)) expect(all[table].length).toBeGreaterThan(0);
    const byId = (rows: Row[]) => {
      const map = new Map(rows.map((r) => [String(r.id), r]));
      return (id: string): Row => {
        const row = map.get(id);
        if (!row) throw new Error(`no row ${id}`);
        return row;
      };
    };
    const referral = byId(all.referral);
    const holdsOf = (referralId: string) =>
      all.hold.filter((x) => x.referral_id === referralId).map((x) => ({ shelterId: x.shelter_id, status: x.status as HoldStatus }));
    const seesAll = (p: Principal | null) => p?.role === Role.SERVICE || p?.role === Role.COORDINATOR;
    const seesReferral = (p: Principal | null, id: string) => !!p && (seesAll(p) || canSeeReferral(p, { agencyId: referral(id).agency_id }, holdsOf(id)));
    const seesHold = (p: Principal | null, x: Row) =>
      seesAll(p) ||
      (p?.role === Role.SHELTER_STAFF && p.shelterIds.includes(x.shelter_id)) ||
      (p?.role === Role.REFERRAL_OFFICER && referral(x.referral_id).agency_id === p.agencyId);
    const seesPlacement = (p: Principal | null, x: Row) =>
      !!p && (seesAll(p) || canSeePlacement(p, { shelterId: x.shelter_id }, { agencyId: referral(x.referral_id).agency_id }));
    // The inbox (migration 1767800000000): officers their agency's WEBHOOK rows, staff their shelters'.
    const seesNotification = (p: Principal | null, n: Row) =>
      seesAll(p) ||
      (n.channel === 'WEBHOOK' &&
        ((p?.role === Role.REFERRAL_OFFICER && n.audience_type === 'AGENCY' && !!p.agencyId && n.audience_id === p.agencyId) ||
          (p?.role === Role.SHELTER_STAFF && n.audience_type === 'SHELTER' && p.shelterIds.includes(n.audience_id))));
    const notification = byId(all.notification);
    const hold = byId(all.hold);
    const placement = byId(all.placement);
    const rules: Record<string, (p: Principal | null, row: Row) => boolean> = {
      referral: (p, r) => seesReferral(p, r.id),
      decision: (p, r) => seesReferral(p, r.referral_id),
      hold: seesHold,
      placement: seesPlacement,
      bed_claim: (p, r) => seesHold(p, hold(r.hold_id)),
      recovery_period: (p, r) => seesPlacement(p, placement(r.placement_id)),
      reminder: (p, r) => seesPlacement(p, placement(r.placement_id)),
      waitlist_entry: (p, r) => seesAll(p) || (p?.role === Role.REFERRAL_OFFICER && referral(r.referral_id).agency_id === p.agencyId),
      notification: seesNotification,
      notification_receipt: (p, r) => seesNotification(p, notification(r.notification_id)),
      outbox_event: (p) => seesAll(p),
      mutation_receipt: (p) => p?.role === Role.SERVICE,
      audit_event: (p) => ['SERVICE', 'COORDINATOR', 'AUDITOR'].includes(p?.role ?? ''),
      shelter_location: (p, r) => seesAll(p) || (!!p && canSeeShelterLocation(p, r.shelter_id)),
    };
    const callers: [string, Principal | null][] = [
      ['coordinator', principal('COORDINATOR')],
      ['service', SERVICE_PRINCIPAL],
      ['officer A', principal('REFERRAL_OFFICER', { agencyId: a.agencyId })],
      ['officer B', principal('REFERRAL_OFFICER', { agencyId: b.agencyId })],
      ['staff A', principal('SHELTER_STAFF', { shelterIds: [a.shelterId] })],
      ['staff B', principal('SHELTER_STAFF', { shelterIds: [b.shelterId] })],
      ['staff of both', principal('SHELTER_STAFF', { shelterIds: [a.shelterId, b.shelterId] })],
      ['auditor', principal('AUDITOR')],
      ['officer without agency', principal('REFERRAL_OFFICER')],
      ['unknown role', principal('INTRUDER')],
      ['no caller', null],
    ];
    for (const [name, p] of callers) {
      for (const [table, key] of Object.entries(PROTECTED)) {
        const got: Row[] = await withCaller(api, p, (em) => em.query(`SELECT * FROM ${table}`));
        const expected = all[table].filter((r) => rules[table](p, r)).map((r) => String(r[key]));
        expect({ caller: name, table, rows: got.map((r) => String(r[key])).sort() }).toEqual({ caller: name, table, rows: expected.sort() });
      }
    }
    // The cases that matter most, spelled out.
    const refs = async (p: Principal | null) => (await withCaller(api, p, (em) => em.query(`SELECT id FROM referral`))).map((r: Row) => r.id).sort();
    expect(await refs(callers[2][1])).toEqual([ids.a1, ids.a3].sort());
    expect(await refs(callers[4][1])).toEqual([ids.a1, ids.a3].sort()); // not b3: its hold there was DECLINED
    expect(await refs(callers[5][1])).toEqual([ids.b1]); // placed there (CONFIRMED hold)
    expect(await refs(callers[7][1])).toEqual([]);
    const addresses = async (p: Principal | null) =>
      (await withCaller(api, p, (em) => em.query(`SELECT address FROM shelter_location`))).map((r: Row) => r.address);
    expect(await addresses(callers[0][1])).toEqual(['1 Secret Street', '1 Secret Street']);
    expect(await addresses(callers[4][1])).toEqual(['1 Secret Street']);
    expect(await addresses(callers[2][1])).toEqual([]);
    expect(await addresses(null)).toEqual([]);
  });

  it('fails closed: an API connection with no caller sees no protected row and writes none', async () => {
    for (const table of Object.keys(PROTECTED)) {
      const [{ n }] = await api.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    // Outside withCaller and inTransaction, an UPDATE finds nothing and an INSERT is refused.
    const [, updated] = await api.query(`UPDATE referral SET initials = 'ZZ'`);
    expect(updated).toBe(0);
    await expect(
      api.query(`INSERT INTO audit_event (actor, role, action, entity_type, at) VALUES ('x', 'COORDINATOR', 'FORGE', 'referral', now())`),
    ).rejects.toThrow(/row-level security/);
    // A caller-scoped transaction is read-only; even a coordinator's cannot write through it.
    await expect(withCaller(api, principal('COORDINATOR'), (em) => em.query(`UPDATE referral SET initials = 'ZZ'`))).rejects.toThrow(/read-only/);
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM referral WHERE initials = 'ZZ'`);
    expect(n).toBe(0);
    // Revocations: every connection reads them (the token check runs before any caller is known), only SERVICE writes them.
    await h.db.query(`INSERT INTO token_revocation (subject, min_version, revoked_at, revoked_by) VALUES ('rls-probe', 3, now(), 'test')`);
    expect(await api.query(`SELECT min_version FROM token_revocation WHERE subject = 'rls-probe'`)).toEqual([{ min_version: 3 }]);
    const [, lowered] = await api.query(`UPDATE token_revocation SET min_version = 0 WHERE subject = 'rls-probe'`);
    expect(lowered).toBe(0);
    const [, removed] = await api.query(`DELETE FROM token_revocation WHERE subject = 'rls-probe'`);
    expect(removed).toBe(0);
    await expect(api.query(`INSERT INTO token_revocation (subject, min_version, revoked_at, revoked_by) VALUES ('rls-forged', 0, now(), 'x')`)).rejects.toThrow(
      /row-level security/,
    );
    expect(await h.db.query(`SELECT min_version FROM token_revocation WHERE subject = 'rls-probe'`)).toEqual([{ min_version: 3 }]);
    // The caller ends with its transaction: the pooled connection is back to no caller.
    await withCaller(api, SERVICE_PRINCIPAL, (em) => em.query('SELECT 1'));
    const [{ scope, role }] = await api.query(`SELECT coalesce(current_setting('harbour.scope', true), '') AS scope, harbour_caller_role() AS role`);
    expect({ scope, role }).toEqual({ scope: '', role: '' });
  });

  it('keeps a resolver that forgets its check from leaking: the API’s own loader returns nothing across agencies', async () => {
    const query = h.api.get(QueryService);
    const officerA = principal('REFERRAL_OFFICER', { agencyId: a.agencyId });
    // loadBy applies no visibility rule of its own (the resolvers do): the database does.
    expect((await query.loadBy(officerA, ReferralEntity, 'id', [ids.a1, ids.b1, ids.b2])).map((r) => r.id)).toEqual([ids.a1]);
    expect(await query.loadBy(officerA, ShelterLocationEntity, 'shelterId', [a.shelterId, b.shelterId])).toEqual([]);
    expect(await query.loadBy(null, ReferralEntity, 'id', [ids.a1, ids.b1])).toEqual([]);
    const staffB = principal('SHELTER_STAFF', { shelterIds: [b.shelterId] });
    expect((await query.loadBy(staffB, ShelterLocationEntity, 'shelterId', [a.shelterId, b.shelterId])).map((l) => l.shelterId)).toEqual([b.shelterId]);
  });

  it('still works end to end through GraphQL: lists, locations, waitlist positions and location changes', async () => {
    const list = 'query { referrals(first: 50) { edges { node { id } } } }';
    const mine = (r: { referrals: { edges: { node: { id: string } }[] } }) => r.referrals.edges.map((e) => e.node.id).sort();
    expect(mine(await h.ok(a.officer, list))).toEqual([ids.a1, ids.a3].sort());
    expect(mine(await h.ok(b.staff, list))).toEqual([ids.b1]);
    expect(mine(await h.ok(a.coordinator, list))).toEqual([ids.a1, ids.a3, ids.b1, ids.b2, ids.b3].sort());
    // Rank among every waiting referral, though officer B sees only agency B's entries: b3, declined at
    // shelter A (the only shelter it may go to), waits again from its first offer, ahead of b2.
    const pos = await h.ok<{ referral: any }>(b.officer, 'query($id: ID!) { referral(id: $id) { waitlistPosition } }', { id: ids.b2 });
    expect(pos.referral.waitlistPosition).toBe(2);
    const b3 = await h.ok<{ referral: any }>(b.officer, 'query($id: ID!) { referral(id: $id) { status waitlistPosition } }', { id: ids.b3 });
    expect(b3.referral).toEqual({ status: 'WAITLISTED', waitlistPosition: 1 });
    const where = 'query($id: ID!) { shelter(id: $id) { address postcode } }';
    expect((await h.ok<{ shelter: any }>(a.staff, where, { id: a.shelterId })).shelter).toEqual({ address: '1 Secret Street', postcode: 'AB1 2CD' });
    await h.ok(a.staff, 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id } }', {
      id: a.shelterId,
      i: { address: '2 Other Road' },
    });
    expect((await h.ok<{ shelter: any }>(a.coordinator, where, { id: a.shelterId })).shelter).toEqual({ address: '2 Other Road', postcode: 'AB1 2CD' });
    // The officer whose referral is held there sees the code name; the address is refused at that field (access matrix).
    const officerView = await h.gql<{ shelter: any }>(a.officer, 'query($id: ID!) { shelter(id: $id) { codeName address } }', { id: a.shelterId });
    expect(officerView.data?.shelter.address).toBeNull();
    expect(officerView.data?.shelter.codeName).toMatch(/^ORCHID-/);
    expect(officerView.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([['FORBIDDEN', 'shelter.address']]);
    // A shelter created without any location has no location row.
    const bare = await h.ok<{ createShelter: { id: string; address: string | null } }>(
      a.coordinator,
      'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id address } }',
      { i: { codeName: `BARE-${randomBytes(3).toString('hex')}`, regionCode: a.regionCode, genderPolicy: 'MIXED' } },
    );
    expect(bare.createShelter.address).toBeNull();
    expect(await h.db.query(`SELECT 1 FROM shelter_location WHERE shelter_id = $1`, [bare.createShelter.id])).toEqual([]);
    // The audit chain still verifies for coordinators, reading the trail under their own identity.
    const chain = await h.ok<{ auditChain: { ok: boolean; checked: number; unsealed: number } }>(a.coordinator, 'query { auditChain { ok checked unsealed } }');
    expect(chain.auditChain.ok).toBe(true);
    expect(chain.auditChain.unsealed).toBeGreaterThan(0);
  });
});
