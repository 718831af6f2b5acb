'use strict';
// Jest globalTeardown: stop whatever global-setup.js started (an embedded
// PostgreSQL, a redis-server); servers that were already running are left alone.
module.exports = async function globalTeardown() {
  const stop = globalThis.__HARBOUR_STOP_SERVICES__;
  delete globalThis.__HARBOUR_STOP_SERVICES__;
  if (stop) await stop();
};
