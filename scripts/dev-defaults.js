'use strict';
// Environment defaults shared by `npm start` (scripts/start.js) and
// `npm run harbour` (scripts/harbour.js), so the API, the worker and the CLI
// run on the same configuration, above all the same clock: after a replay has
// moved the adjustable clock forward, `harbour report` and `harbour retention`
// must see the same "now" as the API, not the system clock.

/**
 * The defaults both entry points apply on top of `env` (values already set win).
 * CLOCK_MODE: adjustable, so `harbour replay` can move time forward (production
 * sets CLOCK_MODE=system; the configuration refuses adjustable there).
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ CLOCK_MODE: string }}
 */
function devDefaults(env) {
  return { CLOCK_MODE: env.CLOCK_MODE || 'adjustable' };
}

module.exports = { devDefaults };
