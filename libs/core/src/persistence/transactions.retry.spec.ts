import { shouldRetryTransaction } from './transactions';

const err = (code: string) => Object.assign(new Error(code), { driverError: { code } });

describe('shouldRetryTransaction', () => {
  it('retries serialization failures and deadlocks until the attempts are spent', () => {
    expect(shouldRetryTransaction(err('40001'), 1, 3, 0, false)).toBe('serialization');
    expect(shouldRetryTransaction(err('40P01'), 2, 3, 0, true)).toBe('serialization');
    expect(shouldRetryTransaction(err('40001'), 3, 3, 0, false)).toBeNull();
  });

  it('retries a lost connection once, and only when the work had not finished (COMMIT not sent)', () => {
    expect(shouldRetryTransaction(err('57P01'), 1, 3, 0, false)).toBe('connection');
    expect(shouldRetryTransaction(new Error('Connection terminated unexpectedly'), 1, 3, 0, false)).toBe('connection');
    // The second loss in one call is answered, not retried again.
    expect(shouldRetryTransaction(err('08006'), 1, 3, 1, false)).toBeNull();
    // Lost during COMMIT: it may have committed, so it is never run again.
    expect(shouldRetryTransaction(err('57P01'), 1, 3, 0, true)).toBeNull();
  });

  it('never retries other errors', () => {
    expect(shouldRetryTransaction(err('23505'), 1, 3, 0, false)).toBeNull();
    expect(shouldRetryTransaction(new TypeError('bug'), 1, 3, 0, false)).toBeNull();
  });
});
