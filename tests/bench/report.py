"""Turns run.sh's results.tsv into the markdown tables of tests/bench/README.md (rates, percentiles, ratios, goals)."""
import csv
import sys
from collections import defaultdict
from statistics import mean

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
runs = defaultdict(list)
for row in rows:
    runs[(row["case"], int(row["conns"]), row["target"])].append(row)


def agg(case, conns, target):
    """Mean of the rounds (rate and percentiles), with the rate's range and the load average seen before each run."""
    rs = runs.get((case, conns, target))
    if not rs:
        return None
    f = lambda key: mean(float(r[key]) for r in rs)
    cpu = lambda key: mean(float(r[key]) for r in rs) if all(r.get(key, "-") not in ("-", "", None) for r in rs) else None
    return {
        "srv": cpu("srv_us"), "pg": cpu("pg_us"),
        "rps": f("rps"), "p50": f("p50_ms"), "p95": f("p95_ms"), "p99": f("p99_ms"),
        "min": min(float(r["rps"]) for r in rs), "max": max(float(r["rps"]) for r in rs),
        "errors": sum(int(float(r["errors"])) for r in rs), "n": len(rs),
        "load": "/".join(r["busy"] for r in rs),
    }


def rate(a):
    if a is None:
        return "—"
    spread = f" ({a['min']:,.0f}–{a['max']:,.0f})" if a["n"] > 1 else ""
    errors = f", **{a['errors']} errors**" if a["errors"] else ""
    return f"{a['rps']:,.0f}{spread}{errors}"


def ratio(a, b):
    return f"{a['rps'] / b['rps']:.2f}×" if a and b and b["rps"] else "—"


def ms(a, key):
    return f"{a[key]:.2f}" if a else "—"


def cpu(a):
    """CPU µs per request: the HTTP server's + PostgreSQL's (HTTP sides only)."""
    if not a or a["srv"] is None:
        return ""
    return f"{a['srv']:,.0f} + {a['pg']:,.0f}"


out = []
w = out.append
cases = list(dict.fromkeys(r["case"] for r in rows))
tile_cases = [c for c in cases if c != "locate" and not c.endswith("notdrawn") and not c.startswith("stats-")]
stats_cases = [c for c in cases if c.startswith("stats-")]

if stats_cases:
    w("## Evaluation (考核): a month's ranking, a township's drill-down and the 岗位评价 (posts) table of a county and of a township, 8 concurrent users")
    w("")
    w("| case | side | req/s (range of rounds) | p50 ms | p95 ms | p99 ms | ÷ pgbench | CPU µs/req server + PG | busy % before |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for case in stats_cases:
        pg = agg(case, 8, "pgbench")
        for target in ("pgbench", "app"):
            a = agg(case, 8, target)
            if a is None:
                continue
            w(f"| {case} | {target} | {rate(a)} | {ms(a, 'p50')} | {ms(a, 'p95')} | {ms(a, 'p99')} | "
              f"{ratio(a, pg) if target != 'pgbench' else ''} | {cpu(a)} | {a['load']} |")
    w("")
    for case in stats_cases:
        app, pg = agg(case, 8, "app"), agg(case, 8, "pgbench")
        if app:
            w(f"* {case}: app p95 {app['p95']:.1f} ms (goal < 300: {'met' if app['p95'] < 300 else '**not met**'})"
              + (f"; app ÷ pgbench {app['rps'] / pg['rps']:.2f}× (goal ≥ 0.8×: {'met' if app['rps'] / pg['rps'] >= 0.8 else '**not met**'})" if pg else ""))
    w("")

if not tile_cases and "locate" not in cases:   # a stats-only run (BENCH_ONLY=stats)
    print("\n".join(out))
    sys.exit(0)

w("## /api/locate (random points in the data's extent)")
w("")
w("| conns | side | req/s (range of rounds) | p50 ms | p95 ms | p99 ms | ÷ pgbench | ÷ bare | CPU µs/req server + PG | busy % before |")
w("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
for conns in (16, 64):
    pg, bare = agg("locate", conns, "pgbench"), agg("locate", conns, "bare")
    for target in ("pgbench", "bare", "app"):
        a = agg("locate", conns, target)
        if a is None:
            continue
        w(f"| {conns} | {target} | {rate(a)} | {ms(a, 'p50')} | {ms(a, 'p95')} | {ms(a, 'p99')} | "
          f"{ratio(a, pg) if target != 'pgbench' else ''} | {ratio(a, bare) if target == 'app' else ''} | {cpu(a)} | {a['load']} |")
w("")

w("## Tiles, uncached (random tiles of one zoom, 16 connections; the app with its tile cache off)")
w("")
w("| tile | side | tiles/s (range of rounds) | p50 ms | p95 ms | p99 ms | ÷ pgbench | ÷ bare | CPU µs/tile server + PG | busy % before |")
w("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
for case in tile_cases:
    pg, bare = agg(case, 16, "pgbench"), agg(case, 16, "bare")
    for target in ("pgbench", "bare", "app-nocache"):
        a = agg(case, 16, target)
        if a is None:
            continue
        w(f"| {case} | {target} | {rate(a)} | {ms(a, 'p50')} | {ms(a, 'p95')} | {ms(a, 'p99')} | "
          f"{ratio(a, pg) if target != 'pgbench' else ''} | {ratio(a, bare) if target == 'app-nocache' else ''} | {cpu(a)} | {a['load']} |")
for case in cases:
    if case.endswith("notdrawn"):
        a = agg(case, 16, "pgbench")
        if a:
            w(f"| {case.replace('-notdrawn', '')} (not drawn by the app) | pgbench | {rate(a)} | {ms(a, 'p50')} | {ms(a, 'p95')} | {ms(a, 'p99')} | | | | {a['load']} |")
w("")

w("## Tiles: one user, and repeated")
w("")
w("| tile | app uncached p50 / p95 ms at 1 conn | app uncached tiles/s at 16 | repeated tile (cache hit) /s | × uncached | If-None-Match → 304 /s | × uncached | CPU µs/req hit; 304 |")
w("|---|---:|---:|---:|---:|---:|---:|---:|")
for case in tile_cases:
    one, unc = agg(case, 1, "app-nocache"), agg(case, 16, "app-nocache")
    rep, nm = agg(case, 16, "app-repeat"), agg(case, 16, "app-304")
    w(f"| {case} | {ms(one, 'p50')} / {ms(one, 'p95')} | {rate(unc)} | {rate(rep)} | {ratio(rep, unc)} | {rate(nm)} | {ratio(nm, unc)} | {cpu(rep)}; {cpu(nm)} |")
w("")

w("## Tiles as users meet them: random tiles of the warmed zooms (≤ 12) from the app with its cache, 16 connections")
w("")
w("| tile | tiles/s | p50 ms | p95 ms | p99 ms | × uncached | CPU µs/tile server + PG | busy % before |")
w("|---|---:|---:|---:|---:|---:|---:|---|")
for case in tile_cases:
    a, unc = agg(case, 16, "app-warm"), agg(case, 16, "app-nocache")
    if a:
        w(f"| {case} | {rate(a)} | {ms(a, 'p50')} | {ms(a, 'p95')} | {ms(a, 'p99')} | {ratio(a, unc)} | {cpu(a)} | {a['load']} |")
w("")

w("## Goals (issue point 9)")
w("")
w("| goal | measured | met |")
w("|---|---|---|")


def goal(text, measured, ok):
    w(f"| {text} | {measured} | {'yes' if ok else '**no**' if ok is not None else 'not measured'} |")


app16, bare16 = agg("locate", 16, "app"), agg("locate", 16, "bare")
if app16 and bare16:
    r = app16["rps"] / bare16["rps"]
    goal("locate ≥ 0.9× the bare endpoint at 16 connections", f"{r:.2f}× ({app16['rps']:,.0f} vs {bare16['rps']:,.0f} req/s)", r >= 0.9)
    goal("locate p99 ≤ 10 ms at 16 connections", f"{app16['p99']:.2f} ms", app16["p99"] <= 10)
for case in tile_cases:
    app, pg = agg(case, 16, "app-nocache"), agg(case, 16, "pgbench")
    if app and pg:
        r = app["rps"] / pg["rps"]
        goal(f"{case}: app uncached ≥ 0.8× pgbench", f"{r:.2f}× ({app['rps']:,.0f} vs {pg['rps']:,.0f}/s)", r >= 0.8)
for case in tile_cases:
    unc, rep, nm = agg(case, 16, "app-nocache"), agg(case, 16, "app-repeat"), agg(case, 16, "app-304")
    if unc and rep and nm:
        r1, r2 = rep["rps"] / unc["rps"], nm["rps"] / unc["rps"]
        goal(f"{case}: repeated tile ≥ 10× uncached", f"cache hit {r1:.1f}×, 304 {r2:.1f}×", min(r1, r2) >= 10)
for case in tile_cases:
    one, unc, warm = agg(case, 1, "app-nocache"), agg(case, 16, "app-nocache"), agg(case, 16, "app-warm")
    if one and unc:
        warm_text = f"; warmed cache, 16 conns: {warm['p95']:.1f} ms" if warm else ""
        goal(f"{case}: p95 ≤ 100 ms (uncached, 1 conn / 16 conns)", f"{one['p95']:.1f} / {unc['p95']:.1f} ms{warm_text}",
             one["p95"] <= 100 and unc["p95"] <= 100)
print("\n".join(out))
