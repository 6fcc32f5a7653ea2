// The territory map: Leaflet 1.9 + Leaflet.VectorGrid over the app's own vector tiles (/tiles/{layer}/{z}/{x}/{y}.mvt),
// set up from the data-* attributes that Components/MapHost.razor renders. Every piece of text that comes from the server
// is set with textContent, never as markup. State worth testing is mirrored into data-* attributes on #map.
import { addBasemaps, loadScript } from './leaflet-base.js';

const host = document.getElementById('map');
if (host) {
  start(host).catch((error) => {
    host.dataset.error = 'true';
    setText(document.getElementById('map-search-status'), '地图加载失败，请刷新页面重试。');
    console.error(error);
  });
}

/** How each territory layer looks. Coarse levels are drawn with strong lines, fine levels with light ones. */
const STYLE = {
  townships: (zoom) => ({ color: '#6a3d9a', weight: zoom >= 12 ? 3 : 2.5, opacity: 0.9, fill: zoom < 11, fillColor: '#cab2d6', fillOpacity: 0.18 }),
  villages: (zoom) => ({ color: '#d95f02', weight: zoom >= 13 ? 2 : 1.2, opacity: 0.85, dashArray: zoom >= 13 ? null : '4 3', fill: false }),
  grid: (kind) => ({
    color: '#1b7837', weight: 1, opacity: 0.9, fill: true,
    fillColor: kind === 'dedicated' ? '#fdb863' : '#5aae61', fillOpacity: 0.14,
  }),
  gridSelected: { color: '#c51b7d', weight: 3.5, opacity: 1, fill: true, fillColor: '#f1b6da', fillOpacity: 0.45 },
  areaSelected: { color: '#c51b7d', weight: 4, opacity: 1, fill: true, fillColor: '#f1b6da', fillOpacity: 0.12 },
  linkUnit: { radius: 5, color: '#ffffff', weight: 1.5, fill: true, fillColor: '#2166ac', fillOpacity: 1 },
  household: { radius: 2.5, color: '#4d4d4d', weight: 0, fill: true, fillColor: '#4d4d4d', fillOpacity: 0.85 },
};

/** Names are placed only where they fit: township names from afar, village names closer, grid names up close. */
const LABEL_ZOOMS = { townships: [6, 12], villages: [12, 14], grids: [15, 22] };
const LABEL_FONT_PX = { townships: 16, villages: 13, grids: 12 };

async function start(host) {
  await loadScript('lib/leaflet/leaflet.js');
  // Leaflet 1.8 removed L.DomEvent.fakeStop, which Leaflet.VectorGrid 1.3.0 still calls when a tile feature is clicked
  // (fixed upstream, not released): without this alias every click on a grid throws.
  if (!L.DomEvent.fakeStop) L.DomEvent.fakeStop = L.DomEvent.stop;
  await loadScript('lib/leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js');

  const config = readConfig(host);
  const map = L.map(host, { minZoom: 5, maxZoom: 19, zoomSnap: 0.5, wheelPxPerZoomLevel: 90, tap: true });
  map.attributionControl.setPrefix('Leaflet');
  L.control.scale({ imperial: false }).addTo(map);

  // Coarser boundaries are drawn over finer ones, so a township line is never hidden under a village or grid line; the
  // layers above the grids are not interactive (pointer-events: none), so clicks still reach the grids.
  for (const [pane, zIndex] of [['grids', 410], ['villages', 420], ['townships', 430], ['link-units', 440], ['households', 450], ['labels', 620]]) {
    map.createPane(pane).style.zIndex = String(zIndex);
  }
  map.getPane('labels').style.pointerEvents = 'none';

  // On a phone the legend starts folded: the map needs the room more.
  if (window.matchMedia('(max-width: 640px)').matches) document.querySelector('.map-legend')?.removeAttribute('open');

  addBasemaps(map, host, config.basemaps,
    () => setText(document.getElementById('map-basemap-status'), '底图无法加载，仅显示区划边界。'));
  const layers = addTerritoryLayers(map, host, config);
  const labels = new Labels(map, host, config);
  const card = new GridCard(map, host, config, layers);
  new Search(map, host, config, layers, card);

  const zoomText = document.getElementById('map-zoom');
  const showZoom = () => {
    const zoom = map.getZoom();
    host.dataset.zoom = String(zoom);
    setText(zoomText, Number.isInteger(zoom) ? String(zoom) : zoom.toFixed(1));
  };
  map.on('zoomend', showZoom);
  map.on('movestart', () => { host.dataset.moving = 'true'; });
  map.on('moveend', () => { host.dataset.moving = 'false'; labels.refresh(); });

  const [west, south, east, north] = config.bounds;
  map.fitBounds([[south, west], [north, east]], { padding: [12, 12] });
  showZoom();
  labels.refresh();
  if (config.focusCode && config.focusCode.length === 15) card.open(config.focusCode);
  else if (config.focusCode) layers.highlightArea(config.focusCode);

  // For tests and the browser console: the Leaflet map and its layers.
  window.gridGov = { map, layers };
  host.dataset.ready = 'true';
}

function readConfig(host) {
  // The templates hold {layer}, {z}… which URL parsing would percent-encode, so they are joined to the base as text.
  const root = new URL('./', document.baseURI).href;
  return {
    bounds: host.dataset.bounds.split(',').map(Number),
    focusCode: host.dataset.focusCode || null,
    tileUrl: root + host.dataset.tileUrl,
    labelsUrl: root + host.dataset.labelsUrl,
    searchUrl: root + host.dataset.searchUrl,
    gridUrl: root + host.dataset.gridUrl,
    layers: Object.fromEntries(JSON.parse(host.dataset.layers).map((layer) => [layer.name, layer])),
    basemaps: JSON.parse(host.dataset.basemaps || '[]'),
  };
}

/** The basemap is optional decoration: when its tiles fail (no network, no key) it is removed and the boundaries stay. */
function addTerritoryLayers(map, host, config) {
  const vector = (name, style, options = {}) => L.vectorGrid.protobuf(config.tileUrl.replace('{layer}', name), {
    pane: name,
    rendererFactory: L.canvas.tile,
    vectorTileLayerStyles: { [name]: style },
    minZoom: config.layers[name].minZoom,
    maxZoom: config.layers[name].maxZoom,
    interactive: false,
    ...options,
  });

  let gridFeaturesDrawn = 0;
  const townships = vector('townships', (properties, zoom) => STYLE.townships(zoom), { getFeatureId: (f) => f.properties.code });
  const villages = vector('villages', (properties, zoom) => STYLE.villages(zoom), { getFeatureId: (f) => f.properties.code });
  const grids = vector('grids', (properties) => { gridFeaturesDrawn++; return STYLE.grid(properties.kind); }, {
    interactive: true,
    getFeatureId: (f) => f.properties.code,
  });
  const linkUnits = vector('link-units', () => STYLE.linkUnit);
  const households = vector('households', () => STYLE.household);
  for (const layer of [townships, villages, grids, linkUnits, households]) layer.addTo(map);

  townships.on('load', () => { host.dataset.townshipsLoaded = 'true'; });
  grids.on('loading', () => { gridFeaturesDrawn = 0; host.dataset.gridsLoaded = 'false'; });
  grids.on('load', () => { host.dataset.gridsLoaded = gridFeaturesDrawn > 0 ? 'true' : 'false'; });

  let highlighted = null;
  return {
    townships, villages, grids, linkUnits, households,
    /** Outlines one township or village (chosen in the search) until something else is chosen. */
    highlightArea(code) {
      this.clearHighlight();
      const layer = code.length === 9 ? townships : code.length === 12 ? villages : null;
      if (!layer) return;
      layer.setFeatureStyle(code, STYLE.areaSelected);
      highlighted = { layer, code };
    },
    highlightGrid(code) {
      this.clearHighlight();
      grids.setFeatureStyle(code, STYLE.gridSelected);
      highlighted = { layer: grids, code };
    },
    clearHighlight() {
      if (highlighted) highlighted.layer.resetFeatureStyle(highlighted.code);
      highlighted = null;
    },
  };
}

/** Name labels from /api/map/labels, placed largest shape first and skipped where they would overlap. */
class Labels {
  constructor(map, host, config) {
    this.map = map;
    this.host = host;
    this.config = config;
    this.group = L.layerGroup().addTo(map);
    this.abort = null;
  }

  async refresh() {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const zoom = Math.round(this.map.getZoom());
    const wanted = Object.entries(LABEL_ZOOMS).filter(([, [min, max]]) => zoom >= min && zoom <= max).map(([layer]) => layer);
    const view = this.map.getBounds().pad(0.15);
    const bbox = [
      Math.max(view.getWest(), -180), Math.max(view.getSouth(), -90), Math.min(view.getEast(), 180), Math.min(view.getNorth(), 90),
    ].map((value) => value.toFixed(5)).join(',');
    try {
      const collections = await Promise.all(wanted.map(async (layer) => {
        const response = await fetch(`${this.config.labelsUrl.replace('{layer}', layer)}?bbox=${bbox}`, { signal: abort.signal });
        return response.ok ? { layer, features: (await response.json()).features } : { layer, features: [] };
      }));
      if (abort.signal.aborted) return;
      this.draw(collections);
    } catch (error) {
      if (error.name !== 'AbortError') console.warn('标注加载失败', error);
    }
  }

  draw(collections) {
    this.group.clearLayers();
    const placed = [];
    let count = 0;
    for (const { layer, features } of collections) {
      const fontPx = LABEL_FONT_PX[layer];
      for (const feature of features) {
        const [lng, lat] = feature.geometry.coordinates;
        const name = feature.properties.name;
        const point = this.map.latLngToContainerPoint([lat, lng]);
        const width = name.length * fontPx + 8;
        const box = { left: point.x - width / 2, right: point.x + width / 2, top: point.y - fontPx, bottom: point.y + fontPx };
        if (placed.some((other) => box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top)) continue;
        placed.push(box);
        const text = document.createElement('span');
        text.className = `map-label map-label-${layer}`;
        text.textContent = name;
        L.marker([lat, lng], {
          pane: 'labels',
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: 'map-label-anchor', html: text, iconSize: null }),
        }).addTo(this.group);
        count++;
      }
    }
    this.host.dataset.labels = String(count);
  }
}

/** The grid card: who serves a grid, how many live there, how large it is. Opened by clicking a grid or by the search. */
class GridCard {
  constructor(map, host, config, layers) {
    this.map = map;
    this.host = host;
    this.config = config;
    this.layers = layers;
    this.element = document.getElementById('grid-card');
    this.status = document.getElementById('grid-card-status');
    this.requested = null;
    document.getElementById('grid-card-close').addEventListener('click', () => this.close());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.element.hidden) this.close();
    });
    layers.grids.on('click', (event) => {
      const code = event.layer?.properties?.code;
      if (code) this.open(code);
    });
  }

  async open(code) {
    this.requested = code;
    this.host.dataset.selectedGrid = code;
    this.element.dataset.loaded = 'false';
    this.element.hidden = false;
    setText(this.status, '正在加载网格信息…');
    this.layers.highlightGrid(code);
    history.replaceState(null, '', `map?focus=${encodeURIComponent(code)}`);
    try {
      const response = await fetch(this.config.gridUrl.replace('{code}', encodeURIComponent(code)), { headers: { Accept: 'application/json' } });
      const body = await response.json().catch(() => null);
      if (this.requested !== code) return;
      if (!response.ok) {
        setText(this.status, body?.detail ?? '无法加载网格信息，请稍后重试。');
        return;
      }
      this.fill(body);
      this.keepInSight(body.bbox);
      setText(this.status, '');
      this.element.dataset.code = body.code;
      this.element.dataset.loaded = 'true';
    } catch (error) {
      if (this.requested === code) setText(this.status, '网络异常，无法加载网格信息。');
    }
  }

  fill(grid) {
    const people = (list) => (list.length ? list.map((p) => (p.phone ? `${p.name}（${p.phone}）` : p.name)).join('、') : '未配备');
    const number = new Intl.NumberFormat('zh-CN');
    setText(document.getElementById('grid-card-name'), grid.name);
    setText(document.getElementById('grid-card-code'), grid.code);
    setText(document.getElementById('grid-card-kind'), grid.kindName);
    setText(document.getElementById('grid-card-village'), grid.village.name);
    setText(document.getElementById('grid-card-township'), grid.township.name);
    setText(document.getElementById('grid-card-heads'), people(grid.gridHeads));
    setText(document.getElementById('grid-card-workers'), people(grid.gridWorkers));
    setText(document.getElementById('grid-card-households'), `${number.format(grid.households)} 户`);
    setText(document.getElementById('grid-card-people'), `${number.format(grid.people)} 人`);
    setText(document.getElementById('grid-card-link-units'), `${number.format(grid.linkUnits)} 个`);
    setText(document.getElementById('grid-card-area'), `${grid.areaKm2.toFixed(2)} 平方千米`);
  }

  /** On a phone the card is a bottom sheet over half the map: move the grid into the part still visible above it. */
  keepInSight([west, south, east, north]) {
    if (!window.matchMedia('(max-width: 640px)').matches) return;
    const panel = document.querySelector('.map-panel').getBoundingClientRect();
    const card = this.element.getBoundingClientRect();
    const mapBox = this.map.getContainer().getBoundingClientRect();
    this.map.fitBounds([[south, west], [north, east]], {
      paddingTopLeft: [16, panel.bottom - mapBox.top + 16],
      paddingBottomRight: [16, mapBox.bottom - card.top + 16],
      maxZoom: Math.max(this.map.getZoom(), 15),
    });
  }

  close(returnFocus = true) {
    this.requested = null;
    this.element.hidden = true;
    delete this.host.dataset.selectedGrid;
    this.layers.clearHighlight();
    history.replaceState(null, '', 'map');
    if (returnFocus) this.host.focus();
  }
}

/** The search box: Enter searches, the results are buttons (Tab or ↑/↓ to move), choosing one flies there. */
class Search {
  constructor(map, host, config, layers, card) {
    Object.assign(this, { map, host, config, layers, card });
    this.form = document.getElementById('map-search');
    this.input = document.getElementById('map-search-input');
    this.status = document.getElementById('map-search-status');
    this.list = document.getElementById('map-search-results');
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.search(this.input.value.trim());
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'ArrowDown') { this.list.querySelector('button')?.focus(); event.preventDefault(); }
      if (event.key === 'Escape') this.clear();
    });
    this.list.addEventListener('keydown', (event) => {
      const buttons = [...this.list.querySelectorAll('button')];
      const index = buttons.indexOf(document.activeElement);
      if (event.key === 'ArrowDown' && index < buttons.length - 1) { buttons[index + 1].focus(); event.preventDefault(); }
      if (event.key === 'ArrowUp') { (index > 0 ? buttons[index - 1] : this.input).focus(); event.preventDefault(); }
      if (event.key === 'Escape') { this.clear(); this.input.focus(); }
    });
  }

  async search(text) {
    this.list.replaceChildren();
    if (!text) { setText(this.status, '请输入名称或编码。'); return; }
    setText(this.status, '正在搜索…');
    this.host.dataset.searchState = 'searching';
    try {
      const response = await fetch(`${this.config.searchUrl}?q=${encodeURIComponent(text)}`, { headers: { Accept: 'application/json' } });
      const body = await response.json().catch(() => null);
      if (!response.ok) { setText(this.status, body?.detail ?? '搜索失败，请稍后重试。'); return; }
      this.show(body.results);
    } catch {
      setText(this.status, '网络异常，搜索失败。');
    } finally {
      this.host.dataset.searchState = 'done';
    }
  }

  show(results) {
    setText(this.status, results.length ? `找到 ${results.length} 处${results.length >= 20 ? '（仅显示前 20 处）' : ''}` : '没有找到匹配的乡镇、村（社区）或网格。');
    for (const result of results) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'map-search-result';
      button.dataset.code = result.code;
      const name = document.createElement('span');
      name.className = 'map-search-result-name';
      name.textContent = result.name;
      const detail = document.createElement('span');
      detail.className = 'map-search-result-detail';
      detail.textContent = [result.levelName, ...result.parents].join(' · ');
      button.append(name, detail);
      button.addEventListener('click', () => this.choose(result));
      item.append(button);
      this.list.append(item);
    }
  }

  choose(result) {
    const [west, south, east, north] = result.bbox;
    const maxZoom = result.level === 'grid' ? 17 : result.level === 'village' ? 15 : 13;
    this.list.replaceChildren();
    setText(this.status, `已定位：${result.name}`);
    this.host.dataset.focusCode = result.code;
    this.map.flyToBounds([[south, west], [north, east]], { padding: [32, 32], maxZoom, duration: 0.8 });
    if (result.level === 'grid') {
      this.card.open(result.code);
    } else {
      this.card.close(false);
      this.layers.highlightArea(result.code);
      history.replaceState(null, '', `map?focus=${encodeURIComponent(result.code)}`);
    }
  }

  clear() {
    this.list.replaceChildren();
    setText(this.status, '');
  }
}

function setText(element, text) {
  if (element) element.textContent = text;
}

