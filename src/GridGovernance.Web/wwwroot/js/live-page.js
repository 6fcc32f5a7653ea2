// Live lists and case views (部门工单 /inbox, 网格案件 /field/cases, the resident's /t/{token}): the element with
// [data-live-after] says what to follow — data-live-scope (a staff page: own unit or grid) or data-live-token (the resident's
// case) — and every event re-reads the page's data-live-fragment parts (live-refresh.js). Without JavaScript the pages are
// the same, only not live.
import { startLive } from './live.js';
import { createRefresher } from './live-refresh.js';

const root = document.querySelector('[data-live-after]');
if (root) {
  const refresh = createRefresher({
    announce: () => root.dataset.liveAnnounceText || '内容已更新。',
    // Page scripts that decorate a fragment (countdowns…) hear this and run again over the new elements.
    onRefreshed: (names) => document.dispatchEvent(new CustomEvent('live:refreshed', { detail: { names } })),
  });
  startLive({
    scopes: root.dataset.liveScope ? [root.dataset.liveScope] : [],
    trackingToken: root.dataset.liveToken || null,
    after: Number(root.dataset.liveAfter) || 0,
    onEvent: () => refresh(),
    // Too far behind (or the resident's page after a reconnect): re-read everything rather than reload the page.
    onResync: () => refresh(),
  });
}
