import { ConfigError, loadConfig } from './config';

describe('loadConfig: batch assignment settings', () => {
  it('has documented defaults for the priority weights, window and solver time limit', () => {
    const c = loadConfig({});
    expect([
      c.PRIORITY_WEIGHT_BASE,
      c.PRIORITY_WEIGHT_URGENCY,
      c.PRIORITY_WEIGHT_WAIT_PER_DAY,
      c.PRIORITY_WEIGHT_MINOR,
      c.PRIORITY_WEIGHT_CHILD,
      c.ASSIGNMENT_WINDOW_SECONDS,
      c.ASSIGNMENT_TIME_LIMIT_SECONDS,
    ]).toEqual([1, 4, 0.1, 3, 1, 5, 20]);
  });

  it('reads fractional weights and refuses a negative or non-numeric one, naming the variable', () => {
    expect(loadConfig({ PRIORITY_WEIGHT_WAIT_PER_DAY: '0.25' }).PRIORITY_WEIGHT_WAIT_PER_DAY).toBe(0.25);
    for (const [name, value] of [
      ['PRIORITY_WEIGHT_URGENCY', '-1'],
      ['PRIORITY_WEIGHT_CHILD', 'lots'],
      ['ASSIGNMENT_WINDOW_SECONDS', '-5'],
      ['ASSIGNMENT_TIME_LIMIT_SECONDS', '0'],
    ]) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toContain(`${name}: must be`);
    }
  });
});
