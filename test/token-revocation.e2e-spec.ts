/**
 * Token rules of issue 3: revocation by token version per subject, honoured at
 * once by every API process; the AUDITOR role reads the audit trail and
 * nothing personal; tokens naming the worker's SERVICE role are refused.
 */
import { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import { Role } from '@harbour/domain';
import { createApiApp } from '../apps/api/src/http';
import { Harbour } from './support/harbour-harness';
import { createReferral, Network, smallNetwork, waitFor } from './support/fixtures';

const code = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions?.code;
const REVOKE = 'mutation($s: String!) { revokeTokens(subject: $s) { subject minVersion revokedAt } }';

describe('tokens: revocation, auditors, the service identity', () => {
  let h: Harbour;
  let net: Network;
  let second: INestApplication;
  let secondUrl: string;
  beforeAll(async () => {
    // A short cache bound, so the test of the bound waits little.
    h = await Harbour.start('tokens', { worker: false, env: { TOKEN_REVOCATION_CACHE_SECONDS: '2' } });
    net = await smallNetwork(h, { beds: 1 });
    // A second API process on the same database: revocation must hold there too, at once.
    second = await createApiApp(h.config, ['error']);
    await second.listen(0, '127.0.0.1');
    secondUrl = `${(await second.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`;
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  async function meAt(url: string, token: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { sub role } }' }),
    });
    return (await res.json()) as { data?: any; errors?: { extensions?: Record<string, any>; message: string }[] };
  }

  it('revokeTokens refuses every older token of the subject at once, in every API process; a token with the new version works', async () => {
    const sub = 'officer-revoked';
    const old = await h.token({ role: Role.REFERRAL_OFFICER, sub, agencyId: net.agencyId });
    const explicitZero = await h.token({ role: Role.REFERRAL_OFFICER, sub, agencyId: net.agencyId, ver: 0 });
    const bystander = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-other', agencyId: net.agencyId });
    expect((await meAt(secondUrl, old)).data.me).toEqual({ sub, role: 'REFERRAL_OFFICER' });

    const r = await h.ok<{ revokeTokens: any }>(net.coordinator, REVOKE, { s: sub });
    expect(r.revokeTokens).toMatchObject({ subject: sub, minVersion: 1 });

    for (const url of [h.url, secondUrl]) {
      for (const t of [old, explicitZero]) {
        const refused = await meAt(url, t);
        expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringMatching(/revoked/) });
        expect(refused.data?.me ?? null).toBeNull();
      }
      expect((await meAt(url, bystander)).data.me.sub).toBe('officer-other');
    }
    const fresh = await h.token({ role: Role.REFERRAL_OFFICER, sub, agencyId: net.agencyId, ver: 1 });
    expect((await meAt(secondUrl, fresh)).data.me.sub).toBe(sub);
    // A refused token cannot act either, and nothing is written.
    expect(code(await h.gql(old, 'mutation($id: ID!) { withdrawReferral(referralId: $id) { id } }', { id: await createReferral(h, net.officer) }))).toBe(
      'UNAUTHENTICATED',
    );

    // Revoking again raises the minimum once more: the version-1 token goes too.
    const again = await h.ok<{ revokeTokens: any }>(net.coordinator, REVOKE, { s: sub });
    expect(again.revokeTokens.minVersion).toBe(2);
    expect(code(await h.gql(fresh, '{ me { sub } }'))).toBe('UNAUTHENTICATED');
    expect((await h.ok(await h.token({ role: Role.REFERRAL_OFFICER, sub, agencyId: net.agencyId, ver: 2 }), '{ me { sub } }')).me.sub).toBe(sub);

    // Audited, with who did it.
    const audit = await h.ok<{ auditEvents: any }>(
      net.coordinator,
      'query($id: String!) { auditEvents(first: 10, entityType: "token_subject", entityId: $id) { edges { node { action actor role } } } }',
      { id: sub },
    );
    expect(audit.auditEvents.edges.map((e: any) => e.node)).toEqual([
      { action: 'REVOKE_TOKENS', actor: 'coordinator-1', role: 'COORDINATOR' },
      { action: 'REVOKE_TOKENS', actor: 'coordinator-1', role: 'COORDINATOR' },
    ]);
  });

  it('a revocation row changed by hand in SQL (no epoch change) is honoured within TOKEN_REVOCATION_CACHE_SECONDS', async () => {
    const sub = 'officer-hand-edited';
    const token = await h.token({ role: Role.REFERRAL_OFFICER, sub, agencyId: net.agencyId });
    expect((await meAt(secondUrl, token)).data.me.sub).toBe(sub);
    await h.db.query(`INSERT INTO token_revocation (subject, min_version, revoked_at, revoked_by) VALUES ($1, 1, now(), 'sql')`, [sub]);
    const t0 = Date.now();
    await waitFor(async () => code(await meAt(secondUrl, token)) === 'UNAUTHENTICATED', 15_000);
    // The bound (2 s here) plus one request's time; generous for a shared machine.
    expect(Date.now() - t0).toBeLessThan(12_000);
  });

  it('a Redis that lost the revocation epoch cannot bring back a stale minimum', async () => {
    const sub = 'officer-epoch-lost';
    const token = await h.token({ role: Role.REFERRAL_OFFICER, sub, agencyId: net.agencyId });
    expect((await meAt(secondUrl, token)).data.me.sub).toBe(sub);
    const redis = new Redis(h.config.REDIS_URL);
    try {
      // Redis forgets the epoch (a restart without persistence); then a revocation sets a new one.
      await redis.del(`${h.config.QUEUE_PREFIX}:token-revocation:epoch`);
      expect((await meAt(secondUrl, token)).data.me.sub).toBe(sub);
      await h.ok(net.coordinator, REVOKE, { s: sub });
      expect(code(await meAt(secondUrl, token))).toBe('UNAUTHENTICATED');
      expect(code(await meAt(h.url, token))).toBe('UNAUTHENTICATED');
    } finally {
      redis.disconnect();
    }
  });

  it('only coordinators revoke; a blank subject is BAD_USER_INPUT naming the field', async () => {
    expect(code(await h.gql(net.staff, REVOKE, { s: 'x' }))).toBe('FORBIDDEN');
    expect(code(await h.gql(net.officer, REVOKE, { s: 'x' }))).toBe('FORBIDDEN');
    const auditor = await h.token({ role: Role.AUDITOR, sub: 'auditor-1' });
    expect(code(await h.gql(auditor, REVOKE, { s: 'x' }))).toBe('FORBIDDEN');
    const blank = await h.gql(net.coordinator, REVOKE, { s: '  ' });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subject' });
    const [{ n }] = await h.db.query(`SELECT count(*)::int AS n FROM token_revocation WHERE subject IN ('x', '  ')`);
    expect(n).toBe(0);
  });

  it('a token naming the SERVICE role (the worker) is refused', async () => {
    const service = await h.token({ role: Role.SERVICE, sub: 'service:worker' });
    const r = await h.gql(service, '{ me { sub } }');
    expect(code(r)).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0].message).toMatch(/role/);
  });

  it('an auditor reads the audit trail and its chain, and nothing personal', async () => {
    const referralId = await createReferral(h, net.officer);
    const auditor = await h.token({ role: Role.AUDITOR, sub: 'auditor-1' });
    const log = await h.ok<{ auditEvents: any; auditChain: any; me: any }>(
      auditor,
      '{ me { role } auditEvents(first: 50) { totalCount edges { node { action entityType entityId actor } } } auditChain { ok } }',
    );
    expect(log.me.role).toBe('AUDITOR');
    expect(log.auditChain.ok).toBe(true);
    expect(log.auditEvents.edges.map((e: any) => e.node)).toContainEqual(
      expect.objectContaining({ action: 'CREATE_REFERRAL', entityType: 'referral', entityId: referralId }),
    );
    const refusals: [string, Record<string, unknown>][] = [
      ['query($id: ID!) { referral(id: $id) { initials notes } }', { id: referralId }],
      ['{ referrals(first: 5) { totalCount } }', {}],
      ['query($id: ID!) { shelter(id: $id) { address } }', { id: net.shelterId }],
      ['{ shelters(first: 5) { totalCount } }', {}],
      ['{ holds(first: 5) { totalCount } }', {}],
      ['{ placements(first: 5) { totalCount } }', {}],
      ['{ waitlist(first: 5) { totalCount } }', {}],
      ['{ agencies { id } }', {}],
      ['{ regions { code } }', {}],
    ];
    for (const [q, v] of refusals) {
      const r = await h.gql(auditor, q, v);
      expect([q, code(r)]).toEqual([q, 'FORBIDDEN']);
      expect(r.data ?? null).toBeNull();
    }
  });
});
