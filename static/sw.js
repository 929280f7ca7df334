// EventLab's service worker: keeps the built site in a cache named after its
// version, so a site opened once reloads and runs with no network. The file list and
// the version are written by scripts/precache.sh when Trunk builds the site; nothing
// here is kept by hand. Only this origin's files are ever requested.
const VERSION = '__EVENTLAB_VERSION__';
const FILES = __EVENTLAB_FILES__;
const CACHE = 'eventlab-' + VERSION;

self.addEventListener('install', (event) => {
  // 'reload': the files come from the network, not from the HTTP cache.
  const requests = FILES.map((f) => new Request(f, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(requests)).then(() => self.skipWaiting()));
});

// The new version takes over at once and removes the caches of older ones.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('eventlab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Pages: the network first (a new version shows at once), the cached page offline.
// Everything else has a hashed name, so the cached copy is the right one.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).catch(() => caches.match('index.html', { cacheName: CACHE }).then((r) => r || Response.error())),
    );
    return;
  }
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
});
