import { BadUserInputError } from '@harbour/platform';

/**
 * What an explicit GraphQL `null` means for one optional field of an update
 * input (docs/rules.md, "Explicit null"). Omitting a field always leaves the
 * value as it is; `null` is never "not given":
 * - `CLEARS`: null clears the stored value (e.g. `adultMaxAge: null`: the
 *   shelter takes no adults). The field's description says what clearing means.
 * - `REFUSED`: null is BAD_USER_INPUT naming the field (`genderPolicy cannot be
 *   null`), before anything is read or written. For values that cannot be
 *   absent (NOT NULL columns) or where null would be ambiguous between
 *   "keep" and "clear" (lists: omit to keep, [] for none).
 */
export enum NullMeaning {
  CLEARS = 'CLEARS',
  REFUSED = 'REFUSED',
}

/** The keys of `T` that GraphQL may send as null or leave out (optional or nullable properties). */
export type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : null extends T[K] ? K : never }[keyof T];

/** A meaning for every optional field of an input type: adding a field without one does not compile. */
export type NullMeanings<T> = { readonly [K in OptionalKeys<T>]-?: NullMeaning };

/** An input after {@link applyNullMeanings}: required fields as they were, omitted ones absent, null only where it clears. */
export type WithNullMeanings<T, M extends NullMeanings<T>> = { [K in Exclude<keyof T, OptionalKeys<T>>]: T[K] } & {
  [K in OptionalKeys<T>]?: M[K] extends NullMeaning.CLEARS ? Exclude<T[K], undefined> : Exclude<T[K], null | undefined>;
};

/**
 * The description text a field's meaning of null adds (for field descriptions
 * and the test that checks every nullable field documents it).
 */
export const NULL_MEANING_TEXT: Readonly<Record<NullMeaning, RegExp>> = Object.freeze({
  [NullMeaning.CLEARS]: /\bnull clears\b/,
  [NullMeaning.REFUSED]: /\bcannot be null\b/i,
});

/**
 * Applies the meaning of null to each field of `input`: drops undefined
 * fields, keeps null where it clears, and refuses it where it is `REFUSED`.
 * @param path - where the input sits in the operation, for the error's `field` (default `input`)
 * @returns a copy holding only the fields given
 * @throws BadUserInputError `<field> cannot be null`, field `<path>.<field>`, for the first refused null
 *   (in the order of `meanings`, so every caller sees the same one)
 */
export function applyNullMeanings<T extends object, M extends NullMeanings<T>>(input: T, meanings: M, path = 'input'): WithNullMeanings<T, M> {
  for (const [field, meaning] of Object.entries(meanings) as [keyof T & string, NullMeaning][]) {
    if (meaning === NullMeaning.REFUSED && input[field] === null) {
      throw new BadUserInputError(`${field} cannot be null`, `${path}.${field}`);
    }
  }
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as WithNullMeanings<T, M>;
}
