import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** Where the API runs for the dev server's proxy (npm start's default port). */
const api = process.env.HARBOUR_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/**
 * Moves fonts embedded in built stylesheets as data: URLs (GraphiQL's style.css
 * ships its fonts that way) into files of their own under assets/, named by a
 * hash of their bytes, so the API's Content Security Policy can allow fonts
 * from Harbour's origin only (`font-src 'self'`, no `data:`).
 */
function fontsAsFiles(): Plugin {
  const DATA_FONT = /url\((["']?)data:(?:font|application)\/(?:x-)?(?:font-)?(woff2?|ttf|otf);base64,([A-Za-z0-9+/=]+)\1\)/g;
  return {
    name: 'harbour-fonts-as-files',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const asset of Object.values(bundle)) {
        if (asset.type !== 'asset' || !asset.fileName.endsWith('.css') || typeof asset.source !== 'string') continue;
        asset.source = asset.source.replace(DATA_FONT, (_match, _quote: string, ext: string, base64: string) => {
          const bytes = Buffer.from(base64, 'base64');
          const name = `font-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${ext}`;
          const dir = asset.fileName.includes('/') ? asset.fileName.slice(0, asset.fileName.lastIndexOf('/') + 1) : '';
          if (!bundle[dir + name]) this.emitFile({ type: 'asset', fileName: dir + name, source: bytes });
          return `url(./${name})`;
        });
      }
    },
  };
}

/**
 * The web app: built to apps/web/dist (served by the API from the same origin),
 * or served by `npm run web:dev` with hot reload, proxying the API's routes.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), fontsAsFiles()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    // Two pages: the app (index.html) and GraphiQL (graphiql.html, served by the API at GET /graphql outside production).
    // GraphiQL's own chunk is about 800 kB raw; it is not part of the app's initial JavaScript (scripts/build-web.js).
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      input: {
        app: fileURLToPath(new URL('./index.html', import.meta.url)),
        graphiql: fileURLToPath(new URL('./graphiql.html', import.meta.url)),
      },
      // react-compiler-runtime (a GraphiQL dependency) starts with a "use no memo" directive that bundling drops harmlessly.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE' && log.id?.includes('react-compiler-runtime')) return;
        handler(level, log);
      },
    },
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/graphql': { target: api, changeOrigin: false },
      '/auth': { target: api, changeOrigin: false },
    },
  },
});
