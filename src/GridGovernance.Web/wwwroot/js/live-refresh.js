// Live pages re-read themselves: after events, one debounced GET of the page's own URL, and every element marked
// data-live-fragment="name" gets the children of its namesake in the fresh HTML. The server stays the one renderer (the
// page works the same without JavaScript); this only saves the reload. Kept as the user left it: scroll position, focus
// (the same control by position), an open <details>. A fragment the user is working in — a form field focused or typed
// into, an action panel open — is not replaced under their hands: it is marked data-live-stale and tried again shortly.
// Changes are announced politely through [data-live-announce] (aria-live).

const FOCUSABLE = 'a[href], button, summary, input, select, textarea, [tabindex]';
const RETRY_BUSY_MS = 3000;

// Typing into a form marks it: its fragment then waits until the form is sent or left alone.
document.addEventListener('input', (event) => {
  const form = event.target instanceof Element ? event.target.closest('form') : null;
  if (form) form.dataset.liveDirty = 'true';
});

function isBusy(fragment) {
  const active = document.activeElement;
  if (active && fragment.contains(active) && active.matches('input, select, textarea')) return true;
  if (fragment.querySelector('form[data-live-dirty="true"]')) return true;
  // An action panel the user opened (e.g. 吹哨 with units ticked) would close if replaced.
  if (fragment.querySelector('details[open]')) return true;
  return false;
}

/**
 * Makes a refresher. Options:
 *  - url(): the URL to re-read (default: the page's data-live-url, else location.href);
 *  - announce(names): the text to announce after fragments changed (null: say nothing);
 *  - onRefreshed(names): called after the fragments named were replaced (re-run page scripts for them);
 *  - delayMs: debounce, a number or a function of the pending names (a hurried part may be re-read sooner).
 * Returns refresh(names?): schedule a re-read of the named fragments (all when omitted).
 */
export function createRefresher({ url = defaultUrl, announce = () => '页面内容已更新。', onRefreshed = () => {}, delayMs = 400 } = {}) {
  let pending = null; // null, or a Set of names ('*' = all)
  let timer = null;
  let running = false;

  async function run() {
    timer = null;
    if (running) { schedule(); return; }
    const names = pending;
    pending = null;
    if (!names) return;
    running = true;
    try {
      const response = await fetch(url(), { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      // Logged out meanwhile (the login page), or the page is gone: leave what is shown; a reload will tell.
      if (!response.ok || (response.redirected && new URL(response.url).pathname !== new URL(url(), location.href).pathname)) return;
      const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
      const replaced = [];
      for (const fragment of document.querySelectorAll('[data-live-fragment]')) {
        const name = fragment.dataset.liveFragment;
        if (!names.has('*') && !names.has(name)) continue;
        const next = fresh.querySelector(`[data-live-fragment="${CSS.escape(name)}"]`);
        if (!next) continue;
        if (fragment.innerHTML === next.innerHTML) { delete fragment.dataset.liveStale; continue; }
        if (isBusy(fragment)) {
          fragment.dataset.liveStale = 'true';
          (pending ??= new Set()).add(name);
          setTimeout(schedule, RETRY_BUSY_MS);
          continue;
        }
        replace(fragment, next);
        replaced.push(name);
      }
      if (replaced.length > 0) {
        onRefreshed(replaced);
        const text = announce(replaced);
        const region = document.querySelector('[data-live-announce]');
        if (text && region) {
          // A polite live region speaks when its text changes: clear first so the same words are said again.
          region.textContent = '';
          setTimeout(() => { region.textContent = text; }, 50);
        }
      }
    } catch (error) {
      console.warn('live refresh failed', error); // the next event tries again
    } finally {
      running = false;
    }
  }

  // Never postponed by further events (a steady stream would starve it); only brought forward when a hurried part comes in.
  let due = 0;
  function schedule() {
    const wait = typeof delayMs === 'function' ? delayMs(pending ?? new Set()) : delayMs;
    const at = Date.now() + wait;
    if (timer !== null) {
      if (at >= due) return;
      clearTimeout(timer);
    }
    due = at;
    timer = setTimeout(run, wait);
  }

  return function refresh(names) {
    pending ??= new Set();
    if (!names || names.length === 0) pending.add('*');
    else names.forEach((n) => pending.add(n));
    schedule();
  };
}

function defaultUrl() {
  return document.querySelector('[data-live-url]')?.dataset.liveUrl || location.href;
}

function replace(fragment, next) {
  const scrollX = window.scrollX;
  const scrollY = window.scrollY;
  const scrollers = [fragment, ...ancestors(fragment)].map((e) => [e, e.scrollTop]);
  const active = document.activeElement;
  let focusIndex = -1;
  if (active && fragment.contains(active)) focusIndex = [...fragment.querySelectorAll(FOCUSABLE)].indexOf(active);
  fragment.replaceChildren(...[...next.childNodes].map((node) => document.importNode(node, true)));
  delete fragment.dataset.liveStale;
  if (focusIndex >= 0) fragment.querySelectorAll(FOCUSABLE)[focusIndex]?.focus({ preventScroll: true });
  scrollers.forEach(([e, top]) => { e.scrollTop = top; });
  window.scrollTo(scrollX, scrollY);
}

function ancestors(element) {
  const list = [];
  for (let e = element.parentElement; e; e = e.parentElement) list.push(e);
  return list;
}
