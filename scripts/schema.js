'use strict';
// `npm run schema`: writes schema.gql, the GraphQL schema the code defines (the
// file the API also rewrites when it boots), without a database or Redis.
// `--check` exits 1 when schema.gql differs instead of writing it.
// After writing it, `npm run web:codegen` updates the web app's types.
const fs = require('node:fs');
const path = require('node:path');
require('../test/support/ts-register.js');
require('reflect-metadata');

const root = path.resolve(__dirname, '..');
const file = path.join(root, 'schema.gql');
const { generateSchemaSdl } = require(path.join(root, 'apps/api/src/graphql/schema-sdl.ts'));

generateSchemaSdl().then(
  (text) => {
    if (process.argv.includes('--check')) {
      const same = fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text;
      console.log(same ? 'schema.gql matches the code' : 'schema.gql differs from the schema the code generates: run npm run schema');
      process.exit(same ? 0 : 1);
    }
    fs.writeFileSync(file, text);
    console.log(`wrote schema.gql (${text.split('\n').length} lines)`);
  },
  (error) => {
    console.error(`schema: ${error.stack || error.message}`);
    process.exit(1);
  },
);
