// 调度台 (/dispatch), improved: the page already works without this module (GET filters, plain POST forms, links).
// Here: the case map (markers from /api/staff/dispatch/markers under the page's filters; a click opens that case's drawer),
// whistle arrival countdowns ticking every second, a confirmation before every action, a double-submit guard, and Esc to
// close the drawer. Text from the server is set with textContent only. Test-worthy state is mirrored into data-* attributes.
import { addBasemaps, loadScript } from './leaflet-base.js';

// Marker colours: the deadline's light when a limit runs, else by where the case stands.
const LIGHT_COLOURS = { green: '#12b76a', yellow: '#f79009', red: '#d92d20' };
const WAITING = new Set(['reported', 'verified']);
const CLOSED = new Set(['closed_on_spot', 'closed', 'revisited', 'voided', 'terminated', 'archived']);

function markerColour(properties) {
  if (properties.light) return LIGHT_COLOURS[properties.light] || '#667085';
  if (WAITING.has(properties.state)) return '#1570ef';
  if (CLOSED.has(properties.state)) return '#98a2b3';
  return '#12b76a';
}

const host = document.getElementById('dispatch-map');
const status = document.querySelector('[data-map-status]');
if (host) {
  startMap(host).catch((error) => {
    host.dataset.error = 'true';
    if (status) status.textContent = '地图加载失败，列表不受影响。请检查网络后刷新页面。';
    console.error(error);
  });
}

async function startMap(host) {
  await loadScript('/lib/leaflet/leaflet.js');
  const map = L.map(host, { maxZoom: 19, zoomSnap: 0.5, keyboard: true });
  map.attributionControl.setPrefix('Leaflet');
  L.control.scale({ imperial: false }).addTo(map);
  addBasemaps(map, host, JSON.parse(host.dataset.basemaps || '[]'), () => {
    if (status) status.textContent += ' 底图无法加载，仅显示案件位置。';
  });
  addOutlines(map);
  const bounds = host.dataset.bounds ? JSON.parse(host.dataset.bounds) : null;
  if (bounds) map.fitBounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]]);
  else map.setView([24.35, 106.56], 10);

  const response = await fetch(host.dataset.markersUrl, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
  if (!response.ok) throw new Error(`markers: HTTP ${response.status}`);
  const data = await response.json();
  const selected = host.dataset.selected;
  let selectedLayer = null;
  const layer = L.geoJSON(data.features, {
    pointToLayer: (feature, latlng) => {
      const isSelected = String(feature.properties.id) === selected;
      return L.circleMarker(latlng, {
        radius: isSelected ? 11 : 7,
        color: isSelected ? '#101828' : '#ffffff',
        weight: isSelected ? 3 : 1.5,
        fill: true,
        fillColor: markerColour(feature.properties),
        fillOpacity: 0.95,
        className: `console-marker console-marker-${feature.properties.id}`,
      });
    },
    onEachFeature: (feature, marker) => {
      marker.bindTooltip(() => tooltip(feature.properties), { direction: 'top' });
      marker.on('click', () => { window.location.href = host.dataset.caseUrl.replace('{id}', String(feature.properties.id)); });
      if (String(feature.properties.id) === selected) selectedLayer = marker;
    },
  }).addTo(map);

  // The whole scope stays in view (where the cases lie matters as much as each case); an open case is centred instead.
  if (selectedLayer) map.setView(selectedLayer.getLatLng(), Math.max(map.getZoom(), 14));
  else if (!bounds && data.features.length > 0) map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 });
  host.dataset.markers = String(data.features.length);
  host.dataset.loaded = 'true';
  if (status) {
    status.textContent = data.features.length === 0
      ? '当前筛选下没有可在图上显示的案件。'
      : `图上 ${data.features.length} 件案件${data.truncated ? '（仅显示最新的部分）' : ''}，点击标记打开案件。`;
  }
}

/**
 * Township and village outlines from the app's own vector tiles (/tiles/…), so that the cases sit on the territory even
 * when no basemap can be reached. Outlines only, not interactive: a click belongs to the case markers above them.
 */
async function addOutlines(map) {
  try {
    // Leaflet.VectorGrid 1.3.0 still calls L.DomEvent.fakeStop, which Leaflet 1.8 removed (see map.js).
    if (!L.DomEvent.fakeStop) L.DomEvent.fakeStop = L.DomEvent.stop;
    await loadScript('/lib/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js');
  } catch {
    return; // the markers work without outlines
  }
  const outline = (name, style, minZoom) => L.vectorGrid.protobuf(`/tiles/${name}/{z}/{x}/{y}.mvt`, {
    rendererFactory: L.canvas.tile,
    vectorTileLayerStyles: { [name]: style },
    interactive: false,
    minZoom,
    maxZoom: 19,
    pane: 'tilePane',
  }).addTo(map);
  outline('villages', { color: '#7a8fa6', weight: 1, fill: true, fillColor: '#ffffff', fillOpacity: 0.35, dashArray: '3 3' }, 9);
  outline('townships', { color: '#0b3d63', weight: 2.5, fill: false }, 6);
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

/** Arrival countdowns: the server rendered the first text; this keeps it true every second. */
function tickCountdowns() {
  const now = Date.now();
  for (const element of document.querySelectorAll('[data-countdown]')) {
    const deadline = Date.parse(element.dataset.countdown);
    if (Number.isNaN(deadline)) continue;
    const left = Math.floor((deadline - now) / 1000);
    if (left > 0) {
      element.textContent = `距到场时限 ${Math.floor(left / 60)} 分 ${String(left % 60).padStart(2, '0')} 秒`;
      element.dataset.overdue = 'false';
    } else {
      element.textContent = `已超过到场时限 ${Math.ceil(-left / 60)} 分钟`;
      element.dataset.overdue = 'true';
    }
    element.dataset.ticking = 'true';
  }
}
tickCountdowns();
setInterval(tickCountdowns, 1000);

/** Every action asks first (data-confirm) and is sent once even when the button is pressed twice. */
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.busy === 'true') { event.preventDefault(); return; }
    if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); return; }
    form.dataset.busy = 'true';
    const button = form.querySelector('button[type="submit"]');
    if (button) { button.disabled = true; button.dataset.label = button.textContent; button.textContent = '正在提交…'; }
    window.addEventListener('pageshow', () => {
      form.dataset.busy = 'false';
      if (button) { button.disabled = false; button.textContent = button.dataset.label || button.textContent; }
    }, { once: true });
  });
}


// Esc closes the drawer (back to the list with the filters), unless the user is typing or a panel is open.
const close = document.querySelector('[data-close-drawer]');
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape' || !close) return;
  const target = event.target;
  if (target instanceof HTMLElement && target.closest('input, textarea, select')) return;
  window.location.href = close.href;
});

// A refused action comes back with its message: bring it into view and focus.
document.querySelector('[data-drawer-error]')?.focus();
