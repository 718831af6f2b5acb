/**
 * GraphiQL is served by Harbour itself (issue: on a closed network the CDN
 * version showed only "Loading..."): over real HTTP against the booted API, the
 * page at GET /graphql and every script, style and module it references come
 * from Harbour's own origin under the Content Security Policy; in Debian's
 * Chromium the page renders and runs a query with every request blocked that
 * is not for Harbour's origin; in production there is no GraphiQL.
 */
import { Browser } from 'playwright-core';
import { Role } from '@harbour/domain';
import { Harbour } from './support/harbour-harness';
import { ensureWebBuilt, launchBrowser } from './support/browser';

jest.setTimeout(120_000);

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

/** Every URL in src="…" or href="…" of an HTML page. */
function pageReferences(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
}

/**
 * Files a built chunk loads: relative module specifiers it imports (static
 * `from"./x.js"`, dynamic import("./x.js") with any quote) and the preload list
 * Vite writes as "assets/x.js"; or, for a stylesheet, its url(…)s. Relative to
 * the chunk, except the preload list (relative to the site's root).
 */
function assetReferences(text: string, css: boolean): string[] {
  if (css) return [...text.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)].map((m) => m[1]).filter((u) => !u.startsWith('data:') && !u.startsWith('#'));
  return [
    ...[...text.matchAll(/\bfrom\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\s*\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g)].map((m) => m[1]),
    ...[...text.matchAll(/["'`](assets\/[\w.-]+\.(?:js|css))["'`]/g)].map((m) => `/${m[1]}`),
  ];
}

describe('GraphiQL served from local assets', () => {
  let h: Harbour;
  let base: string;

  beforeAll(async () => {
    await ensureWebBuilt();
    h = await Harbour.start('graphiql', { worker: false });
    base = h.baseUrl;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('serves the page and everything it loads from its own origin, under a self-only CSP', async () => {
    const res = await fetch(`${base}/graphql`, { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    const html = await res.text();
    expect(html).toContain('id="graphiql"');
    // No inline script or style block (the policy would refuse them).
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);

    const refs = pageReferences(html).filter((u) => !u.startsWith('data:'));
    expect(refs.some((u) => u.endsWith('.js'))).toBe(true);
    expect(refs.some((u) => u.endsWith('.css'))).toBe(true);

    // Fetch the page's files and, transitively, every file they import or reference: all from Harbour, all 200.
    const seen = new Set<string>();
    const queue = refs.map((u) => new URL(u, `${base}/graphql`).href);
    while (queue.length > 0) {
      const href = queue.shift()!;
      if (seen.has(href)) continue;
      seen.add(href);
      expect(new URL(href).origin).toBe(base);
      const asset = await fetch(href);
      expect({ href, status: asset.status }).toEqual({ href, status: 200 });
      const type = asset.headers.get('content-type') ?? '';
      if (/javascript|css/.test(type)) {
        const text = await asset.text();
        expect(text).not.toMatch(/unpkg\.com|cdn\.jsdelivr\.net|esm\.sh|cdnjs\.cloudflare\.com/);
        for (const ref of assetReferences(text, type.includes('css'))) queue.push(new URL(ref, href).href);
      } else {
        await asset.arrayBuffer();
      }
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it('keeps answering GraphQL clients at GET /graphql, and does not serve the page file directly', async () => {
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await fetch(`${base}/graphiql.html`, { headers: HTML })).status).toBe(404);
  });

  describe('in Chromium, with every request to another origin blocked', () => {
    let browser: Browser;

    beforeAll(async () => {
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('renders GraphiQL and runs a query, loading nothing from elsewhere and breaking no CSP rule', async () => {
      const token = await h.token({ role: Role.COORDINATOR, sub: 'graphiql-coordinator' });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const foreign: string[] = [];
      const problems: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (new URL(url).origin !== base) {
          foreign.push(url);
          return route.abort();
        }
        // The token a developer would put in GraphiQL's Headers tab.
        const headers =
          url.startsWith(`${base}/graphql`) && route.request().method() === 'POST'
            ? { ...route.request().headers(), authorization: `Bearer ${token}` }
            : undefined;
        return route.continue(headers ? { headers } : undefined);
      });
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${r.status()} from ${r.url()}`);
      });

      await page.goto(`${base}/graphql`);
      await page.locator('.graphiql-container').waitFor();
      expect(await page.locator('#graphiql').textContent()).not.toContain('Loading GraphiQL');

      await page.locator('.graphiql-query-editor .CodeMirror').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type('{ myInbox: __typename }');
      await page.keyboard.press('Escape');
      await page.locator('.graphiql-execute-button').click();
      await page.locator('.result-window').getByText('"myInbox": "Query"').waitFor();
      // The schema came through GraphiQL's introspection query: the documentation explorer lists the root types.
      await page.locator('.graphiql-sidebar button[aria-label="Show Documentation Explorer"]').click();
      await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().waitFor();

      expect(foreign).toEqual([]);
      expect(problems.filter((p) => /Content Security Policy|Refused to/.test(p))).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});

describe('GraphiQL in production', () => {
  let h: Harbour;

  beforeAll(async () => {
    await ensureWebBuilt();
    h = await Harbour.start('graphiql_prod', {
      worker: false,
      env: {
        NODE_ENV: 'production',
        CLOCK_MODE: 'system',
        JWT_SECRET: 'production-test-secret-0123456789abcdefghijkl',
        AUDIT_CHAIN_KEY: 'production-test-audit-key-0123456789abcdefghij',
        NOTES_ENCRYPTION_KEYS: 'p1:cHJvZHVjdGlvbi10ZXN0LW5vdGVzLWtleS0wMTIzNDU=',
        WEBHOOK_SIGNING_SECRET: 'production-test-webhook-secret-0123456789abcd',
        DATABASE_SCOPE_KEY: 'production-test-scope-key-0123456789abcdefghij',
      },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is not served: a browser at /graphql gets no GraphiQL page, and the page file is not there', async () => {
    const res = await fetch(`${h.baseUrl}/graphql`, { headers: HTML });
    expect(await res.text()).not.toMatch(/graphiql/i);
    expect((await fetch(`${h.baseUrl}/graphiql.html`, { headers: HTML })).status).toBe(404);
  });
});
