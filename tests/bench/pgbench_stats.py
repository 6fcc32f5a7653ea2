"""Steady-state figures from pgbench's per-transaction logs (pgbench -l): `python3 pgbench_stats.py DIR` prints
`tps p50_ms p95_ms p99_ms window_s`.

Every pgbench run opens fresh connections, and a fresh PostgreSQL backend pays once for loading PostGIS, filling its
catalog caches and planning (≈ 50–100 ms for the locate query, far more on a loaded machine); the app's and the bare
endpoint's pooled connections paid that long before they are measured. So the window starts when the last client has
finished its first transaction, and the rate and percentiles count only transactions that end inside it.
Log columns: client_id transaction_no time_us script_no time_epoch time_us_part [schedule_lag].
"""
import glob
import os
import sys

first_end = {}
rows = []
for path in glob.glob(os.path.join(sys.argv[1], "tx.*")):
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 6 or parts[2] == "failed":
                continue
            client, latency_us = int(parts[0]), int(parts[2])
            end = int(parts[4]) + int(parts[5]) / 1e6
            first_end[client] = min(first_end.get(client, end), end)
            rows.append((end, latency_us))
if not rows:
    sys.exit("no transactions logged")
start = max(first_end.values())
stop = max(end for end, _ in rows)
if stop - start < 1.0:
    # A very loaded machine can keep a client from its first answer nearly all run long: use the second half instead.
    begin = min(end for end, _ in rows)
    start = begin + (stop - begin) / 2
window = sorted(lat for end, lat in rows if end > start)
seconds = stop - start
if seconds <= 0 or not window:
    sys.exit("no steady-state window")


def pct(p):
    return window[min(len(window) - 1, int(len(window) * p))] / 1000


print(f"{len(window) / seconds:.1f} {pct(0.50):.3f} {pct(0.95):.3f} {pct(0.99):.3f} {seconds:.2f}")
