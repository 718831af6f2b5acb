import { normaliseEmail, normaliseEmailList } from './email-address';

describe('recipient email addresses', () => {
  it('accepts plain addresses, trimming and lower-casing the domain only', () => {
    expect(normaliseEmail('  Staff.Orchid+alerts@Shelters.Example.ORG ', 'f')).toBe('Staff.Orchid+alerts@shelters.example.org');
    expect(normaliseEmail(null, 'f')).toBeNull();
    expect(normaliseEmail('  ', 'f')).toBeNull();
  });

  it.each([
    'no-at-sign',
    '@example.org',
    'a@localhost',
    'a@b..example',
    'a@-bad.example',
    'a@1.2.3.4',
    'a b@example.org',
    '"quoted"@example.org',
    'a@example.org\r\nBcc: x@evil.example',
    'Name <a@example.org>',
    'a@example.org,b@example.org',
    '.a@example.org',
    'a..b@example.org',
    `${'x'.repeat(65)}@example.org`,
    `a@${'x'.repeat(250)}.org`,
  ])('refuses %j with a typed error naming the field', (bad) => {
    expect(() => normaliseEmail(bad, 'input.email')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ field: 'input.email' }) }));
  });

  it('drops duplicates whatever their case, names the bad item, caps the list at 20', () => {
    expect(normaliseEmailList(['a@x.example', 'A@X.example', 'b@x.example'], 'emails')).toEqual(['a@x.example', 'b@x.example']);
    expect(() => normaliseEmailList(['a@x.example', 'nope'], 'emails')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'emails.1' }) }),
    );
    expect(() =>
      normaliseEmailList(
        Array.from({ length: 21 }, (_, i) => `c${i}@x.example`),
        'emails',
      ),
    ).toThrow(/at most 20/);
  });
});
