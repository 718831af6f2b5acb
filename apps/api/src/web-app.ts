import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { NestExpressApplication } from '@nestjs/platform-express';
import { HarbourConfig } from '@harbour/platform';

/**
 * Content Security Policy of every page and file the API serves, GraphiQL's
 * included (its code is built into the web app's files, not loaded from a CDN): scripts,
 * styles, images, fonts and connections only from Harbour's own origin, no
 * inline script or style, no plugins, no framing, forms only to itself.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/**
 * The policy for this configuration: CONTENT_SECURITY_POLICY, plus the identity provider's origin in
 * `connect-src` when OIDC_ISSUER is set (the web app fetches its discovery document and redeems the
 * authorization code there; the sign-in pages themselves are a navigation, which the policy does not
 * govern), and `upgrade-insecure-requests` in production.
 */
export function contentSecurityPolicyOf(config: HarbourConfig): Record<string, string[]> {
  const directives: Record<string, string[]> = { ...CONTENT_SECURITY_POLICY };
  if (config.OIDC_ISSUER) directives['connect-src'] = ["'self'", new URL(config.OIDC_ISSUER).origin];
  if (config.NODE_ENV === 'production') directives['upgrade-insecure-requests'] = [];
  return directives;
}

/** Path prefixes the API itself answers; the web app's fallback never shadows them. */
export const API_PATH_PREFIXES = ['/graphql', '/auth/', '/health/', '/metrics', '/admin/'];

/** Folder of the built web app: WEB_DIST_DIR, or apps/web/dist under the working directory. */
export function webDistDir(config: HarbourConfig): string {
  return resolve(config.WEB_DIST_DIR ?? join(process.cwd(), 'apps', 'web', 'dist'));
}

/** The GraphiQL page of the web build (apps/web/graphiql.html, built by scripts/build-web.js). */
export const GRAPHIQL_PAGE = 'graphiql.html';

/**
 * Answer to a browser's GET /graphql when the web app is not built: how to
 * build it (GraphiQL is part of the web build). No script, so the policy holds.
 */
const GRAPHIQL_NOT_BUILT =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour GraphiQL</title></head><body>' +
  '<h1>GraphiQL is not built</h1><p>GraphiQL is part of the web app. Build it with <code>npm run web:build</code> ' +
  '(<code>npm start</code> does it), then reload this page.</p></body></html>';

/**
 * Whether a request to /graphql is a browser opening GraphiQL: a GET whose
 * Accept header prefers HTML to both GraphQL JSON media types.
 */
function wantsGraphiQL(req: Request): boolean {
  return req.method === 'GET' && req.path === '/graphql' && req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html';
}

/**
 * Applies the Content Security Policy; outside production, answers a browser's
 * GET /graphql with GraphiQL from the web build (never cached; a page saying
 * how to build it when there is no build); and serves the built web app when its
 * folder has an index.html: hashed files under /assets cached for a year, and
 * index.html (never cached) for any other GET that asks for HTML and is not one
 * of the API's own paths (the single-page app's routes). Returns whether the
 * web app is served.
 */
export function serveWebApp(app: NestExpressApplication, config: HarbourConfig): boolean {
  const csp = helmet.contentSecurityPolicy({ useDefaults: false, directives: contentSecurityPolicyOf(config) });
  const production = config.NODE_ENV === 'production';
  app.use(csp);

  const dir = webDistDir(config);
  const graphiql = join(dir, GRAPHIQL_PAGE);
  app.use((req: Request, res: Response, next: NextFunction) => {
    // The page itself is reached only as GET /graphql, and never in production (no introspection there either).
    if (req.path === `/${GRAPHIQL_PAGE}`) return res.status(404).type('text/plain').send('Not found');
    if (production || !wantsGraphiQL(req)) return next();
    res.setHeader('cache-control', 'no-cache');
    if (existsSync(graphiql)) return res.sendFile(graphiql);
    res.status(200).type('html').send(GRAPHIQL_NOT_BUILT);
  });

  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  app.useStaticAssets(dir, { index: false, maxAge: 0, fallthrough: true });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (API_PATH_PREFIXES.some((p) => req.path === p.replace(/\/$/, '') || req.path.startsWith(p))) return next();
    if (req.path.startsWith('/assets/') || !req.accepts('html')) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
