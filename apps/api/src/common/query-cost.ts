import { DocumentNode, GraphQLError, GraphQLSchema, Kind, validate, ValidationRule, visit } from 'graphql';

/** Page-size arguments that GraphQL Armor's cost estimate multiplies by. */
const PAGE_ARGUMENTS = new Set(['first', 'last']);

/**
 * GraphQL Armor's cost limit runs as a validation rule, which sees only the
 * document: `referrals(first: 100)` counts 100 times, but
 * `referrals(first: $n)` counts once, whatever `$n` is. This returns a copy of
 * `document` in which every page-size argument given by a variable is replaced
 * by the variable's value from the request (an integer literal), so the same
 * rule can estimate the cost the request will really have; a variable the
 * request leaves out counts as its default value in the operation. Returns null when
 * no page-size argument comes from a variable (the validation rule already
 * priced the request). A variable with no usable value is left alone: the
 * resolver's default or validation applies.
 */
export function inlinePageSizeVariables(document: DocumentNode, variables: Record<string, unknown> | undefined): DocumentNode | null {
  // A variable the request leaves out takes its default (`query($n: Int = 100)`): price that too.
  const defaults = new Map<string, number>();
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      if (v.defaultValue?.kind === Kind.INT) defaults.set(v.variable.name.value, Number(v.defaultValue.value));
    }
  }
  let changed = false;
  const inlined = visit(document, {
    Argument(node) {
      if (!PAGE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return undefined;
      const name = node.value.name.value;
      const value = variables && name in variables ? variables[name] : defaults.get(name);
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      changed = true;
      return { ...node, value: { kind: Kind.INT, value: String(value) } };
    },
  });
  return changed ? inlined : null;
}

/**
 * An Apollo plugin that prices a request with its variables (see
 * {@link inlinePageSizeVariables}) by the same cost rule the validation step
 * uses, after the operation is parsed and validated and before any resolver
 * runs. Over the limit: GRAPHQL_VALIDATION_FAILED, HTTP 400, with the rule's
 * own message, exactly as for the same request written with literals.
 */
export function variableCostPlugin(costRule: () => ValidationRule) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({
          document,
          request,
          schema,
        }: {
          document: DocumentNode;
          request: { variables?: Record<string, unknown> };
          schema: GraphQLSchema;
        }) {
          const inlined = inlinePageSizeVariables(document, request.variables);
          if (!inlined) return;
          const [error] = validate(schema, inlined, [costRule()]);
          if (error) {
            throw new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } });
          }
        },
      };
    },
  };
}
