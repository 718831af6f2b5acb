import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadUserInputError } from '@harbour/platform';

/**
 * Every failing property of a class-validator result, in the order class-validator
 * reports them, each as a dotted path (`dependants.3.ageBand`) and its first
 * message. class-validator reports a list's own constraints (e.g. ArrayMaxSize)
 * on the list and its items' problems as children; the list's own problem
 * hides its items'.
 */
export function allValidationProblems(errors: ValidationError[], prefix = ''): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) out.push({ path, message: messages[0] });
    else out.push(...allValidationProblems(error.children ?? [], path));
  }
  return out;
}

/** The path of the first string containing U+0000 inside `value`, or null when there is none. */
export function pathOfNulByte(value: unknown, path: string, seen = new WeakSet<object>()): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (!value || typeof value !== 'object' || seen.has(value)) return null;
  seen.add(value);
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [k, v] of entries) {
    const p = pathOfNulByte(v, path ? `${path}.${k}` : k, seen);
    if (p !== null) return p;
  }
  return null;
}

/** True for a non-empty list whose every item is an object (a list of GraphQL input objects). */
function isListOfObjects(value: unknown): value is object[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
}

/** Thrown by the validation pipe's exceptionFactory with every failing property; the pipe prefixes the argument name. */
class InputValidationError extends Error {
  constructor(readonly problems: { path: string; message: string }[]) {
    super(problems[0]?.message ?? 'invalid input');
  }
}

/** One bad field of an input, as {@link InputValidationPipe.problemsOf} reports it. */
export interface InputProblem {
  /** Full dotted path, argument name first: `input.3.initials`. */
  field: string;
  /** What is wrong, naming the field. */
  message: string;
}

/**
 * Global validation of `@InputType` / `@ArgsType` arguments with class-validator.
 * The FIRST failing property (see {@link InputValidationPipe.problemsOf} for all) becomes `BadUserInputError(message, '<arg>.<path>')`,
 * e.g. field `input.dependants.3.ageBand` (docs/architecture.md, Privacy and security: bad input is a typed
 * error that names the field). Never swallowed, never a 500.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  private readonly inner = new ValidationPipe({
    transform: true,
    stopAtFirstError: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = allValidationProblems(errors);
      return new InputValidationError(problems.length ? problems : [{ path: '', message: 'invalid input' }]);
    },
  });

  /**
   * Validates `value`; the first problem becomes a BadUserInputError naming its field.
   * A list of input objects (`bulkCreateReferrals(input: [CreateReferralInput!]!)`,
   * the only one) is passed through as it is: class-validator cannot see inside
   * it, and its resolver checks every item with {@link problemsOf} (U+0000
   * included) so that all the list's problems are reported together.
   * @returns the value as an instance of the input class.
   */
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && isListOfObjects(value)) return value;
    const { value: out, problems } = await this.problemsOf(value, metadata);
    if (problems.length) throw new BadUserInputError(problems[0].message, problems[0].field || undefined);
    return out;
  }

  /**
   * Validates `value` and reports every bad field instead of the first (surge
   * intake lists every problem of a batch at once): a string holding U+0000
   * (the first one found; PostgreSQL cannot store it), then every property
   * class-validator refuses (one message each).
   * @returns the value as an instance of the input class when there is no
   *   problem, else the value as given, and the problems (empty when valid).
   * @throws whatever is not an input problem (never for bad input).
   */
  async problemsOf(value: unknown, metadata: ArgumentMetadata): Promise<{ value: unknown; problems: InputProblem[] }> {
    // Only client input (GraphQL args arrive as 'body'); never @Root or @Context.
    const problems: InputProblem[] = [];
    const nul = metadata.type === 'body' ? pathOfNulByte(value, metadata.data ?? '') : null;
    if (nul !== null) problems.push({ field: nul, message: `${nul || 'input'} must not contain the NUL character (U+0000)` });
    try {
      const out = await this.inner.transform(value, metadata);
      return problems.length ? { value, problems } : { value: out, problems };
    } catch (e) {
      if (!(e instanceof InputValidationError)) throw e;
      for (const { path, message } of e.problems) {
        const field = [metadata.data, path].filter(Boolean).join('.');
        // class-validator messages start with the property name; name the full path instead.
        const name = path.split('.').pop()!;
        problems.push({ field, message: name && message.startsWith(`${name} `) ? `${field}${message.slice(name.length)}` : message });
      }
      return { value, problems };
    }
  }
}
