// Live updates for every page (issue 5): one SignalR connection to /hubs/live that joins the groups the page follows, applies
// each event once and in id order, and recovers by itself. After every (re)connect it first re-joins its groups, then asks
// GET /api/events?after={last id} for what it missed while away; events that arrive live during that catch-up wait in a buffer
// and are applied after it. The page's server-rendered data-live-after (the newest event id when the page was read) is where
// the client starts, so nothing committed between rendering and connecting is lost either.
//
// Connection state is shown in an element with [data-live-state] (在线 / 重连中 / 离线) and mirrored on it as data-state.
import { loadScript } from './load-script.js';

const STATE_TEXT = { online: '在线', reconnecting: '重连中', offline: '离线', connecting: '连接中' };
// Retry forever: 0, 1, 2, 5 s, then every 10 s. After 30 s without a connection the page says 离线 (still retrying).
const RETRY_DELAYS = [0, 1000, 2000, 5000];
const OFFLINE_AFTER_MS = 30000;

/** A HubException from a join: the server said no (as opposed to the connection failing). */
function isRefusal(error) {
  return /HubException/.test(String(error && error.message));
}

let signalrLoaded = null;
function loadSignalR() {
  signalrLoaded ??= window.signalR ? Promise.resolve() : loadScript('/lib/signalr/signalr.min.js');
  return signalrLoaded;
}

/**
 * Starts following. Options:
 *  - scopes: territory or unit codes to follow (staff pages; the server checks each), or
 *  - trackingToken: the resident's case (tracking page);
 *  - after: the event id the page's data is as fresh as (data-live-after);
 *  - onEvent(event): called once per event, in id order;
 *  - onResync(): the page must re-read its data (too far behind, or a resident page after a reconnect); default reloads.
 * Returns { stop(), lastId() }.
 */
export function startLive({ scopes = [], trackingToken = null, after = 0, onEvent = () => {}, onResync = () => location.reload() }) {
  const stateElement = document.querySelector('[data-live-state]');
  let lastId = Number(after) || 0;
  let buffer = null; // events heard during a catch-up, applied after it
  let offlineTimer = null;
  let connection = null;
  let stopped = false;
  let connectedBefore = false;

  function showState(state) {
    if (!stateElement) return;
    stateElement.dataset.state = state;
    if (stateElement.hasAttribute('data-live-quiet')) {
      // A resident's page: no talk of connections; only when updates have stopped for a while, in words about the page.
      stateElement.hidden = state !== 'offline';
      stateElement.textContent = state === 'offline' ? '进度暂时不能自动更新，请稍后刷新页面' : '';
    } else {
      stateElement.textContent = STATE_TEXT[state];
    }
    stateElement.title = state === 'online' ? '实时更新已连接' : '实时更新暂时中断，正在自动重连；恢复后会补上错过的变化';
    if (state === 'reconnecting' || state === 'connecting') {
      offlineTimer ??= setTimeout(() => showState('offline'), OFFLINE_AFTER_MS);
    } else {
      clearTimeout(offlineTimer);
      offlineTimer = null;
    }
  }

  function apply(event) {
    if (event.id <= lastId) return; // heard twice (two groups, or live and catch-up): once is enough
    lastId = event.id;
    if (stateElement) stateElement.dataset.lastEventId = String(lastId);
    try {
      onEvent(event);
    } catch (error) {
      console.error('live event handler failed', error);
    }
  }

  function receive(event) {
    if (buffer) buffer.push(event);
    else apply(event);
  }

  async function catchUp() {
    if (trackingToken) {
      // Residents have no event history to ask; after a reconnect their page re-reads its one case (the first connect
      // follows the page just read).
      if (connectedBefore) onResync();
      return;
    }
    // Every scope from the same starting point; events of several scopes are merged and applied in id order (apply drops
    // the ones heard twice).
    const missed = [];
    for (const scope of scopes) {
      let from = lastId;
      for (;;) {
        const response = await fetch(`/api/events?after=${from}&scope=${encodeURIComponent(scope)}`, {
          headers: { Accept: 'application/json' }, credentials: 'same-origin',
        });
        if (response.status === 401) { location.reload(); return; } // logged out meanwhile: the page sends to the login
        if (!response.ok) throw new Error(`catch-up failed: ${response.status}`);
        const page = await response.json();
        if (page.tooFarBehind) { onResync(); return; }
        missed.push(...page.events);
        if (page.events.length === 0 || page.lastId <= from) break;
        from = page.lastId;
      }
    }
    missed.sort((a, b) => a.id - b.id).forEach(apply);
  }

  // Joins, then catches up with live events held back until the catch-up is applied.
  async function joinAndCatchUp() {
    buffer = [];
    try {
      if (trackingToken) await connection.invoke('JoinCase', trackingToken);
      for (const scope of scopes) await connection.invoke('JoinScope', scope);
      await catchUp();
    } finally {
      const held = buffer.sort((a, b) => a.id - b.id);
      buffer = null;
      held.forEach(apply);
    }
  }

  // Offline for good. The hub answers 请先登录… when the connection is no longer signed in (the account was signed out and
  // its cookie refused): say so, rather than blame the scope.
  function refused(error) {
    stopped = true;
    connection.stop();
    showState('offline');
    if (stateElement) {
      stateElement.title = /请先登录/.test(String(error && error.message)) ? '登录已失效，请重新登录后接收实时更新' : '无权接收该范围的实时更新';
    }
  }

  async function connect() {
    await loadSignalR();
    connection = new signalR.HubConnectionBuilder()
      // WebSockets only, without the negotiate round trip: one request, so behind a load balancer with several instances no
      // sticky sessions are needed (a negotiated connection id lives on one instance only).
      .withUrl('/hubs/live', { transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) => RETRY_DELAYS[context.previousRetryCount] ?? 10000,
      })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    connection.on('event', receive);
    connection.onreconnecting(() => showState('reconnecting'));
    connection.onreconnected(async () => {
      try {
        await joinAndCatchUp();
        showState('online');
      } catch (error) {
        // Refused after a reconnect: the server closed the connection because the account was signed out (disabled,
        // re-scoped, password changed), and the old cookie is no longer accepted. Retrying cannot help.
        if (isRefusal(error)) { refused(error); return; }
        console.error('live re-join failed', error);
        connection.stop(); // onclose starts over
      }
    });
    // Automatic reconnect gave up or the first start failed: start over after a pause, forever.
    connection.onclose(() => {
      if (stopped) return;
      showState('reconnecting');
      setTimeout(startConnection, 5000);
    });
    await startConnection();
  }

  async function startConnection() {
    if (stopped) return;
    try {
      if (connection.state === signalR.HubConnectionState.Disconnected) await connection.start();
      await joinAndCatchUp();
      connectedBefore = true;
      showState('online');
    } catch (error) {
      if (isRefusal(error)) {
        // The server refused a join (not this user's scope, or signed out): retrying cannot help. The page still works; it
        // just is not live.
        refused(error);
        return;
      }
      console.warn('live connection failed; retrying', error);
      showState('reconnecting');
      if (connection.state !== signalR.HubConnectionState.Disconnected) await connection.stop(); // onclose retries
      else setTimeout(startConnection, 5000);
    }
  }

  showState('connecting');
  connect().catch((error) => {
    console.error('live updates unavailable', error);
    showState('offline');
  });

  return {
    stop() {
      stopped = true;
      connection?.stop();
    },
    lastId: () => lastId,
  };
}
