// Turns run.sh's results.tsv (report.mjs lines) into the Markdown tables of the results file:
//   node table.mjs results.tsv
// One table per phase; for each client count, ours is also given as a ratio of the bare hub in the same run.
import { readFileSync } from "node:fs";

const [header, ...lines] = readFileSync(process.argv[2], "utf8").trim().split("\n");
const columns = header.split("\t");
const rows = lines.map((l) => Object.fromEntries(l.split("\t").map((v, i) => [columns[i], v])));
const fmt = (v) => (Number.isFinite(+v) && v !== "" ? (+v).toLocaleString("en-US", { maximumFractionDigits: 2 }) : v);
const ratio = (x, y) => (+y > 0 ? `${(+x / +y).toFixed(2)}×` : "");

for (const phase of [...new Set(rows.map((r) => r.phase))]) {
  console.log(`\n### ${phase === "latency" ? "Fixed offered rate (latency)" : "Saturation (delivered rate)"}\n`);
  console.log("| clients | side | events/s offered | accepted / failed / skipped | deliveries expected → delivered (lost) | offered deliv/s | **delivered/s** | ÷ bare | p50 ms | p95 ms | **p99 ms** | max ms | drain s | server RSS peak MB | CPU ms / 1k deliveries: server + PG | request p50 / p99 ms | clients cut off | busy % before |");
  console.log("|---:|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  const here = rows.filter((r) => r.phase === phase);
  for (const r of here) {
    const bare = here.find((b) => b.side === "bare" && b.clients === r.clients);
    const side = r.side === "ours" ? "**ours**" : r.side;
    console.log(`| ${fmt(r.clients)} | ${side} | ${fmt(r.rate_ev_s)} | ${r.ok} / ${r.failed} / ${r.skipped} | ${fmt(r.expected)} → ${fmt(r.delivered)} (${fmt(r.lost)}) | ${fmt(r.offered_deliv_s)} | ${fmt(r.delivered_s)} | ${r.side === "ours" && bare ? ratio(r.delivered_s, bare.delivered_s) : ""} | ${r.p50_ms} | ${r.p95_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.drain_s} | ${r.rss_peak_mb} | ${r.cpu_ms_per_1k} + ${r.pg_cpu_ms_per_1k} | ${r.req_p50_ms} / ${r.req_p99_ms} | ${r.closed} | ${r.busy} |`);
  }
}
