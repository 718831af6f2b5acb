'use strict';
// `npm run docs:errors`: writes docs/errors.md, every error code and typed
// reason with its meaning, from libs/platform/src/errors/reason-catalogue.ts.
// `--check` exits 1 when the committed file differs instead of writing it.
const fs = require('node:fs');
const path = require('node:path');
require('../test/support/ts-register.js');

const root = path.resolve(__dirname, '..');
const { errorsDoc } = require(path.join(root, 'libs/platform/src/errors/reason-catalogue.ts'));
const file = path.join(root, 'docs/errors.md');
const text = errorsDoc();
if (process.argv.includes('--check')) {
  const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
  console.log(same ? 'docs/errors.md matches the reasons' : 'docs/errors.md differs from the reasons: run npm run docs:errors');
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(file, text);
console.log(`wrote docs/errors.md (${text.split('\n').length} lines)`);
