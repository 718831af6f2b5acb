/**
 * The schema-driven fuzzer (issue 12), seeded, in `npm test`: requests built
 * from schema.gql alone at every root field (test/support/schema-fuzz.ts:
 * hostile strings, edge numbers, huge lists, missing required and unknown
 * fields, wrong variable types, too many variables), sent over real HTTP as
 * every role, anonymous and with a forged token. It fails on any HTTP 5xx,
 * any INTERNAL_SERVER_ERROR or error without a code, and any change to the
 * database across a batch of requests that were all refused (a fingerprint of
 * every table's rows, taken before and after). FUZZ_SEED explores other inputs;
 * FUZZ_REQUESTS sets how many (default 5,000).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { buildSchema } from 'graphql';
import { Role } from '@harbour/domain';
import { Harbour, mintToken } from './support/harbour-harness';
import { createReferral, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';
import { FuzzRequest, requestsFor, rootFields } from './support/schema-fuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 1_765_800_012);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const CONCURRENCY = 24;

/** Codes a refusal may carry: every one a typed 4xx (or the typed, retryable 503). */
const TYPED = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
]);

type Answer = { status: number; data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

describe('schema-driven fuzzer over every root field', () => {
  let h: Harbour;
  let tokens: { role: string; token: string | null }[];
  let ids: string[];
  let fingerprintSql: string;

  beforeAll(async () => {
    h = await Harbour.start('fuzz', {
      worker: false,
      env: { RATE_LIMIT_PER_USER_PER_MINUTE: '0', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0', ASSIGNMENT_TIME_LIMIT_SECONDS: '1' },
    });
    const net = await smallNetwork(h, { beds: 3 });
    const referrals = [await createReferral(h, net.officer), await createReferral(h, net.officer), await createReferral(h, net.officer)];
    const held = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referrals[0] });
    const second = await h.ok<{ requestPlacement: any }>(net.officer, REQUEST_PLACEMENT, { id: referrals[1] });
    const placed = await h.ok<{ confirmArrival: { id: string } }>(net.staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', {
      i: { holdId: second.requestPlacement.hold.id },
    });
    ids = [net.agencyId, net.shelterId, ...net.bedIds, ...referrals, held.requestPlacement.hold.id, placed.confirmArrival.id, net.regionCode];
    tokens = [
      { role: 'COORDINATOR', token: net.coordinator },
      { role: 'SHELTER_STAFF', token: net.staff },
      { role: 'REFERRAL_OFFICER', token: net.officer },
      { role: 'anonymous', token: null },
      // Signed with another secret: refused as UNAUTHENTICATED.
      { role: 'forged', token: await mintToken({ ...h.config, JWT_SECRET: 'not-the-secret-'.repeat(3) }, { role: Role.COORDINATOR, sub: 'coordinator-1' }) },
    ];
    const tables: { name: string }[] = await h.db.query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    fingerprintSql = tables
      .map(
        ({ name }) => `SELECT '${name}' AS t, count(*)::int AS n, md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h FROM "${name}" x`,
      )
      .join(' UNION ALL ');
  }, 60_000);
  afterAll(async () => h?.close());

  /** Every table's row count and a hash of its rows, as the test's own (SERVICE) connection sees them. */
  const fingerprint = async (): Promise<string> => JSON.stringify(await h.db.query(fingerprintSql));

  it(`answers ${REQUESTS} seeded requests with data or a typed 4xx, and a refused batch changes nothing`, async () => {
    const schema = buildSchema(readFileSync(path.join(__dirname, '..', 'schema.gql'), 'utf8'));
    const fields = rootFields(schema);
    const perField = Math.ceil(REQUESTS / fields.length);
    // Every root field gets the same share; requests are interleaved so each batch mixes fields and roles.
    const byField = fields.map(({ operation, field }, i) =>
      fc.sample(fc.tuple(requestsFor(operation, field, ids), fc.nat(tokens.length - 1)), { seed: SEED + i, numRuns: perField }),
    );
    const interleaved: [FuzzRequest, number][] = [];
    for (let k = 0; k < perField; k++) for (const list of byField) interleaved.push(list[k]);
    // Requests that can only be refused (no valid token, or an invalid operation) go in batches of
    // their own, so the fingerprint check covers each of them; the rest are batched as they come.
    const bound = (who: number) => tokens[who].token !== null && tokens[who].role !== 'forged';
    const all = [
      ...interleaved.filter(([r, who]) => !bound(who) || r.kind !== 'variables'),
      ...interleaved.filter(([r, who]) => bound(who) && r.kind === 'variables'),
    ];

    const started = Date.now();
    const failures: string[] = [];
    const covered = new Set<string>();
    const tally = { ok: 0, refused: 0, checkedRefused: 0, batchesChecked: 0 };
    const codes = new Map<string, number>();
    let before = await fingerprint();
    for (let i = 0; i < all.length; i += CONCURRENCY) {
      const batch = all.slice(i, i + CONCURRENCY);
      const answers = await Promise.all(
        batch.map(async ([req, who]) => {
          let res: Response;
          try {
            res = await fetch(h.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...(tokens[who].token ? { authorization: `Bearer ${tokens[who].token}` } : {}) },
              body: JSON.stringify({ query: req.query, variables: req.variables }),
            });
          } catch (e) {
            // A connection the server dropped is a failure like a 5xx.
            return { status: 599, errors: [{ message: `no answer: ${(e as Error).message} ${String((e as Error).cause ?? '')}` }] } as Answer;
          }
          const text = await res.text();
          let body: Answer;
          try {
            body = { ...JSON.parse(text), status: res.status };
          } catch {
            body = { status: res.status, errors: [{ message: `non-JSON answer: ${text.slice(0, 100)}` }] };
          }
          return body;
        }),
      );
      let allRefused = true;
      answers.forEach((a, j) => {
        const [req, who] = batch[j];
        covered.add(req.field);
        const refused = !a.data || a.data[req.field] == null;
        if (refused) tally.refused++;
        else {
          tally.ok++;
          allRefused = false;
        }
        for (const e of a.errors ?? []) codes.set(String(e.extensions?.code), (codes.get(String(e.extensions?.code)) ?? 0) + 1);
        const untyped = (a.errors ?? []).filter((e) => !TYPED.has(e.extensions?.code ?? ''));
        if (a.status >= 500 || untyped.length || (refused && !a.errors?.length)) {
          failures.push(
            `${req.operation} ${req.field} (${req.kind}, as ${tokens[who].role}): HTTP ${a.status} ${JSON.stringify(untyped.length ? untyped : a.errors).slice(0, 300)}\n  query: ${req.query}\n  variables: ${JSON.stringify(req.variables).slice(0, 300)}`,
          );
        }
      });
      const after = await fingerprint();
      if (allRefused) {
        tally.batchesChecked++;
        tally.checkedRefused += batch.length;
        if (after !== before)
          failures.push(`a batch of ${batch.length} refused requests changed the database: ${batch.map(([r]) => `${r.field}(${r.kind})`).join(', ')}`);
      }
      before = after;
      if (failures.length > 20) break;
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `fuzz: seed ${SEED}, ${all.length} requests over ${fields.length} root fields in ${seconds.toFixed(1)} s ` +
        `(${Math.round(all.length / seconds)}/s); ${tally.ok} answered, ${tally.refused} refused, ` +
        `${tally.checkedRefused} of them in ${tally.batchesChecked} all-refused batches checked against the database fingerprint; codes ${JSON.stringify(Object.fromEntries(codes))}`,
    );
    expect(failures).toEqual([]);
    expect(all.length).toBeGreaterThanOrEqual(REQUESTS);
    expect([...covered].sort()).toEqual(fields.map((f) => f.field.name).sort());
    // The properties mean something only if both outcomes happen, and the fingerprint saw many refusals.
    expect(tally.ok).toBeGreaterThan(all.length / 50);
    expect(tally.checkedRefused).toBeGreaterThan(all.length / 5);
  }, 240_000);
});
