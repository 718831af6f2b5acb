import { RepeatedErrorLog } from './repeated-error-log';

describe('RepeatedErrorLog', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390\n    at TCPConnectWrap.afterConnect'), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port: 6390,
  });

  function setup() {
    let t = 1_000_000;
    const lines: { message: string; fields: Record<string, unknown> }[] = [];
    const log = new RepeatedErrorLog(
      (message, fields) => lines.push({ message, fields }),
      60_000,
      () => t,
    );
    return { log, lines, advance: (ms: number) => (t += ms) };
  }

  it('writes the first failure as one line without the stack, and counts repeats into one line per window', () => {
    const { log, lines, advance } = setup();
    expect(log.report('redis', refused)).toBe(true);
    for (let i = 0; i < 239; i++) {
      advance(100);
      log.report('redis', refused);
    }
    expect(lines).toHaveLength(1);
    expect(lines[0].message).toBe('redis connection failing: connect ECONNREFUSED 127.0.0.1:6390');
    expect(lines[0].fields).toMatchObject({ source: 'redis', code: 'ECONNREFUSED', repeated: 0 });
    advance(60_000);
    expect(log.report('redis', refused)).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1].message).toBe('redis connection still failing: 240 more "connect ECONNREFUSED 127.0.0.1:6390" in the last 84 s');
    expect(lines[1].fields).toMatchObject({ repeated: 240, failingForMs: 83_900 });
  });

  it('keeps different failures apart and writes one line on recovery, then starts afresh', () => {
    const { log, lines, advance } = setup();
    log.report('redis', refused);
    log.report('redis', Object.assign(new Error('getaddrinfo ENOTFOUND redis'), { code: 'ENOTFOUND' }));
    log.report('postgres', refused);
    expect(lines).toHaveLength(3);
    expect(log.failing).toBe(3);
    advance(5000);
    expect(log.recovered('redis')).toBe(true);
    expect(lines.slice(3).map((l) => l.message)).toEqual(['redis connection restored after 5 s', 'redis connection restored after 5 s']);
    expect(log.failing).toBe(1);
    expect(log.recovered('redis')).toBe(false);
    log.report('redis', refused);
    expect(lines).toHaveLength(6);
  });
});
