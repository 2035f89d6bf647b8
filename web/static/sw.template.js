// The service worker: precaches every file of one build so that the app loads and works with no network.
// `cargo xtask build` writes dist/sw.js from this template (web/static/sw.template.js), filling in the
// build's version (a hash of every file) and the list of files; a new build is a new sw.js, which the page
// offers as "update available" (sw-register.js). Nothing is fetched from anywhere but this origin.
'use strict';

const VERSION = '__VERSION__';
/** Paths relative to this file (so the build works under any sub-path). */
const PRECACHE = __PRECACHE__;
const PREFIX = `iam-policy-sim:${self.registration.scope}:`;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  // A first install activates at once; an update waits until the page asks (SKIP_WAITING).
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((path) => new Request(path, { cache: 'reload' }))),
    ),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      try {
        return await fetch(request);
      } catch (offline) {
        if (request.mode === 'navigate') {
          const page = await cache.match('index.html');
          if (page) return page;
        }
        throw offline;
      }
    })(),
  );
});
