// The field app's service worker (scope /field): the pages, their styles and scripts, the categories (they are in the report
// page) and my grid's map data are kept, so a grid worker can open the app and fill a report without a network. Pages and
// data: the network first, the kept copy when it fails. Styles and scripts: the kept copy first, refreshed behind it.
// Submissions (POST) are never touched here: the page keeps them in its own queue (js/offline-forms.js).
const CACHE = 'gridgov-field-v1';
const SHELL = [
    '/field', '/field/report', '/field/work', '/field/cases', '/api/staff/field/map',
    '/css/site.css', '/css/report.css', '/css/field.css',
    '/js/report.js', '/js/offline-forms.js', '/js/field-map.js', '/js/field-act.js', '/js/place-pin.js', '/js/leaflet-core.js',
    '/js/load-script.js', '/lib/leaflet/leaflet.js', '/lib/leaflet/leaflet.css',
    '/field.webmanifest', '/img/field-icon.svg',
];
const STATIC = /^\/(css|js|lib|img)\//;

self.addEventListener('install', (event) => {
    event.waitUntil((async () => {
        const cache = await caches.open(CACHE);
        // One by one: a page this account may not open (a 联户长 has no /field/work) must not stop the rest.
        await Promise.all(SHELL.map(async (url) => {
            try {
                const response = await fetch(url, { credentials: 'same-origin' });
                if (response.ok && !response.redirected) await cache.put(url, response);
            } catch { /* offline while installing: kept on the next visit */ }
        }));
        await self.skipWaiting();
    })());
});

self.addEventListener('activate', (event) => {
    event.waitUntil((async () => {
        for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
        await self.clients.claim();
    })());
});

self.addEventListener('fetch', (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.origin !== self.location.origin) return;
    if (STATIC.test(url.pathname)) event.respondWith(keptFirst(request));
    else if (request.mode === 'navigate' || url.pathname.startsWith('/field') || url.pathname.startsWith('/api/staff/field/'))
        event.respondWith(networkFirst(request, url));
});

async function keptFirst(request) {
    const cache = await caches.open(CACHE);
    const kept = await cache.match(request, { ignoreSearch: true });
    const fresh = fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
    });
    if (kept) { fresh.catch(() => {}); return kept; }
    return fresh;
}

async function networkFirst(request, url) {
    const cache = await caches.open(CACHE);
    try {
        const response = await fetch(request);
        // A redirect to the login page is not the page: keep the last good copy instead.
        if (response.ok && !response.redirected) await cache.put(url.pathname + url.search, response.clone());
        return response;
    } catch {
        const kept = await cache.match(url.pathname + url.search) || await cache.match(url.pathname);
        if (kept) return kept;
        return new Response(
            '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
            '<title>无网络 · 网格治理</title><body style="font:16px/1.6 sans-serif;padding:1rem">' +
            '<h1>当前没有网络</h1><p>这个页面还没有离线副本。请回到<a href="/field/report">上报问题</a>，上报会先存入待发送，网络恢复后自动发送。</p>',
            { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
}
