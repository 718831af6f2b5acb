import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptsOf, configVariables, renderConfigDoc } from './config-doc';
import { loadConfig } from './config';

describe('configuration reference', () => {
  it('docs/configuration.md is generated from the schema (npm run docs:config)', () => {
    expect(readFileSync(join(__dirname, '../../../../docs/configuration.md'), 'utf8')).toBe(renderConfigDoc());
  });

  it('covers every variable the schema knows, each with a description', () => {
    const vars = configVariables();
    // Every variable with a default shows up in a loaded configuration; the reference lists at least those.
    const loaded = Object.keys(loadConfig({}));
    expect(loaded.filter((k) => !vars.some((v) => v.name === k))).toEqual([]);
    for (const v of vars) expect(`${v.name}: ${v.description}`).not.toMatch(/: $/);
  });

  it('describes validation in words', () => {
    expect(acceptsOf('z.coerce.number().int().min(30).max(365).default(45)')).toBe('whole number 30–365');
    expect(acceptsOf('z.coerce.number().positive().max(24 * 14).default(24)')).toBe('positive number ≤ 336');
    expect(acceptsOf("z.enum(['system', 'adjustable']).default('system')")).toBe('one of system, adjustable');
  });
});
