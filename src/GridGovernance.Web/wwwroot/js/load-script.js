// Classic scripts (Leaflet and its plugins define the global L, SignalR's browser client signalR), loaded once each.
const loaded = new Map(); // absolute URL → Promise

/** Loads the script at path (resolved against base, by default the page's base URL) once; resolves when it has run. */
export function loadScript(path, base = document.baseURI) {
  const src = new URL(path, base).href;
  if (!loaded.has(src)) {
    loaded.set(src, new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`无法加载 ${path}`));
      document.head.append(script);
    }));
  }
  return loaded.get(src);
}
