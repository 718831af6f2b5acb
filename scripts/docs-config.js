'use strict';
// `npm run docs:config`: writes docs/configuration.md from the configuration
// schema (libs/platform/src/config/config.ts, rendered by config-doc.ts).
// `--check` exits 1 when the committed file differs instead of writing it.
const fs = require('node:fs');
const path = require('node:path');
require('../test/support/ts-register.js');

const root = path.resolve(__dirname, '..');
const { renderConfigDoc } = require(path.join(root, 'libs/platform/src/config/config-doc.ts'));
const file = path.join(root, 'docs/configuration.md');
const text = renderConfigDoc();
if (process.argv.includes('--check')) {
  const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
  console.log(same ? 'docs/configuration.md matches the config schema' : 'docs/configuration.md differs from the config schema: run npm run docs:config');
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(file, text);
console.log(`wrote docs/configuration.md (${text.split('\n').length} lines)`);
