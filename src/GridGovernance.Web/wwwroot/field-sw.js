// The field app's service worker (scope /field): the pages, their styles and scripts, the categories (they are in the report
// page) and my grid's map data are kept, so a grid worker can open the app and fill a report without a network. Pages and
// data: the network first, the kept copy when it fails. Styles and scripts: the kept copy first, refreshed behind it.
// Submissions (POST) are never touched here: the page keeps them in its own queue (js/offline-forms.js).
// Grid edits: the map data is kept under one key whatever revision it was asked at, with the revision it was read at (the
// X-Territory-Revision header). Whenever the territory revision passes by (the map page asks GET /api/territory/revision;
// after a page load online this worker asks it too, at most every five minutes) a kept copy older than it is read again, or
// dropped when that fails — and a read of the map data at a revision (?v=) is never answered with an older kept copy.
const CACHE = 'gridgov-field-v2';
const MAP = '/api/staff/field/map';
const REVISION = '/api/territory/revision';
const REVISION_HEADER = 'X-Territory-Revision';
const CHECK_EVERY_MS = 5 * 60 * 1000;
const SHELL = [
    '/field', '/field/report', '/field/work', '/field/cases', MAP,
    '/css/site.css', '/css/report.css', '/css/field.css',
    '/js/report.js', '/js/offline-forms.js', '/js/field-map.js', '/js/field-act.js', '/js/place-pin.js', '/js/leaflet-core.js',
    '/js/load-script.js', '/js/territory-follow.js', '/lib/leaflet/leaflet.js', '/lib/leaflet/leaflet.css',
    '/field.webmanifest', '/img/field-icon.svg',
];
const STATIC = /^\/(css|js|lib|img)\//;
let lastCheck = 0;

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
    if (url.pathname === REVISION) event.respondWith(revisionHeard(event, request));
    else if (STATIC.test(url.pathname)) event.respondWith(keptFirst(request));
    else if (request.mode === 'navigate' || url.pathname.startsWith('/field') || url.pathname.startsWith('/api/staff/field/'))
        event.respondWith(networkFirst(event, request, url));
});

/** The map page asked for the territory revision: its answer passes through, and a kept map copy older than it goes. */
async function revisionHeard(event, request) {
    const response = await fetch(request);
    if (response.ok) event.waitUntil(response.clone().json().then((answer) => territoryAt(answer.revision)).catch(() => {}));
    return response;
}

/** The territory is at `revision`: a kept map copy read at an older one is read again, or dropped when that fails. */
async function territoryAt(revision) {
    if (!Number.isSafeInteger(revision)) return;
    const cache = await caches.open(CACHE);
    const kept = await cache.match(MAP);
    if (!kept || keptRevision(kept) >= revision) return;
    try {
        const fresh = await fetch(MAP, { credentials: 'same-origin', cache: 'no-cache' });
        if (fresh.ok && !fresh.redirected && keptRevision(fresh) >= revision) {
            await cache.put(MAP, fresh);
            return;
        }
    } catch { /* no network: dropped below */ }
    await cache.delete(MAP);
}

/** After a page load online: ask the revision now and then, so a grid edit reaches the kept map data from any field page. */
async function checkTerritory() {
    if (Date.now() - lastCheck < CHECK_EVERY_MS) return;
    lastCheck = Date.now();
    try {
        const response = await fetch(REVISION, { cache: 'no-cache', credentials: 'same-origin' });
        if (response.ok) await territoryAt((await response.json()).revision);
    } catch { /* offline again: the next page load asks */ }
}

function keptRevision(response) {
    return Number(response.headers.get(REVISION_HEADER)) || 0;
}

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

async function networkFirst(event, request, url) {
    const cache = await caches.open(CACHE);
    // The map data is one document whatever revision it is asked at (?v=): kept under one key.
    const key = url.pathname === MAP ? MAP : url.pathname + url.search;
    try {
        const response = await fetch(request);
        // A redirect to the login page is not the page: keep the last good copy instead.
        if (response.ok && !response.redirected) await cache.put(key, response.clone());
        if (request.mode === 'navigate' && response.ok) event.waitUntil(checkTerritory());
        return response;
    } catch {
        const kept = await cache.match(key) || await cache.match(url.pathname);
        if (kept && url.pathname === MAP && keptRevision(kept) < (Number(url.searchParams.get('v')) || 0)) {
            // Asked at a revision this copy predates (a grid edit the page has heard of): never the old grid.
            return new Response(JSON.stringify({ status: 503, title: '网格范围已调整，离线保存的地图已过期，请联网后重试。' }),
                { status: 503, headers: { 'Content-Type': 'application/problem+json; charset=utf-8' } });
        }
        if (kept) return kept;
        return new Response(
            '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
            '<title>无网络 · 网格治理</title><body style="font:16px/1.6 sans-serif;padding:1rem">' +
            '<h1>当前没有网络</h1><p>这个页面还没有离线副本。请回到<a href="/field/report">上报问题</a>，上报会先存入待发送，网络恢复后自动发送。</p>',
            { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    }
}
