import { BadUserInputError, NotificationReason } from '@harbour/platform';

/** Most addresses one region may list for its coordinators. */
export const MAX_COORDINATOR_EMAILS = 20;

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Checks one email address before it is stored as a recipient: a plain
 * `local@domain` (RFC 5321 limits: 254 characters, local part 64; a dot-atom
 * local part, no quoted strings, comments, display names or line breaks, so it
 * cannot smuggle a second header or recipient), the domain a dotted host name.
 * The domain is lower-cased (domains are case-insensitive; local parts are not).
 * Null, undefined or blank give null (no address).
 * @throws BadUserInputError naming `field`.
 */
export function normaliseEmail(value: string | null | undefined, field: string): string | null {
  if (value == null || value.trim() === '') return null;
  const v = value.trim();
  if (v.length > 254) throw new BadUserInputError(NotificationReason.EMAIL_ADDRESS_INVALID, 'an email address is at most 254 characters', field);
  const at = v.lastIndexOf('@');
  const local = v.slice(0, at);
  const domain = v.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  if (
    at <= 0 ||
    !LOCAL.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..') ||
    labels.length < 2 ||
    !labels.every((l) => LABEL.test(l)) ||
    /^\d+$/.test(labels[labels.length - 1])
  ) {
    throw new BadUserInputError(NotificationReason.EMAIL_ADDRESS_INVALID, 'must be an email address such as officer@agency.example', field);
  }
  return `${local}@${domain}`;
}

/**
 * Checks a list of addresses (a region's coordinators): each as normaliseEmail
 * (the field is `field.<index>`), duplicates dropped case-insensitively, at most
 * MAX_COORDINATOR_EMAILS.
 * @throws BadUserInputError naming the field or the bad item.
 */
export function normaliseEmailList(values: readonly string[], field: string): string[] {
  if (values.length > MAX_COORDINATOR_EMAILS) {
    throw new BadUserInputError(NotificationReason.TOO_MANY_EMAIL_ADDRESSES, `at most ${MAX_COORDINATOR_EMAILS} addresses`, field);
  }
  const seen = new Map<string, string>();
  values.forEach((v, i) => {
    const clean = normaliseEmail(v, `${field}.${i}`);
    if (clean === null) throw new BadUserInputError(NotificationReason.EMAIL_ADDRESS_INVALID, 'must not be blank', `${field}.${i}`);
    if (!seen.has(clean.toLowerCase())) seen.set(clean.toLowerCase(), clean);
  });
  return [...seen.values()];
}
