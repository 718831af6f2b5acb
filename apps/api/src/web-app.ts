import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { NestExpressApplication } from '@nestjs/platform-express';
import { HarbourConfig } from '@harbour/platform';

/**
 * Content Security Policy of every page and file the API serves (in production
 * on every response; outside production on all but the GraphiQL page): scripts,
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

/** Path prefixes the API itself answers; the web app's fallback never shadows them. */
export const API_PATH_PREFIXES = ['/graphql', '/auth/', '/health/', '/metrics', '/admin/'];

/** Folder of the built web app: WEB_DIST_DIR, or apps/web/dist under the working directory. */
export function webDistDir(config: HarbourConfig): string {
  return resolve(config.WEB_DIST_DIR ?? join(process.cwd(), 'apps', 'web', 'dist'));
}

/**
 * Applies the Content Security Policy, and serves the built web app when its
 * folder has an index.html: hashed files under /assets cached for a year, and
 * index.html (never cached) for any other GET that asks for HTML and is not one
 * of the API's own paths (the single-page app's routes). Returns whether the
 * web app is served.
 */
export function serveWebApp(app: NestExpressApplication, config: HarbourConfig): boolean {
  const csp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: config.NODE_ENV === 'production' ? { ...CONTENT_SECURITY_POLICY, 'upgrade-insecure-requests': [] } : CONTENT_SECURITY_POLICY,
  });
  const production = config.NODE_ENV === 'production';
  app.use((req: Request, res: Response, next: NextFunction) => {
    // GraphiQL (outside production only) loads its code from a CDN; everything else is held to the policy.
    if (!production && req.method === 'GET' && req.path === '/graphql') return next();
    csp(req, res, next);
  });

  const dir = webDistDir(config);
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
