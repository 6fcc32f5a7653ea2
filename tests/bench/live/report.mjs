// Joins one session's send times (driver phase files) with its clients' receive times and prints one TSV line per phase:
//
//   node report.mjs --dir SESSION_DIR --side ours --clients 5000 --busy 12 [--header 1]
//
// SESSION_DIR holds clients-*.json (clients.mjs), phase-<tag>.json (driver.mjs) and cpu-<tag>.txt (server CPU seconds
// from the start of the phase to the end of its drain) and rss-<tag>.txt (the server's peak VmRSS while it drained), both
// written by run.sh; pgcpu-<tag>.txt the same for the whole PostgreSQL cluster. Per phase:
//   expected   Σ over accepted sends of the clients joined to that event's township
//   delivered  deliveries of this phase's events (matched by case number), lost = expected − delivered
//   rate/s     deliveries of this phase's events received within the sending window ÷ the window's length: the delivered
//              rate; at a fixed rate the server keeps up when it equals the offered one, in a saturation run it is the ceiling
//   latency    receive time − send time of the request that caused the event, over every delivery: p50/p95/p99/max
//   drain s    from the end of the sending window to the last delivery
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { args, percentile } from "./lib.mjs";

const a = args({ header: "0", busy: "-" });
const files = readdirSync(a.dir);
const clients = files.filter((f) => /^clients-.*\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(a.dir, f), "utf8")));
const joined = {};
let connected = 0, closed = 0, failedClients = 0;
for (const c of clients) {
  for (const [code, n] of Object.entries(c.joinedPerCode)) joined[code] = (joined[code] ?? 0) + n;
  connected += c.stats.joined;
  closed += c.stats.closed;
  failedClients += c.stats.failed;
}

const columns = ["side", "clients", "joined", "phase", "rate_ev_s", "offered_ev", "ok", "failed", "skipped", "expected",
  "delivered", "lost", "offered_deliv_s", "delivered_s", "p50_ms", "p95_ms", "p99_ms", "max_ms", "drain_s",
  "rss_peak_mb", "cpu_s", "cpu_ms_per_1k", "closed", "busy", "req_p50_ms", "req_p99_ms", "pg_cpu_ms_per_1k"];
if (a.header === "1") console.log(columns.join("\t"));

for (const f of files.filter((f) => /^phase-.*\.json$/.test(f)).sort()) {
  const phase = JSON.parse(readFileSync(join(a.dir, f), "utf8"));
  const sent = new Map(phase.sends.map(([number, township, t]) => [number, { township, t }]));
  let expected = 0;
  for (const { township } of sent.values()) expected += joined[township] ?? 0;
  const latencies = new Float64Array(expected + 1024);
  let n = 0, inWindow = 0, last = phase.start;
  for (const c of clients) {
    for (const [number, times] of Object.entries(c.receipts)) {
      const s = sent.get(number);
      if (!s) continue;
      for (const t of times) {
        if (n === latencies.length) break;
        latencies[n++] = t - s.t;
        if (t <= phase.end) inWindow++;
        if (t > last) last = t;
      }
    }
  }
  const sorted = latencies.subarray(0, n).sort();
  const windowS = (phase.end - phase.start) / 1000;
  let drainRss = 0;
  try { drainRss = +readFileSync(join(a.dir, `rss-${phase.tag}.txt`), "utf8"); } catch { /* not recorded */ }
  let pgCpu = NaN;
  try { pgCpu = +readFileSync(join(a.dir, `pgcpu-${phase.tag}.txt`), "utf8"); } catch { /* not recorded */ }
  let cpu = NaN;
  try { cpu = +readFileSync(join(a.dir, `cpu-${phase.tag}.txt`), "utf8"); } catch { /* not recorded */ }
  const row = {
    side: a.side, clients: a.clients, joined: connected, phase: phase.tag, rate_ev_s: phase.rate, offered_ev: phase.offered,
    ok: phase.ok, failed: phase.failed, skipped: phase.skipped, expected, delivered: n, lost: expected - n,
    offered_deliv_s: (expected / windowS).toFixed(0), delivered_s: (inWindow / windowS).toFixed(0),
    p50_ms: percentile(sorted, 50).toFixed(1), p95_ms: percentile(sorted, 95).toFixed(1),
    p99_ms: percentile(sorted, 99).toFixed(1), max_ms: (n ? sorted[n - 1] : NaN).toFixed(1),
    drain_s: ((last - phase.end) / 1000).toFixed(2), rss_peak_mb: (Math.max(phase.serverRssPeak, drainRss) / 1048576).toFixed(0),
    cpu_s: cpu.toFixed(1), cpu_ms_per_1k: (n ? (cpu * 1000 * 1000) / n : NaN).toFixed(1), closed, busy: a.busy,
    req_p50_ms: (phase.requestP50 ?? NaN).toFixed(1), req_p99_ms: (phase.requestP99 ?? NaN).toFixed(1),
    pg_cpu_ms_per_1k: (n ? (pgCpu * 1000 * 1000) / n : NaN).toFixed(1),
  };
  console.log(columns.map((c) => row[c]).join("\t"));
}
if (failedClients > 0) console.error(`[report] ${failedClients} clients failed to connect or join: ${JSON.stringify(clients.flatMap((c) => c.stats.errors).slice(0, 3))}`);
