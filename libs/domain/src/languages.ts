import { invalidInput } from './errors';

/** A BCP 47 language tag's common shape: a 2-3 letter ISO 639 code, optional subtags (en, ro, pt-BR, zh-Hant). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Language codes as stored and compared (scoring matches them case-insensitively):
 * trimmed, lower case, each once, in the order given.
 * @throws DomainError INVALID_INPUT naming `field` for anything that is not a language tag.
 */
export function normaliseLanguages(codes: readonly string[], field: string): string[] {
  const bad = codes.find((c) => !LANGUAGE_TAG.test(c.trim()));
  if (bad !== undefined) throw invalidInput(field, `"${bad}" is not a language code such as en, ro or pt-BR`);
  return [...new Set(codes.map((c) => c.trim().toLowerCase()))];
}
