import { validateWebhookUrl } from './webhook-url';

describe('webhook URL check (SSRF)', () => {
  const ok = (u: string, production = false) => validateWebhookUrl(u, 'input.webhookUrl', production);

  it.each([
    'http://169.254.169.254/latest',
    'http://[fe80::1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://0xa9fea9fe/',
    'http://[fd00:ec2::254]/',
    'http://100.100.100.200/',
    'http://metadata.google.internal/',
    'http://metadata.google.internal./',
    'http://METADATA./',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[::ffff:0:a9fe:a9fe]/',
    'http://[2002:a9fe:a9fe::]/',
    'http://[::a9fe:a9fe]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    'http://0.0.0.0/',
    'http://[::]/',
    'ftp://example.org/',
    'javascript:alert(1)',
    'http://user:pw@example.org/',
  ])('always refuses %s', (u) => {
    expect(() => ok(u)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.webhookUrl' }) }));
  });

  it.each([
    'http://127.0.0.1:9/hook',
    'https://[64:ff9b::7f00:1]/',
    'https://[2002:a00:1::]/',
    'https://localhost./',
    'http://[::ffff:7f00:1]/',
    'http://10.0.0.1/',
    'http://[fd12::1]/',
    'http://localhost/',
    'http://example.org/',
  ])('refuses %s in production (loopback, private, or not https)', (u) => {
    expect(() => ok(u, true)).toThrow(/webhookUrl|must/);
  });

  it('accepts a local receiver in development and a public https one anywhere', () => {
    expect(ok('http://127.0.0.1:9999/hook')).toBe('http://127.0.0.1:9999/hook');
    expect(ok('https://hooks.example.org/harbour', true)).toBe('https://hooks.example.org/harbour');
    expect(ok('  ')).toBeNull();
    expect(ok('https://[2606:4700:4700::1111]/hook', true)).toBe('https://[2606:4700:4700::1111]/hook');
    expect(ok('https://[64:ff9b::808:808]/hook', true)).toBe('https://[64:ff9b::808:808]/hook');
  });
});
