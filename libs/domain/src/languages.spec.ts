import { DomainError } from './errors';
import { normaliseLanguages } from './languages';

describe('language codes', () => {
  it('are trimmed, lower-cased and kept once each, in order', () => {
    expect(normaliseLanguages([' RO', 'en', 'ro', 'pt-BR'], 'f')).toEqual(['ro', 'en', 'pt-br']);
  });
  it.each(['', ' ', 'e', 'english', 'en_GB', 'e\u0000n'])('refuse %j, naming the field', (bad) => {
    expect(() => normaliseLanguages(['en', bad], 'input.languages')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field: 'input.languages' }) as DomainError,
    );
  });
});
