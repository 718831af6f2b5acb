/**
 * A schema-driven request generator for the fuzzer (test/fuzz.e2e-spec.ts):
 * from schema.gql alone, fast-check arbitraries of whole GraphQL requests for
 * every root field, with hostile strings, edge numbers, huge lists, missing
 * required and unknown fields, wrong variable types and too many variables.
 */
import fc from 'fast-check';
import {
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  GraphQLType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';

/** Strings that have broken services elsewhere: control characters, SQL, huge, RTL, emoji, lone surrogates. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "'; DROP TABLE referral; --",
    '\u0000',
    '\u202e',
    '😀'.repeat(30),
    '\ud800',
    ' ',
    '',
    'x'.repeat(5000),
    '../../etc/passwd',
    '${7*7}',
    '<script>',
  ),
);

/** Numbers at and past the edges of GraphQL's Int (32-bit) and Float, plus small ones. */
export const hostileInt = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31)), fc.integer({ min: -5, max: 60 }));
const edgeNumber = fc.oneof(
  hostileInt,
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324, 0.5, -0, 1e21),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** One generated request: the operation text, its variables, and what it aimed at. */
export interface FuzzRequest {
  field: string;
  operation: 'query' | 'mutation';
  kind: 'variables' | 'unknown-argument' | 'unknown-field' | 'wrong-variable-type' | 'too-many-variables';
  query: string;
  variables: Record<string, unknown>;
}

/** The type as written in a variable definition, e.g. `[String!]!`. */
function typeText(t: GraphQLType): string {
  if (isNonNullType(t)) return `${typeText(t.ofType)}!`;
  if (isListType(t)) return `[${typeText(t.ofType)}]`;
  return (t as GraphQLNamedType).name;
}

/**
 * A selection for a field of type `t`: leaves need none; an object gets
 * `__typename` and up to four of its leaf fields that need no arguments; a
 * union or interface `__typename`.
 */
export function selectionFor(t: GraphQLType): string {
  const named = getNamedType(t);
  if (isLeafType(named)) return '';
  if (isObjectType(named)) {
    const leaves = Object.values(named.getFields())
      .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
      .slice(0, 4)
      .map((f) => f.name);
    return ` { __typename ${leaves.join(' ')} }`;
  }
  if (isUnionType(named) || isInterfaceType(named)) return ' { __typename }';
  return ' { __typename }';
}

/**
 * Arbitrary JSON values for an input type, mostly shaped like it and sometimes
 * not: null where non-null is required, required fields left out, unknown
 * fields added, lists empty or huge (2,000 small items), hostile strings and edge numbers.
 * `ids` are real ids of the test network, so some requests reach the resolvers' logic.
 */
export function valueFor(t: GraphQLInputType, ids: string[], depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(t)) {
    return fc.oneof({ arbitrary: valueFor(t.ofType, ids, depth), weight: 19 }, { arbitrary: fc.constant(null), weight: 1 });
  }
  if (isListType(t)) {
    const item = valueFor(t.ofType as GraphQLInputType, ids, depth + 1);
    return fc.oneof(
      { arbitrary: fc.array(item, { maxLength: depth > 1 ? 2 : 4 }), weight: 8 },
      { arbitrary: fc.constant(null), weight: 1 },
      // A huge list: 2,000 copies of one small item (a long item is replaced, so the body stays
      // well under the API's 1 MiB limit and reaches the resolvers).
      { arbitrary: item.map((v) => Array.from({ length: 2000 }, () => (JSON.stringify(v ?? null).length > 200 ? 'x' : v))), weight: 1 },
    );
  }
  if (isInputObjectType(t)) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(t.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) record[f.name] = valueFor(f.type, ids, depth + 1);
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return fc
      .tuple(
        fc.record(record, { requiredKeys: required }),
        fc.oneof({ arbitrary: fc.constant('none'), weight: 17 }, { arbitrary: fc.constantFrom('drop-required', 'unknown-field', 'not-an-object'), weight: 3 }),
      )
      .map(([value, twist]) => {
        if (twist === 'drop-required' && required.length) {
          const { [required[0]]: _dropped, ...rest } = value as Record<string, unknown>;
          return rest;
        }
        if (twist === 'unknown-field') return { ...(value as object), zzUnknownField: 'x' };
        if (twist === 'not-an-object') return 'not an object';
        return value;
      });
  }
  if (isEnumType(t)) {
    return fc.oneof({ arbitrary: fc.constantFrom(...t.getValues().map((v) => v.name)), weight: 5 }, { arbitrary: hostileString, weight: 1 });
  }
  if (isScalarType(t)) {
    switch (t.name) {
      case 'Int':
      case 'Float':
        return fc.oneof({ arbitrary: edgeNumber, weight: 8 }, { arbitrary: fc.constantFrom('7', true, [], {}), weight: 1 });
      case 'Boolean':
        return fc.oneof({ arbitrary: fc.boolean(), weight: 8 }, { arbitrary: fc.constantFrom('true', 0, 1), weight: 1 });
      case 'ID':
        return fc.oneof(
          { arbitrary: fc.constantFrom(...ids), weight: 6 },
          { arbitrary: fc.uuid(), weight: 2 },
          { arbitrary: hostileString, weight: 2 },
          { arbitrary: fc.constantFrom(12, -1), weight: 1 },
        );
      case 'DateTime':
        return fc.oneof(
          { arbitrary: fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), weight: 6 },
          { arbitrary: fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-02-30T00:00:00Z', 'yesterday', ''), weight: 2 },
          { arbitrary: hostileString, weight: 1 },
        );
      default:
        return fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 2 }, { arbitrary: hostileString, weight: 6 }, { arbitrary: edgeNumber, weight: 1 });
    }
  }
  return fc.constant(null);
}

/** Every root field of `schema` with the operation it belongs to. */
export function rootFields(schema: GraphQLSchema): { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] {
  const out: { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[] = [];
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) out.push({ operation, field });
  }
  return out;
}

/** The arbitrary of requests at one root field, in all five kinds. */
export function requestsFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, ids: string[]): fc.Arbitrary<FuzzRequest> {
  const args: readonly GraphQLArgument[] = field.args;
  const defs = args.map((a) => `$${a.name}: ${typeText(a.type)}`).join(', ');
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  const head = `${operation}${defs ? `(${defs})` : ''}`;
  const selection = selectionFor(field.type);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of args) record[a.name] = valueFor(a.type, ids);
  const variables = fc.record(record, { requiredKeys: [] });
  const base = { field: field.name, operation };
  const withVariables = variables.map((v): FuzzRequest => ({
    ...base,
    kind: 'variables',
    query: `${head} { ${field.name}${call}${selection} }`,
    variables: v,
  }));
  const unknownArgument = variables.map((v): FuzzRequest => ({
    ...base,
    kind: 'unknown-argument',
    query: `${head} { ${field.name}(${[...args.map((a) => `${a.name}: $${a.name}`), 'zzBogus: 1'].join(', ')})${selection} }`,
    variables: v,
  }));
  const unknownField = variables.map((v): FuzzRequest => ({
    ...base,
    kind: 'unknown-field',
    query: `${head} { ${field.name}${call}${selection ? ' { __typename zzNoSuchField }' : ' { zzNoSuchField }'} }`,
    variables: v,
  }));
  // Every variable declared as String! whatever its real type (a validation error unless it really is one).
  const wrongType = variables.map((v): FuzzRequest => ({
    ...base,
    kind: 'wrong-variable-type',
    query: `${operation}${args.length ? `(${args.map((a) => `$${a.name}: String!`).join(', ')})` : ''} { ${field.name}${call}${selection} }`,
    variables: v,
  }));
  // Sixty invalid values in one variable: graphql-js gives up after 50 ("Too many errors processing variables").
  const tooMany = fc.constant<FuzzRequest>({
    ...base,
    kind: 'too-many-variables',
    query: `${operation}($zz: [Int!]!) { __typename }`,
    variables: { zz: Array.from({ length: 60 }, (_, i) => `not-an-int-${i}`) },
  });
  return fc.oneof(
    { arbitrary: withVariables, weight: 16 },
    { arbitrary: unknownArgument, weight: 1 },
    { arbitrary: unknownField, weight: 1 },
    { arbitrary: wrongType, weight: 1 },
    { arbitrary: tooMany, weight: 1 },
  );
}
