'use strict';
// Lets plain `node` run the TypeScript sources (for tests that must run code in a
// child process, e.g. the simulator's chart rendering, whose ESM-only vega cannot
// load under jest): `node -r ./test/support/ts-register.js apps/cli/src/main.ts …`.
// Compiles each .ts file with @swc/core (as jest does) and maps the @harbour/*
// path aliases of tsconfig.json with tsconfig-paths.
const path = require('node:path');
const { transformSync } = require('@swc/core');
const tsconfigPaths = require('tsconfig-paths');

const root = path.resolve(__dirname, '..', '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.json'));
// The same swc options as jest (jest.config.js), so code runs here as it does in tests.
const [, swcOptions] = Object.values(require(path.join(root, 'jest.config.js')).transform)[0];
tsconfigPaths.register({ baseUrl: root, paths: compilerOptions.paths });

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename, sourceMaps: 'inline' });
  module._compile(code, filename);
};
