/**
 * The access matrix, walked (issue 3): a network where every scope relation
 * exists (own and other shelter, own and other agency, held, placed, waiting,
 * open), then, for every role, every root query with every kind of record it
 * can name, and every path below it in schema.gql (each object type once per
 * path: `referral { placement { hold { shelter { rooms { beds } } } } }`…),
 * every field: allowed → the value the coordinator gets at the same place;
 * denied → null with a FORBIDDEN error at exactly that place; a record outside
 * the role's scope → NOT_FOUND exactly as an unknown id; left out of lists.
 * Then every role × every mutation: FORBIDDEN exactly where the matrix says.
 * Queries and expectations are generated from the schema and the matrix
 * (libs/core/src/identity/access-matrix.ts), so a new field is walked too.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, GraphQLObjectType, GraphQLSchema, isLeafType, isObjectType } from 'graphql';
import { Access, accessOf, AuditChainService, MATRIX_ROLES, ROOT_ACCESS, Scope } from '@harbour/core';
import { Role } from '@harbour/domain';
import { GqlResult, Harbour } from './support/harbour-harness';
import { createReferral, Network, REQUEST_PLACEMENT, smallNetwork } from './support/fixtures';

/** What a record is to the walking roles (staff of S1, officers of agency A). */
interface Relation {
  ownShelter: boolean;
  ownAgency: boolean;
  heldOrPlacedWithOwnShelter: boolean;
  shelterOfOwnAgencyReferral: boolean;
}
const NONE: Relation = { ownShelter: false, ownAgency: false, heldOrPlacedWithOwnShelter: false, shelterOfOwnAgencyReferral: false };

/** Is a record with relation `rel` inside `access` (a matrix cell)? */
function admits(access: Access, rel: Relation): boolean {
  switch (access) {
    case 'ALLOW':
      return true;
    case 'DENY':
      return false;
    case Scope.OWN_SHELTER:
      return rel.ownShelter;
    case Scope.OWN_AGENCY:
      return rel.ownAgency;
    case Scope.HELD_OR_PLACED_WITH_OWN_SHELTER:
      return rel.heldOrPlacedWithOwnShelter;
    case Scope.SHELTER_OF_OWN_AGENCY_REFERRAL:
      return rel.shelterOfOwnAgencyReferral;
  }
}

/** Fields whose value depends on who asks or when (checked for presence, not equality with the coordinator's). */
const PER_CALLER = new Set(['Me.sub', 'Me.role', 'Me.shelterIds', 'Me.agencyId', 'ClockState.now', 'AuditChainStatus.checked', 'AuditChainStatus.unsealed']);
/**
 * Roots whose answer is the caller's own (each role its own inbox: officers their agency's,
 * staff their shelters', coordinators the coordinators'), so not the coordinator's answer:
 * walked for errors and shape only; test/notification-inbox.e2e-spec.ts checks who gets what.
 */
const PER_CALLER_ROOTS = new Set(['myNotifications', 'myUnreadNotificationCount']);
/** List-shape fields: offsets and counts of the caller's own (scoped) list; totalCount is checked against the expected records. */
const LIST_SHAPE = new Set(['cursor', 'endCursor', 'hasNextPage']);
/** The field that tells list elements apart, per type (lists are compared element by element). */
const KEY_FIELD: Record<string, string> = {
  Region: 'code',
  RegionAvailability: 'regionCode',
  WebhookEndpoint: 'url',
  QueueStatus: 'name',
  MatchCandidate: 'roomId',
};

function keyFieldOf(t: GraphQLObjectType): string | null {
  if (KEY_FIELD[t.name]) return KEY_FIELD[t.name];
  return 'id' in t.getFields() ? 'id' : null;
}

/** One object reached at the end of a path: the parent chain of field names from the root field. */
type Path = { fields: string[]; types: GraphQLObjectType[] };

/** Every path below `t` that names each object type at most once (no cycles). */
function pathsBelow(t: GraphQLObjectType, path: Path): Path[] {
  const out: Path[] = [path];
  for (const f of Object.values(t.getFields())) {
    const nt = getNamedType(f.type);
    if (!isObjectType(nt) || path.types.some((p) => p.name === nt.name)) continue;
    out.push(...pathsBelow(nt, { fields: [...path.fields, f.name], types: [...path.types, nt] }));
  }
  return out;
}

/** `{ a b c }` of the leaf fields of `t`, plus the key of each intermediate object. */
function selection(p: Path, depth: number, role: Role): string {
  const t = p.types[depth];
  const key = keyFieldOf(t);
  const nodeField = t.name.endsWith('Edge') ? t.getFields().node : undefined;
  const edgeKey = nodeField ? `node { ${keyFieldOf(getNamedType(nodeField.type) as GraphQLObjectType) ?? '__typename'} }` : '';
  if (depth === p.types.length - 1) {
    const leaves = Object.values(t.getFields())
      .filter((f) => isLeafType(getNamedType(f.type)))
      .map((f) => f.name);
    return `{ __typename ${leaves.join(' ')} ${edgeKey} }`;
  }
  const next = p.fields[depth];
  // The key rides along only where the role may read it (else it would add errors of its own).
  const keySel = key && key !== next && accessOf(role, t.name, key) !== 'DENY' ? key : '';
  return `{ ${keySel} ${edgeKey} ${next} ${selection(p, depth + 1, role)} }`;
}

/** Objects found at the end of `fields` in `data`, each with its place: key (list items by their key field) and raw GraphQL path. */
function objectsAt(root: unknown, rootName: string, fields: string[], types: GraphQLObjectType[]) {
  type Item = { key: string; path: (string | number)[]; value: any };
  let items: Item[] = [];
  const push = (into: Item[], v: any, key: string, path: (string | number)[], t: GraphQLObjectType) => {
    if (Array.isArray(v)) {
      v.forEach((e, i) => {
        const k = e == null ? i : (e[keyFieldOf(t) ?? ''] ?? e.node?.[keyFieldOf(getNamedType(t.getFields().node?.type) as GraphQLObjectType) ?? ''] ?? i);
        into.push({ key: `${key}[${k}]`, path: [...path, i], value: e });
      });
    } else into.push({ key, path, value: v });
  };
  push(items, root, rootName, [rootName], types[0]);
  fields.forEach((f, i) => {
    const next: Item[] = [];
    for (const it of items) if (it.value != null) push(next, it.value[f], `${it.key}.${f}`, [...it.path, f], types[i + 1]);
    items = next;
  });
  return items;
}

function objectTypesOf(schema: GraphQLSchema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__') && t.name !== 'Mutation');
}

describe('access matrix, walked for every role', () => {
  let h: Harbour;
  let schema: GraphQLSchema;
  let n1: Network; // S1 = the staff's own shelter; agency A = the officer's own agency
  let n2: Network; // agency B, shelter S2
  let n3: Network; // shelter S3
  const tokens = {} as Record<Role, string>;
  const ids = {} as Record<string, string>;
  /** Records each root can name, with their relation to the walking roles. */
  let records: Record<string, { id: string; rel: Relation }[]>;
  /** Every record of each list root, with relations (the coordinator's list, labelled). */
  let listRecords: Record<string, { id: string; rel: Relation }[]>;
  const stats = {
    requests: 0,
    allowedValues: 0,
    deniedFields: 0,
    notFound: 0,
    forbiddenRoots: 0,
    mutations: 0,
    cells: new Set<string>(),
    valued: new Set<string>(),
  };

  const gql = async (token: string, q: string, v: Record<string, unknown> = {}) => {
    stats.requests++;
    return h.gql(token, q, v);
  };

  beforeAll(async () => {
    h = await Harbour.start('access_matrix', { worker: false });
    schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
    // A webhook on agency A and S1, so Agency.webhookUrl has a value to withhold.
    n1 = await smallNetwork(h, { beds: 2, webhookUrl: 'http://127.0.0.1:9/harbour-hook' });
    n2 = await smallNetwork(h, { beds: 2 });
    n3 = await smallNetwork(h, { beds: 1 });
    const c = n1.coordinator;
    for (const [i, n] of [n1, n2, n3].entries()) {
      await h.ok(c, 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id } }', {
        id: n.shelterId,
        i: { latitude: 51.5 + i, longitude: -0.12 - i },
      });
    }
    const referral = (officer: string, over: Record<string, unknown>) =>
      createReferral(h, officer, { notes: 'Disclosed a threat from a known associate', preferredRegions: [n1.regionCode], ...over });
    tokens[Role.COORDINATOR] = c;
    tokens[Role.SHELTER_STAFF] = n1.staff;
    tokens[Role.REFERRAL_OFFICER] = n1.officer;
    tokens[Role.AUDITOR] = await h.token({ role: Role.AUDITOR, sub: 'auditor-1' });
    tokens[Role.COMMISSIONER] = await h.token({ role: Role.COMMISSIONER, sub: 'commissioner-1' });
    tokens[Role.SERVICE] = await h.token({ role: Role.SERVICE, sub: 'service:worker' });

    const hold = async (officer: string, referralId: string) => {
      const r = await h.ok<{ requestPlacement: any }>(officer, REQUEST_PLACEMENT, { id: referralId });
      return r.requestPlacement;
    };
    const confirm = async (staff: string, holdId: string) =>
      (await h.ok<{ confirmArrival: { id: string } }>(staff, 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }', { i: { holdId } }))
        .confirmArrival.id;
    // Agency B placed at S3; agency A placed at S1 (with an NRM decision), held at S2, waiting for S3; agency B held at S1, and one open.
    ids.rB1 = await referral(n2.officer, { acceptableRegions: [n3.regionCode] });
    const hB1 = await hold(n2.officer, ids.rB1);
    ids.hB1 = hB1.hold.id;
    ids.pB1 = await confirm(n3.staff, ids.hB1);
    ids.rA1 = await referral(n1.officer, { acceptableRegions: [n1.regionCode] });
    ids.hA1 = (await hold(n1.officer, ids.rA1)).hold.id;
    ids.pA1 = await confirm(n1.staff, ids.hA1);
    await h.ok(n1.officer, 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }', {
      i: { referralId: ids.rA1, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: '2026-01-05' },
    });
    ids.rA2 = await referral(n1.officer, { acceptableRegions: [n2.regionCode] });
    ids.hA2 = (await hold(n1.officer, ids.rA2)).hold.id;
    ids.rB2 = await referral(n2.officer, { acceptableRegions: [n1.regionCode] });
    const hB2 = await hold(n2.officer, ids.rB2);
    expect(hB2.hold.shelter.id).toBe(n1.shelterId);
    ids.hB2 = hB2.hold.id;
    // A recovery-period extension, an accessible room and a bed out of service at S1, so those fields have values to compare.
    await h.ok(n1.staff, 'mutation($i: ExtendRecoveryPeriodInput!) { extendRecoveryPeriod(input: $i) { id } }', {
      i: { placementId: ids.pA1, reason: 'Court date moved', lengthDays: 30 },
    });
    // Leave to remain on the same placement, so its fields have values too.
    await h.ok(n1.staff, 'mutation($i: RecordLeaveInput!) { recordLeave(input: $i) { id } }', {
      i: { placementId: ids.pA1, kind: 'TEMPORARY_PERMISSION_TO_STAY', grantedOn: '2026-01-05' },
    });
    // A step-free room for two, out of service: the household below fits the network (so it waits) but no free bed.
    const step = await h.ok<{ addBeds: { id: string }[] }>(n1.staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
      i: { shelterId: n1.shelterId, roomLabel: 'Step-free', count: 2, accessibilityFeatures: ['STEP_FREE'] },
    });
    for (const bed of step.addBeds) {
      await h.ok(n1.staff, 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }', {
        i: { bedId: bed.id, status: 'OUT_OF_SERVICE', reason: 'Repairs', expectedReturn: '2030-01-01' },
      });
    }
    ids.rA3 = await referral(n1.officer, {
      acceptableRegions: [n1.regionCode],
      dependants: [{ ageBand: 'AGE_18_24', gender: 'FEMALE' }],
      accessibilityNeeds: ['STEP_FREE'],
    });
    const waiting = await hold(n1.officer, ids.rA3);
    expect(waiting.__typename).toBe('Waitlisted');
    ids.wA3 = waiting.entry.id;
    ids.rB3 = await referral(n2.officer, { dependants: [{ ageBand: 'UNDER_18', gender: null }] });
    // Open, own agency, and S2 still has a free bed: matchCandidates has something to show.
    ids.rA4 = await referral(n1.officer, { exclusionRegions: [n3.regionCode] });
    await h.ok(c, 'mutation { createAlertRule(input: { category: ALL, threshold: 1000 }) { id } }');
    // Seal the audit trail so far (the worker would), so chain positions and hashes have values to compare.
    const chain = new AuditChainService(h.db, h.config);
    while ((await chain.seal()) > 0);

    const own = (over: Partial<Relation>): Relation => ({ ...NONE, ...over });
    const referrals = {
      rA1: own({ ownAgency: true, ownShelter: true, heldOrPlacedWithOwnShelter: true }),
      rA2: own({ ownAgency: true }),
      rA3: own({ ownAgency: true }),
      rB1: NONE,
      rB2: own({ ownShelter: true, heldOrPlacedWithOwnShelter: true }),
      rB3: NONE,
      rA4: own({ ownAgency: true }),
    };
    const shelters = [
      { id: n1.shelterId, rel: own({ ownShelter: true, shelterOfOwnAgencyReferral: true }) },
      { id: n2.shelterId, rel: own({ shelterOfOwnAgencyReferral: true }) },
      { id: n3.shelterId, rel: NONE },
    ];
    const holds = [
      { id: ids.hA1, rel: own({ ownShelter: true, ownAgency: true }) },
      { id: ids.hA2, rel: own({ ownAgency: true }) },
      { id: ids.hB1, rel: NONE },
      { id: ids.hB2, rel: own({ ownShelter: true }) },
    ];
    const placements = [
      { id: ids.pA1, rel: own({ ownShelter: true, ownAgency: true }) },
      { id: ids.pB1, rel: NONE },
    ];
    const refList = Object.entries(referrals).map(([k, rel]) => ({ id: ids[k], rel }));
    records = {
      referral: refList,
      placement: placements,
      shelter: shelters,
      matchCandidates: [
        { id: ids.rA4, rel: referrals.rA4 },
        { id: ids.rB3, rel: NONE },
      ],
    };
    listRecords = {
      referrals: refList,
      holds,
      placements,
      shelters,
      waitlist: [{ id: ids.wA3, rel: own({ ownAgency: true }) }],
    };
  }, 60_000);
  afterAll(async () => {
    console.log(
      `access matrix walk: ${stats.requests} requests; ${stats.allowedValues} allowed values checked, ${stats.deniedFields} denied fields, ` +
        `${stats.notFound} NOT_FOUND records, ${stats.forbiddenRoots} FORBIDDEN roots, ${stats.mutations} role × mutation cells; ` +
        `${stats.cells.size} distinct role × type × field cells seen`,
    );
    await h?.close();
  });

  /** Arguments of each root query, per record it names (null: the root takes no record). */
  function rootCases(name: string): { args: string; vars: Record<string, unknown>; record: { id: string; rel: Relation } | null }[] {
    const one = (arg: string) => records[name].map((r) => ({ args: `(${arg}: $id)`, vars: { id: r.id }, record: r }));
    switch (name) {
      case 'referral':
      case 'placement':
      case 'shelter':
        return one('id');
      case 'matchCandidates':
        return one('referralId');
      // (first: 8 keeps the deepest paths under the query cost limit; no list here has more records.)
      case 'failedJobs':
        return [{ args: '(queue: "waitlist")', vars: {}, record: null }];
      case 'report':
        return [{ args: '(input: { from: "2026-01-01", to: "2026-12-31", groupBy: [REGION] })', vars: {}, record: null }];
      case 'auditEvents':
        return [{ args: '(first: 8, entityType: "agency")', vars: {}, record: null }];
      default: {
        const f = schema.getQueryType()!.getFields()[name];
        return [{ args: f.args.some((a) => a.name === 'first') ? '(first: 8)' : '', vars: {}, record: null }];
      }
    }
  }

  const varDecl = (vars: Record<string, unknown>) => ('id' in vars ? '($id: ID!)' : '');

  it('walks every role through every root query, path and field exactly as the matrix says', async () => {
    const queryFields = schema.getQueryType()!.getFields();
    expect(Object.keys(queryFields).sort()).toEqual(Object.keys(ROOT_ACCESS.Query).sort());
    const problems: string[] = [];
    const tasks: (() => Promise<void>)[] = [];
    for (const rootName of Object.keys(queryFields).sort()) {
      const rootType = getNamedType(queryFields[rootName].type);
      const paths: Path[] = isObjectType(rootType) ? pathsBelow(rootType, { fields: [], types: [rootType] }) : [];
      for (const c of rootCases(rootName))
        tasks.push(async () => {
          // The coordinator's answer at every path is the reference for every other role.
          const reference = new Map<string, GqlResult>();
          const query = (p: Path | null, role: Role) => `query${varDecl(c.vars)} { ${rootName}${c.args} ${p ? selection(p, 0, role) : ''} }`;
          for (const p of paths.length ? paths : [null]) {
            reference.set(p ? p.fields.join('.') : '', await gql(tokens[Role.COORDINATOR], query(p, Role.COORDINATOR), c.vars));
          }
          for (const role of MATRIX_ROLES) {
            const where = `${role} ${rootName}${
              c.record
                ? `(${
                    Object.entries(c.record.rel)
                      .filter(([, v]) => v)
                      .map(([k]) => k)
                      .join(',') || 'unrelated'
                  })`
                : ''
            }`;
            const cell = accessOf(role, 'Query', rootName)!;
            if (role === Role.SERVICE) {
              // The worker's identity never logs in: its token is refused before the matrix is read.
              const r = await gql(tokens[role], query(paths[0] ?? null, role), c.vars);
              if (r.errors?.[0]?.extensions?.code !== 'UNAUTHENTICATED' || r.data) problems.push(`${where}: SERVICE token not refused`);
              continue;
            }
            if (cell === 'DENY') {
              const r = await gql(tokens[role], query(paths[0] ?? null, role), c.vars);
              stats.forbiddenRoots++;
              if (r.errors?.[0]?.extensions?.code !== 'FORBIDDEN' || r.data)
                problems.push(`${where}: expected FORBIDDEN, got ${JSON.stringify(r).slice(0, 300)}`);
              continue;
            }
            if (c.record && !admits(cell, c.record.rel)) {
              // Outside the scope: answered exactly as an id that does not exist.
              const p0 = paths[0] ?? null;
              const r = await gql(tokens[role], query(p0, role), c.vars);
              const unknownId = randomUUID();
              const unknown = await gql(tokens[role], query(p0, role), { id: unknownId });
              stats.notFound++;
              const same = JSON.stringify(r).split(c.record.id).join('<id>') === JSON.stringify(unknown).split(unknownId).join('<id>');
              if (r.errors?.[0]?.extensions?.code !== 'NOT_FOUND' || r.data || !same) {
                problems.push(
                  `${where}: expected NOT_FOUND as for an unknown id, got ${JSON.stringify(r).slice(0, 300)} vs ${JSON.stringify(unknown).slice(0, 200)}`,
                );
              }
              continue;
            }
            if (PER_CALLER_ROOTS.has(rootName)) {
              for (const p of paths.length ? paths : [null]) {
                const r = await gql(tokens[role], query(p, role), c.vars);
                stats.cells.add(`${role} Query.${rootName}`);
                if (r.errors?.length || r.data?.[rootName] == null) problems.push(`${where} ${p?.fields.join('.') ?? ''}: ${JSON.stringify(r).slice(0, 300)}`);
              }
              continue;
            }
            for (const p of paths.length ? paths : [null]) {
              const ref = reference.get(p ? p.fields.join('.') : '')!;
              if (ref.errors?.length) {
                problems.push(`COORDINATOR ${rootName} ${p?.fields.join('.')}: ${JSON.stringify(ref.errors).slice(0, 300)}`);
                continue;
              }
              if (!p) {
                // A leaf root (scalar or list of scalars): same answer as the coordinator.
                const r = await gql(tokens[role], query(null, role), c.vars);
                stats.cells.add(`${role} Query.${rootName}`);
                if (JSON.stringify(r.data) !== JSON.stringify(ref.data)) problems.push(`${where}: ${JSON.stringify(r)} vs ${JSON.stringify(ref)}`);
                continue;
              }
              // A path through a denied object field stops at that field (walked by the shorter path).
              const deniedAt = p.fields.findIndex((f, i) => accessOf(role, p.types[i].name, f) === 'DENY');
              if (deniedAt >= 0 && deniedAt < p.fields.length - 1) continue;
              const r = role === Role.COORDINATOR ? ref : await gql(tokens[role], query(p, role), c.vars);
              const explained = new Set<string>();
              if (deniedAt >= 0 && deniedAt === p.fields.length - 1) {
                // The path ends at a denied object field: null, and FORBIDDEN right there.
                const parents = objectsAt(r.data?.[rootName], rootName, p.fields.slice(0, -1), p.types);
                const field = p.fields[p.fields.length - 1];
                for (const it of parents) {
                  if (it.value == null) continue;
                  const at = [...it.path, field];
                  stats.deniedFields++;
                  stats.cells.add(`${role} ${p.types[deniedAt].name}.${field}`);
                  explained.add(JSON.stringify(at));
                  if (it.value[field] !== null) problems.push(`${where} ${at.join('.')}: denied object field has a value`);
                }
              } else {
                const t = p.types[p.types.length - 1];
                const mine = objectsAt(r.data?.[rootName], rootName, p.fields, p.types);
                const theirs = new Map(objectsAt(ref.data?.[rootName], rootName, p.fields, p.types).map((it) => [it.key, it]));
                // A scoped list at the root holds exactly the records of the scope.
                if (p.fields[0] === 'edges' && listRecords[rootName] && p.fields.length === 2) {
                  const expected = listRecords[rootName]
                    .filter((rec) => admits(cell, rec.rel))
                    .map((rec) => rec.id)
                    .sort();
                  const got = (r.data?.[rootName].edges ?? []).map((e: any) => e.node.id).sort();
                  if (JSON.stringify(got) !== JSON.stringify(expected))
                    problems.push(`${where}: list ${JSON.stringify(got)} expected ${JSON.stringify(expected)}`);
                }
                if (p.fields.length === 0 && listRecords[rootName]) {
                  const expected = listRecords[rootName].filter((rec) => admits(cell, rec.rel)).length;
                  if (r.data?.[rootName].totalCount !== expected) problems.push(`${where}: totalCount ${r.data?.[rootName].totalCount} expected ${expected}`);
                }
                for (const it of mine) {
                  if (it.value == null) continue;
                  const other = theirs.get(it.key);
                  if (!other) {
                    problems.push(`${where} ${it.key}: seen by ${role} but not by the coordinator`);
                    continue;
                  }
                  for (const [field, value] of Object.entries(it.value)) {
                    const def = t.getFields()[field];
                    if (!def || !isLeafType(getNamedType(def.type))) continue; // keys of the next level
                    const access = accessOf(role, t.name, field);
                    stats.cells.add(`${role} ${t.name}.${field}`);
                    if (access === 'DENY') {
                      stats.deniedFields++;
                      explained.add(JSON.stringify([...it.path, field]));
                      if (value !== null) problems.push(`${where} ${it.key}.${field}: denied but returned ${JSON.stringify(value)}`);
                    } else if (PER_CALLER.has(`${t.name}.${field}`) || LIST_SHAPE.has(field) || (field === 'totalCount' && listRecords[rootName])) {
                      if (value === undefined) problems.push(`${where} ${it.key}.${field}: missing`);
                      if (value !== null) stats.valued.add(`${t.name}.${field}`);
                    } else {
                      stats.allowedValues++;
                      if (value !== null && !(Array.isArray(value) && value.length === 0)) stats.valued.add(`${t.name}.${field}`);
                      if (JSON.stringify(value) !== JSON.stringify(other.value[field])) {
                        problems.push(`${where} ${it.key}.${field}: ${JSON.stringify(value)} but the coordinator sees ${JSON.stringify(other.value[field])}`);
                      }
                    }
                  }
                }
                // Nothing the role may see is missing: every record of the reference inside the role's scope is there.
                const mineKeys = new Set(mine.filter((it) => it.value != null).map((it) => it.key));
                const rootList = listRecords[rootName];
                for (const [key, it] of theirs) {
                  if (it.value == null || mineKeys.has(key)) continue;
                  const rootId = /\.edges\[([^\]]+)\]/.exec(key)?.[1];
                  const rec = rootList?.find((x) => x.id === rootId);
                  if (rootList && rec && !admits(cell, rec.rel)) continue; // another record of a scoped list
                  if (rootList && !rec) continue;
                  problems.push(`${where} ${key}: the coordinator sees it, ${role} does not`);
                }
              }
              for (const e of r.errors ?? []) {
                const at = JSON.stringify(e.path);
                if (!explained.has(at) || e.extensions?.code !== 'FORBIDDEN')
                  problems.push(`${where} ${p.fields.join('.')}: unexpected error ${JSON.stringify(e).slice(0, 300)}`);
                explained.delete(at);
              }
              for (const missing of explained) problems.push(`${where}: no FORBIDDEN error at ${missing}`);
            }
          }
        });
    }
    // Root cases run a few at a time (each its own requests, in order within it).
    const queue = [...tasks];
    await Promise.all(
      [1, 2, 3, 4].map(async () => {
        for (let t = queue.shift(); t; t = queue.shift()) await t();
      }),
    );
    expect(problems).toEqual([]);
    const neverValued = objectTypesOf(schema).flatMap((t) =>
      Object.values(t.getFields())
        .filter((f) => isLeafType(getNamedType(f.type)) && !stats.valued.has(`${t.name}.${f.name}`))
        .map((f) => `${t.name}.${f.name}`),
    );

    console.log(`leaf fields never seen with a value (empty in this network): ${neverValued.join(', ')}`);
    // Nested paths of the issue were really walked, for each role that may reach them.
    for (const cell of [
      'REFERRAL_OFFICER Shelter.address',
      'SHELTER_STAFF Shelter.address',
      'REFERRAL_OFFICER Shelter.rooms',
      'COORDINATOR Bed.label',
      'SHELTER_STAFF Bed.label',
      'REFERRAL_OFFICER Agency.webhookUrl',
      'SHELTER_STAFF Referral.notes',
      'AUDITOR AuditEvent.actor',
    ]) {
      expect([cell, stats.cells.has(cell)]).toEqual([cell, true]);
    }
  }, 120_000);

  it('lets every role use exactly the mutations the matrix allows: FORBIDDEN, with nothing written, for the rest', async () => {
    const mutationFields = schema.getMutationType()!.getFields();
    expect(Object.keys(mutationFields).sort()).toEqual(Object.keys(ROOT_ACCESS.Mutation).sort());
    const tag = () => randomUUID().slice(0, 8);
    const unknown = () => randomUUID();
    let policyProbe = 0;
    const referralInput = (role: Role) => ({
      agencyReference: `M-${tag()}`,
      initials: 'MX',
      ageBand: 'AGE_25_34',
      gender: 'FEMALE',
      consentGiven: true,
      ...(role === Role.COORDINATOR ? { agencyId: n1.agencyId } : {}),
    });
    /**
     * One probe per mutation: `made` ones really run for an allowed role (and
     * must succeed); `unknown` ones name a record that does not exist, so an
     * allowed role gets past the matrix to the service's NOT_FOUND.
     */
    const probes: Record<string, { doc: string; vars: (role: Role) => Record<string, unknown>; outcome: 'made' | 'unknown' }> = {
      acknowledgeAlert: { doc: 'mutation($id: ID!) { acknowledgeAlert(alertId: $id) { id } }', vars: () => ({ id: unknown() }), outcome: 'unknown' },
      acknowledgeEscalation: {
        doc: 'mutation($id: ID!) { acknowledgeEscalation(escalationId: $id) { id } }',
        vars: () => ({ id: unknown() }),
        outcome: 'unknown',
      },
      addBeds: {
        doc: 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }',
        vars: () => ({ i: { shelterId: unknown(), roomLabel: 'Probe', count: 1 } }),
        outcome: 'unknown',
      },
      acceptHold: { doc: 'mutation($id: ID!) { acceptHold(holdId: $id) { id } }', vars: () => ({ id: unknown() }), outcome: 'unknown' },
      addNrmPolicyVersion: {
        doc: 'mutation($i: AddNrmPolicyVersionInput!) { addNrmPolicyVersion(input: $i) { id } }',
        vars: () => ({
          i: {
            jurisdiction: 'WALES',
            effectiveFrom: `2090-01-${String(10 + policyProbe++).padStart(2, '0')}`,
            recoveryPeriodStart: 'POSITIVE_RG',
            recoveryPeriodDays: 30,
            supportContinuesUntilCg: true,
            rgTargetWorkingDays: 5,
            cgMinimumGapDays: 30,
            moveOnDays: 45,
            moveOnExtendable: true,
            negativeDecisionSupportWorkingDays: 9,
            placeOfSafetyMaxWorkingDays: 3,
            source: 'Access probe',
          },
        }),
        outcome: 'made',
      },
      advanceClock: { doc: 'mutation { advanceClock(hours: 0) }', vars: () => ({}), outcome: 'made' },
      closeAssignmentWindows: { doc: 'mutation { closeAssignmentWindows(holdForSeconds: 0) }', vars: () => ({}), outcome: 'made' },
      bulkCreateReferrals: {
        doc: 'mutation($i: [CreateReferralInput!]!) { bulkCreateReferrals(input: $i) { stillWaiting } }',
        vars: (r) => ({ i: [referralInput(r)] }),
        outcome: 'made',
      },
      claimEscalation: { doc: 'mutation($id: ID!) { claimEscalation(escalationId: $id) { id } }', vars: () => ({ id: unknown() }), outcome: 'unknown' },
      confirmArrival: {
        doc: 'mutation($i: ConfirmArrivalInput!) { confirmArrival(input: $i) { id } }',
        vars: () => ({ i: { holdId: unknown() } }),
        outcome: 'unknown',
      },
      correctDecision: {
        doc: 'mutation($i: CorrectDecisionInput!) { correctDecision(input: $i) { id } }',
        vars: () => ({ i: { referralId: unknown(), type: 'REASONABLE_GROUNDS', decidedOn: '2026-01-05', reason: 'Probe' } }),
        outcome: 'unknown',
      },
      createAgency: {
        doc: 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }',
        vars: () => ({ i: { name: `Probe ${tag()}`, kind: 'NGO' } }),
        outcome: 'made',
      },
      createAlertRule: { doc: 'mutation { createAlertRule(input: { category: FAMILY, threshold: 1 }) { id } }', vars: () => ({}), outcome: 'made' },
      createReferral: {
        doc: 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }',
        vars: (r) => ({ i: referralInput(r) }),
        outcome: 'made',
      },
      createRegion: { doc: 'mutation($c: String!) { createRegion(code: $c) { code } }', vars: () => ({ c: `P-${tag()}` }), outcome: 'made' },
      createShelter: {
        doc: 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }',
        vars: () => ({
          i: {
            codeName: `PROBE-${tag()}`,
            regionCode: n1.regionCode,
            genderPolicy: 'MIXED',
            acceptsFamilies: false,
            acceptsMinors: false,
            languages: ['en'],
            specialisms: [],
          },
        }),
        outcome: 'made',
      },
      declineHold: {
        doc: 'mutation($id: ID!) { declineHold(holdId: $id, reasonCode: NO_ROOM_FOR_HOUSEHOLD) { id } }',
        vars: () => ({ id: unknown() }),
        outcome: 'unknown',
      },
      deleteNrmPolicyVersion: { doc: 'mutation($id: ID!) { deleteNrmPolicyVersion(id: $id) { id } }', vars: () => ({ id: unknown() }), outcome: 'unknown' },
      endPlacement: {
        doc: 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }',
        vars: () => ({ i: { placementId: unknown(), exitReason: 'OTHER' } }),
        outcome: 'unknown',
      },
      markNotificationActed: { doc: 'mutation($id: ID!) { markNotificationActed(id: $id) { id } }', vars: () => ({ id: unknown() }), outcome: 'unknown' },
      markNotificationRead: { doc: 'mutation($id: ID!) { markNotificationRead(id: $id) { id } }', vars: () => ({ id: unknown() }), outcome: 'unknown' },
      extendRecoveryPeriod: {
        doc: 'mutation($i: ExtendRecoveryPeriodInput!) { extendRecoveryPeriod(input: $i) { id } }',
        vars: () => ({ i: { placementId: unknown(), reason: 'Probe' } }),
        outcome: 'unknown',
      },
      recordDecision: {
        doc: 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }',
        vars: () => ({ i: { referralId: unknown(), type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: '2026-01-05' } }),
        outcome: 'unknown',
      },
      recordLeave: {
        doc: 'mutation($i: RecordLeaveInput!) { recordLeave(input: $i) { id } }',
        vars: () => ({ i: { placementId: unknown(), kind: 'TEMPORARY_PERMISSION_TO_STAY', grantedOn: '2026-01-05' } }),
        outcome: 'unknown',
      },
      recordNrmReferral: {
        doc: 'mutation($i: RecordNrmReferralInput!) { recordNrmReferral(input: $i) { id } }',
        vars: () => ({ i: { placementId: unknown() } }),
        outcome: 'unknown',
      },
      recordRecoveryNeedsAssessment: {
        doc: 'mutation($i: RecordRecoveryNeedsAssessmentInput!) { recordRecoveryNeedsAssessment(input: $i) { id } }',
        vars: () => ({ i: { placementId: unknown(), extensionDays: 14, reason: 'Probe' } }),
        outcome: 'unknown',
      },
      requestPlacement: { doc: REQUEST_PLACEMENT, vars: () => ({ id: unknown() }), outcome: 'unknown' },
      resumeWebhook: { doc: 'mutation { resumeWebhook(url: "http://127.0.0.1:9/probe") { requeued } }', vars: () => ({}), outcome: 'made' },
      retryFailedJobs: { doc: 'mutation { retryFailedJobs(queue: "waitlist") }', vars: () => ({}), outcome: 'made' },
      revokeTokens: { doc: 'mutation($s: String!) { revokeTokens(subject: $s) { minVersion } }', vars: () => ({ s: `probe-${tag()}` }), outcome: 'made' },
      setBedStatus: {
        doc: 'mutation($i: SetBedStatusInput!) { setBedStatus(input: $i) { id } }',
        vars: () => ({ i: { bedId: unknown(), status: 'AVAILABLE' } }),
        outcome: 'unknown',
      },
      setRegionCoordinatorEmails: {
        doc: 'mutation($c: String!, $e: [String!]!) { setRegionCoordinatorEmails(regionCode: $c, emails: $e) { code } }',
        vars: () => ({ c: `NOWHERE-${tag()}`, e: ['lead@region.example'] }),
        outcome: 'unknown',
      },
      testWebhook: { doc: 'mutation { testWebhook(url: "http://127.0.0.1:9/probe") { ok } }', vars: () => ({}), outcome: 'made' },
      updateAgency: {
        doc: 'mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { id } }',
        vars: () => ({ i: { id: unknown(), email: 'duty@agency.example' } }),
        outcome: 'unknown',
      },
      updateNrmPolicyVersion: {
        doc: 'mutation($i: UpdateNrmPolicyVersionInput!) { updateNrmPolicyVersion(input: $i) { id } }',
        vars: () => ({
          i: {
            id: unknown(),
            effectiveFrom: '2090-02-01',
            recoveryPeriodStart: 'POSITIVE_RG',
            recoveryPeriodDays: 30,
            supportContinuesUntilCg: true,
            rgTargetWorkingDays: 5,
            cgMinimumGapDays: 30,
            moveOnDays: 45,
            moveOnExtendable: true,
            negativeDecisionSupportWorkingDays: 9,
            placeOfSafetyMaxWorkingDays: 3,
            source: 'Access probe',
          },
        }),
        outcome: 'unknown',
      },
      updateShelter: {
        doc: 'mutation($id: ID!, $i: UpdateShelterInput!) { updateShelter(id: $id, input: $i) { id } }',
        vars: () => ({ id: unknown(), i: { contactLine: '0800 111 111' } }),
        outcome: 'unknown',
      },
      withdrawReferral: { doc: 'mutation($id: ID!) { withdrawReferral(referralId: $id) { id } }', vars: () => ({ id: unknown() }), outcome: 'unknown' },
    };
    expect(Object.keys(probes).sort()).toEqual(Object.keys(mutationFields).sort());
    const problems: string[] = [];
    const written = async () => (await h.db.query('SELECT count(*)::int AS n FROM audit_event'))[0].n as number;
    for (const name of Object.keys(probes).sort()) {
      const probe = probes[name];
      for (const role of MATRIX_ROLES) {
        const cell = accessOf(role, 'Mutation', name)!;
        const before = await written();
        const r = await gql(tokens[role], probe.doc, probe.vars(role));
        stats.mutations++;
        const got = r.errors?.[0]?.extensions?.code ?? 'OK';
        const expected = role === Role.SERVICE ? 'UNAUTHENTICATED' : cell === 'DENY' ? 'FORBIDDEN' : probe.outcome === 'made' ? 'OK' : 'NOT_FOUND';
        if (got !== expected) problems.push(`${role} ${name} (${cell}): ${got}, expected ${expected}: ${JSON.stringify(r.errors ?? r.data).slice(0, 200)}`);
        if (expected !== 'OK' && (r.data || (await written()) !== before)) problems.push(`${role} ${name}: refused but wrote or answered something`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
