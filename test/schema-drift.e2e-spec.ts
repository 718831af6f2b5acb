/**
 * Schema drift: the committed schema.gql is the schema the code generates (the
 * API rewrites schema.gql when it boots, so a stale committed copy shows up
 * only as an unexplained diff later), the generator used here writes what the
 * booted API writes, and the web app's generated GraphQL types (apps/web/src/gql,
 * graphql-codegen) are those of that schema.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { generateSchemaSdl } from '../apps/api/src/graphql/schema-sdl';
import { Harbour } from './support/harbour-harness';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..');
const SCHEMA = path.join(ROOT, 'schema.gql');
const REGENERATE = 'run `npm run schema` (writes schema.gql from the code), then `npm run web:codegen`, and commit both';

/**
 * schema.gql as committed: git's index (what the next commit holds; HEAD on a
 * fresh clone), because any test that boots the API rewrites the file on disk.
 * Outside a git checkout, the file on disk.
 */
function committedSchema(): { text: string; source: string } {
  try {
    return {
      text: execFileSync('git', ['show', ':schema.gql'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }),
      source: 'git',
    };
  } catch {
    return { text: readFileSync(SCHEMA, 'utf8'), source: 'disk' };
  }
}

/** Fails with the first differing line and the command that fixes it, rather than a 3,000-line diff. */
function expectSameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  let line = 0;
  while (line < Math.max(a.length, e.length) && a[line] === e[line]) line++;
  throw new Error(
    `${what} differs from what the code generates, first at line ${line + 1}:\n  committed: ${JSON.stringify(a[line] ?? '<end>')}\n  generated: ${JSON.stringify(e[line] ?? '<end>')}\nTo fix: ${REGENERATE}.`,
  );
}

describe('schema drift', () => {
  let generated: string;

  beforeAll(async () => {
    generated = await generateSchemaSdl();
  });

  it('the committed schema.gql is the schema the code generates', () => {
    expect(generated).toContain('type Query {');
    const committed = committedSchema();
    expectSameText(committed.text, generated, `schema.gql (${committed.source === 'git' ? 'as committed' : 'on disk'})`);
  });

  it('the generator writes exactly what the booted API writes to schema.gql', async () => {
    const h = await Harbour.start('schema_drift', { worker: false });
    try {
      expectSameText(readFileSync(SCHEMA, 'utf8'), generated, 'schema.gql as the booted API wrote it');
    } finally {
      await h.close();
    }
  });

  it("the web app's generated GraphQL types (apps/web/src/gql) are those of the generated schema", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'harbour-schema-'));
    try {
      const schemaFile = path.join(dir, 'schema.gql');
      writeFileSync(schemaFile, generated);
      // apps/web/codegen.yml with the generated schema as input and a scratch folder as output
      // (graphql-codegen's CLI, in a child process: its ESM dependencies do not load under jest).
      const config = parse(readFileSync(path.join(ROOT, 'apps/web/codegen.yml'), 'utf8')) as { schema: string; generates: Record<string, unknown> };
      const [[output, options]] = Object.entries(config.generates);
      const out = path.join(dir, 'gql');
      const configFile = path.join(dir, 'codegen.yml');
      writeFileSync(configFile, stringify({ ...config, schema: schemaFile, generates: { [`${out}/`]: options } }));
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', configFile, '--silent'], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      const files = readdirSync(out).sort();
      expect(files).toEqual(readdirSync(path.join(ROOT, output)).sort());
      for (const file of files) {
        if (readFileSync(path.join(out, file), 'utf8') !== readFileSync(path.join(ROOT, output, file), 'utf8')) {
          throw new Error(`${output}${file} is not what graphql-codegen generates from the code's schema. To fix: ${REGENERATE}.`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
