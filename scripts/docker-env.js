#!/usr/bin/env node
'use strict';
// `node scripts/docker-env.js`: writes `.env` next to docker-compose.yml with
// fresh random secrets, once. docker compose reads it for every ${…} in the
// compose file and refuses to start without it. The file is untracked
// (.gitignore) and mode 600; an existing one is never overwritten.

const nodeCrypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const FILE = path.resolve(__dirname, '..', '.env');

/** The variables the compose file requires, each with a fresh random value. */
function freshSecrets() {
  const b64 = (n) => nodeCrypto.randomBytes(n).toString('base64');
  const hex = (n) => nodeCrypto.randomBytes(n).toString('hex');
  return {
    POSTGRES_PASSWORD: hex(24),
    HARBOUR_DB_PASSWORD: hex(24),
    HARBOUR_RUNTIME_DB_PASSWORD: hex(24),
    JWT_SECRET: b64(48),
    AUDIT_CHAIN_KEY: b64(48),
    WEBHOOK_SIGNING_SECRET: b64(48),
    NOTES_ENCRYPTION_KEYS: `k1:${b64(32)}`,
    DATABASE_SCOPE_KEY: b64(48),
  };
}

function main() {
  if (fs.existsSync(FILE)) {
    console.error(`[docker-env] ${path.relative(process.cwd(), FILE) || FILE} exists; left as it is`);
    return;
  }
  const lines = [
    '# Secrets for docker compose, made by scripts/docker-env.js. Never commit this file.',
    ...Object.entries(freshSecrets()).map(([k, v]) => `${k}=${v}`),
    '# Address the published ports bind to; 0.0.0.0 serves every interface.',
    'HARBOUR_BIND_ADDRESS=127.0.0.1',
    '',
  ];
  fs.writeFileSync(FILE, lines.join('\n'), { mode: 0o600, flag: 'wx' });
  console.error(`[docker-env] wrote ${FILE} (mode 600) with fresh secrets`);
}

if (require.main === module) main();
module.exports = { freshSecrets };
