import { ServiceUnavailableError, UnavailableReason } from '@harbour/platform';
import { shouldRetryTransaction, transactionFailure } from './transactions';

const err = (code: string) => Object.assign(new Error(code), { driverError: { code } });

describe('shouldRetryTransaction', () => {
  it('retries serialization failures and deadlocks until the attempts are spent', () => {
    expect(shouldRetryTransaction(err('40001'), 1, 3, 0, false)).toBe('contention');
    expect(shouldRetryTransaction(err('40P01'), 2, 3, 0, true)).toBe('contention');
    expect(shouldRetryTransaction(err('40001'), 3, 3, 0, false)).toBeNull();
  });

  it('retries lock and statement timeouts (55P03, 57014) until the attempts are spent, but not one raised by COMMIT', () => {
    expect(shouldRetryTransaction(err('55P03'), 1, 3, 0, false)).toBe('contention');
    expect(shouldRetryTransaction(err('57014'), 2, 3, 0, false)).toBe('contention');
    expect(shouldRetryTransaction(err('57014'), 3, 3, 0, false)).toBeNull();
    // The work had finished: the timeout hit COMMIT, whose outcome is not certain.
    expect(shouldRetryTransaction(err('57014'), 1, 3, 0, true)).toBeNull();
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

  it('a failure for good is SERVICE_UNAVAILABLE with its reason and the PostgreSQL error as cause; other errors stay as they are', () => {
    const cases: [string, UnavailableReason][] = [
      ['40P01', UnavailableReason.DEADLOCK],
      ['40001', UnavailableReason.SERIALIZATION_FAILURE],
      ['55P03', UnavailableReason.LOCK_TIMEOUT],
      ['57014', UnavailableReason.STATEMENT_TIMEOUT],
      ['57P01', UnavailableReason.DATABASE_UNREACHABLE],
    ];
    for (const [code, reason] of cases) {
      const original = err(code);
      const out = transactionFailure(original) as ServiceUnavailableError;
      expect([code, out instanceof ServiceUnavailableError, out.extensions.code, out.extensions.reason, out.extensions.retryAfter]).toEqual([
        code,
        true,
        'SERVICE_UNAVAILABLE',
        reason,
        2,
      ]);
      expect((out as { cause?: unknown }).cause).toBe(original);
    }
    const unique = err('23505');
    expect(transactionFailure(unique)).toBe(unique);
  });
});
