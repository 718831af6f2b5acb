import { enforceUnavailableStatus, ResponseStatusContext } from './request-errors.plugin';

function response(status: number | undefined, codes: string[]): ResponseStatusContext {
  return {
    response: {
      http: { status, headers: new Map() },
      body: { kind: 'single', singleResult: { errors: codes.map((code) => ({ extensions: { code } })) } },
    },
  };
}

describe('enforceUnavailableStatus', () => {
  it('makes any response with a SERVICE_UNAVAILABLE error HTTP 503 with Retry-After, even with partial data', () => {
    // One root field lost the connection, another answered: Apollo left the status at 200.
    const rc = response(undefined, ['SERVICE_UNAVAILABLE']);
    enforceUnavailableStatus(rc);
    expect(rc.response.http.status).toBe(503);
    expect(rc.response.http.headers.get('retry-after')).toBe('2');
    const mixed = response(200, ['FORBIDDEN', 'SERVICE_UNAVAILABLE']);
    enforceUnavailableStatus(mixed);
    expect(mixed.response.http.status).toBe(503);
  });

  it('leaves every other response alone', () => {
    for (const [status, codes] of [
      [undefined, []],
      [200, ['FORBIDDEN']],
      [400, ['BAD_USER_INPUT']],
    ] as const) {
      const rc = response(status, [...codes]);
      enforceUnavailableStatus(rc);
      expect([codes, rc.response.http.status, rc.response.http.headers.has('retry-after')]).toEqual([codes, status, false]);
    }
  });
});
