import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Row-level security (docs/row-level-security.md) makes a bare
 * `dataSource.transaction(...)` in the API process a bug: the API's
 * connections have no caller, so its writes to protected tables (the audit
 * trail above all) are refused, and a user's reads see nothing. Every
 * transaction goes through persistence/transactions.ts: `inTransaction` (as
 * SERVICE, after the service's own check) or `withCaller` (as the user).
 * This test keeps it so (a revokeTokens written with a bare transaction once
 * answered every coordinator with a 500).
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
/** Files allowed a bare transaction, with the reason. */
const ALLOWED: Record<string, string> = {
  'libs/core/src/persistence/transactions.ts': 'defines inTransaction and withCaller',
  'libs/core/src/import/hic-import.service.ts': 'CLI only: its connection acts as SERVICE (dataSourceOptions(config, "SERVICE"))',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('transactions go through inTransaction or withCaller', () => {
  it('no source file outside the allowed ones opens a bare TypeORM transaction', () => {
    const offenders = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))]
      .map((path) => relative(ROOT, path))
      .filter((rel) => !(rel in ALLOWED))
      .filter((rel) => /\.transaction\s*\(/.test(readFileSync(join(ROOT, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
