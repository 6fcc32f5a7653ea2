// 调度台 (/dispatch), improved: the page already works without this module (GET filters, plain POST forms, links).
// Here: the case map (markers from /api/staff/dispatch/markers under the page's filters, clustered at low zoom; a click opens
// that case's drawer) over a choropleth of the grids' open and overdue cases, whistle arrival countdowns kept live,
// a confirmation before every action, a double-submit guard, and Esc to close the drawer. Live (issue 5, live.js): each event
// redraws its case's marker, re-reads the grids, the counts, the list and (for the open case) the drawer, and is listed on
// top of the 动态 feed (the server renders every line: the page's and each live one); a new 应急 case pulses and beeps unless
// 静音. A territory event (a grid edit elsewhere: territory.grids) re-reads the map's grids at once. The map itself
// (basemaps, outlines, the grids layer, the cluster group) is the page's LeafletMap, booted through the Leaflet core. Text
// from the server is set with textContent only. Test-worthy state is mirrored into data-* attributes.
import { mount } from './leaflet-core.js';
import { startLive } from './live.js';
import { createRefresher } from './live-refresh.js';
import { startCountdowns } from './countdown.js';

// Marker colours: the deadline's light when a limit runs, else by where the case stands.
const LIGHT_COLOURS = { green: '#12b76a', yellow: '#f79009', red: '#d92d20' };

function markerColour(properties) {
  if (properties.light) return LIGHT_COLOURS[properties.light] || '#667085';
  if (WAITING.has(properties.state)) return '#1570ef';
  if (CLOSED.has(properties.state)) return '#98a2b3';
  return '#12b76a';
}

const host = document.getElementById('dispatch-map');
// The domain's state sets (StateSets), rendered by the server: waiting at grid level, and finished.
const WAITING = new Set((host?.dataset.gridLevelStates || '').split(' '));
const CLOSED = new Set((host?.dataset.finishedStates || '').split(' '));
const status = document.querySelector('[data-map-status]');
// The live map's hooks once it is drawn; events that come earlier wait in `early` and are applied then.
let liveMap = null;
const early = [];
if (host) {
  startMap(host).then((api) => {
    liveMap = api;
    early.splice(0).forEach((event) => api.changed(event));
  }).catch((error) => {
    host.dataset.error = 'true';
    if (status) status.textContent = '地图加载失败，列表不受影响。请检查网络后刷新页面。';
    console.error(error);
  });
  startConsoleLive(host);
}

async function startMap(host) {
  const handle = await mount(host, {
    styles: { grids: gridStyle },
    layers: { cases: { iconCreateFunction: clusterIcon } },
    onEvent: (name) => {
      if (name === 'basemapfailed' && status) status.textContent += ' 底图无法加载，仅显示案件位置。';
    },
  });
  const { map } = handle;
  const grids = gridCounts(handle, host);
  const bounds = JSON.parse(host.dataset.leaflet).view?.bounds ?? null;

  const response = await fetch(host.dataset.markersUrl, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
  if (!response.ok) throw new Error(`markers: HTTP ${response.status}`);
  const data = await response.json();
  const selected = host.dataset.selected;

  const cluster = handle.layer('cases');
  const markers = new Map(); // case id → marker

  function makeMarker(feature) {
    const p = feature.properties;
    const [lng, lat] = feature.geometry.coordinates;
    const isSelected = String(p.id) === selected;
    const urgent = Boolean(p.urgent) && !CLOSED.has(p.state);
    const marker = L.circleMarker([lat, lng], {
      radius: isSelected ? 11 : 7,
      color: isSelected ? '#101828' : '#ffffff',
      weight: isSelected ? 3 : 1.5,
      fill: true,
      fillColor: markerColour(p),
      fillOpacity: 0.95,
      className: `console-marker console-marker-${p.id}${urgent ? ' console-marker-urgent' : ''}`,
      urgent,
    });
    marker.bindTooltip(() => tooltip(p), { direction: 'top' });
    marker.on('click', () => { window.location.href = host.dataset.caseUrl.replace('{id}', String(p.id)); });
    markers.set(p.id, marker);
    return marker;
  }

  cluster.addLayers(data.features.map(makeMarker));
  const selectedLayer = markers.get(Number(selected));

  // The whole scope stays in view (where the cases lie matters as much as each case); an open case is centred instead.
  if (selectedLayer) map.setView(selectedLayer.getLatLng(), Math.max(map.getZoom(), 14));
  else if (!bounds && data.features.length > 0) map.fitBounds(cluster.getBounds(), { padding: [24, 24], maxZoom: 16 });
  const truncated = data.truncated;
  function showCount() {
    host.dataset.markers = String(markers.size);
    if (status) {
      status.textContent = markers.size === 0
        ? '当前筛选下没有可在图上显示的案件。'
        : `图上 ${markers.size} 件案件${truncated ? '（仅显示最新的部分）' : ''}，点击标记打开案件。`;
    }
  }
  showCount();
  host.dataset.loaded = 'true';

  // A case changed: its event says what happened but not the deadline's light or whether it is 应急, so the case's own
  // marker is read again under the page's filters (none back: the filter no longer admits it, and its dot goes). Events are
  // gathered for a moment: one read per case, and past BURST cases (a catch-up after a reconnect) one read of them all.
  const BURST = 20;
  const changed = new Set();
  let flushTimer = null;
  let generation = 0; // bumped by every read; an answer older than the newest read of its case is dropped

  function caseChanged(event) {
    changed.add(event.caseId);
    flushTimer ??= setTimeout(flush, 120);
  }

  async function flush() {
    flushTimer = null;
    const ids = [...changed];
    changed.clear();
    const url = new URL(host.dataset.markersUrl, location.href);
    if (ids.length <= BURST) await Promise.all(ids.map((id) => readCases(url, [id])));
    else await readCases(url, null);
    host.dataset.lastCase = String(ids[ids.length - 1]);
    showCount();
    grids.refresh();
  }

  // ids: the cases to read again, or null for every marker.
  const readAt = new Map(); // case id → generation of its newest read
  let allReadAt = 0;
  async function readCases(url, ids) {
    const mine = ++generation;
    if (ids) {
      ids.forEach((id) => readAt.set(id, mine));
      url = new URL(url);
      url.searchParams.set('caseId', String(ids[0]));
    } else {
      allReadAt = mine;
    }
    let features;
    try {
      const answer = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
      if (!answer.ok) return;
      features = (await answer.json()).features;
    } catch (error) {
      console.warn('marker refresh failed', error); // the next event for the case reads it again
      return;
    }
    const fresh = (id) => (readAt.get(id) ?? 0) <= mine && allReadAt <= mine;
    const touched = ids ?? [...new Set([...markers.keys(), ...features.map((f) => f.properties.id)])];
    const byId = new Map(features.map((f) => [f.properties.id, f]));
    let newUrgent = null;
    for (const id of touched) {
      if (!fresh(id)) continue; // a newer read of this case is under way
      const old = markers.get(id);
      const wasUrgent = Boolean(old?.options.urgent);
      if (old) {
        cluster.removeLayer(old);
        markers.delete(id);
      }
      const feature = byId.get(id);
      if (feature) {
        const marker = makeMarker(feature);
        cluster.addLayer(marker);
        if (marker.options.urgent && !wasUrgent) newUrgent ??= feature.properties;
      }
    }
    if (newUrgent) alarm(newUrgent);
  }

  // The territory changed (a grid split, merged, redrawn: migration 0043's territory.grids, codes and the revision only):
  // the grids are read again at once, and the host says which territory event it has drawn.
  function territoryChanged(event) {
    host.dataset.territoryEvent = String(event.id);
    grids.refresh(0);
  }

  return { changed: (event) => (event.type?.startsWith('territory.') ? territoryChanged(event) : caseChanged(event)) };
}

// A cluster holding an 应急 case pulses like the case would.
function clusterIcon(group) {
  const icon = L.MarkerClusterGroup.prototype._defaultIconCreateFunction(group);
  if (group.getAllChildMarkers().some((m) => m.options.urgent)) icon.options.className += ' console-cluster-urgent';
  return icon;
}

/** The grids' choropleth (the map's "grids" layer): filled by open cases, outlined red when one is overdue. */
function gridStyle(feature) {
  const { open, overdue } = feature.properties;
  return {
    color: overdue > 0 ? '#d92d20' : '#7a8fa6',
    weight: overdue > 0 ? 2 : 0.6,
    // Violet, so that the fill never reads as a deadline light (green/yellow/red) or a waiting case (blue).
    fillColor: open >= 7 ? '#5925dc' : open >= 4 ? '#7a5af8' : open >= 2 ? '#9b8afb' : '#bdb4fe',
    fillOpacity: open > 0 ? 0.45 : 0,
  };
}

/** The grids' counts mirrored on the host after each read; re-read (debounced) after events. */
function gridCounts(handle, host) {
  const show = (data) => {
    if (!data) return;
    host.dataset.grids = String(data.features.length);
    host.dataset.gridsOpen = String(data.features.reduce((sum, f) => sum + f.properties.open, 0));
    host.dataset.gridsOverdue = String(data.features.reduce((sum, f) => sum + f.properties.overdue, 0));
  };
  const warn = (error) => console.warn('grid counts unavailable', error); // the markers still tell
  handle.loaded('grids').then(show, warn);
  let timer = null;
  return {
    // delayMs: case events wait a little (a burst is read once); a territory event does not.
    refresh: (delayMs = 1500) => {
      if (timer !== null && delayMs === 0) { clearTimeout(timer); timer = null; }
      timer ??= setTimeout(() => { timer = null; handle.reload('grids').then(show, warn); }, delayMs);
    },
  };
}

function tooltip(properties) {
  const element = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = `${properties.number} ${properties.category}`;
  const line = document.createElement('div');
  line.textContent = [properties.stateName, properties.deadline, properties.place].filter(Boolean).join(' · ');
  element.append(title, line);
  return element;
}

// Arrival countdowns: the server rendered the text and its words; countdown.js keeps the number true (checked every second,
// so the minute turns when it should).
startCountdowns(1000);

/**
 * Irreversible actions ask first (data-confirm: 作废, 结案, 合并…); every action form (data-guard or data-confirm) is sent once
 * even when the button is pressed twice. Delegated from the document: the drawer's forms are replaced when a live update
 * re-reads it.
 */
document.addEventListener('submit', (event) => {
  const form = event.target instanceof HTMLFormElement && event.target.matches('form[data-confirm], form[data-guard]') ? event.target : null;
  if (!form) return;
  if (form.dataset.busy === 'true') { event.preventDefault(); return; }
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
  form.dataset.busy = 'true';
  const button = form.querySelector('button[type="submit"]');
  if (button) { button.disabled = true; button.dataset.label = button.textContent; button.textContent = '正在提交…'; }
  window.addEventListener('pageshow', () => {
    form.dataset.busy = 'false';
    if (button) { button.disabled = false; button.textContent = button.dataset.label || button.textContent; }
  }, { once: true });
});

// Esc closes the drawer (back to the list with the filters), unless the user is typing or a panel is open.
document.addEventListener('keydown', (event) => {
  const close = document.querySelector('[data-close-drawer]');
  if (event.key !== 'Escape' || !close) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest('input, textarea, select')) return;
  window.location.href = close.href;
});

// A refused action comes back with its message: bring it into view and focus.
document.querySelector('[data-drawer-error]')?.focus();

/**
 * Follows the caller's scope from the event id the page was read at (data-live-after): every event goes to the feed, to the
 * map (its case's marker, the grids), and re-reads the counts, the list, the notices and — when it is the open case, e.g. a
 * department's 报到 — the drawer.
 */
function startConsoleLive(host) {
  // The open case is re-read soon: a department's 报到 should be on its drawer within a second of the commit, re-read
  // included. The list, counts and notices can wait a little longer, so that a busy county is not re-read on every event.
  const refresh = createRefresher({
    delayMs: (names) => (names.has('drawer') ? 200 : 800),
    announce: (names) => (names.includes('drawer') ? '打开的案件有新进展，已更新。' : null),
  });
  const feed = consoleFeed();
  startLive({
    scopes: [host.dataset.liveScope],
    after: Number(host.dataset.liveAfter) || 0,
    onEvent: (event) => {
      // A territory event (a grid edit) is no case: it is no line of the feed and changes no count; only the map's grids.
      if (!event.type?.startsWith('territory.')) {
        feed.add(event);
        const parts = ['counts', 'kpis', 'list', 'notices'];
        if (String(event.caseId) === host.dataset.selected) parts.push('drawer');
        refresh(parts);
      }
      if (liveMap) liveMap.changed(event);
      else early.push(event);
    },
    // Too far behind to catch up event by event: the page is re-read instead.
    onResync: () => window.location.reload(),
  });
}

// The feed's length: the page opens with up to 20 past lines (ConsoleFeed); a long shift's live ones push the oldest out.
const FEED_MAX = 50;

/**
 * 动态: what happened lately, newest first. The server renders the scope's latest events up to data-live-after, and each live
 * event's line (/dispatch/feed/{id}, the same component): it goes in by its event id, so lines that arrive out of order
 * still stand newest first, and a line already shown is not added twice.
 */
function consoleFeed() {
  const section = document.querySelector('[data-feed]');
  const list = section?.querySelector('[data-feed-list]');
  const empty = section?.querySelector('[data-feed-empty]');
  return {
    async add(event) {
      if (!list) return;
      let html;
      try {
        const response = await fetch(section.dataset.feedUrl.replace('{id}', String(event.id)), { credentials: 'same-origin', headers: { Accept: 'text/html' } });
        if (!response.ok) return;
        html = await response.text();
      } catch (error) {
        console.warn('feed line unavailable', error);
        return;
      }
      const line = new DOMParser().parseFromString(`<ol>${html}</ol>`, 'text/html').querySelector('li[data-feed-event]');
      if (!line || list.querySelector(`li[data-feed-event="${CSS.escape(line.dataset.feedEvent)}"]`)) return;
      const id = Number(line.dataset.feedEvent);
      const before = [...list.children].find((item) => Number(item.dataset.feedEvent) < id);
      list.insertBefore(document.importNode(line, true), before ?? null);
      while (list.children.length > FEED_MAX) list.lastElementChild.remove();
      if (empty) empty.hidden = true;
    },
  };
}

// 静音: the alarm's sound, remembered on this computer. A real <button> with aria-pressed: Tab and Space/Enter work.
const MUTE_KEY = 'gridgov.dispatch.muted';
const muteButton = document.querySelector('[data-mute]');

function muted() {
  try { return localStorage.getItem(MUTE_KEY) === '1'; } catch { return false; }
}

function showMute() {
  if (!muteButton) return;
  const on = muted();
  muteButton.setAttribute('aria-pressed', String(on));
  muteButton.textContent = on ? '已静音' : '静音';
  muteButton.title = on ? '应急提示音已关闭，点击恢复' : '关闭应急案件的提示音';
}

if (muteButton) {
  muteButton.hidden = false;
  showMute();
  muteButton.addEventListener('click', () => {
    try { localStorage.setItem(MUTE_KEY, muted() ? '0' : '1'); } catch { /* private mode: this page only */ }
    showMute();
  });
}

let audio = null;

// Browsers let a page make sound only after the user has interacted with it: the first click or key press prepares the
// audio, so that a later alarm is heard and not silently refused.
function unlockAudio() {
  try {
    audio ??= new AudioContext();
    audio.resume?.();
  } catch {
    // no WebAudio: the pulse alone must do
  }
}
document.addEventListener('pointerdown', unlockAudio, { once: true });
document.addEventListener('keydown', unlockAudio, { once: true });

/** A new 应急 case: its marker already pulses (CSS); say so, and beep twice unless muted. No audio file: WebAudio tones. */
function alarm(properties) {
  const region = document.querySelector('[data-live-announce]');
  if (region) region.textContent = `新的应急案件 ${properties.number}：${properties.category}`;
  if (!host) return;
  host.dataset.alarms = String(Number(host.dataset.alarms || 0) + 1);
  if (muted()) return;
  try {
    audio ??= new AudioContext();
    audio.resume?.();
    const start = audio.currentTime;
    for (const offset of [0, 0.25]) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.18);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.2);
    }
    host.dataset.beeps = String(Number(host.dataset.beeps || 0) + 1);
  } catch (error) {
    console.warn('alarm sound unavailable', error); // the pulse still shows
  }
}
