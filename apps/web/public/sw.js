// Harbour's service worker: keeps the app shell (index.html and the hashed
// files under /assets) so the app opens without a connection. It never touches
// the API (/graphql, /auth/): changes made offline are queued by the page in
// IndexedDB (src/offline.ts) and sent when the connection returns.
const CACHE = 'harbour-shell-v1';

/** Caches the page and every file it names under /assets (its script and styles). */
async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch('/', { cache: 'no-store' });
  const html = await response.clone().text();
  await cache.put('/', response);
  const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]))];
  await cache.addAll(assets);
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/graphql') || url.pathname.startsWith('/auth/')) return;
  if (url.pathname.startsWith('/assets/')) {
    // Hashed file names never change content: the cache first, then the network (kept for next time).
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }
  if (request.mode === 'navigate') {
    // Pages: the network first (a new build is picked up at once), the cached shell without a connection.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put('/', copy));
          }
          return response;
        })
        .catch(() => caches.match('/').then((hit) => hit || Response.error())),
    );
  }
});
