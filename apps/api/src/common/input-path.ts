import { ASTNode, DocumentNode, GraphQLError, Kind, OperationDefinitionNode, ValueNode, visit } from 'graphql';

/** A path into a field's arguments: the argument name, then input field names and list indexes. */
type InputPath = (string | number)[];

/**
 * The path of every argument and argument value in `operation` and the
 * fragments of `document` (the nodes graphql-js names in its errors): an
 * argument and its value are `[argument]`, an input object's field
 * `[…, field]`, a list item `[…, index]`.
 */
function argumentPaths(document: DocumentNode, operation?: OperationDefinitionNode | null): Map<ASTNode, InputPath> {
  const paths = new Map<ASTNode, InputPath>();
  const walk = (node: ValueNode, path: InputPath) => {
    paths.set(node, path);
    if (node.kind === Kind.OBJECT) {
      for (const field of node.fields) {
        paths.set(field, [...path, field.name.value]);
        walk(field.value, [...path, field.name.value]);
      }
    } else if (node.kind === Kind.LIST) {
      node.values.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  // Only the operation that ran (others in the document may reuse its variable names) and the fragments.
  const roots = document.definitions.filter(
    (d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION || (!operation && d.kind === Kind.OPERATION_DEFINITION),
  );
  for (const root of roots) {
    visit(root, {
      Argument(node) {
        paths.set(node, [node.name.value]);
        walk(node.value, [node.name.value]);
      },
    });
  }
  return paths;
}

/** `input.dependants.3.ageBand` for ['input', 'dependants', 3, 'ageBand'] (Harbour's field names use dots for indexes too). */
function dotted(path: InputPath): string {
  return path.join('.');
}

/** The input field a graphql-js message names as missing or unknown: `Field "X.gender" of required type …`, `Field "foo" is not defined by type …`. */
function namedField(message: string): string | null {
  const missing = /^Field "(?:[_A-Za-z][_0-9A-Za-z]*\.)?([_A-Za-z][_0-9A-Za-z]*)" of required type .* was not provided\./.exec(message);
  if (missing) return missing[1];
  const unknown = /^Field "([_A-Za-z][_0-9A-Za-z]*)" is not defined by type /.exec(message);
  return unknown ? unknown[1] : null;
}

/**
 * The path inside a variable, as graphql-js prints it at the end of a coercion
 * error's prefix (`… at "i.dependants[3].ageBand"`), without the variable name:
 * ['dependants', 3, 'ageBand'].
 */
function pathInVariable(prefix: string, variable: string): InputPath {
  // Variable names are GraphQL names ([_A-Za-z][_0-9A-Za-z]*): nothing to escape.
  const at = new RegExp(`at "${variable}((?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"$`).exec(prefix);
  if (!at) return [];
  return [...at[1].matchAll(/\.([_A-Za-z][_0-9A-Za-z]*)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
}

/**
 * The input path a GraphQL type or coercion error is about, as Harbour names
 * fields elsewhere (`input.adultMaxAge`, `input.dependants.3.ageBand`), or
 * null when the error names no input:
 * - a variable whose value does not fit its type (`Variable "$i" got invalid
 *   value 1.5 at "i.adultMaxAge"; Int cannot represent …`), is missing or null:
 *   the argument the variable is given to (its first use), then the path in
 *   the variable, then the missing or unknown field the inner message names;
 * - a literal in the document that does not fit (validation: a wrong scalar,
 *   an unknown enum value, a missing required or an unknown input field): the
 *   path of the offending node among the field's arguments, plus the missing
 *   field; a missing required argument: its name.
 * @param document - the parsed request; `operation` the one that ran, when known.
 */
export function inputFieldOf(error: GraphQLError, document: DocumentNode, operation?: OperationDefinitionNode | null): string | null {
  const paths = argumentPaths(document, operation);
  const variable = /^Variable "\$([_A-Za-z][_0-9A-Za-z]*)" (got invalid value|of required type|of non-null type)/.exec(error.message);
  if (variable) {
    const name = variable[1];
    let used: InputPath | undefined;
    for (const [node, path] of paths) {
      if (node.kind === Kind.VARIABLE && node.name.value === name) {
        used = path;
        break;
      }
    }
    const base: InputPath = used ?? [name];
    if (variable[2] !== 'got invalid value') return dotted(base);
    const inner = error.originalError?.message;
    const prefix = inner && error.message.endsWith(`; ${inner}`) ? error.message.slice(0, -inner.length - 2) : error.message;
    const field = inner ? namedField(inner) : null;
    return dotted([...base, ...pathInVariable(prefix, name), ...(field ? [field] : [])]);
  }
  const missingArgument = /^Field "[^"]+" argument "([_A-Za-z][_0-9A-Za-z]*)" of type .* is required, but it was not provided\./.exec(error.message);
  if (missingArgument) return missingArgument[1];
  for (const node of error.nodes ?? []) {
    const path = paths.get(node);
    if (!path) continue;
    const field = node.kind === Kind.OBJECT ? namedField(error.message) : null;
    return dotted(field ? [...path, field] : path);
  }
  return null;
}
