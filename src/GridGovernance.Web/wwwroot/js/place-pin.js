// The report forms' map pin (Features/Cases/PlacePin.razor): the grid's outline and a pin the reporter drags (or taps the
// map) to correct the position. The form's hidden lng/lat/crs fields stay the one truth the server reads: the pin writes them
// (WGS-84, as the basemap), and follows them when report.js takes the phone's position (event gridgov:position). Under the
// map, the readable place from /g/{code}/place (the server's place_description). A pin far outside the grid makes the send
// ask "位置不在本网格，是否继续" (report.js asks data-confirm). Text is set with textContent only. When the position is taken, the
// view holds the pin and the whole grid outline (up to zoom 17 for a small grid): a grid larger than the view at zoom 17 would
// otherwise leave the reporter with a pin and no line to tell where the grid is.
import { mount } from './leaflet-core.js';

const FAR_OUTSIDE = '位置不在本网格，是否继续提交？';

for (const box of document.querySelectorAll('[data-place-pin]')) {
  start(box).catch((error) => {
    box.dataset.error = 'true';
    console.error(error);
  });
}

async function start(box) {
  const form = box.closest('form');
  const host = box.querySelector('[data-leaflet]');
  const text = box.querySelector('[data-place-text]');
  const hint = box.querySelector('[data-place-pin-hint]');
  if (!form || !host) return;
  const lng = form.querySelector('[data-position-lng]');
  const lat = form.querySelector('[data-position-lat]');
  const crs = form.querySelector('[data-position-crs]');
  host.hidden = false;
  if (hint) hint.hidden = false;
  const handle = await mount(host);
  const map = handle.map;
  const outline = handle.layer(`${host.id}-grid`);

  /** The pin and the grid's whole outline in view (no closer than zoom 17); without an outline, the pin at zoom 17. */
  const showWithGrid = (point) => {
    const grid = outline?.getBounds();
    if (grid?.isValid()) {
      map.fitBounds(L.latLngBounds(grid.getSouthWest(), grid.getNorthEast()).extend(point), { padding: [24, 24], maxZoom: 17, animate: false });
    } else {
      map.setView(point, Math.max(map.getZoom(), 17), { animate: false });
    }
    box.dataset.view = map.getBounds().toBBoxString();
    // A large grid is shown whole from afar: say that zooming in places the pin more precisely.
    const zoomHint = hint?.querySelector('[data-zoom-hint]');
    if (hint && map.getZoom() < 15 && !zoomHint) {
      const extra = document.createElement('span');
      extra.dataset.zoomHint = '';
      extra.textContent = '地图已显示整个网格，放大地图可以更精确地放置图钉。';
      hint.append(extra);
    } else if (zoomHint && map.getZoom() >= 15) {
      zoomHint.remove();
    }
  };

  const icon = L.divIcon({ className: 'place-pin-marker', html: '<span></span>', iconSize: [44, 44], iconAnchor: [22, 40] });
  const markerOptions = () => ({ icon, draggable: true, autoPan: true, keyboard: true, title: '问题位置（可拖动）', alt: '问题位置' });
  let marker = null;
  let asked = 0;

  const place = async (latlng, fromForm) => {
    if (!marker) {
      marker = L.marker(latlng, markerOptions()).addTo(map);
      marker.on('dragend', () => moved(marker.getLatLng()));
    } else {
      marker.setLatLng(latlng);
    }
    if (!fromForm) {
      lng.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (crs) crs.value = 'wgs84';
      form.dispatchEvent(new Event('change', { bubbles: true }));
    }
    box.dataset.pin = `${Number(lng.value).toFixed(6)},${Number(lat.value).toFixed(6)}`;
    await describe();
  };

  const moved = (latlng) => place(latlng, false);

  /** Asks the server for the readable place of the form's position (the last answer wins). */
  const describe = async () => {
    const ask = ++asked;
    if (!lng.value || !lat.value) return;
    const url = new URL(box.dataset.placeUrl, location.href);
    url.searchParams.set('lng', lng.value);
    url.searchParams.set('lat', lat.value);
    if (crs && crs.value && crs.value !== 'wgs84') url.searchParams.set('crs', crs.value);
    text.textContent = '正在查找地点…';
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' } });
      if (ask !== asked) return;
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      if (crs && crs.value === 'gcj02') {
        // The server converted the GCJ-02 point once (the domain's ChinaCoordinates): keep its WGS-84 answer.
        lng.value = answer.lng.toFixed(6);
        lat.value = answer.lat.toFixed(6);
        crs.value = 'wgs84';
        const point = L.latLng(answer.lat, answer.lng);
        if (marker) marker.setLatLng(point); else { marker = L.marker(point, markerOptions()).addTo(map); marker.on('dragend', () => moved(marker.getLatLng())); }
        showWithGrid(point);
        box.dataset.pin = `${lng.value},${lat.value}`;
      }
      text.textContent = answer.place
        ? `位置：${answer.place}`
        : '位置离本网格较远，请确认图钉位置，或在描述中写明地点。';
      box.dataset.insideGrid = String(answer.insideGrid);
      box.dataset.farOutside = String(answer.farOutside);
      if (answer.farOutside) {
        form.dataset.confirm = FAR_OUTSIDE;
        text.textContent += `（不在${box.dataset.gridName}内，约 ${Math.round(answer.metresOutside)} 米外）`;
      } else if (form.dataset.confirm === FAR_OUTSIDE) {
        delete form.dataset.confirm;
      }
      box.dataset.placeReady = 'true';
    } catch {
      if (ask !== asked) return;
      text.textContent = navigator.onLine === false ? '已记下位置（当前无网络，地点说明稍后由工作人员查看）。' : '已记下位置。';
    }
  };

  map.on('click', (event) => moved(event.latlng));
  // report.js took the phone's position (or the form came back with one): the pin follows the fields.
  form.addEventListener('gridgov:position', () => {
    if (crs && crs.value === 'gcj02') { describe(); return; }
    const point = L.latLng(Number(lat.value), Number(lng.value));
    place(point, true);
    showWithGrid(point);
  });
  if (lng.value && lat.value) {
    if (crs && crs.value === 'gcj02') describe();
    else {
      const point = L.latLng(Number(lat.value), Number(lng.value));
      place(point, true);
      showWithGrid(point);
    }
  }
  box.dataset.ready = 'true';
}
