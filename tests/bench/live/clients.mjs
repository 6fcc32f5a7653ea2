// N SignalR WebSocket clients in one process, spread evenly over the given scope codes (the demo county's townships):
// client k of the whole run (k = --first + i) joins code k mod codes.length, so two processes with --first 0 and
// --first N/2 spread like one. Every `event` delivered is stamped with the receive time; on SIGTERM (or SIGINT) the
// process writes what it received and exits.
//
//   node clients.mjs --url http://127.0.0.1:5495/hubs/live --count 5000 --first 0 --codes 451027100,451027101
//                    [--cookie-file FILE] --out FILE.json [--status FILE] [--parallel 100]
//
// --status is rewritten once a second: {connected, joined, failed, closed, received}, so run.sh can wait until every
// client has joined and, after a run, until deliveries stop.
import { writeFileSync, readFileSync } from "node:fs";
import { HubConnectionBuilder, HttpTransportType, LogLevel } from "@microsoft/signalr";
import { args, now, sleep } from "./lib.mjs";

const a = args({ first: "0", parallel: "100" });
const count = +a.count;
const first = +a.first;
const codes = a.codes.split(",");
const cookie = a["cookie-file"] ? readFileSync(a["cookie-file"], "utf8").trim() : null;

const stats = { connected: 0, joined: 0, failed: 0, closed: 0, received: 0, errors: [] };
const joinedPerCode = Object.fromEntries(codes.map((c) => [c, 0]));
// Receipts by case number: the number's receive times (ms). The report joins them with the driver's send times.
const receipts = new Map();
const connections = [];

function onEvent(e) {
  const t = now();
  stats.received++;
  const number = e?.payload?.number;
  if (typeof number !== "string") return;
  let times = receipts.get(number);
  if (!times) receipts.set(number, (times = []));
  times.push(t);
}

async function connectOne(k) {
  const code = codes[k % codes.length];
  const options = { transport: HttpTransportType.WebSockets, skipNegotiation: true };
  if (cookie) options.headers = { Cookie: cookie };
  const connection = new HubConnectionBuilder().withUrl(a.url, options).configureLogging(LogLevel.None).build();
  // A client that sees nothing for a while is not a dead server here: the backlog of a saturated run can take longer than
  // the default 30 s to reach a client, and a dropped client would count as lost deliveries.
  connection.serverTimeoutInMilliseconds = 120_000;
  connection.on("event", onEvent);
  connection.onclose(() => { stats.closed++; });
  try {
    await connection.start();
    stats.connected++;
    await connection.invoke("JoinScope", code);
    stats.joined++;
    joinedPerCode[code]++;
    connections.push(connection);
  } catch (error) {
    stats.failed++;
    if (stats.errors.length < 5) stats.errors.push(String(error?.message ?? error));
    connection.stop().catch(() => {});
  }
}

function writeStatus() {
  if (!a.status) return;
  writeFileSync(a.status, JSON.stringify({ ...stats, at: now() }));
}
const statusTimer = setInterval(writeStatus, 1000);

let finished = false;
function finish() {
  if (finished) return;
  finished = true;
  clearInterval(statusTimer);
  writeStatus();
  const out = { count, first, joinedPerCode, stats, receipts: Object.fromEntries(receipts) };
  writeFileSync(a.out, JSON.stringify(out));
  process.exit(0);
}
process.on("SIGTERM", finish);
process.on("SIGINT", finish);

// Connect in waves of --parallel: thousands of simultaneous upgrades would only measure the accept queue.
const parallel = +a.parallel;
for (let i = 0; i < count; i += parallel) {
  const wave = [];
  for (let j = i; j < Math.min(count, i + parallel); j++) wave.push(connectOne(first + j));
  await Promise.all(wave);
}
writeStatus();
// Stay alive until told to stop.
for (;;) await sleep(60_000);
