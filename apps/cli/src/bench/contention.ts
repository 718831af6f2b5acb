/**
 * `harbour bench contention`: concurrent surges and placement requests against
 * the running API (docs/performance.md, "Concurrent surges"). Writes to the
 * database it runs against: use a database of your own with the HIC import.
 *
 * 1. `rounds` rounds of `parallel` concurrent bulkCreateReferrals of `size`
 *    referrals each: wall time of each call and every error code;
 * 2. one surge of `size` with a requestPlacement sent while it runs: both times;
 * 3. one surge of `regionCount` referrals preferring `region`.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { Role } from '@harbour/domain';
import { HarbourConfig } from '@harbour/platform';
import { mintDevToken } from '../commands/token.command';
import { surgeReferrals } from './surge';

/** Options of {@link benchContention}. */
export interface ContentionOptions {
  url: string;
  rounds: number;
  parallel: number;
  size: number;
  region: string;
  regionCount: number;
}

/** One GraphQL call's outcome: wall time (ms) and the error codes (empty when it succeeded). */
interface Timed {
  ms: number;
  codes: string[];
  reasons: string[];
}

const BULK = `mutation($i: [CreateReferralInput!]!) { bulkCreateReferrals(input: $i) { holdsOffered stillWaiting } }`;

async function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Timed & { data: any }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: { extensions?: { code?: string; reason?: string } }[] };
  const errors = body.errors ?? [];
  return {
    ms: performance.now() - t0,
    codes: errors.map((e) => e.extensions?.code ?? '?'),
    reasons: errors.map((e) => e.extensions?.reason ?? '').filter(Boolean),
    data: body.data,
  };
}

const fmt = (t: Timed) => `${(t.ms / 1000).toFixed(1)} s${t.codes.length ? ` ${t.codes.join(',')}${t.reasons.length ? `(${t.reasons.join(',')})` : ''}` : ''}`;

/** Runs the three measurements and prints one line each; returns nothing (the numbers are the output). */
export async function benchContention(config: HarbourConfig, opts: ContentionOptions): Promise<void> {
  const coordinator = await mintDevToken(config, { role: Role.COORDINATOR, sub: 'bench-coordinator', shelterIds: [], agencyId: null, ttl: '2h' });
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const agency = await post(opts.url, coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
    i: { name: `Contention bench ${tag}`, kind: 'POLICE' },
  });
  if (agency.codes.length) throw new Error(`createAgency failed: ${agency.codes.join(',')}`);
  const officer = await mintDevToken(config, {
    role: Role.REFERRAL_OFFICER,
    sub: 'bench-officer',
    shelterIds: [],
    agencyId: agency.data.createAgency.id,
    ttl: '2h',
  });
  const regions = [opts.region];
  for (let round = 1; round <= opts.rounds; round++) {
    const calls = await Promise.all(
      Array.from({ length: opts.parallel }, (_, k) => post(opts.url, officer, BULK, { i: surgeReferrals(opts.size, regions, `${tag}R${round}P${k}`) })),
    );
    console.log(`round ${round}: ${opts.parallel} concurrent surges of ${opts.size}: ${calls.map(fmt).join(' | ')}`);
  }
  const single = surgeReferrals(1, regions, `${tag}Q`)[0];
  const created = await post(opts.url, officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', { i: single });
  const surge = post(opts.url, officer, BULK, { i: surgeReferrals(opts.size, regions, `${tag}S`) });
  const request = post(opts.url, officer, 'mutation($id: ID!) { requestPlacement(referralId: $id) { __typename } }', { id: created.data.createReferral.id });
  const [s, r] = await Promise.all([surge, request]);
  console.log(`surge of ${opts.size} with a requestPlacement alongside: surge ${fmt(s)}, requestPlacement ${fmt(r)} (${r.data?.requestPlacement?.__typename})`);
  const big = await post(opts.url, officer, BULK, { i: surgeReferrals(opts.regionCount, regions, `${tag}B`) });
  console.log(`surge of ${opts.regionCount} preferring ${opts.region}: ${fmt(big)} (offered ${big.data?.bulkCreateReferrals?.holdsOffered})`);
}
