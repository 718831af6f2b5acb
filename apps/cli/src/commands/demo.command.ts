import { Command } from 'commander';
import { Role } from '@harbour/domain';
import { loadConfig } from '@harbour/platform/config/config';
import type { HarbourConfig } from '@harbour/platform/config/config';
import { GraphQLClient } from '../replay/graphql-client';
import { action } from '../cli-support';
import { mintDevToken, TOKEN_ROLES } from './token.command';

/** Names of what the demo builds (found again, not duplicated, on a second run). */
export const DEMO = {
  regionCode: 'DEMO',
  agencyName: 'Demo police',
  shelterCodeName: 'DEMO-HARBOUR',
  beds: 3,
  officerSub: 'demo-officer',
  staffSub: 'demo-staff',
  coordinatorSub: 'demo-coordinator',
} as const;

/** What `harbour demo` made and the tokens to act with. */
export interface DemoSession {
  graphqlUrl: string;
  regionCode: string;
  agencyId: string;
  shelterId: string;
  referralId: string;
  coordinator: string;
  officer: string;
  staff: string;
}

/**
 * Builds (or finds) a small named network through the running API: region
 * DEMO, agency "Demo police", shelter DEMO-HARBOUR (women only, 3 beds in one
 * room), and a new OPEN referral from that agency, so that the officer and
 * the staff member it mints tokens for act on the same referral: the only
 * shelter that can take it is theirs. Rerunnable: what an earlier run left
 * (see {@link endPreviousDemo}) is ended first, so the shelter's beds are free
 * for the new referral. Tokens last `ttl` (development tokens: refused when
 * NODE_ENV=production).
 */
export async function runDemo(config: HarbourConfig, graphqlUrl: string, ttl = '8h'): Promise<DemoSession> {
  const token = (role: (typeof TOKEN_ROLES)[number], sub: string, scope: { shelterIds?: string[]; agencyId?: string } = {}) =>
    mintDevToken(config, { role, sub, shelterIds: scope.shelterIds ?? [], agencyId: scope.agencyId ?? null, ttl });
  const gql = new GraphQLClient(graphqlUrl);
  const coordinator = await token(Role.COORDINATOR, DEMO.coordinatorSub);

  const regions = await gql.request(coordinator, '{ regions { code } }');
  if (!regions.regions.some((r: { code: string }) => r.code === DEMO.regionCode)) {
    await gql.request(coordinator, 'mutation($c: String!) { createRegion(code: $c, name: "Demo region") { code } }', { c: DEMO.regionCode });
  }
  const agencies = await gql.request(coordinator, '{ agencies { id name } }');
  let agencyId: string | undefined = agencies.agencies.find((a: { name: string }) => a.name === DEMO.agencyName)?.id;
  if (!agencyId) {
    const made = await gql.request(coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
      i: { name: DEMO.agencyName, kind: 'POLICE' },
    });
    agencyId = made.createAgency.id as string;
  }
  const shelters = await gql.request(coordinator, 'query($r: String) { shelters(first: 50, regionCode: $r) { edges { node { id codeName } } } }', {
    r: DEMO.regionCode,
  });
  let shelterId: string | undefined = shelters.shelters.edges.find((e: { node: { codeName: string } }) => e.node.codeName === DEMO.shelterCodeName)?.node.id;
  if (!shelterId) {
    const made = await gql.request(coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
      i: {
        codeName: DEMO.shelterCodeName,
        regionCode: DEMO.regionCode,
        genderPolicy: 'WOMEN_ONLY',
        acceptsFamilies: true,
        languages: ['en'],
        specialisms: ['SEXUAL', 'LABOUR', 'DOMESTIC_SERVITUDE'],
      },
    });
    shelterId = made.createShelter.id as string;
    const staffForBeds = await token(Role.SHELTER_STAFF, DEMO.staffSub, { shelterIds: [shelterId] });
    await gql.request(staffForBeds, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
      i: { shelterId, roomLabel: 'Room 1', count: DEMO.beds },
    });
  }
  const officer = await token(Role.REFERRAL_OFFICER, DEMO.officerSub, { agencyId });
  const staff = await token(Role.SHELTER_STAFF, DEMO.staffSub, { shelterIds: [shelterId] });
  await endPreviousDemo(gql, officer, staff, shelterId);
  const referral = await gql.request(officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', {
    i: {
      agencyReference: `DEMO-${Date.now().toString(36).toUpperCase()}`,
      initials: 'XX',
      ageBand: 'AGE_25_34',
      gender: 'FEMALE',
      languages: ['en'],
      exploitationTypes: ['SEXUAL'],
      urgency: 'URGENT',
      consentGiven: true,
      acceptableRegions: [DEMO.regionCode],
    },
  });
  return { graphqlUrl, regionCode: DEMO.regionCode, agencyId, shelterId, referralId: referral.createReferral.id, coordinator, officer, staff };
}

/** Most records of one kind an earlier demo run's clean-up ends (pages of 100). */
const MAX_DEMO_CLEANUP = 1000;

/**
 * Ends what earlier demo runs left, through the API: the demo agency's
 * referrals not yet placed (OPEN, WAITLISTED, HELD) are withdrawn (their holds
 * are cancelled), then the demo shelter's ACTIVE placements end (MOVED_ON,
 * today). Only the demo agency's and the demo shelter's records are touched.
 * @returns how many referrals were withdrawn and placements ended.
 */
export async function endPreviousDemo(gql: GraphQLClient, officer: string, staff: string, shelterId: string): Promise<{ withdrawn: number; ended: number }> {
  let withdrawn = 0;
  for (const status of ['HELD', 'WAITLISTED', 'OPEN']) {
    while (withdrawn < MAX_DEMO_CLEANUP) {
      const page = await gql.request(officer, 'query($s: ReferralStatus) { referrals(first: 100, status: $s) { edges { node { id } } } }', { s: status });
      const ids: string[] = page.referrals.edges.map((e: { node: { id: string } }) => e.node.id);
      if (!ids.length) break;
      for (const id of ids) {
        await gql.request(officer, 'mutation($id: ID!) { withdrawReferral(referralId: $id) { id } }', { id });
        withdrawn++;
      }
    }
  }
  let ended = 0;
  while (ended < MAX_DEMO_CLEANUP) {
    const page = await gql.request(staff, 'query($s: ID) { placements(first: 100, active: true, shelterId: $s) { edges { node { id } } } }', { s: shelterId });
    const ids: string[] = page.placements.edges.map((e: { node: { id: string } }) => e.node.id);
    if (!ids.length) break;
    for (const placementId of ids) {
      await gql.request(staff, 'mutation($i: EndPlacementInput!) { endPlacement(input: $i) { id } }', { i: { placementId, exitReason: 'MOVED_ON' } });
      ended++;
    }
  }
  return { withdrawn, ended };
}

/**
 * Links to the web app's development sign-in, one per demo person, each preselecting the role and
 * the demo shelter or agency (`/sign-in?role=…&shelterId=…`). They carry no token: the person still
 * presses Sign in, and where the development sign-in is off (production) the page offers only the
 * identity provider. Base: the GraphQL URL without its `/graphql` path.
 */
export function demoSignInLinks(s: Pick<DemoSession, 'graphqlUrl' | 'shelterId' | 'agencyId'>): { who: string; url: string }[] {
  const base = new URL(s.graphqlUrl);
  base.pathname = base.pathname.replace(/\/graphql\/?$/, '') + '/sign-in';
  const link = (params: Record<string, string>) => {
    const url = new URL(base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  };
  return [
    { who: 'staff', url: link({ role: 'SHELTER_STAFF', shelterId: s.shelterId }) },
    { who: 'officer', url: link({ role: 'REFERRAL_OFFICER', agencyId: s.agencyId }) },
    { who: 'coordinator', url: link({ role: 'COORDINATOR' }) },
  ];
}

/**
 * The demo session as POSIX shell lines for `eval "$(harbour demo)"`: the
 * variables COORD, OFFICER, STAFF (tokens), REFERRAL, SHELTER, AGENCY (ids),
 * HARBOUR_GRAPHQL, and a function `hq TOKEN QUERY [PATH]` that POSTs one
 * GraphQL query and prints the JSON answer, or with PATH (dots, e.g.
 * `data.holds.edges.0.node.id`) just that value.
 */
export function demoShell(s: DemoSession): string {
  const q = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
  const pick =
    'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{const j=JSON.parse(s);const p=process.argv[1];' +
    'if(!p)return console.log(JSON.stringify(j,null,2));let v=j;for(const k of p.split("."))v=v==null?v:v[k];console.log(v==null?"":v)})';
  const body = 'process.stdout.write(JSON.stringify({query:process.argv[1]}))';
  return [
    `export HARBOUR_GRAPHQL=${q(s.graphqlUrl)}`,
    `export COORD=${q(s.coordinator)}`,
    `export OFFICER=${q(s.officer)}`,
    `export STAFF=${q(s.staff)}`,
    `export AGENCY=${q(s.agencyId)} SHELTER=${q(s.shelterId)} REFERRAL=${q(s.referralId)}`,
    `hq() { curl -s "$HARBOUR_GRAPHQL" -H "authorization: Bearer $1" -H 'content-type: application/json' --data "$(node -e ${q(body)} "$2")" | node -e ${q(pick)} "\${3:-}"; }`,
    `echo ${q(
      `Web app, development sign-in (one click each): ${demoSignInLinks(s)
        .map((l) => `${l.who} ${l.url}`)
        .join('  ')}`,
    )} >&2`,
    `echo ${q(`Demo network ready: region ${s.regionCode}, agency "${DEMO.agencyName}" (AGENCY), shelter ${DEMO.shelterCodeName} (SHELTER, ${DEMO.beds} beds), an open referral (REFERRAL), earlier demo referrals withdrawn and placements ended. Tokens: COORD, OFFICER, STAFF. Query with: hq "$OFFICER" '{ me { role } }'`)} >&2`,
    '',
  ].join('\n');
}

/** `harbour demo`: a small named network, agency, referral and three ready tokens, as shell lines to eval. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'build a small demo network (region DEMO, one shelter, one agency, a referral) and print tokens as shell lines: eval "$(npm run -s harbour -- demo)"',
    )
    .option('--url <url>', 'GraphQL endpoint (default http://127.0.0.1:$PORT/graphql)')
    .option('--ttl <span>', 'lifetime of the tokens', '8h')
    .action(
      action(async (opts: { url?: string; ttl: string }) => {
        const config = loadConfig();
        const session = await runDemo(config, opts.url ?? `http://127.0.0.1:${config.PORT}/graphql`, opts.ttl);
        process.stdout.write(demoShell(session));
      }),
    );
}
