// What every Leaflet page here needs: loading the classic scripts, the configured basemaps with their offline fallback,
// and escaping for the one place Leaflet takes markup (the attribution control).

/** Leaflet and its plugins are classic scripts that define the global L, loaded in order. */
export function loadScript(path) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(path, document.baseURI).href;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`无法加载 ${path}`));
    document.head.append(script);
  });
}

/** The configured attribution is shown as text. */
export function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/**
 * Adds the basemaps (data-basemaps: [{url, attribution, subdomains}]); state goes to host.dataset.basemap. When nothing
 * loads, the basemaps are removed and onFailed is told, so the territory still shows on a plain background.
 */
export function addBasemaps(map, host, basemaps, onFailed) {
  host.dataset.basemap = basemaps.length ? 'loading' : 'none';
  let loaded = 0;
  let failed = 0;
  for (const basemap of basemaps) {
    const layer = L.tileLayer(basemap.url, {
      subdomains: basemap.subdomains || 'abc',
      attribution: escapeHtml(basemap.attribution || ''),
      maxZoom: 19,
      maxNativeZoom: 18,
      crossOrigin: true,
    }).addTo(map);
    layer.on('tileload', () => { loaded++; host.dataset.basemap = 'ok'; });
    layer.on('tileerror', () => {
      failed++;
      if (loaded === 0 && failed >= 4) {
        // Nothing came through: stop asking (every failed request costs a phone time and battery on a weak link).
        for (const other of Object.values(map._layers)) if (other instanceof L.TileLayer) map.removeLayer(other);
        host.dataset.basemap = 'failed';
        onFailed?.();
      }
    });
  }
}
