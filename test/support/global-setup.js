'use strict';
// Jest globalSetup: find or start PostgreSQL and Redis (scripts/services.js) and
// hand their URLs to the tests through process.env (test workers inherit it).
// Set DATABASE_URL / REDIS_URL to use particular servers.
const { ensureServices } = require('../../scripts/services');

module.exports = async function globalSetup() {
  const { databaseUrl, redisUrl, stop } = await ensureServices();
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_URL = redisUrl;
  // Read back in global-teardown.js (same process).
  globalThis.__HARBOUR_STOP_SERVICES__ = stop;
};
