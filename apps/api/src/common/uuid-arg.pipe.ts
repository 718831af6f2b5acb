import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { BadUserInputError, ValidationReason } from '@harbour/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks an id argument is a UUID before it reaches PostgreSQL (which would
 * otherwise fail with a 500-ish cast error). Null/undefined pass (optional args).
 * @throws BAD_USER_INPUT naming the argument
 */
@Injectable()
export class UuidArgPipe implements PipeTransform<string | null | undefined> {
  transform(value: string | null | undefined, metadata: ArgumentMetadata): string | null | undefined {
    if (value == null) return value;
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new BadUserInputError(ValidationReason.INVALID_FORMAT, `${metadata.data ?? 'id'} must be a UUID`, metadata.data);
    }
    return value;
  }
}

/** Throws BAD_USER_INPUT naming `field` unless `value` is at most `max` characters. */
export function checkLength(value: string | null | undefined, field: string, max: number): void {
  if (value != null && value.length > max) throw new BadUserInputError(ValidationReason.TOO_LONG, `${field} must be at most ${max} characters`, field);
}
