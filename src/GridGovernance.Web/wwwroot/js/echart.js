// The one JS side of Components/Charts/EChart.razor: Apache ECharts (from npm, copied to wwwroot/lib/echarts by the build, no
// CDN) draws the option the component sends as JSON. The option is data only (no functions): formatters are ECharts' string
// templates. Once drawn, the host says so for tests and print: data-chart-ready="true", data-chart-series = number of series.
import { loadScript } from './load-script.js';

const LIB = new URL('../lib/', import.meta.url);
const observers = new WeakMap();

/** Draws (or redraws) the chart in host; renderer 'canvas' on screen, 'svg' for print (vector, crisp in a PDF). */
export async function render(host, optionJson, renderer, theme) {
  await loadScript('echarts/echarts.min.js', LIB);
  const option = JSON.parse(optionJson);
  let chart = echarts.getInstanceByDom(host);
  if (chart && host.dataset.chartRenderer !== renderer) {
    chart.dispose();
    chart = null;
  }
  if (!chart) {
    // Printing must not wait for an animation; the screen animates only a redraw.
    chart = echarts.init(host, theme || null, { renderer, locale: 'ZH' });
    host.dataset.chartRenderer = renderer;
    if (!observers.has(host) && 'ResizeObserver' in window) {
      const observer = new ResizeObserver(() => echarts.getInstanceByDom(host)?.resize());
      observer.observe(host);
      observers.set(host, observer);
    }
  }
  // Transparent: the page's own background shows (the 大屏's gradient, white paper).
  chart.setOption({ animation: renderer !== 'svg', backgroundColor: 'transparent', ...option }, { notMerge: true });
  host.dataset.chartSeries = String((option.series || []).length);
  host.dataset.chartReady = 'true';
}

export function dispose(host) {
  observers.get(host)?.disconnect();
  observers.delete(host);
  echarts?.getInstanceByDom?.(host)?.dispose();
}
