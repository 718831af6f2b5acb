import { cy } from './cy';
import { en, type MessageKey, type Messages } from './en';

/** Languages of the web app: English and Welsh. */
export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Every language's strings. */
export const CATALOGUES: Record<Language, Messages> = { en, cy };

/** The `{name}` placeholders of a message, sorted. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/**
 * `key`'s string in `lang` with each `{name}` replaced by `vars[name]`;
 * a placeholder without a value stays as it is (so a missing value shows).
 */
export function translate(lang: Language, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return (CATALOGUES[lang][key] ?? CATALOGUES.en[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
