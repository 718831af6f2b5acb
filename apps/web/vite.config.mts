import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';

/** Where the API runs for the dev server's proxy (npm start's default port). */
const api = process.env.HARBOUR_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

/**
 * The web app: built to apps/web/dist (served by the API from the same origin),
 * or served by `npm run web:dev` with hot reload, proxying the API's routes.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
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
