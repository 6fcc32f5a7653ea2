// "我的网格": the field worker's grid on a phone. The map is the page's LeafletMap (FieldHomePage.razor: the grid outline, its
// 十联户 units, its households and the open cases, four layers of one GeoJSON document), booted through the Leaflet core.
// Here: the units' styles and tooltips, the cases' popups, the household card (its markup comes from the server,
// /api/staff/households/{code}/card) and the phone's own position. Text from the server is set with textContent only, or parsed
// from the server's own HTML. State worth testing is mirrored into data-* attributes on the host. A grid edit (the territory
// revision moved on: territory-follow.js) makes the map read its data again at the new revision and fit the grid's new outline;
// the service worker (field-sw.js) never answers that read with a copy older than the revision asked for.
import { mount } from './leaflet-core.js';
import { atRevision, followTerritory } from './territory-follow.js';

const STYLE = {
  // A 十联户 unit is the hull around its households (a point when it has none); the 联户长's own unit stands out.
  unit: { radius: 8, color: '#2166ac', weight: 1.5, opacity: 0.9, dashArray: '4 3', fill: true, fillColor: '#92c5de', fillOpacity: 0.15, className: 'field-unit' },
  myUnit: { radius: 10, color: '#f79009', weight: 3, opacity: 1, fill: true, fillColor: '#fec84b', fillOpacity: 0.3, className: 'field-unit' },
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
  const unitStyle = (f) => (f.properties.mine ? STYLE.myUnit : STYLE.unit);
  const handle = await mount(host, {
    styles: { unit: unitStyle },
    layers: {
      unit: { onEachFeature: (f, layer) => layer.bindTooltip(unitLabel(f.properties), { sticky: true }) },
      household: { onEachFeature: (f, layer) => layer.on('click', () => showHousehold(f.properties.code)) },
      case: { onEachFeature: (f, layer) => layer.bindPopup(() => casePopup(f.properties)) },
    },
    onEvent: (name) => {
      if (name === 'basemapfailed' && status) status.textContent += ' 底图无法加载，仅显示网格边界。';
    },
  });
  const [households, cases] = await Promise.all([handle.loaded('household'), handle.loaded('case')]);
  if (!households || !cases) throw new Error('map data missing');
  followMe(handle.map);

  host.dataset.households = String(households.features.length);
  host.dataset.cases = String(cases.features.length);
  const outline = handle.layer('grid');
  const showBounds = () => { if (outline.getBounds().isValid()) host.dataset.gridBounds = outline.getBounds().toBBoxString(); };
  showBounds();
  host.dataset.loaded = 'true';
  if (status) status.textContent = `共 ${households.features.length} 户，${cases.features.length} 件待处理案件在图上。点击住户查看信息。`;

  followTerritory(host, async (revision) => {
    try {
      const [grid, units, moved] = await Promise.all(['grid', 'unit', 'household', 'case'].map((id) => handle.setUrl(id, atRevision(handle.urlOf(id), revision))));
      // The page's counts are of the same reach as the map data (FieldPlaces: the grid, or a 联户长's unit): households, people, units.
      setCount('[data-count-households]', moved.features.length);
      setCount('[data-count-people]', moved.features.reduce((sum, f) => sum + (Number(f.properties.members) || 0), 0));
      setCount('[data-count-units]', units.features.length);
      if (grid?.features.length && outline.getBounds().isValid()) handle.map.fitBounds(outline.getBounds(), { padding: [12, 12] });
      showBounds();
      host.dataset.households = String(moved.features.length);
      host.dataset.territoryFollowed = String(revision);
      if (status) status.textContent = `网格范围已调整，地图已更新：共 ${moved.features.length} 户在图上。`;
    } catch (error) {
      if (status) status.textContent = '网格范围已调整，但新的地图数据未能加载；联网后会自动更新。';
      throw error;
    }
  });
}

function setCount(selector, value) {
  const element = document.querySelector(selector);
  if (element) element.textContent = String(value);
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

// The card's 关闭 and 查看/拨打 buttons come with the server's markup: one delegated listener.
card?.addEventListener('click', (event) => {
  if (!(event.target instanceof Element)) return;
  if (event.target.closest('[data-close-card]')) card.hidden = true;
  const reveal = event.target.closest('[data-reveal-phone]');
  if (reveal) revealPhone(reveal);
});

/** 查看/拨打: the full number from the server (each reveal is audited there), shown as a tel: link in place of the button. */
async function revealPhone(button) {
  // The page's own antiforgery token: the logout form carries one.
  const token = document.querySelector('form.field-logout input[type="hidden"]');
  const body = new URLSearchParams();
  if (token) body.set(token.name, token.value);
  button.disabled = true;
  try {
    const response = await fetch(button.dataset.revealPhone, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' } });
    const answer = await response.json().catch(() => null);
    if (!response.ok || !answer?.phone) throw new Error(answer?.detail || '无法查看号码。');
    const link = document.createElement('a');
    link.className = 'field-call';
    link.href = `tel:${answer.phone}`;
    link.textContent = `拨打 ${answer.phone}`;
    link.dataset.revealedPhone = '';
    button.replaceWith(link);
    card.querySelector('[data-household-phone]')?.remove();
  } catch (error) {
    button.disabled = false;
    button.after(line(error instanceof Error ? error.message : '无法查看号码。'));
  }
}

/** The household card, as the server renders it (scoped: a household outside the worker's territory answers 404). */
async function showHousehold(code) {
  if (!card) return;
  card.hidden = false;
  delete card.dataset.household;
  card.replaceChildren(line('正在加载住户信息…'));
  try {
    const response = await fetch(host.dataset.householdCardUrl.replace('{code}', encodeURIComponent(code)), { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      card.replaceChildren(line(problem?.detail || '无法查看该住户。'));
      return;
    }
    const content = new DOMParser().parseFromString(`<body>${await response.text()}</body>`, 'text/html').body;
    card.replaceChildren(...content.childNodes);
    card.dataset.household = code;
  } catch {
    card.replaceChildren(line('网络不稳定，住户信息未能加载。'));
  }
}

function line(text) {
  const element = document.createElement('p');
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
