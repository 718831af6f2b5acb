import { isIP } from 'node:net';
import { BadUserInputError } from '@harbour/platform';

/**
 * Checks a webhook URL before it is stored, so notifications cannot be aimed at
 * the machine's own services or a cloud metadata endpoint (SSRF): http or https
 * only, no credentials in the URL, never a link-local address (169.254.0.0/16,
 * fe80::/10), and in production https only and no loopback or private address.
 * Host names are not resolved here; deployments that need more put an egress
 * proxy in front of the worker.
 * @throws BadUserInputError naming `field`.
 */
export function validateWebhookUrl(value: string | null | undefined, field: string, production: boolean): string | null {
  if (value == null || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BadUserInputError('must be an absolute http(s) URL', field);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !production)) {
    throw new BadUserInputError(production ? 'must be an https URL' : 'must be an http or https URL', field);
  }
  if (url.username || url.password) throw new BadUserInputError('must not carry credentials', field);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const v = isIP(host);
  const linkLocal = (v === 4 && host.startsWith('169.254.')) || (v === 6 && /^fe[89ab]/i.test(host));
  if (linkLocal || host === 'metadata.google.internal') {
    throw new BadUserInputError('must not point at a link-local or metadata address', field);
  }
  if (production) {
    const privateV4 = v === 4 && /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.)/.test(host);
    const privateV6 = v === 6 && (host === '::1' || /^f[cd]/i.test(host));
    if (privateV4 || privateV6 || host === 'localhost') {
      throw new BadUserInputError('must not point at a loopback or private address in production', field);
    }
  }
  return url.toString();
}
