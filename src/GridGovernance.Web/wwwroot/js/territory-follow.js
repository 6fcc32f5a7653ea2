// Grid edits for maps that follow no outbox: the public /map (residents join no hub group, and must never hear a case event)
// and the grid worker's field map. The host carries the territory revision the page was read at (data-territory-revision),
// the address that answers the current one (data-territory-url: GET /api/territory/revision, {"revision": N}, one number and
// nothing else) and how often to ask (data-territory-poll-seconds, GridGov:Map:TerritoryPollSeconds). It is asked on that
// interval while the page is in view, and at once when the page comes back into view or the network returns; a newer revision
// calls onChange(revision) (again on the next ask, should it fail). The answer is revalidated by entity tag (an unchanged revision costs a 304).

/** Starts following; returns { ask() } (ask now) and the revision known. */
export function followTerritory(host, onChange) {
  let known = Number(host.dataset.territoryRevision) || 0;
  const url = new URL(host.dataset.territoryUrl || '/api/territory/revision', document.baseURI);
  const seconds = Math.max(5, Number(host.dataset.territoryPollSeconds) || 60);
  let asking = false;

  const ask = async () => {
    if (asking || document.visibilityState === 'hidden' || navigator.onLine === false) return;
    asking = true;
    try {
      const response = await fetch(url, { cache: 'no-cache', credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const { revision } = await response.json();
      if (!Number.isSafeInteger(revision) || revision <= known) return;
      // Known only once the page has followed it: a map whose new data could not be read (the network went) tries again.
      await onChange(revision);
      known = revision;
      host.dataset.territoryRevision = String(revision);
    } catch (error) {
      // Offline, or the server away: asked again on the next tick.
      console.warn('区划更新未能完成，稍后重试', error);
    } finally {
      asking = false;
    }
  };

  setInterval(ask, seconds * 1000);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') ask(); });
  window.addEventListener('online', ask);
  return { ask, get revision() { return known; } };
}

/** The address at another revision: its v= parameter set (added when missing); {z}/{x}/{y} placeholders kept as they are. */
export function atRevision(url, revision) {
  return /([?&])v=\d*/.test(url) ? url.replace(/([?&])v=\d*/, `$1v=${revision}`) : `${url}${url.includes('?') ? '&' : '?'}v=${revision}`;
}
