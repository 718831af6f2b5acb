import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { Role } from '@harbour/domain';
import { renderAccessDoc } from './access-doc';
import { accessOf, MATRIX_ROLES, ROOT_ACCESS, SAME_AS_TYPE, Scope, TYPE_ACCESS } from './access-matrix';

const root = join(__dirname, '../../../..');
const schema = buildSchema(readFileSync(join(root, 'schema.gql'), 'utf8'));
const objectTypes = Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__')) as import('graphql').GraphQLObjectType[];

describe('access matrix', () => {
  it('covers every object type and field of schema.gql, and nothing that is not there', () => {
    const missing: string[] = [];
    const extra: string[] = [];
    for (const t of objectTypes) {
      const fields = Object.keys(t.getFields());
      const known = t.name === 'Query' || t.name === 'Mutation' || t.name === 'Subscription' ? ROOT_ACCESS[t.name] : TYPE_ACCESS[t.name]?.fields;
      if (!known) {
        missing.push(t.name);
        continue;
      }
      for (const f of fields) if (!(f in known)) missing.push(`${t.name}.${f}`);
      for (const f of Object.keys(known)) if (!fields.includes(f)) extra.push(`${t.name}.${f}`);
    }
    const names = objectTypes.map((t) => t.name);
    for (const t of Object.keys(TYPE_ACCESS)) if (!names.includes(t)) extra.push(t);
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('has a cell for every role, and SERVICE (no GraphQL login) is DENY everywhere', () => {
    for (const t of objectTypes) {
      for (const f of Object.keys(t.getFields())) {
        for (const r of MATRIX_ROLES) expect(accessOf(r, t.name, f)).toBeDefined();
        expect(accessOf(Role.SERVICE, t.name, f)).toBe('DENY');
      }
    }
  });

  it('gives auditors the audit trail and nothing personal', () => {
    expect(accessOf(Role.AUDITOR, 'Query', 'auditEvents')).toBe('ALLOW');
    expect(accessOf(Role.AUDITOR, 'Query', 'auditChain')).toBe('ALLOW');
    expect(accessOf(Role.AUDITOR, 'AuditEvent', 'actor')).toBe('ALLOW');
    for (const q of ['referral', 'referrals', 'placement', 'placements', 'holds', 'shelter', 'shelters', 'waitlist', 'matchCandidates']) {
      expect(accessOf(Role.AUDITOR, 'Query', q)).toBe('DENY');
    }
    for (const [t, f] of [
      ['Referral', 'notes'],
      ['Referral', 'initials'],
      ['Shelter', 'address'],
      ['Shelter', 'postcode'],
      ['Shelter', 'latitude'],
    ]) {
      expect(accessOf(Role.AUDITOR, t, f)).toBe('DENY');
    }
    for (const m of Object.keys(ROOT_ACCESS.Mutation)) expect(accessOf(Role.AUDITOR, 'Mutation', m)).toBe('DENY');
  });

  it('keeps shelter locations to coordinators and that shelter’s staff (issue 3)', () => {
    for (const f of ['address', 'postcode', 'latitude', 'longitude', 'rooms']) {
      expect(accessOf(Role.COORDINATOR, 'Shelter', f)).toBe('ALLOW');
      expect(accessOf(Role.SHELTER_STAFF, 'Shelter', f)).toBe(Scope.OWN_SHELTER);
      expect(accessOf(Role.REFERRAL_OFFICER, 'Shelter', f)).toBe('DENY');
    }
    for (const f of ['codeName', 'regionCode', 'contactLine']) expect(accessOf(Role.REFERRAL_OFFICER, 'Shelter', f)).toBe(Scope.SHELTER_OF_OWN_AGENCY_REFERRAL);
  });

  it('makes a field DENY whenever its type is, and knows no unknown field', () => {
    expect(accessOf(Role.SHELTER_STAFF, 'WaitlistEntry', 'referral')).toBe('DENY');
    expect(accessOf(Role.COORDINATOR, 'Shelter', 'nope')).toBeUndefined();
    expect(accessOf(Role.COORDINATOR, 'Nope', 'id')).toBeUndefined();
    expect(accessOf(Role.COORDINATOR, 'Query', 'nope')).toBeUndefined();
    // A field narrower than its type never widens it.
    for (const [t, access] of Object.entries(TYPE_ACCESS)) {
      for (const [f, own] of Object.entries(access.fields)) {
        if (own === SAME_AS_TYPE) continue;
        for (const r of MATRIX_ROLES) if (access.type[r] === 'DENY') expect([t, f, r, accessOf(r, t, f)]).toEqual([t, f, r, 'DENY']);
      }
    }
  });

  it('docs/access.md is the generated matrix (npm run docs:access)', () => {
    expect(readFileSync(join(root, 'docs/access.md'), 'utf8')).toBe(renderAccessDoc());
  });
});
