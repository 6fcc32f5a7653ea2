// The one JS core under the Blazor Leaflet components (Components/Leaflet). Every map of the product boots here, from the
// DOM the components render: the host element carries the map's options in data-leaflet, and the hidden element after it
// (data-leaflet-layers) holds one element per layer with its spec in data-leaflet-layer (JSON). The same markup comes from a
// static server-rendered page (a page module calls mount(host, hooks)) and from an interactive one (LeafletMap.razor calls
// mountInteractive(host, dotNetRef) and gets back a handle whose methods it invokes; events go to [JSInvokable] OnLeafletEvent).
// Nothing here builds markup from server text: attributions and labels are set as text.

import { loadScript as load } from './load-script.js';

const LIB = new URL('../lib/', import.meta.url);

/** A library under wwwroot/lib, loaded once (Leaflet and its plugins are classic scripts: the global L). */
const loadScript = (path) => load(path, LIB);

function loadStyle(path) {
  const href = new URL(path, LIB).href;
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === href)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  document.head.append(link);
}

/** What each layer kind needs besides Leaflet itself. */
const PLUGINS = {
  vectortiles: async () => {
    // Leaflet 1.8 removed L.DomEvent.fakeStop, which Leaflet.VectorGrid 1.3.0 still calls when a tile feature is clicked
    // (fixed upstream, not released): without this alias every click on a tile feature throws.
    if (!L.DomEvent.fakeStop) L.DomEvent.fakeStop = L.DomEvent.stop;
    await loadScript('leaflet.vectorgrid/Leaflet.VectorGrid.bundled.min.js');
  },
  markers: async (spec) => {
    if (!spec.cluster) return;
    loadStyle('leaflet.markercluster/MarkerCluster.css');
    loadStyle('leaflet.markercluster/MarkerCluster.Default.css');
    await loadScript('leaflet.markercluster/leaflet.markercluster.js');
  },
  heat: async () => {
    await loadScript('leaflet.heat/leaflet-heat.js');
  },
  draw: async () => {
    loadStyle('leaflet-geoman/leaflet-geoman.css');
    await loadScript('leaflet-geoman/leaflet-geoman.min.js');
  },
};

/** The configured attribution is shown as text (Leaflet's attribution control takes markup). */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** The map's layer specs: the elements of the hidden list rendered right after the host. */
function layerSpecs(host) {
  const list = host.nextElementSibling?.matches('[data-leaflet-layers]') ? host.nextElementSibling : null;
  return list ? [...list.querySelectorAll('[data-leaflet-layer]')].map((element) => JSON.parse(element.dataset.leafletLayer)) : [];
}

/**
 * Turns the host into a map. hooks (static pages; optional): styles {name: object | (properties, zoom) => object} for
 * layer specs that name a style, layers {id: {onEachFeature, pointToLayer, iconCreateFunction, filter}} for page-specific
 * behaviour, onEvent(name, layerId, payload) for every event the components' EventCallbacks would get. Resolves to a handle
 * once every layer is added (a layer's data may still be loading: see handle.loaded(id)).
 */
export async function mount(host, hooks = {}) {
  loadStyle('leaflet/leaflet.css');
  await loadScript('leaflet/leaflet.js');
  const config = JSON.parse(host.dataset.leaflet || '{}');
  const specs = layerSpecs(host);
  for (const kind of new Set(specs.map((s) => s.kind))) await PLUGINS[kind]?.(specs.find((s) => s.kind === kind));
  for (const spec of specs.filter((s) => s.kind === 'markers' && s.cluster)) await PLUGINS.markers(spec);

  const map = L.map(host, { ...config.options });
  map.attributionControl.setPrefix('Leaflet');
  if (config.scale) L.control.scale({ imperial: false }).addTo(map);
  for (const pane of config.panes || []) {
    const element = map.createPane(pane.name);
    element.style.zIndex = String(pane.zIndex);
    if (pane.passThrough) element.style.pointerEvents = 'none';
  }

  const handle = new MapHandle(map, host, hooks);
  setView(map, config.view);
  for (const spec of specs) handle.addLayer(spec);
  map.on('click', (event) => handle.emit('click', null, { lat: event.latlng.lat, lng: event.latlng.lng }));
  map.on('moveend', () => handle.emit('moveend', null, handle.view()));
  host.dataset.leafletReady = 'true';
  return handle;
}

/** For LeafletMap.razor: the same boot, events to the component (DotNetObjectReference). */
export async function mountInteractive(host, dotNet) {
  const handle = await mount(host, {
    onEvent: (name, layerId, payload) => dotNet.invokeMethodAsync('OnLeafletEvent', name, layerId ?? '', JSON.stringify(payload ?? null)),
  });
  return handle;
}

function setView(map, view) {
  if (view?.bounds) {
    const [west, south, east, north] = view.bounds;
    map.fitBounds([[south, west], [north, east]], { padding: view.padding ?? [12, 12], maxZoom: view.maxZoom ?? undefined, animate: false });
  } else if (view?.center) {
    map.setView(view.center, view.zoom ?? 10, { animate: false });
  }
}

class MapHandle {
  constructor(map, host, hooks) {
    this.map = map;
    this.host = host;
    this.hooks = hooks;
    this.layers = new Map(); // id → { spec, layer, loaded: Promise }
    this.documents = new Map(); // url → Promise of its GeoJSON: layers that split one document read it once
  }

  emit(name, layerId, payload) {
    this.hooks.onEvent?.(name, layerId, payload);
  }

  layer(id) { return this.layers.get(id)?.layer ?? null; }

  /** The address a layer reads (tiles template or GeoJSON url), or null. */
  urlOf(id) { return this.layers.get(id)?.spec.url ?? null; }

  /** Resolves with the layer's data (GeoJSON layers with a url) once it has arrived. */
  loaded(id) { return this.layers.get(id)?.loaded ?? Promise.resolve(null); }

  view() {
    const bounds = this.map.getBounds();
    const center = this.map.getCenter();
    return { center: [center.lat, center.lng], zoom: this.map.getZoom(), bounds: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()] };
  }

  // The C# API (LeafletMap.razor): setView, fitBounds, updateLayer, removeLayer, reload.
  setView(lat, lng, zoom) { this.map.setView([lat, lng], zoom); }

  fitBounds(west, south, east, north) { this.map.fitBounds([[south, west], [north, east]], { padding: [12, 12] }); }

  async updateLayer(specJson) {
    const spec = JSON.parse(specJson);
    await PLUGINS[spec.kind]?.(spec);
    this.removeLayer(spec.id);
    this.addLayer(spec);
  }

  removeLayer(id) {
    const entry = this.layers.get(id);
    if (!entry) return;
    entry.dispose?.();
    if (entry.layer) this.map.removeLayer(entry.layer);
    this.layers.delete(id);
  }

  /**
   * Points a layer at another address (a newer territory revision): vector tiles are asked for anew, a GeoJSON layer reads
   * it (layers that share the old address share the new one, read once). Resolves with a GeoJSON layer's features.
   */
  setUrl(id, url) {
    const entry = this.layers.get(id);
    if (!entry) return Promise.resolve(null);
    entry.spec.url = url;
    if (entry.spec.kind === 'vectortiles') {
      entry.layer.setUrl(new URL(url, document.baseURI).href.replace(/%7B/g, '{').replace(/%7D/g, '}'));
      return Promise.resolve(null);
    }
    return this.reload(id, !this.documents.has(url));
  }

  /** Reads a GeoJSON layer's url again (a live page after an event); resolves with the layer's features. */
  reload(id, fresh = true) {
    const entry = this.layers.get(id);
    if (!entry?.spec.url) return Promise.resolve(null);
    const url = entry.spec.url;
    if (fresh || !this.documents.has(url)) {
      const document = fetchGeoJson(url);
      // A failed read is not kept: the next reload of the same address asks again.
      document.catch(() => { if (this.documents.get(url) === document) this.documents.delete(url); });
      this.documents.set(url, document);
    }
    entry.loaded = this.documents.get(url).then((data) => {
      const features = (data.features || []).filter(whereFilter(entry.spec.where) ?? (() => true));
      entry.layer.clearLayers();
      entry.layer.addData(features);
      this.emit('load', id, { count: features.length });
      return { ...data, features };
    });
    return entry.loaded;
  }

  addLayer(spec) {
    const build = BUILDERS[spec.kind];
    if (!build) throw new Error(`unknown layer kind ${spec.kind}`);
    const entry = { spec, loaded: Promise.resolve(null) };
    this.layers.set(spec.id, entry);
    build.call(this, spec, entry, this.hooks.layers?.[spec.id] ?? {});
  }

  style(value) {
    if (typeof value !== 'string') return value ?? undefined;
    const named = this.hooks.styles?.[value];
    if (named === undefined) throw new Error(`no style named ${value}`);
    return named;
  }
}

/** spec.where "property=value": the features of a shared document this layer draws. */
function whereFilter(where) {
  if (!where) return null;
  const [property, value] = where.split('=');
  return (feature) => String(feature.properties?.[property]) === value;
}

async function fetchGeoJson(url) {
  const response = await fetch(new URL(url, document.baseURI), { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

const BUILDERS = {
  /** Raster basemaps; when nothing loads they are removed (host data-basemap="failed") and the territory stays. */
  basemaps(spec, entry) {
    const host = this.host;
    const group = L.layerGroup().addTo(this.map);
    entry.layer = group;
    host.dataset.basemap = spec.layers.length ? 'loading' : 'none';
    let loadedTiles = 0;
    let failed = 0;
    for (const basemap of spec.layers) {
      const layer = L.tileLayer(basemap.url, {
        subdomains: basemap.subdomains || 'abc',
        attribution: escapeHtml(basemap.attribution || ''),
        maxZoom: 19,
        maxNativeZoom: 18,
        crossOrigin: true,
      }).addTo(group);
      layer.on('tileload', () => { loadedTiles++; host.dataset.basemap = 'ok'; });
      layer.on('tileerror', () => {
        failed++;
        // Nothing came through: stop asking (every failed request costs a phone time and battery on a weak link).
        if (loadedTiles === 0 && failed >= 4 && host.dataset.basemap !== 'failed') {
          group.clearLayers();
          host.dataset.basemap = 'failed';
          this.emit('basemapfailed', spec.id, null);
        }
      });
    }
  },

  /** The app's own vector tiles (/tiles/{layer}/{z}/{x}/{y}.mvt) through Leaflet.VectorGrid, drawn on canvas. */
  vectortiles(spec, entry) {
    const style = this.style(spec.style);
    const layer = L.vectorGrid.protobuf(new URL(spec.url, document.baseURI).href.replace(/%7B/g, '{').replace(/%7D/g, '}'), {
      pane: spec.pane || 'overlayPane',
      rendererFactory: L.canvas.tile,
      vectorTileLayerStyles: { [spec.tileLayer]: style },
      minZoom: spec.minZoom ?? 0,
      maxZoom: spec.maxZoom ?? 22,
      interactive: Boolean(spec.interactive),
      getFeatureId: spec.featureId ? (f) => f.properties[spec.featureId] : undefined,
    }).addTo(this.map);
    entry.layer = layer;
    if (spec.interactive) {
      layer.on('click', (event) => this.emit('featureclick', spec.id, {
        properties: event.layer?.properties ?? {}, lat: event.latlng.lat, lng: event.latlng.lng,
      }));
    }
    layer.on('loading', () => this.emit('loading', spec.id, null));
    layer.on('load', () => this.emit('load', spec.id, null));
  },

  /** GeoJSON from the spec (data) or from a url; points as circle markers in pointStyle. */
  geojson(spec, entry, hook) {
    // spec.fillProperty: each feature is filled with the colour in that property (a choropleth the server coloured).
    const base = this.style(spec.style);
    const style = spec.fillProperty && typeof base !== 'function'
      ? (feature) => ({ ...base, fillColor: feature.properties?.[spec.fillProperty] ?? base?.fillColor })
      : base;
    const pointStyle = this.style(spec.pointStyle);
    const layer = L.geoJSON(null, {
      pane: spec.pane || 'overlayPane',
      interactive: spec.interactive !== false,
      style,
      filter: hook.filter,
      pointToLayer: hook.pointToLayer ?? ((feature, latlng) => L.circleMarker(latlng,
        typeof pointStyle === 'function' ? pointStyle(feature) : { pane: spec.pane || 'overlayPane', ...pointStyle })),
      onEachFeature: (feature, featureLayer) => {
        if (spec.interactive !== false && spec.events?.includes('click')) {
          featureLayer.on('click', () => this.emit('featureclick', spec.id, { properties: feature.properties ?? {} }));
        }
        // spec.tooltipProperty: a plain-text tooltip from that property (escaped: Leaflet takes markup).
        const tooltip = spec.tooltipProperty ? feature.properties?.[spec.tooltipProperty] : null;
        if (tooltip) featureLayer.bindTooltip(escapeHtml(String(tooltip)), { sticky: true });
        hook.onEachFeature?.(feature, featureLayer);
      },
    }).addTo(this.map);
    entry.layer = layer;
    if (spec.data) {
      layer.addData(typeof spec.data === 'string' ? JSON.parse(spec.data) : spec.data);
      if (spec.fit && layer.getBounds().isValid()) this.map.fitBounds(layer.getBounds(), { padding: [12, 12], animate: false });
    } else if (spec.url) {
      this.reload(spec.id, false).then((data) => {
        if (spec.fit && layer.getBounds().isValid()) this.map.fitBounds(layer.getBounds(), { padding: [12, 12], animate: false });
        return data;
      }).catch((error) => this.emit('error', spec.id, { message: String(error.message || error) }));
    }
  },

  /** A heatmap (Leaflet.heat) of spec.points, [lat, lng] or [lat, lng, intensity]. */
  heat(spec, entry) {
    const layer = L.heatLayer(spec.points || [], {
      radius: spec.radius ?? 18,
      blur: spec.blur ?? 15,
      maxZoom: spec.maxZoom ?? this.map.getZoom(),
      minOpacity: 0.3,
    }).addTo(this.map);
    entry.layer = layer;
    this.host.dataset.heatPoints = String((spec.points || []).length);
  },

  /** Point markers, clustered when spec.cluster says so (Leaflet.markercluster); pages add markers through handle.layer(id). */
  markers(spec, entry, hook) {
    const layer = spec.cluster
      ? L.markerClusterGroup({ ...spec.cluster, iconCreateFunction: hook.iconCreateFunction })
      : L.featureGroup();
    layer.addTo(this.map);
    entry.layer = layer;
    if (spec.data) {
      const pointStyle = this.style(spec.pointStyle);
      const data = typeof spec.data === 'string' ? JSON.parse(spec.data) : spec.data;
      for (const feature of data.features || []) {
        const [lng, lat] = feature.geometry.coordinates;
        // A feature may carry its own style (markerStyle: colour by state or light); a marker's click is its own, not the
        // map's (bubbling would also fire the map's click, e.g. setting a meeting point under the marker).
        const marker = L.circleMarker([lat, lng], {
          ...(pointStyle ?? {}), ...(feature.properties?.markerStyle ?? {}), pane: spec.pane || 'overlayPane', bubblingMouseEvents: false,
        });
        marker.on('click', () => this.emit('featureclick', spec.id, { properties: feature.properties ?? {} }));
        // Labels (case number · category) as text, shown only from spec.labelMinZoom on (a class on the map toggles them).
        if (spec.labelMinZoom != null && feature.properties?.label) {
          marker.bindTooltip(String(feature.properties.label), {
            permanent: true, direction: 'right', offset: [6, 0], className: 'leaflet-case-label', interactive: false,
          });
        }
        layer.addLayer(marker);
      }
    }
    if (spec.labelMinZoom != null) {
      // Per layer (each has its own threshold): the labels of this layer's markers, clustered ones included.
      const toggle = () => {
        const opacity = this.map.getZoom() < spec.labelMinZoom ? 0 : 1;
        layer.eachLayer((marker) => marker.getTooltip?.()?.setOpacity(opacity));
      };
      toggle();
      this.map.on('zoomend', toggle);
      entry.dispose = () => this.map.off('zoomend', toggle);
    }
  },

  /**
   * Drawing tools (Leaflet-Geoman): each shape drawn, edited or removed is reported as GeoJSON with a stable id
   * (shapecreated / shapeedited / shaperemoved), which is how a drawn grid reaches C#.
   */
  draw(spec, entry) {
    const map = this.map;
    const shapes = new Set(spec.shapes || ['Polygon']);
    map.pm.setLang('zh');
    map.pm.addControls({
      position: spec.position || 'topleft',
      drawMarker: shapes.has('Marker'),
      drawCircleMarker: false,
      drawPolyline: shapes.has('Line'),
      drawRectangle: shapes.has('Rectangle'),
      drawPolygon: shapes.has('Polygon'),
      drawCircle: false,
      drawText: false,
      editMode: spec.edit !== false,
      dragMode: false,
      cutPolygon: false,
      rotateMode: false,
      removalMode: spec.remove !== false,
    });
    const shape = (layer) => ({ id: String(L.stamp(layer)), geoJson: JSON.stringify(layer.toGeoJSON()) });
    const onEdit = (event) => this.emit('shapeedited', spec.id, shape(event.layer));
    const onCreate = (event) => {
      event.layer.on('pm:edit', onEdit);
      this.emit('shapecreated', spec.id, shape(event.layer));
    };
    const onRemove = (event) => this.emit('shaperemoved', spec.id, shape(event.layer));
    map.on('pm:create', onCreate);
    map.on('pm:remove', onRemove);
    entry.dispose = () => {
      map.off('pm:create', onCreate);
      map.off('pm:remove', onRemove);
      map.pm.removeControls();
      // The shapes drawn go with the tools: a page that re-creates them (DrawTools.Generation) starts from a clean map.
      for (const drawn of map.pm.getGeomanDrawLayers()) drawn.remove();
    };
  },
};
