// The territory map (/map): the LeafletMap that Components/MapHost.razor renders, booted through the Leaflet core
// (leaflet-core.js: basemaps, the vector-tile layers and their panes come from the components' specs). What only this page
// does lives here: the layers' styles, name labels, the search, the grid card (its markup comes from the server), and
// highlighting. Every piece of text that comes from the server is set with textContent or parsed from the server's own
// HTML, never built from JSON. State worth testing is mirrored into data-* attributes on #map. Grid edits: the tiles are asked
// for at the territory revision of the page (?v=); when GET /api/territory/revision answers a newer one (territory-follow.js:
// a residents' page hears no outbox event), every tile layer moves on to it, and the labels and an open card are read again.
import { mount } from './leaflet-core.js';
import { atRevision, followTerritory } from './territory-follow.js';

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
  // On a phone the legend starts folded: the map needs the room more.
  if (window.matchMedia('(max-width: 640px)').matches) document.querySelector('.map-legend')?.removeAttribute('open');

  let gridFeaturesDrawn = 0;
  const listeners = { featureclick: [] };
  const handle = await mount(host, {
    styles: {
      townships: (properties, zoom) => STYLE.townships(zoom),
      villages: (properties, zoom) => STYLE.villages(zoom),
      grids: (properties) => { gridFeaturesDrawn++; return STYLE.grid(properties.kind); },
      'link-units': () => STYLE.linkUnit,
      households: () => STYLE.household,
    },
    onEvent(name, layerId, payload) {
      if (name === 'basemapfailed') setText(document.getElementById('map-basemap-status'), '底图无法加载，仅显示区划边界。');
      if (layerId === 'townships' && name === 'load') host.dataset.townshipsLoaded = 'true';
      if (layerId === 'grids' && name === 'loading') { gridFeaturesDrawn = 0; host.dataset.gridsLoaded = 'false'; }
      if (layerId === 'grids' && name === 'load') host.dataset.gridsLoaded = gridFeaturesDrawn > 0 ? 'true' : 'false';
      if (layerId === 'grids' && name === 'featureclick') listeners.featureclick.forEach((listener) => listener(payload));
    },
  });
  const { map } = handle;
  const layers = highlighting(handle);
  const labels = new Labels(map, host, readConfig(host));
  const card = new GridCard(map, host, readConfig(host), layers);
  listeners.featureclick.push((payload) => { if (payload.properties.code) card.open(payload.properties.code); });
  new Search(map, host, readConfig(host), layers, card);

  const zoomText = document.getElementById('map-zoom');
  const showZoom = () => {
    const zoom = map.getZoom();
    host.dataset.zoom = String(zoom);
    setText(zoomText, Number.isInteger(zoom) ? String(zoom) : zoom.toFixed(1));
  };
  map.on('zoomend', showZoom);
  map.on('movestart', () => { host.dataset.moving = 'true'; });
  map.on('moveend', () => { host.dataset.moving = 'false'; labels.refresh(); });

  showZoom();
  labels.refresh();
  const focusCode = host.dataset.focusCode || null;
  if (focusCode && focusCode.length === 15) card.shown(focusCode);
  else if (focusCode) layers.highlightArea(focusCode);

  followTerritory(host, (revision) => {
    for (const id of ['townships', 'villages', 'grids', 'link-units', 'households']) {
      const url = handle.urlOf(id);
      if (url) handle.setUrl(id, atRevision(url, revision));
    }
    labels.refresh();
    if (host.dataset.selectedGrid && !document.getElementById('grid-card').hidden) card.open(host.dataset.selectedGrid);
    host.dataset.territoryFollowed = String(revision);
  });

  // For tests and the browser console: the Leaflet map and its layers.
  window.gridGov = { map, layers };
  host.dataset.ready = 'true';
}

function readConfig(host) {
  // The templates hold {layer}, {code}… which URL parsing would percent-encode, so they are joined to the base as text.
  const root = new URL('./', document.baseURI).href;
  return {
    labelsUrl: root + host.dataset.labelsUrl,
    searchUrl: root + host.dataset.searchUrl,
    gridCardUrl: root + host.dataset.gridCardUrl,
  };
}

/** Outlines one township, village or grid (chosen in the search or clicked) until something else is chosen. */
function highlighting(handle) {
  const townships = handle.layer('townships');
  const villages = handle.layer('villages');
  const grids = handle.layer('grids');
  let highlighted = null;
  return {
    townships, villages, grids,
    linkUnits: handle.layer('link-units'),
    households: handle.layer('households'),
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

/**
 * The grid card: who serves a grid, how many live there, how large it is. Opened by clicking a grid or by the search; its
 * content is the server's markup (/map/grid-card/{code}, the same component that renders /map?focus=GRID).
 */
class GridCard {
  constructor(map, host, config, layers) {
    this.map = map;
    this.host = host;
    this.config = config;
    this.layers = layers;
    this.element = document.getElementById('grid-card');
    this.requested = null;
    // Delegated: the close button comes and goes with the card's content.
    this.element.addEventListener('click', (event) => {
      if (event.target instanceof Element && event.target.closest('#grid-card-close')) this.close();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.element.hidden) this.close();
    });
  }

  status(text) { setText(document.getElementById('grid-card-status'), text); }

  /** The page came with this grid's card (/map?focus=GRID): outline the grid and keep it in sight. */
  shown(code) {
    this.host.dataset.selectedGrid = code;
    this.layers.highlightGrid(code);
    this.keepInSight(this.element.querySelector('[data-bbox]')?.dataset.bbox);
  }

  async open(code) {
    this.requested = code;
    this.host.dataset.selectedGrid = code;
    this.element.dataset.loaded = 'false';
    this.element.hidden = false;
    this.status('正在加载网格信息…');
    this.layers.highlightGrid(code);
    history.replaceState(null, '', `map?focus=${encodeURIComponent(code)}`);
    try {
      const response = await fetch(this.config.gridCardUrl.replace('{code}', encodeURIComponent(code)), { headers: { Accept: 'text/html' } });
      if (this.requested !== code) return;
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        this.status(problem?.detail ?? '无法加载网格信息，请稍后重试。');
        return;
      }
      const html = await response.text();
      if (this.requested !== code) return;
      const content = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
      this.element.replaceChildren(...content.childNodes);
      this.keepInSight(this.element.querySelector('[data-bbox]')?.dataset.bbox);
      this.element.dataset.code = code;
      this.element.dataset.loaded = 'true';
    } catch {
      if (this.requested === code) this.status('网络异常，无法加载网格信息。');
    }
  }

  /** On a phone the card is a bottom sheet over half the map: move the grid into the part still visible above it. */
  keepInSight(bbox) {
    if (!bbox || !window.matchMedia('(max-width: 640px)').matches) return;
    const [west, south, east, north] = bbox.split(',').map(Number);
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

