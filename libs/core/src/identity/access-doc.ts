import { Role } from '@harbour/domain';
import { Access, MATRIX_ROLES, ROOT_ACCESS, RoleAccess, SAME_AS_TYPE, Scope, TYPE_ACCESS } from './access-matrix';

/** How a scope reads in docs/access.md. */
const SCOPE_WORDS: Readonly<Record<Scope, string>> = {
  [Scope.OWN_SHELTER]: 'own shelter',
  [Scope.OWN_AGENCY]: 'own agency',
  [Scope.HELD_OR_PLACED_WITH_OWN_SHELTER]: 'held or placed with own shelter',
  [Scope.SHELTER_OF_OWN_AGENCY_REFERRAL]: 'holding or housing own agency’s referral',
};

const ROLE_HEADINGS: Readonly<Record<Role, string>> = {
  [Role.COORDINATOR]: 'coordinator',
  [Role.SHELTER_STAFF]: 'shelter staff',
  [Role.REFERRAL_OFFICER]: 'referral officer',
  [Role.AUDITOR]: 'auditor',
  [Role.COMMISSIONER]: 'commissioner',
  [Role.SERVICE]: 'service (worker)',
};

function cell(a: Access): string {
  if (a === 'ALLOW') return 'yes';
  if (a === 'DENY') return 'no';
  return SCOPE_WORDS[a];
}

function row(first: string, access: RoleAccess): string {
  return `| ${first} | ${MATRIX_ROLES.map((r) => cell(access[r])).join(' | ')} |`;
}

function header(first: string): string[] {
  return [`| ${first} | ${MATRIX_ROLES.map((r) => ROLE_HEADINGS[r]).join(' | ')} |`, `|---|${MATRIX_ROLES.map(() => '---').join('|')}|`];
}

/**
 * docs/access.md, generated from the access matrix (identity/access-matrix.ts)
 * by `npm run docs:access`; a unit test checks the committed file equals it.
 */
export function renderAccessDoc(): string {
  const scopes = Object.values(Scope).map((s) => `- **${SCOPE_WORDS[s]}**: ${SCOPE_HELP[s]}`);
  const types = Object.keys(TYPE_ACCESS).sort();
  const lines = [
    '# Who may see and do what',
    '',
    '<!-- Generated from libs/core/src/identity/access-matrix.ts by `npm run docs:access`. Do not edit by hand. -->',
    '',
    'The access matrix: every role × every GraphQL query, mutation, type and field.',
    'It is enforced from the same source (`libs/core/src/identity/access-matrix.ts`):',
    'the API refuses a **no** root query or mutation with FORBIDDEN before any',
    'resolver runs, and answers a **no** field with null and a FORBIDDEN error on',
    'that field, however deeply it is nested. A scoped cell lets the request on to',
    'the scope checks of `libs/core/src/identity/access.ts` and the services: a',
    'record outside the scope is NOT_FOUND at the root (answered exactly as an id',
    'that does not exist, so ids cannot be probed), left out of lists, and null',
    'when reached through another record. Row-level security in PostgreSQL is the',
    'second line behind the resolvers (see docs/row-level-security.md).',
    '`test/access-matrix.e2e-spec.ts` walks every role through every cell.',
    '',
    'Roles come from the bearer token: `COORDINATOR`; `SHELTER_STAFF` with',
    '`shelterIds` (at least one); `REFERRAL_OFFICER` with `agencyId`; `AUDITOR`',
    '(reads the audit trail, nothing personal); `COMMISSIONER` (aggregate reports',
    'only, small counts suppressed). The worker acts as `SERVICE`: a',
    'token naming it is refused (UNAUTHENTICATED), so it has no GraphQL access;',
    'in-process it acts through the services with full scope. Reads of a',
    'shelter’s location are audited (READ_SHELTER_LOCATION), reads of a',
    'referral’s details (every field but id, agencyId, status, createdAt,',
    'anonymisedAt, waitlistPosition and the links agency, activeHold and',
    'placement) too (READ_REFERRAL), as is every change.',
    '',
    'Scopes:',
    '',
    ...scopes,
    '',
    '## Queries',
    '',
    ...header('query'),
    ...Object.keys(ROOT_ACCESS.Query)
      .sort()
      .map((f) => row(`\`${f}\``, ROOT_ACCESS.Query[f])),
    '',
    '## Mutations',
    '',
    'Within a scope, the service decides further: shelter staff may not change a',
    'shelter’s code name, region or webhook (FORBIDDEN); a record outside the',
    'scope is NOT_FOUND.',
    '',
    ...header('mutation'),
    ...Object.keys(ROOT_ACCESS.Mutation)
      .sort()
      .map((f) => row(`\`${f}\``, ROOT_ACCESS.Mutation[f])),
    '',
    '## Subscriptions',
    '',
    'Over the graphql-ws protocol at /graphql. Each event is checked as the subscriber,',
    'like a query: outside the scope it is not sent at all.',
    '',
    ...header('subscription'),
    ...Object.keys(ROOT_ACCESS.Subscription)
      .sort()
      .map((f) => row(`\`${f}\``, ROOT_ACCESS.Subscription[f])),
    '',
    '## Types and fields',
    '',
    'The first row of each type says which objects of it a role may see, wherever',
    'they are reached; every field has that access unless a narrower row follows.',
    '',
    ...header('type / field'),
  ];
  for (const t of types) {
    const access = TYPE_ACCESS[t];
    const fields = Object.keys(access.fields).sort();
    const same = fields.filter((f) => access.fields[f] === SAME_AS_TYPE);
    lines.push(row(`**${t}** (${same.map((f) => `\`${f}\``).join(', ')})`, access.type));
    for (const f of fields) {
      const own = access.fields[f];
      if (own !== SAME_AS_TYPE) lines.push(row(`${t}.\`${f}\``, own));
    }
  }
  lines.push('');
  return lines.join('\n');
}

const SCOPE_HELP: Readonly<Record<Scope, string>> = {
  [Scope.OWN_SHELTER]: 'shelter staff, records of the shelters in their token (`shelterIds`).',
  [Scope.OWN_AGENCY]: 'referral officers, their agency’s referrals and the holds, placements, waitlist entries and decisions of those referrals.',
  [Scope.HELD_OR_PLACED_WITH_OWN_SHELTER]: 'shelter staff, referrals with an ACTIVE (held) or CONFIRMED (placed) hold at one of their shelters.',
  [Scope.SHELTER_OF_OWN_AGENCY_REFERRAL]:
    'referral officers, a shelter that holds, held or houses one of their agency’s referrals: its code name, region, policy, contact line and bed counts, never its location or rooms.',
};
