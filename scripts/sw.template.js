// The service worker of replscope, generated at build time by scripts/offline.mjs from this
// template: VERSION and FILES are filled in with the build's hash and its file list.
// It precaches the whole built app on the first visit, so a later reload works without network.
/* global caches, fetch, Request, __FILES__ */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `replscope-${VERSION}`;
// Pages a navigation can fall back to; any other path is the app's index.html (as scripts/serve.mjs does).
const PAGES = FILES.filter((f) => f.endsWith('.html'));
// On a network that is slow rather than down (conference Wi-Fi), stop waiting for a fresh page
// after this long and show the cached one.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  // cache: 'reload' skips the HTTP cache, so the precache holds exactly this build's files.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('replscope-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function cachedPage(url) {
  const scope = new URL(self.registration.scope);
  const rel = url.pathname.startsWith(scope.pathname) ? url.pathname.slice(scope.pathname.length) : '';
  const page = PAGES.includes(rel) ? rel : 'index.html';
  return caches.open(CACHE).then((cache) => cache.match(page));
}

async function navigate(request) {
  const url = new URL(request.url);
  let timer;
  const network = fetch(request);
  const slow = new Promise((resolve) => { timer = setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null); });
  try {
    // A fresh page when the network answers (a new build arrives at once); the cached page when it
    // fails or is too slow.
    const response = await Promise.race([network, slow]);
    if (response) return response;
    return (await cachedPage(url)) ?? (await network);
  } catch {
    const cached = await cachedPage(url);
    if (cached) return cached;
    throw new Error('offline and not cached');
  } finally {
    clearTimeout(timer);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  // Hashed assets, workers and lesson chunks never change under one name: cache first.
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true })).then((hit) => hit ?? fetch(request)));
});
