'use strict';
// `npm run docs:access`: writes docs/access.md from the access matrix
// (libs/core/src/identity/access-matrix.ts, rendered by access-doc.ts).
// TypeScript is compiled on the fly with @swc/core (already a dev dependency
// for jest); `@harbour/<lib>` resolves to libs/<lib>/src as in tsconfig.json.
// `--check` exits 1 when the committed file differs instead of writing it.

const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@harbour\/([a-z]+)(\/.*)?$/.exec(request);
  if (m) request = path.join(root, 'libs', m[1], 'src', m[2] || 'index');
  return resolve.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

const { renderAccessDoc } = require(path.join(root, 'libs/core/src/identity/access-doc.ts'));
const file = path.join(root, 'docs/access.md');
const text = renderAccessDoc();
if (process.argv.includes('--check')) {
  const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
  console.log(same ? 'docs/access.md matches the access matrix' : 'docs/access.md differs from the access matrix: run npm run docs:access');
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(file, text);
console.log(`wrote docs/access.md (${text.split('\n').length} lines)`);
