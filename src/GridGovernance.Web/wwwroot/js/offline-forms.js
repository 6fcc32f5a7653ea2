// Forms that survive a network that drops (issue 13 point 3). A resident's form marked data-send-or-keep is not sent
// while there is no network: it stays as it was — text and photos — with a message to send it again. The field app
// (pages with its manifest) registers the service worker (../field-sw.js) and keeps what a grid worker submits without a
// network: a form marked data-offline-queue is sent with fetch; when the network fails, the whole form —
// text, position and photos (Blobs) — goes into an IndexedDB queue with a fresh idempotency key, is listed as 待发送 at the
// top of every field page, and is sent again when the network returns (the online event, or the next page load). The key
// makes each item land once however often it is sent; a refusal is shown on its item with the server's own words.
// All text is set with textContent, never innerHTML.

const DB_NAME = 'gridgov-field';
const STORE = 'outbox';

let sending = false;   // one send loop at a time
let queuedCount = 0;   // what the list shows, for the sign-out question

function openDb() {
    return new Promise((resolve, reject) => {
        const open = indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'key' });
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
    });
}

async function withStore(mode, work) {
    const db = await openDb();
    try {
        return await new Promise((resolve, reject) => {
            const tx = db.transaction(STORE, mode);
            const result = work(tx.objectStore(STORE));
            tx.oncomplete = () => resolve(result && 'result' in result ? result.result : undefined);
            tx.onerror = () => reject(tx.error);
        });
    } finally {
        db.close();
    }
}

const allItems = () => withStore('readonly', (store) => store.getAll());
const putItem = (item) => withStore('readwrite', (store) => store.put(item));
const deleteItem = (key) => withStore('readwrite', (store) => store.delete(key));
const clearItems = () => withStore('readwrite', (store) => store.clear());

/** A fresh key per queued submission: a page kept offline may be used for several reports, each must land once. */
function newKey() {
    return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2)).replace(/-/g, '');
}

/**
 * The key a queued submission is sent under. A report form gets a fresh one each time (a page kept offline may file several
 * reports); an action on a case (核实, 核查, 逐级上报, 现场处置办结: data-offline-key names its key field) keeps the key the
 * page was rendered with, so the same action queued twice, or sent and queued, still lands once.
 */
function keyOf(form) {
    const field = form.dataset.offlineKey;
    const kept = field ? form.querySelector(`input[name="${CSS.escape(field)}"]`)?.value : null;
    return { name: field || 'idempotencyKey', value: kept || newKey() };
}

function formEntries(form, key) {
    const entries = [];
    for (const [name, value] of new FormData(form)) {
        if (name === key.name) continue;
        if (value instanceof File && value.size === 0 && value.name === '') continue; // an empty file input
        entries.push([name, value]);
    }
    entries.push([key.name, key.value]);
    return entries;
}

function bodyOf(entries) {
    const body = new FormData();
    for (const [name, value] of entries) {
        if (value instanceof Blob) body.append(name, value, value.name || 'photo.jpg');
        else body.append(name, value);
    }
    return body;
}

/** The server's refusal in its own words: the error summary of the page it answered with, or its problem detail. */
async function refusalOf(response) {
    const text = await response.text();
    try {
        const problem = JSON.parse(text);
        if (problem && problem.detail) return problem.detail;
    } catch { /* an HTML page */ }
    const page = new DOMParser().parseFromString(text, 'text/html');
    const items = Array.from(page.querySelectorAll('#error-summary li, [role="alert"]')).map(e => e.textContent.trim()).filter(Boolean);
    return items.length > 0 ? items.join('；') : `服务器拒绝了这条上报（${response.status}）。`;
}

// ---- the 待发送 list ------------------------------------------------------------------------------------------------

function panel() {
    let section = document.querySelector('[data-field-outbox]');
    if (!section) {
        section = document.createElement('section');
        section.className = 'field-outbox';
        section.dataset.fieldOutbox = '';
        section.setAttribute('aria-live', 'polite');
        section.hidden = true;
        const main = document.querySelector('main') || document.body;
        main.prepend(section);
    }
    return section;
}

async function render(note) {
    const section = panel();
    const items = (await allItems()).sort((a, b) => a.createdAt - b.createdAt);
    queuedCount = items.length;
    section.replaceChildren();
    section.hidden = items.length === 0 && !note;
    if (note) {
        const p = document.createElement('p');
        p.className = 'field-outbox-note';
        p.dataset.outboxNote = '';
        p.textContent = note;
        section.append(p);
    }
    if (items.length === 0) return;
    const heading = document.createElement('h2');
    const pending = items.filter(i => i.state === 'pending').length;
    heading.textContent = pending > 0 ? `待发送（${pending}）` : '未发送成功';
    section.append(heading);
    const list = document.createElement('ul');
    for (const item of items) {
        const li = document.createElement('li');
        li.dataset.outboxItem = item.key;
        li.dataset.state = item.state;
        const title = document.createElement('strong');
        title.textContent = item.state === 'pending' ? '待发送' : '未被接受';
        const what = document.createElement('span');
        const photos = item.entries.filter(([, v]) => v instanceof Blob).length;
        what.textContent = ` ${item.summary || '上报'}${photos > 0 ? `（${photos} 张照片）` : ''} · ${new Date(item.createdAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' })}`;
        li.append(title, what);
        if (item.state === 'refused') {
            const reason = document.createElement('p');
            reason.className = 'field-outbox-refusal';
            reason.textContent = item.refusal;
            const remove = document.createElement('button');
            remove.type = 'button';
            remove.textContent = '删除';
            remove.addEventListener('click', async () => {
                if (!window.confirm('删除这条未被接受的上报？删除后无法恢复。')) return;
                await deleteItem(item.key);
                await render();
            });
            li.append(reason, remove);
        }
        list.append(li);
    }
    section.append(list);
}

// ---- sending ------------------------------------------------------------------------------------------------------------

const LOGIN_EXPIRED = '登录已过期：请重新登录，待发送的上报会在登录后自动发送。';

/**
 * What an answer means for a kept submission: landed (the server took it: 2xx after its redirect), refused (4xx: it will
 * not take it as it is, so it waits for the worker with the reason), login (the session ended: kept until the worker signs
 * in again), or retry (5xx, 408, 429: the server is away or busy, so it stays 待发送).
 */
function outcomeOf(response) {
    if (new URL(response.url).pathname.startsWith('/login')) return 'login';
    if (response.ok) return 'landed';
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) return 'refused';
    return 'retry';
}


/** Sends every pending item, oldest first; stops at the first network failure (still offline). */
async function sendQueued() {
    if (sending) return;
    sending = true;
    let landed = 0;
    const nouns = new Set();
    let note;
    try {
        for (const item of (await allItems()).sort((a, b) => a.createdAt - b.createdAt)) {
            if (item.state !== 'pending') continue;
            let response;
            try {
                response = await fetch(item.url, { method: 'POST', body: bodyOf(item.entries), credentials: 'same-origin' });
            } catch {
                break;
            }
            const outcome = outcomeOf(response);
            if (outcome === 'landed') {
                await deleteItem(item.key);
                landed++;
                nouns.add(item.noun || '上报');
            } else if (outcome === 'refused') {
                await putItem({ ...item, state: 'refused', refusal: await refusalOf(response) });
            } else {
                note = outcome === 'login' ? LOGIN_EXPIRED : undefined;
                break; // the server is away or busy, or wants a login: the items wait for the next try
            }
        }
    } finally {
        sending = false;
    }
    const noun = nouns.size === 1 ? [...nouns][0] : '记录';
    await render(note ?? (landed > 0 ? `网络已恢复，${landed} 条${noun}已发送。` : undefined));
}

/**
 * Listens on the document, not the form: a listener of the form itself (report.js, field-act.js: confirmation, double-tap
 * guard) runs first, so a cancelled confirmation is never queued or sent.
 */
function initQueuedForms() {
    document.addEventListener('submit', (event) => {
        const form = event.target;
        if (form instanceof HTMLFormElement && form.matches('form[data-offline-queue]')) sendOrQueue(form, event);
    });
}

async function sendOrQueue(form, event) {
    {
        if (event.defaultPrevented) return;
        event.preventDefault();
        const submit = form.querySelector('[data-submit], [data-act-submit]');
        const key = keyOf(form);
        const entries = formEntries(form, key);
        const noun = form.dataset.offlineKey ? '办理' : '上报';
        // Not form.action: the act forms have a field named "action", which that property would return instead of the URL.
        const url = new URL(form.getAttribute('action') || location.href, location.href).href;
        let note = `没有网络：${noun}已存入待发送，网络恢复后自动发送。`;
        try {
            const response = await fetch(url, { method: 'POST', body: bodyOf(entries), credentials: 'same-origin' });
            const outcome = outcomeOf(response);
            // Accepted: the server sends the worker on to the case (303), as the plain form would.
            if (outcome === 'landed') { window.location.assign(response.url); return; }
            if (outcome === 'refused') {
                // Its reasons above the form, which keeps what was typed and the chosen photos.
                form.dataset.busy = 'false';
                if (submit) { submit.disabled = false; submit.textContent = submit.dataset.label || '提交上报'; }
                await render(`未提交：${await refusalOf(response)}`);
                panel().scrollIntoView({ block: 'start' });
                return;
            }
            note = outcome === 'login' ? LOGIN_EXPIRED : `服务器暂时无法处理：${noun}已存入待发送，稍后自动发送。`;
        } catch {
            // No network (or it dropped while sending): keep it. The same key makes a send that did arrive land once.
        }
        const description = form.querySelector('#description');
        await putItem({
            key: key.value, url, entries, state: 'pending', createdAt: Date.now(), noun,
            summary: form.dataset.offlineSummary || (description ? description.value : '').trim().slice(0, 30),
        });
        try { localStorage.removeItem(form.dataset.draftKey); } catch { /* nothing kept */ }
        form.reset();
        const photoStatus = form.querySelector('[data-photo-status]');
        if (photoStatus) photoStatus.textContent = '';
        form.dataset.busy = 'false';
        if (submit) { submit.disabled = false; submit.textContent = submit.dataset.label || '提交上报'; }
        await render(note);
        panel().scrollIntoView({ block: 'start' });
    }
}

/** Signing out on a shared phone: what was not sent must not later be sent under the next person's login. */
function initLogout() {
    const logout = document.querySelector('form.field-logout');
    if (!logout) return;
    logout.addEventListener('submit', (event) => {
        event.preventDefault();
        if (queuedCount > 0 && !window.confirm(`还有 ${queuedCount} 条上报未发送，退出后将被删除。确定退出吗？`)) return;
        (async () => {
            await clearItems();
            if (window.caches) for (const key of await caches.keys()) await caches.delete(key);
        })().finally(() => logout.submit());
    });
}

/**
 * The resident's form: the server answers it with the 已提交 page itself (no redirect), which a fetch could not show as a
 * page of its own. So the network is asked first (a tiny GET of /healthz): without an answer the form stays as it is —
 * text and photos — with a message; with one, the form is sent as a plain form. (A network that drops in the seconds of
 * the upload itself still ends on the browser's error page; "back" then returns to the draft, without the photos.)
 */
function initSendOrKeep(form) {
    const status = form.querySelector('[data-send-status]');
    form.addEventListener('submit', async (event) => {
        if (event.defaultPrevented) return;
        event.preventDefault();
        const submit = form.querySelector('[data-submit]');
        const label = submit ? submit.dataset.label || submit.textContent : '';
        try {
            const probe = await fetch('/healthz', { cache: 'no-store', credentials: 'omit' });
            if (!probe.ok) throw new Error('no answer');
        } catch {
            form.dataset.busy = 'false';
            if (submit) { submit.disabled = false; submit.textContent = label; }
            if (status) {
                status.hidden = false;
                status.textContent = '网络中断，未能提交。您填写的内容和照片都还在，网络恢复后请再点一次“提交”。';
                status.focus();
            }
            return;
        }
        if (status) status.hidden = true;
        form.submit(); // a plain POST, as without JavaScript (submit() fires no submit event)
    });
}

for (const form of document.querySelectorAll('form[data-send-or-keep]')) {
    const submit = form.querySelector('[data-submit]');
    if (submit) submit.dataset.label = submit.textContent;
    initSendOrKeep(form);
}

if ('indexedDB' in window) {
    for (const form of document.querySelectorAll('form[data-offline-queue]')) {
        const submit = form.querySelector('[data-submit], [data-act-submit]');
        if (submit) submit.dataset.label = submit.textContent;
    }
    initQueuedForms();
    initLogout();
    window.addEventListener('online', sendQueued);
    render().then(() => { if (navigator.onLine) sendQueued(); });
}

if ('serviceWorker' in navigator && document.querySelector("link[rel='manifest'][href='/field.webmanifest']")) {
    navigator.serviceWorker.register('/field-sw.js', { scope: '/field' }).catch(() => { /* the app works without it, online */ });
}
