/**
 * Builders for end-to-end tests: a small network and referrals, created through
 * the GraphQL API as a coordinator and a referral officer would.
 */
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Role } from '@harbour/domain';
import { verifyWebhookSignature } from '@harbour/core/notifications/webhook-signature';
import { loadConfig } from '@harbour/platform/config/config';
import { Harbour } from './harbour-harness';

/** The development default secret, which test Harbours use. */
const DEV_WEBHOOK_SECRET = loadConfig({}).WEBHOOK_SIGNING_SECRET;

export interface Network {
  coordinator: string;
  regionCode: string;
  agencyId: string;
  officer: string;
  shelterId: string;
  staff: string;
  bedIds: string[];
}

/** Creates a region, an agency with an officer token, one shelter with `beds` beds and a staff token. */
export async function smallNetwork(
  h: Pick<Harbour, 'token' | 'ok'>,
  opts: { beds?: number; genderPolicy?: string; webhookUrl?: string; regionCode?: string; jurisdiction?: string } = {},
): Promise<Network> {
  const coordinator = await h.token({ role: Role.COORDINATOR, sub: 'coordinator-1' });
  const regionCode = opts.regionCode ?? `R-${randomBytes(2).toString('hex').toUpperCase()}`;
  await h.ok(coordinator, 'mutation($c: String!, $j: Jurisdiction) { createRegion(code: $c, name: $c, jurisdiction: $j) { code } }', {
    c: regionCode,
    j: opts.jurisdiction ?? null,
  });
  const agency = await h.ok<{ createAgency: { id: string } }>(coordinator, 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { id } }', {
    i: { name: `Agency ${randomBytes(3).toString('hex')}`, kind: 'POLICE', webhookUrl: opts.webhookUrl ?? null },
  });
  const shelter = await h.ok<{ createShelter: { id: string } }>(coordinator, 'mutation($i: CreateShelterInput!) { createShelter(input: $i) { id } }', {
    i: {
      codeName: `ORCHID-${randomBytes(3).toString('hex')}`,
      regionCode,
      genderPolicy: opts.genderPolicy ?? 'WOMEN_ONLY',
      acceptsFamilies: true,
      acceptsMinors: false,
      languages: ['en'],
      specialisms: ['SEXUAL'],
      address: '1 Secret Street',
      postcode: 'AB1 2CD',
      contactLine: '0800 000 000',
      webhookUrl: opts.webhookUrl ?? null,
    },
  });
  const shelterId = shelter.createShelter.id;
  const staff = await h.token({ role: Role.SHELTER_STAFF, sub: 'staff-1', shelterIds: [shelterId] });
  const officer = await h.token({ role: Role.REFERRAL_OFFICER, sub: 'officer-1', agencyId: agency.createAgency.id });
  const bedIds: string[] = [];
  const beds = opts.beds ?? 1;
  for (let i = 0; i < beds; i++) {
    const r = await h.ok<{ addBeds: { id: string }[] }>(staff, 'mutation($i: AddBedsInput!) { addBeds(input: $i) { id } }', {
      i: { shelterId, roomLabel: `Room ${i + 1}`, count: 1 },
    });
    bedIds.push(...r.addBeds.map((b) => b.id));
  }
  return { coordinator, regionCode, agencyId: agency.createAgency.id, officer, shelterId, staff, bedIds };
}

/** Creates a referral for a single woman (override any field) and returns its id. */
export async function createReferral(h: Pick<Harbour, 'ok'>, officer: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await h.ok<{ createReferral: { id: string } }>(officer, 'mutation($i: CreateReferralInput!) { createReferral(input: $i) { id } }', {
    i: {
      agencyReference: `REF-${randomBytes(4).toString('hex')}`,
      initials: 'AB',
      ageBand: 'AGE_25_34',
      gender: 'FEMALE',
      languages: ['en'],
      exploitationTypes: ['SEXUAL'],
      urgency: 'URGENT',
      consentGiven: true,
      ...overrides,
    },
  });
  return r.createReferral.id;
}

/**
 * Records a positive reasonable grounds decision on a referral (default today
 * by Harbour's clock): placed after it, the recovery period starts on arrival.
 */
export async function recordPositiveRg(h: Pick<Harbour, 'ok'>, token: string, referralId: string, decidedOn?: string): Promise<void> {
  const on = decidedOn ?? (await h.ok<{ clock: { today: string } }>(token, '{ clock { today } }')).clock.today;
  await h.ok(token, 'mutation($i: RecordDecisionInput!) { recordDecision(input: $i) { id } }', {
    i: { referralId, type: 'REASONABLE_GROUNDS', outcome: 'POSITIVE', decidedOn: on },
  });
}

export const REQUEST_PLACEMENT = `mutation($id: ID!) { requestPlacement(referralId: $id) {
  __typename
  ... on HoldOffered { hold { id status expiresAt shelter { id codeName } } }
  ... on Waitlisted { position entry { id } }
} }`;

/** A real HTTP server that records every webhook POST it receives. */
export class WebhookSink {
  readonly received: { id: string; kind: string; payload: Record<string, any>; audience: { type: string; id: string | null } }[] = [];
  private server!: Server;
  url!: string;
  /** HTTP status it answers with (set 500 to make deliveries fail). */
  status = 204;
  /** Every request, including failed ones. */
  attempts = 0;
  /** Requests whose harbour-signature did not verify with `secret` (must stay 0). */
  badSignatures = 0;
  /** Secret to verify signatures with (the harness's WEBHOOK_SIGNING_SECRET). */
  secret = DEV_WEBHOOK_SECRET;
  /** How long it takes to answer, in ms (a slow endpoint). The message is recorded on arrival. */
  delayMs = 0;
  /** The idempotency-key header of every request, in order of arrival (repeats included). */
  readonly keys: string[] = [];

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.attempts++;
        this.keys.push(String(req.headers['idempotency-key'] ?? ''));
        if (!verifyWebhookSignature(req.headers['harbour-signature'] as string | undefined, body, this.secret, new Date())) {
          this.badSignatures++;
        }
        if (this.status < 300) {
          try {
            this.received.push(JSON.parse(body));
          } catch {
            /* not JSON: not recorded */
          }
        }
        const answer = () => {
          if (!res.destroyed) res.writeHead(this.status).end();
        };
        if (this.delayMs > 0) setTimeout(answer, this.delayMs).unref();
        else answer();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  of(kind: string) {
    return this.received.filter((n) => n.kind === kind);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Polls `cond` until true (20 s at most). */
export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
