import { DomainError } from './errors';

describe('DomainError', () => {
  it('carries a code, a message and the offending field, and is an Error', () => {
    const e = new DomainError('INVALID_INPUT', 'bad', 'startDate');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('bad');
    expect(e.field).toBe('startDate');
    expect(e.name).toBe('DomainError');
  });
});
