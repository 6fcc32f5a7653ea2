// Causes events at a fixed offered rate for a fixed time and records when each one was caused.
//
//   ours: POST /api/cases (a real state change: a new case, its timeline entry and its outbox event in one transaction)
//   bare: POST /broadcast with the same event JSON and the same groups (county, township, village, grid), no database
//
//   node driver.mjs --side ours|bare --base http://127.0.0.1:5495 --points points.tsv --rate 8 --seconds 20
//                   --out phase.json [--server-pid PID] [--tag latency] [--max-inflight 64]
//
// Event i goes to township i mod T (T = townships in points.tsv), to that township's grids in turn, so events spread evenly
// over the township groups the clients joined. Sends are open-loop (scheduled at t0 + i / rate whatever earlier answers
// do); a send due while --max-inflight requests are outstanding is skipped and counted. 64 stays below the app's
// connection pool (Npgsql's default 100): with more, an overloaded intake holds every pooled connection waiting on the
// county's case-number row lock, the forwarder waits for a connection too, and requests time out (see the README). The send time recorded is taken
// just before the request goes out, so "receive − send" includes the whole request (for ours: validation, the
// transaction, its commit), an upper bound on commit-to-delivery. While it runs it samples the server's resident memory.
import { readFileSync, writeFileSync } from "node:fs";
import { args, now, sleep, memoryOf, cpuSecondsOf, percentile } from "./lib.mjs";

const a = args({ tag: "run", "max-inflight": "64" });
const side = a.side;
if (side !== "ours" && side !== "bare") throw new Error("--side must be ours or bare");
const rate = +a.rate;
const seconds = +a.seconds;
const maxInflight = +a["max-inflight"];
const serverPid = a["server-pid"] ? +a["server-pid"] : null;

// points.tsv: county township village grid lng lat (one grid a line, a point inside it).
const byTownship = new Map();
for (const line of readFileSync(a.points, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const [county, township, village, grid, lng, lat] = line.split("\t");
  if (!byTownship.has(township)) byTownship.set(township, []);
  byTownship.get(township).push({ county, township, village, grid, lng: +lng, lat: +lat });
}
const townships = [...byTownship.keys()].sort();
const runId = `${side}${Date.now().toString(36)}`;
const today = new Date().toISOString().slice(0, 10).replaceAll("-", "");

let nextCaseId = 1;
function bareEvent(i, place, number) {
  // The shape and size of the app's event (migration 0012's payload, the hub's LiveEvent record): ≈ 300 bytes of JSON.
  const at = new Date().toISOString();
  const caseId = 100000 + nextCaseId++;
  return {
    id: 1000000 + i, type: "case.report", caseId, workOrderId: null,
    payload: {
      caseId, number, action: "report", state: "reported", stateBefore: null, category: "C0101",
      gridCode: place.grid, workOrderId: null, lng: place.lng, lat: place.lat, at,
    },
    createdAt: at,
  };
}

const sends = []; // [number, township, sendTime]
const requestMs = []; // how long each accepted request took, send to answer
let inflight = 0, skipped = 0, failed = 0, ok = 0;
const failures = {};

async function send(i) {
  const township = townships[i % townships.length];
  const places = byTownship.get(township);
  const place = places[Math.floor(i / townships.length) % places.length];
  let t0, response;
  try {
    if (side === "ours") {
      const body = JSON.stringify({
        requestType: "help", category: "C0101", description: `压测：井盖缺失（基准测试 ${i}）`,
        longitude: place.lng, latitude: place.lat,
      });
      t0 = now();
      response = await fetch(`${a.base}/api/cases`, {
        method: "POST", body,
        headers: { "Content-Type": "application/json", "Idempotency-Key": `${runId}-${a.tag}-${i}` },
      });
      const answer = await response.json();
      if (response.status !== 201) throw new Error(`${response.status} ${answer?.detail ?? ""}`);
      sends.push([answer.number, township, t0]);
      requestMs.push(now() - t0);
    } else {
      // As long as the app's numbers (C0101 + day + sequence), unique per phase: L… for latency, S… for saturation.
      const number = `${a.tag[0].toUpperCase()}0101${today}${String(i).padStart(4, "0")}`;
      const body = JSON.stringify({ event: bareEvent(i, place, number), groups: [place.county, place.township, place.village, place.grid] });
      t0 = now();
      response = await fetch(`${a.base}/broadcast`, { method: "POST", body, headers: { "Content-Type": "application/json" } });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`${response.status}`);
      sends.push([number, township, t0]);
      requestMs.push(now() - t0);
    }
    ok++;
  } catch (error) {
    failed++;
    const key = String(error?.message ?? error).slice(0, 120);
    failures[key] = (failures[key] ?? 0) + 1;
  } finally {
    inflight--;
  }
}

// Memory and CPU of the server while the phase runs.
let rssPeak = 0;
const sampler = serverPid ? setInterval(() => { rssPeak = Math.max(rssPeak, memoryOf(serverPid).rss); }, 200) : null;
const cpu0 = serverPid ? cpuSecondsOf(serverPid) : 0;

const total = Math.round(rate * seconds);
const start = now();
const pending = [];
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - now();
  if (wait > 1) await sleep(wait);
  if (inflight >= maxInflight) { skipped++; continue; }
  inflight++;
  pending.push(send(i));
}
const end = start + (total * 1000) / rate;
if (end - now() > 1) await sleep(end - now());
await Promise.all(pending);
const answered = now();
if (sampler) clearInterval(sampler);
const memory = serverPid ? memoryOf(serverPid) : { rss: 0, hwm: 0 };

requestMs.sort((x, y) => x - y);
const requestP50 = percentile(requestMs, 50), requestP99 = percentile(requestMs, 99);
writeFileSync(a.out, JSON.stringify({
  requestP50, requestP99,
  side, tag: a.tag, rate, seconds, start, end, answered, offered: total, ok, failed, skipped, failures,
  townships, serverRssPeak: Math.max(rssPeak, memory.rss), serverHwm: memory.hwm,
  serverCpuSeconds: serverPid ? cpuSecondsOf(serverPid) - cpu0 : null, sends,
}));
console.error(`[driver ${side} ${a.tag}] offered ${total} at ${rate}/s: ${ok} ok, ${failed} failed, ${skipped} skipped;` +
  ` request p50 ${requestP50?.toFixed(1)} ms, p99 ${requestP99?.toFixed(1)} ms` +
  (failed ? ` ${JSON.stringify(failures)}` : ""));
