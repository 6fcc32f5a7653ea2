// "我的网格": the field worker's grid on a phone, from one GeoJSON document (/api/staff/field/map): the grid outline, its
// 十联户 units, its households (tap one for its card) and the open cases (tap for the case), plus the phone's own position.
// Text from the server is set with textContent only. State worth testing is mirrored into data-* attributes on the host.
import { addBasemaps, loadScript } from './leaflet-base.js';

const STYLE = {
  grid: { color: '#1b7837', weight: 3, opacity: 1, fill: true, fillColor: '#5aae61', fillOpacity: 0.06 },
  // A 十联户 unit is the hull around its households (a point when it has none); the 联户长's own unit stands out.
  unit: { radius: 8, color: '#2166ac', weight: 1.5, opacity: 0.9, dashArray: '4 3', fill: true, fillColor: '#92c5de', fillOpacity: 0.15, className: 'field-unit' },
  myUnit: { radius: 10, color: '#f79009', weight: 3, opacity: 1, fill: true, fillColor: '#fec84b', fillOpacity: 0.3, className: 'field-unit' },
  household: { radius: 6, color: '#ffffff', weight: 1, fill: true, fillColor: '#4d4d4d', fillOpacity: 0.9, className: 'field-household' },
  case: { radius: 9, color: '#ffffff', weight: 2, fill: true, fillColor: '#d92d20', fillOpacity: 1, className: 'field-case' },
  me: { radius: 8, color: '#ffffff', weight: 3, fill: true, fillColor: '#1570ef', fillOpacity: 1 },
};

const host = document.getElementById('field-map');
const status = document.querySelector('[data-field-map-status]');
const card = document.querySelector('[data-field-card]');
if (host) {
  start(host).catch((error) => {
    host.dataset.error = 'true';
    if (status) status.textContent = '地图加载失败，请检查网络后刷新页面。';
    console.error(error);
  });
}

async function start(host) {
  await loadScript('/lib/leaflet/leaflet.js');
  const map = L.map(host, { maxZoom: 19, zoomSnap: 0.5, tap: true });
  map.attributionControl.setPrefix('Leaflet');
  L.control.scale({ imperial: false }).addTo(map);
  addBasemaps(map, host, JSON.parse(host.dataset.basemaps || '[]'), () => {
    if (status) status.textContent += ' 底图无法加载，仅显示网格边界。';
  });

  const response = await fetch(host.dataset.mapUrl, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
  if (!response.ok) throw new Error(`map data: HTTP ${response.status}`);
  const data = await response.json();
  const byLayer = (name) => data.features.filter((f) => f.properties.layer === name);

  const grid = L.geoJSON(byLayer('grid'), { style: STYLE.grid, interactive: false }).addTo(map);
  const unitStyle = (f) => (f.properties.mine ? STYLE.myUnit : STYLE.unit);
  L.geoJSON(byLayer('unit'), {
    style: unitStyle,
    pointToLayer: (f, latlng) => L.circleMarker(latlng, unitStyle(f)),
    onEachFeature: (f, layer) => layer.bindTooltip(unitLabel(f.properties), { sticky: true }),
  }).addTo(map);
  const households = byLayer('household');
  L.geoJSON(households, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, STYLE.household),
    onEachFeature: (f, layer) => layer.on('click', () => showHousehold(f.properties.code)),
  }).addTo(map);
  const cases = byLayer('case');
  L.geoJSON(cases, {
    pointToLayer: (f, latlng) => L.circleMarker(latlng, STYLE.case),
    onEachFeature: (f, layer) => layer.bindPopup(() => casePopup(f.properties)),
  }).addTo(map);

  const bounds = grid.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [12, 12] });
  followMe(map);

  host.dataset.households = String(households.length);
  host.dataset.cases = String(cases.length);
  host.dataset.loaded = 'true';
  if (status) status.textContent = `共 ${households.length} 户，${cases.length} 件待处理案件在图上。点击住户查看信息。`;
}

function unitLabel(properties) {
  // A tooltip given a string is markup; a DOM node keeps names as text.
  const element = document.createElement('span');
  element.textContent = properties.leader ? `${properties.name}（联户长 ${properties.leader}）` : properties.name;
  return element;
}

function casePopup(properties) {
  const element = document.createElement('div');
  const title = document.createElement('strong');
  title.textContent = properties.category;
  const link = document.createElement('a');
  link.href = host.dataset.caseUrl.replace('{id}', String(properties.id));
  link.textContent = `查看案件 ${properties.number}`;
  element.append(title, document.createElement('br'), link);
  return element;
}

async function showHousehold(code) {
  if (!card) return;
  card.hidden = false;
  card.replaceChildren(line('正在加载住户信息…'));
  try {
    const response = await fetch(host.dataset.householdUrl.replace('{code}', code), { credentials: 'same-origin' });
    const body = await response.json();
    if (!response.ok) { card.replaceChildren(line(body.detail || '无法查看该住户。')); return; }
    const rows = [
      ['户主', body.headName], ['人口', `${body.members} 人`], ['电话', body.phone || '未登记'], ['地址', body.address || '未登记'],
      ['十联户', body.linkUnit ? body.linkUnit.name : '未编入'],
      ['联户长', body.linkUnit && body.linkUnit.leaderName ? `${body.linkUnit.leaderName} ${body.linkUnit.leaderPhone || ''}` : '—'],
    ];
    const list = document.createElement('dl');
    list.className = 'report-facts';
    for (const [term, value] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      list.append(dt, dd);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'report-secondary';
    close.textContent = '关闭';
    close.addEventListener('click', () => { card.hidden = true; });
    card.replaceChildren(line(`住户 ${body.code}`, 'strong'), list, close);
    card.dataset.household = body.code;
  } catch {
    card.replaceChildren(line('网络不稳定，住户信息未能加载。'));
  }
}

function line(text, tag = 'p') {
  const element = document.createElement(tag);
  element.textContent = text;
  return element;
}

/** The worker's own position, kept up to date while the page is open, with its accuracy circle. */
function followMe(map) {
  if (!('geolocation' in navigator)) return;
  let marker = null;
  let circle = null;
  navigator.geolocation.watchPosition((position) => {
    const latlng = [position.coords.latitude, position.coords.longitude];
    if (!marker) {
      marker = L.circleMarker(latlng, STYLE.me).addTo(map).bindTooltip('我的位置');
      circle = L.circle(latlng, { radius: position.coords.accuracy, color: '#1570ef', weight: 1, fillOpacity: 0.08, interactive: false }).addTo(map);
    } else {
      marker.setLatLng(latlng);
      circle.setLatLng(latlng).setRadius(position.coords.accuracy);
    }
    host.dataset.me = `${latlng[1].toFixed(6)},${latlng[0].toFixed(6)}`;
  }, () => { /* no permission or no fix: the map works without it */ }, { enableHighAccuracy: true, maximumAge: 30000 });
}
