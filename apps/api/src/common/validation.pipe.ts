import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadUserInputError, ValidationReason } from '@harbour/platform';

/**
 * The first failing property of a class-validator result, as a dotted path
 * (`dependants.3.ageBand`) and its first message. class-validator reports a
 * list's own constraints (e.g. ArrayMaxSize) on the list and its items'
 * problems as children; the list's own problem wins.
 */
export function firstValidationProblem(errors: ValidationError[], prefix = ''): { path: string; message: string } | null {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) return { path, message: messages[0] };
    const nested = firstValidationProblem(error.children ?? [], path);
    if (nested) return nested;
  }
  return null;
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

/** Thrown by the validation pipe's exceptionFactory; the pipe prefixes the argument name. */
class InputValidationError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Global validation of `@InputType` / `@ArgsType` arguments with class-validator.
 * The FIRST failing property becomes `BadUserInputError(message, '<arg>.<path>')`,
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
      const problem = firstValidationProblem(errors);
      return new InputValidationError(problem?.path ?? '', problem?.message ?? 'invalid input');
    },
  });

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only client input (GraphQL args arrive as 'body'); never @Root or @Context.
    const nul = metadata.type === 'body' ? pathOfNulByte(value, metadata.data ?? '') : null;
    if (nul !== null) {
      // PostgreSQL cannot store U+0000 in text; refuse it up front, naming the field.
      throw new BadUserInputError(ValidationReason.INVALID_FORMAT, `${nul || 'input'} must not contain the NUL character (U+0000)`, nul || undefined);
    }
    try {
      return await this.inner.transform(value, metadata);
    } catch (e) {
      if (e instanceof InputValidationError) {
        const field = [metadata.data, e.path].filter(Boolean).join('.');
        // class-validator messages start with the property name; name the full path instead.
        const message = e.message.startsWith(`${e.path.split('.').pop()} `) ? `${field}${e.message.slice(e.path.split('.').pop()!.length)}` : e.message;
        throw new BadUserInputError(ValidationReason.INVALID_VALUE, message, field || undefined);
      }
      throw e;
    }
  }
}
