import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { contentionReason, isConnectionFailure, ServiceUnavailableError, UnavailableReason } from './errors';

describe('isConnectionFailure', () => {
  it('is true for SQLSTATE class 08, terminated or timed-out sessions, socket errors and lost-connection messages', () => {
    for (const code of ['08000', '08003', '08006', '57P01', '57P02', '57P03', '57P05', '25P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']) {
      expect([code, isConnectionFailure(Object.assign(new Error('x'), { code }))]).toEqual([code, true]);
    }
    expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'))).toBe(true);
    // TypeORM's QueryFailedError keeps the pg error as driverError.
    expect(isConnectionFailure(Object.assign(new Error('terminating connection due to administrator command'), { driverError: { code: '57P01' } }))).toBe(true);
    // TypeORM's own errors for a runner released after its connection failed (the real classes,
    // so a renamed or new one in a TypeORM upgrade shows here).
    expect(isConnectionFailure(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isConnectionFailure(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
  });

  it('is false for query errors, bugs and non-errors', () => {
    for (const code of ['23505', '23502', '40001', '42P01', '22P02']) {
      expect([code, isConnectionFailure(Object.assign(new Error('Connection terminated (in a message only)'), { code }))]).toEqual([code, false]);
    }
    expect(isConnectionFailure(new TypeError('undefined is not a function'))).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
    expect(isConnectionFailure('ECONNRESET')).toBe(false);
  });
});

describe('ServiceUnavailableError', () => {
  it('is SERVICE_UNAVAILABLE with HTTP 503, a Retry-After header and retryAfter in seconds', () => {
    const e = new ServiceUnavailableError(3);
    expect(e.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 3, http: { status: 503 } });
    expect((e.extensions.http as { headers: Map<string, string> }).headers.get('retry-after')).toBe('3');
  });
});

describe('contentionReason', () => {
  it('names deadlocks, serialization failures, lock and statement timeouts, also inside a TypeORM error; null otherwise', () => {
    const wrapped = (code: string) => Object.assign(new Error('query failed'), { driverError: { code } });
    expect(contentionReason(wrapped('40P01'))).toBe(UnavailableReason.DEADLOCK);
    expect(contentionReason(wrapped('40001'))).toBe(UnavailableReason.SERIALIZATION_FAILURE);
    expect(contentionReason(wrapped('55P03'))).toBe(UnavailableReason.LOCK_TIMEOUT);
    expect(contentionReason(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(
      UnavailableReason.STATEMENT_TIMEOUT,
    );
    for (const code of ['23505', '08006', '57P01']) expect([code, contentionReason(wrapped(code))]).toEqual([code, null]);
    expect(contentionReason(new TypeError('bug'))).toBeNull();
    expect(contentionReason(undefined)).toBeNull();
  });

  it('a ServiceUnavailableError carries its reason in extensions and message', () => {
    const e = new ServiceUnavailableError(2, UnavailableReason.DEADLOCK);
    expect(e.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'DEADLOCK', retryAfter: 2 });
    expect(e.message).toBe('The database is busy (a concurrent change got in the way); retry in 2 s');
    expect(new ServiceUnavailableError().extensions.reason).toBe('DATABASE_UNREACHABLE');
  });
});
