import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLInputObjectType, isNonNullType } from 'graphql';
import { ADD_BEDS_NULLS } from '../graphql/inputs/add-beds.input';
import { UPDATE_AGENCY_NULLS } from '../graphql/inputs/create-agency.input';
import { UPDATE_SHELTER_NULLS } from '../graphql/inputs/shelter.input';
import { applyNullMeanings, NULL_MEANING_TEXT, NullMeaning } from './null-meaning';

describe('applyNullMeanings', () => {
  const meanings = { a: NullMeaning.CLEARS, b: NullMeaning.REFUSED } as const;

  it('keeps a clearing null, drops what was left out, passes values through', () => {
    expect(applyNullMeanings({ a: null, b: 'x', c: 1 } as { a?: string | null; b?: string | null; c: number }, meanings)).toEqual({ a: null, b: 'x', c: 1 });
    expect(applyNullMeanings({ a: undefined, c: 1 } as { a?: string | null; b?: string | null; c: number }, meanings)).toEqual({ c: 1 });
  });

  it('refuses a refused null with BAD_USER_INPUT naming the field under its path', () => {
    expect(() => applyNullMeanings({ a: 'x', b: null } as { a?: string | null; b?: string | null }, meanings, 'input')).toThrow(
      expect.objectContaining({ message: 'b cannot be null', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.b' }) }),
    );
  });
});

/**
 * The committed schema (test/schema-drift.e2e-spec.ts keeps it equal to the
 * code) documents every nullable field of these inputs with the meaning the
 * resolver applies: "null clears …" or "cannot be null".
 */
describe.each([
  ['UpdateShelterInput', UPDATE_SHELTER_NULLS],
  ['UpdateAgencyInput', UPDATE_AGENCY_NULLS],
  ['AddBedsInput', ADD_BEDS_NULLS],
] as const)('%s', (typeName, meanings: Readonly<Record<string, NullMeaning>>) => {
  const schema = buildSchema(readFileSync(join(__dirname, '../../../../schema.gql'), 'utf8'));
  const type = schema.getType(typeName) as GraphQLInputObjectType;
  const nullable = Object.values(type.getFields()).filter((f) => !isNonNullType(f.type));

  it('has a meaning of null for exactly its nullable fields', () => {
    expect(nullable.map((f) => f.name).sort()).toEqual(Object.keys(meanings).sort());
  });

  it('says that meaning in each field’s description', () => {
    const undocumented = nullable.filter((f) => !NULL_MEANING_TEXT[meanings[f.name]].test(f.description ?? '')).map((f) => `${f.name}: ${f.description}`);
    expect(undocumented).toEqual([]);
  });
});
