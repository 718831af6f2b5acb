import ipaddr from 'ipaddr.js';
import { BadUserInputError, NotificationReason } from '@harbour/platform';

/** Address ranges (ipaddr.js names) never allowed as a webhook target. */
const ALWAYS_BLOCKED = new Set(['linkLocal', 'unspecified', 'carrierGradeNat', 'broadcast', 'multicast', 'reserved']);

/** Ranges refused in production as well: the deployment's own network. */
const BLOCKED_IN_PRODUCTION = new Set(['loopback', 'private', 'uniqueLocal']);

/** Cloud metadata endpoints by name or by an address outside the ranges above. */
const METADATA_HOSTS = new Set(['metadata.google.internal', 'metadata', 'fd00:ec2::254']);

/**
 * IPv6 forms that carry an IPv4 address a router or the host may reach
 * (NAT64 64:ff9b::/96, SIIT ::ffff:0:0:0/96, 6to4 2002::/16, the deprecated
 * IPv4-compatible ::/96): the embedded IPv4 address, checked like any other.
 * Teredo (2001::/32) obfuscates its address, so it is refused outright.
 */
function embeddedIPv4(addr: ipaddr.IPv6, field: string): ipaddr.IPv4 | null {
  const range = addr.range();
  const p = addr.parts;
  const v4 = (hi: number, lo: number) => new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  if (range === 'teredo') throw new BadUserInputError(NotificationReason.WEBHOOK_URL_BLOCKED, 'must not point at a teredo address', field);
  if (range === 'rfc6052' || range === 'rfc6145') return v4(p[6], p[7]);
  if (range === '6to4') return v4(p[1], p[2]);
  if (p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7] > 1)) return v4(p[6], p[7]);
  return null;
}

/** Longest webhook URL accepted anywhere (characters), as for the URL fields of agency and shelter inputs. */
export const WEBHOOK_URL_MAX_LENGTH = 2000;

/**
 * Like {@link validateWebhookUrl} for an argument that must name a URL
 * (testWebhook, resumeWebhook): a blank one is refused too.
 * @returns the normalised URL.
 * @throws BadUserInputError naming `field`.
 */
export function requireWebhookUrl(value: string | null | undefined, field: string, production: boolean): string {
  const url = validateWebhookUrl(value, field, production);
  if (url === null) throw new BadUserInputError(NotificationReason.WEBHOOK_URL_INVALID, 'is required: an absolute http(s) URL', field);
  return url;
}

/**
 * Checks a webhook URL before it is stored, so notifications cannot be aimed at
 * the machine's own services or a cloud metadata endpoint (SSRF): http or https
 * only, no credentials, never a link-local, unspecified, carrier-grade-NAT,
 * broadcast, multicast or reserved address (IPv4-mapped IPv6 included, via
 * ipaddr.js, and the IPv4 inside NAT64, SIIT, 6to4 and IPv4-compatible IPv6
 * addresses) or a known metadata host (a trailing dot changes nothing); in production https only and no loopback,
 * private or unique-local address. Host NAMES are not resolved here: a name that
 * resolves to such an address is stopped only by an egress proxy or firewall in
 * front of the worker, which production deployments should have.
 * @throws BadUserInputError naming `field`.
 */
export function validateWebhookUrl(value: string | null | undefined, field: string, production: boolean): string | null {
  if (value == null || value.trim() === '') return null;
  if (value.length > WEBHOOK_URL_MAX_LENGTH)
    throw new BadUserInputError(NotificationReason.WEBHOOK_URL_INVALID, `must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`, field);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BadUserInputError(NotificationReason.WEBHOOK_URL_INVALID, 'must be an absolute http(s) URL', field);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !production)) {
    throw new BadUserInputError(NotificationReason.WEBHOOK_URL_INVALID, production ? 'must be an https URL' : 'must be an http or https URL', field);
  }
  if (url.username || url.password) throw new BadUserInputError(NotificationReason.WEBHOOK_URL_INVALID, 'must not carry credentials', field);
  // "metadata.google.internal." is the same DNS name as "metadata.google.internal".
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.+$/, '');
  if (METADATA_HOSTS.has(host)) throw new BadUserInputError(NotificationReason.WEBHOOK_URL_BLOCKED, 'must not point at a cloud metadata endpoint', field);
  if (ipaddr.isValid(host)) {
    let addr = ipaddr.parse(host);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
    else if (addr.kind() === 'ipv6') addr = embeddedIPv4(addr as ipaddr.IPv6, field) ?? addr;
    if (METADATA_HOSTS.has(addr.toNormalizedString()))
      throw new BadUserInputError(NotificationReason.WEBHOOK_URL_BLOCKED, 'must not point at a cloud metadata endpoint', field);
    const range = addr.range();
    if (ALWAYS_BLOCKED.has(range)) throw new BadUserInputError(NotificationReason.WEBHOOK_URL_BLOCKED, `must not point at a ${range} address`, field);
    if (production && BLOCKED_IN_PRODUCTION.has(range)) {
      throw new BadUserInputError(NotificationReason.WEBHOOK_URL_BLOCKED, `must not point at a ${range} address in production`, field);
    }
  } else if (production && (host === 'localhost' || host.endsWith('.localhost'))) {
    throw new BadUserInputError(NotificationReason.WEBHOOK_URL_BLOCKED, 'must not point at localhost in production', field);
  }
  return url.toString();
}
