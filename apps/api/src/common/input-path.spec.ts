import { buildSchema, getOperationAST, GraphQLError, parse, validate } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { inputFieldOf } from './input-path';

const schema = buildSchema(`
  enum Gender { FEMALE MALE }
  input Dependant { ageBand: String! gender: Gender }
  input ShelterInput { codeName: String! adultMaxAge: Int gender: Gender dependants: [Dependant!] }
  type Query { ok: Boolean }
  type Mutation { createShelter(input: ShelterInput!, note: String): Boolean }
`);

/** The field graphql-js's validation errors of `query` name, in order. */
function validationFields(query: string): (string | null)[] {
  const document = parse(query);
  const errors = validate(schema, document);
  expect(errors.length).toBeGreaterThan(0);
  return errors.map((e) => inputFieldOf(e, document, getOperationAST(document)));
}

/** The fields graphql-js's variable coercion errors name, wrapped as Apollo wraps them (originalError: the inner error). */
function variableFields(query: string, variables: Record<string, unknown>): (string | null)[] {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const operation = getOperationAST(document)!;
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  expect(result.errors?.length).toBeGreaterThan(0);
  return result.errors!.map((inner) => {
    const apollo = new GraphQLError(inner.message, { nodes: inner.nodes, originalError: inner.originalError ?? inner });
    return inputFieldOf(apollo, document, operation);
  });
}

describe('inputFieldOf', () => {
  it('names the argument path of a literal that does not fit: a non-integer Int, an unknown enum value, a list item', () => {
    expect(validationFields('mutation { createShelter(input: { codeName: "A", adultMaxAge: 1.5 }) }')).toEqual(['input.adultMaxAge']);
    expect(validationFields('mutation { createShelter(input: { codeName: "A", gender: NOPE }) }')).toEqual(['input.gender']);
    expect(validationFields('mutation { createShelter(input: { codeName: "A", dependants: [{ ageBand: "x" }, { ageBand: 3 }] }) }')).toEqual([
      'input.dependants.1.ageBand',
    ]);
  });

  it('names a missing required input field, an unknown one, and a missing required argument', () => {
    expect(validationFields('mutation { createShelter(input: { adultMaxAge: 20 }) }')).toEqual(['input.codeName']);
    expect(validationFields('mutation { createShelter(input: { codeName: "A", colour: "red" }) }')).toEqual(['input.colour']);
    expect(validationFields('mutation { createShelter(note: "x") }')).toEqual(['input']);
  });

  it('names the argument a bad variable is given to, whatever the variable is called, then the path inside it', () => {
    const q = 'mutation($s: ShelterInput!) { createShelter(input: $s) }';
    expect(variableFields(q, { s: { codeName: 'A', adultMaxAge: 1.5 } })).toEqual(['input.adultMaxAge']);
    expect(variableFields(q, { s: { codeName: 'A', gender: 'NOPE' } })).toEqual(['input.gender']);
    expect(variableFields(q, { s: { adultMaxAge: 20 } })).toEqual(['input.codeName']);
    expect(variableFields(q, { s: { codeName: 'A', dependants: [{ ageBand: 'x' }, { gender: 'MALE' }] } })).toEqual(['input.dependants.1.ageBand']);
    expect(variableFields(q, { s: { codeName: 'A', colour: 'red' } })).toEqual(['input.colour']);
    expect(variableFields(q, {})).toEqual(['input']);
    expect(variableFields(q, { s: null })).toEqual(['input']);
  });

  it('is not fooled by a value that prints like a path', () => {
    const q = 'mutation($s: ShelterInput!, $n: String) { createShelter(input: $s, note: $n) }';
    expect(variableFields(q, { s: { codeName: 'A', adultMaxAge: 'at "s.codeName"' } })).toEqual(['input.adultMaxAge']);
  });

  it('names nothing for an error about something other than input', () => {
    expect(validationFields('{ nope }')).toEqual([null]);
  });
});
