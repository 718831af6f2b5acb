/**
 * The audit trail is append-only and tamper evident: changes are recorded,
 * sealed into a hash chain, and any later edit, deletion or reordering of a
 * sealed event is found by the verification.
 */
import { auditHash, AuditChainService } from '@harbour/core';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

describe('audit trail', () => {
  let h: Harbour;
  let net: Network;
  let chain: AuditChainService;
  const status = async () => (await h.ok<{ auditChain: any }>(net.coordinator, '{ auditChain { ok checked unsealed firstBadSeq problem } }')).auditChain;

  beforeAll(async () => {
    h = await Harbour.start('audit', { worker: false });
    net = await smallNetwork(h, { beds: 2 });
    chain = new AuditChainService(h.db, h.config);
    const referralId = await createReferral(h, net.officer);
    await h.ok(net.officer, REQUEST_PLACEMENT, { id: referralId });
    // The officer reading a held shelter does not see its address; staff do, and that read is audited.
    await h.ok(net.staff, 'query($id: ID!) { shelter(id: $id) { address } }', { id: net.shelterId });
  });
  afterAll(async () => h?.close());

  it('records who did what to which record, and location reads', async () => {
    const events = await h.ok<{ auditEvents: any }>(
      net.coordinator,
      '{ auditEvents(first: 100) { totalCount edges { node { actor role action entityType entityId } } } }',
    );
    const actions = events.auditEvents.edges.map((e: any) => e.node.action);
    expect(actions).toEqual(
      expect.arrayContaining(['CREATE_REGION', 'CREATE_AGENCY', 'CREATE_SHELTER', 'ADD_BEDS', 'CREATE_REFERRAL', 'CREATE_HOLD', 'READ_SHELTER_LOCATION']),
    );
    const read = events.auditEvents.edges.find((e: any) => e.node.action === 'READ_SHELTER_LOCATION').node;
    expect(read).toMatchObject({ actor: 'staff-1', role: 'SHELTER_STAFF', entityType: 'shelter', entityId: net.shelterId });
    const officer = await h.gql(net.officer, '{ auditEvents(first: 1) { totalCount } }');
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('seals events into a chain that verifies', async () => {
    expect((await status()).unsealed).toBeGreaterThan(0);
    while ((await chain.seal()) > 0);
    const s = await status();
    expect(s).toMatchObject({ ok: true, unsealed: 0, firstBadSeq: null });
    expect(s.checked).toBeGreaterThan(5);
  });

  it('is append-only: updates and deletes are refused by the database', async () => {
    await expect(h.db.query(`UPDATE audit_event SET action = 'NOTHING' WHERE id = (SELECT min(id) FROM audit_event)`)).rejects.toThrow(/append-only/);
    await expect(h.db.query(`DELETE FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)`)).rejects.toThrow(/append-only/);
    await expect(h.db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
  });

  it('finds a link forged at the end by someone without the chain key', async () => {
    while ((await chain.seal()) > 0);
    const [head] = await h.db.query(`SELECT chain_seq, hash FROM audit_event WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`);
    const seq = String(BigInt(head.chain_seq) + 1n);
    const forged = {
      id: '999999',
      actor: 'fake-coordinator',
      role: 'COORDINATOR',
      action: 'WITHDRAW_REFERRAL',
      entityType: 'referral',
      entityId: null,
      at: new Date(),
      ip: null,
      details: {},
    };
    const hash = auditHash(head.hash, seq, forged, 'attacker-guess-'.padEnd(40, 'x'));
    await h.db.query(
      `INSERT INTO audit_event (id, actor, role, action, entity_type, entity_id, at, ip, details, chain_seq, prev_hash, hash, content_mac)
       VALUES (999999, $1, $2, $3, $4, NULL, $5, NULL, '{}', $6, $7, $8, $8)`,
      [forged.actor, forged.role, forged.action, forged.entityType, forged.at, seq, head.hash, hash],
    );
    expect(await status()).toMatchObject({ ok: false, firstBadSeq: seq, problem: expect.stringMatching(/forged/) });
    await h.db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await h.db.query(`DELETE FROM audit_event WHERE id = 999999`);
    await h.db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    expect((await status()).ok).toBe(true);
  });

  it('finds an event altered behind the trigger’s back, and one removed', async () => {
    const [{ chain_seq: seq }] = await h.db.query(`SELECT chain_seq FROM audit_event WHERE chain_seq IS NOT NULL ORDER BY chain_seq LIMIT 1 OFFSET 2`);
    await h.db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await h.db.query(`UPDATE audit_event SET actor = 'someone-else' WHERE chain_seq = $1`, [seq]);
    let s = await status();
    expect(s).toMatchObject({ ok: false, firstBadSeq: String(seq), problem: expect.stringMatching(/altered/) });
    await h.db.query(`UPDATE audit_event SET actor = (SELECT actor FROM audit_event WHERE chain_seq = $1 + 1) WHERE chain_seq = $1`, [seq]);
    await h.db.query(`DELETE FROM audit_event WHERE chain_seq = $1`, [seq]);
    await h.db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    s = await status();
    expect(s).toMatchObject({ ok: false, problem: expect.stringMatching(/missing/) });
  });
});
