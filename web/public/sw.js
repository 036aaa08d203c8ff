// Ripple's service worker: shows Web Push notifications, opens their task on a click, and keeps the app
// shell (the page and its assets, never the API's answers) for when the server cannot be reached. Not
// part of the first load: the page registers it once it has rendered.
const SHELL = 'ripple-shell-v1';
/**
 * The last answers of the task lists and the projects column, per URL: shown, read-only, while the server
 * cannot be reached. Any other screen (tags, activity) says it cannot reach the server and offers to try
 * again. The page deletes them at sign-out.
 */
const LISTS = 'ripple-lists';
const LIST_PATHS = ['/api/tasks', '/api/projects'];

// The shell is kept at install: the page and the assets it names (their names change with each build).
self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const page = await fetch('./', { cache: 'no-cache' });
      const html = await page.clone().text();
      await cache.put('./', page);
      const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map(
        (m) => `./${m[1]}`,
      );
      await cache.addAll(['./config.json', './manifest.webmanifest', './icon.svg', ...assets]);
      await self.skipWaiting();
    })(),
  );
});
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name !== SHELL && name !== LISTS) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// Same-origin GETs of the shell and of the lists: the network first (a new release, a change shows at
// once), the last copy when it fails. Nothing else of the API is kept.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (
    event.request.method !== 'GET' ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith('/events/')
  )
    return;
  const list = LIST_PATHS.includes(url.pathname);
  if (url.pathname.startsWith('/api/') && !list) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(list ? LISTS : SHELL);
      try {
        const res = await fetch(event.request);
        if (res.ok) await cache.put(event.request, res.clone());
        return res;
      } catch (err) {
        const kept =
          (await cache.match(event.request)) ??
          (event.request.mode === 'navigate' ? await cache.match('./') : undefined);
        if (kept) return kept;
        throw err;
      }
    })(),
  );
});

// A push: { id, kind, title, body, url, task_id } (functions/_shared/channels/push.ts).
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { title: 'Ripple', body: event.data ? event.data.text() : '' };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'Ripple', {
      body: data.body || '',
      tag: data.id || undefined,
      data: { url: data.url || './', task_id: data.task_id || null },
    }),
  );
});

// A click opens its task: in a tab of Ripple already open (asked to open it), or in a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { url, task_id: taskId } = event.notification.data || {};
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows[0];
      if (open) {
        open.postMessage({ type: 'open-task', task_id: taskId, url });
        if ('focus' in open) await open.focus().catch(() => {});
        return;
      }
      await self.clients.openWindow(url || './');
    })(),
  );
});
