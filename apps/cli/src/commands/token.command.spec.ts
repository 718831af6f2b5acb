import { jwtVerify } from 'jose';
import { Role } from '@harbour/domain';
import { loadConfig } from '@harbour/platform/config/config';
import { CliError } from '../cli-support';
import { mintDevToken } from './token.command';

const config = loadConfig({ JWT_SECRET: 'x'.repeat(40), JWT_ISSUER: 'harbour-test', JWT_AUDIENCE: 'harbour-api-test' });

/** Verifies a token with the real jose (HS256, JWT_SECRET, issuer, audience) and returns header and payload. */
async function verify(token: string): Promise<{ header: Record<string, unknown>; payload: Record<string, any> }> {
  const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(config.JWT_SECRET), {
    issuer: 'harbour-test',
    audience: 'harbour-api-test',
    algorithms: ['HS256'],
  });
  return { header: protectedHeader as Record<string, unknown>, payload };
}

const S1 = '11111111-1111-4111-8111-111111111111';
const S2 = '22222222-2222-4222-8222-222222222222';
const A1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

describe('mintDevToken', () => {
  it('mints an HS256 token with issuer, audience, role, scope and exp', async () => {
    const now = new Date();
    const token = await mintDevToken(
      config,
      {
        role: Role.SHELTER_STAFF,
        sub: 'u-1',
        shelterIds: [S1, S2],
        agencyId: null,
        ttl: '8h',
      },
      now,
    );
    const { header, payload } = await verify(token);
    expect(header.alg).toBe('HS256');
    expect(payload.iat).toBe(Math.floor(now.getTime() / 1000));
    expect(payload).toMatchObject({ sub: 'u-1', role: 'SHELTER_STAFF', shelterIds: [S1, S2], agencyId: null });
    expect(payload.exp - payload.iat).toBe(8 * 3600);
  });

  it('carries the agency of a referral officer', async () => {
    const token = await mintDevToken(config, { role: Role.REFERRAL_OFFICER, sub: 'r', shelterIds: [], agencyId: A1, ttl: '30m' });
    const { payload } = await verify(token);
    expect(payload).toMatchObject({ role: 'REFERRAL_OFFICER', agencyId: A1, shelterIds: [] });
    expect(payload.exp - payload.iat).toBe(1800);
  });

  it('carries the token version (ver), 0 by default', async () => {
    const plain = await verify(await mintDevToken(config, { role: Role.AUDITOR, sub: 'a', shelterIds: [], agencyId: null, ttl: '1h' }));
    expect(plain.payload).toMatchObject({ role: 'AUDITOR', ver: 0 });
    const v3 = await verify(await mintDevToken(config, { role: Role.COORDINATOR, sub: 'c', shelterIds: [], agencyId: null, ttl: '1h', version: 3 }));
    expect(v3.payload.ver).toBe(3);
  });

  it.each([
    [{ role: Role.COORDINATOR, version: -1 }, /--version/],
    [{ role: Role.COORDINATOR, version: Number.NaN }, /--version/],
    [{ role: Role.SHELTER_STAFF, shelterIds: [] }, /needs at least one --shelter/],
    [{ role: Role.REFERRAL_OFFICER, agencyId: null }, /needs --agency/],
    [{ role: Role.COORDINATOR, shelterIds: ['s'] }, /only for SHELTER_STAFF/],
    [{ role: Role.COORDINATOR, ttl: '8 hours' }, /not a time span/],
    [{ role: Role.SERVICE }, /--role must be one of/],
    [{ role: Role.REFERRAL_OFFICER, agencyId: 'not-a-uuid' }, /is not an id/],
  ])('refuses %j', async (override, message) => {
    const req = { sub: 's', shelterIds: [], agencyId: null, ttl: '8h', ...override } as Parameters<typeof mintDevToken>[1];
    await expect(mintDevToken(config, req)).rejects.toThrow(message);
    await expect(mintDevToken(config, req)).rejects.toBeInstanceOf(CliError);
  });

  it('is refused in production', async () => {
    await expect(
      mintDevToken({ ...config, NODE_ENV: 'production' }, { role: Role.COORDINATOR, sub: 's', shelterIds: [], agencyId: null, ttl: '1h' }),
    ).rejects.toThrow(/NODE_ENV=production/);
  });
});
