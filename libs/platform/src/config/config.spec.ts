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

describe('loadConfig: development sign-in', () => {
  const production = {
    NODE_ENV: 'production',
    JWT_SECRET: 'p'.repeat(40),
    AUDIT_CHAIN_KEY: 'a'.repeat(40),
    NOTES_ENCRYPTION_KEYS: 'dev:ZGV2LW9ubHktbm90ZXMta2V5LWNoYW5nZS1tZS0wMTI=',
    WEBHOOK_SIGNING_SECRET: 'w'.repeat(40),
  };

  it('is on by default outside production and can be switched off', () => {
    expect(loadConfig({}).DEV_SIGN_IN).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).DEV_SIGN_IN).toBe(true);
    expect(loadConfig({ DEV_SIGN_IN: 'false' }).DEV_SIGN_IN).toBe(false);
  });

  it('is off in production, and production refuses to enable it', () => {
    expect(loadConfig(production).DEV_SIGN_IN).toBe(false);
    expect(loadConfig({ ...production, DEV_SIGN_IN: 'false' }).DEV_SIGN_IN).toBe(false);
    expect(() => loadConfig({ ...production, DEV_SIGN_IN: 'true' })).toThrow(/DEV_SIGN_IN: must not be true when NODE_ENV=production/);
  });

  it('refuses a value other than true or false, naming the variable', () => {
    expect(() => loadConfig({ DEV_SIGN_IN: 'yes' })).toThrow(/DEV_SIGN_IN: must be/);
  });
});
