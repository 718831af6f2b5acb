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

  it('caps ageing and escalates by default after 24 h (EMERGENCY), 72 h (URGENT), 7 days (ROUTINE)', () => {
    const c = loadConfig({});
    expect([c.PRIORITY_WAIT_CAP_POINTS, c.ESCALATION_AFTER_HOURS_EMERGENCY, c.ESCALATION_AFTER_HOURS_URGENT, c.ESCALATION_AFTER_HOURS_ROUTINE]).toEqual([
      2, 24, 72, 168,
    ]);
    expect(() => loadConfig({ ESCALATION_AFTER_HOURS_URGENT: '0' })).toThrow(/ESCALATION_AFTER_HOURS_URGENT/);
    expect(() => loadConfig({ PRIORITY_WAIT_CAP_POINTS: '-1' })).toThrow(/PRIORITY_WAIT_CAP_POINTS/);
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
