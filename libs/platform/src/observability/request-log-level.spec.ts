import { requestLogLevel } from './logging';

describe('requestLogLevel', () => {
  it('logs a retryable 503 as a warning, other 5xx and exceptions as errors, the rest as info', () => {
    // pino-http passes an Error for any status >= 500; a 503 is still only a warning.
    expect(requestLogLevel({}, { statusCode: 503 }, new Error('failed with status code 503'))).toBe('warn');
    expect(requestLogLevel({}, { statusCode: 500 })).toBe('error');
    expect(requestLogLevel({}, { statusCode: 200 }, new Error('socket'))).toBe('error');
    expect(requestLogLevel({}, { statusCode: 429 })).toBe('info');
    expect(requestLogLevel({}, { statusCode: 200 })).toBe('info');
  });
});
