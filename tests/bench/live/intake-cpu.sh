#!/usr/bin/env bash
# What one report costs, with no WebSocket clients: POST /api/cases at a fixed offered rate, then the app's and the whole
# PostgreSQL cluster's CPU per accepted case (from /proc), PostgreSQL's CPU split by backend (pool, forwarder, listener,
# backends started during the run), and pg_stat_statements. Used for the intake A/B in tests/bench/README.md ("Two round
# trips per report"). Not part of the test run.
#
#   sudo bash tests/bench/live/intake-cpu.sh                       this checkout
#   BENCH_APP_ROOT=/work/wt-old sudo bash tests/bench/live/intake-cpu.sh     another checkout (built in Release first)
#
# Knobs: BENCH_RATE [1000] offered per second, BENCH_SECONDS [10], BENCH_INFLIGHT [64], BENCH_FACTS_AB=1 measures with and
# without the evaluation facts' trigger in turn (BENCH_ROUNDS [3] rounds of each), BENCH_PERF=1 also records
# `perf record -a -g` to $OUT/perf.data. It uses the live benchmark's cluster directory and ports: do not run both at once.
set -euo pipefail

LIVE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
BENCH_SRC=$(cd -- "$LIVE/.." && pwd)
APP_ROOT=${BENCH_APP_ROOT:-$(cd -- "$BENCH_SRC/../.." && pwd)}
WORK=${BENCH_DIR:-/var/tmp/gridgov-livebench}
PGPORT=${BENCH_PG_PORT:-5470}
APP_PORT=${BENCH_APP_PORT:-5495}
PGBIN=/usr/lib/postgresql/15/bin
DB=gridgov_intake
CONN="Host=127.0.0.1;Port=$PGPORT;Database=$DB;Username=postgres"
OUT=$WORK/intake-$(date -u +%Y%m%dT%H%M%SZ)
BENCH_NAME=intake
mkdir -p "$OUT"
# shellcheck source=tests/bench/lib.sh
source "$BENCH_SRC/lib.sh"

# With BENCH_FACTS_AB=1 pg_stat_statements also tracks the statements that triggers run (the facts' INSERT).
start_cluster -c shared_buffers=512MB -c shared_preload_libraries=pg_stat_statements \
    $([[ ${BENCH_FACTS_AB:-0} == 1 ]] && echo "-c pg_stat_statements.track=all")
psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
dotnet build -c Release "$APP_ROOT/src/GridGovernance.Web/GridGovernance.Web.csproj" -nologo -v q >"$OUT/build.log" 2>&1 \
    || { tail -30 "$OUT/build.log" >&2; die "app build failed"; }
(cd "$APP_ROOT/src/GridGovernance.Web" && exec setsid env ASPNETCORE_ENVIRONMENT=Production GRIDGOV_CONNECTION="$CONN" \
    Serilog__MinimumLevel__Default=Warning GridGov__RateLimits__PerClientPerMinute=10000000 GridGov__RateLimits__PerGridPerHour=10000000 \
    dotnet bin/Release/net10.0/GridGovernance.Web.dll --urls "http://127.0.0.1:$APP_PORT" >"$OUT/app.log" 2>&1) &
pids+=($!); app=$!
wait_http "http://127.0.0.1:$APP_PORT/healthz" app 240
psql_db -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "VACUUM (ANALYZE)"
grid_points "$DB" >"$OUT/points.tsv"
drive() { timeout 300 node "$LIVE/driver.mjs" --side ours --base "http://127.0.0.1:$APP_PORT" --points "$OUT/points.tsv" "$@"; }
# Warm-up as in run.sh: JIT, then a burst that grows the pool. Not reported.
drive --rate 15 --seconds 5 --out "$OUT/warm-1.json" --tag warmup
drive --rate 300 --seconds 3 --out "$OUT/warm-2.json" --tag warmburst
psql_db -d "$DB" -c "SELECT pg_stat_statements_reset()" >/dev/null

postmaster=$(head -1 "$WORK/pg/postmaster.pid")
snapshot() { # tag: each backend's CPU ticks and kind, the cluster's total, the app's
    psql_db -d "$DB" -AtF' ' -c "SELECT pid, backend_type, coalesce(application_name, '') FROM pg_stat_activity" >"$OUT/activity-$1.txt"
    for p in $(pgrep -P "$postmaster"); do
        awk -v p="$p" '{ split($0, a, ") "); split(a[2], f, " "); print p, f[12] + f[13] }' "/proc/$p/stat" 2>/dev/null || true
    done | sort >"$OUT/backends-$1.txt"
    python3 "$BENCH_SRC/cpu.py" postgres "$WORK/pg/postmaster.pid" >"$OUT/pg-$1.txt"
    awk '{ split($0, a, ") "); split(a[2], f, " "); print f[12] + f[13] }' "/proc/$app/stat" >"$OUT/app-$1.txt"
}
# BENCH_FACTS_AB=1: what the evaluation facts add to one intake. The facts of a new case are written by the AFTER INSERT
# trigger case_file_eval_fact (migration 0050) inside the intake's one statement; the same drive runs with the trigger
# enabled and disabled, alternately, BENCH_ROUNDS times, and prints the CPU per accepted case of each.
if [[ ${BENCH_FACTS_AB:-0} == 1 ]]; then
    printf 'round\tfacts\taccepted\tapp_ms\tpg_ms\n' >"$OUT/facts-ab.tsv"
    for ((r = 1; r <= ${BENCH_ROUNDS:-3}; r++)); do
        order="on off"; ((r % 2 == 0)) && order="off on"
        for facts in $order; do
            if [[ $facts == on ]]; then toggle=ENABLE; else toggle=DISABLE; fi
            psql_db -d "$DB" -c "ALTER TABLE case_file $toggle TRIGGER case_file_eval_fact" >/dev/null
            snapshot "$facts-$r-before"
            drive --rate "${BENCH_RATE:-1000}" --seconds "${BENCH_SECONDS:-10}" --max-inflight "${BENCH_INFLIGHT:-64}" \
                --out "$OUT/run-$facts-$r.json" --tag "run-$facts-$r"
            sleep 1
            snapshot "$facts-$r-after"
            ok=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ok"])' "$OUT/run-$facts-$r.json")
            app_ms=$(awk -v a="$(cat "$OUT/app-$facts-$r-after.txt")" -v b="$(cat "$OUT/app-$facts-$r-before.txt")" -v n="$ok" 'BEGIN { printf "%.3f", (a - b) * 10 / n }')
            pg_ms=$(awk -v a="$(cat "$OUT/pg-$facts-$r-after.txt")" -v b="$(cat "$OUT/pg-$facts-$r-before.txt")" -v n="$ok" 'BEGIN { printf "%.3f", (a - b) * 10 / n }')
            printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$facts" "$ok" "$app_ms" "$pg_ms" >>"$OUT/facts-ab.tsv"
            log "round $r facts $facts: accepted $ok, CPU per case app $app_ms ms + PostgreSQL $pg_ms ms"
        done
    done
    psql_db -d "$DB" -c "ALTER TABLE case_file ENABLE TRIGGER case_file_eval_fact" >/dev/null
    # The facts' INSERT beside the intake statement that fires it, at a calm rate (100/s, 8 in flight): PostgreSQL's own
    # execution times, which the machine's other load disturbs far less than CPU per case under saturation.
    psql_db -d "$DB" -c "SELECT pg_stat_statements_reset()" >/dev/null
    drive --rate 100 --seconds "${BENCH_SECONDS:-10}" --max-inflight 8 --out "$OUT/run-statements.json" --tag statements
    psql_db -d "$DB" -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 4) AS mean_ms,
        toplevel, left(regexp_replace(query, '\s+', ' ', 'g'), 100) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 10" \
        | tee "$OUT/statements.txt"
    python3 - "$OUT/facts-ab.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
def total(facts):
    ok = sum(int(r["accepted"]) for r in rows if r["facts"] == facts)
    app = sum(float(r["app_ms"]) * int(r["accepted"]) for r in rows if r["facts"] == facts) / ok
    pg = sum(float(r["pg_ms"]) * int(r["accepted"]) for r in rows if r["facts"] == facts) / ok
    return ok, app, pg
on, off = total("on"), total("off")
print("| facts | cases accepted | app CPU ms/case | PostgreSQL CPU ms/case | total ms/case |")
print("|---|---:|---:|---:|---:|")
for name, (ok, app, pg) in (("with (trigger on)", on), ("without (trigger off)", off)):
    print(f"| {name} | {ok} | {app:.3f} | {pg:.3f} | {app + pg:.3f} |")
share = ((on[1] + on[2]) - (off[1] + off[2])) / (on[1] + on[2]) * 100
print(f"\nfacts' share of one intake's CPU (app + PostgreSQL): {share:.1f} %")
PY
    log "raw output in $OUT"
    exit 0
fi

snapshot before
if [[ ${BENCH_PERF:-0} == 1 ]]; then
    perf record -a -e cpu-clock -F 499 -g -o "$OUT/perf.data" -- sleep $(( ${BENCH_SECONDS:-10} - 1 )) >/dev/null 2>&1 &
fi
drive --rate "${BENCH_RATE:-1000}" --seconds "${BENCH_SECONDS:-10}" --max-inflight "${BENCH_INFLIGHT:-64}" --out "$OUT/run.json" --tag run
sleep 1
snapshot after

ok=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["ok"])' "$OUT/run.json")
per_case() { awk -v a="$(cat "$OUT/$1-after.txt")" -v b="$(cat "$OUT/$1-before.txt")" -v n="$ok" 'BEGIN { printf "%.2f", (a - b) * 10 / n }'; }
echo "accepted $ok in ${BENCH_SECONDS:-10} s; CPU per case: app $(per_case app) ms, PostgreSQL $(per_case pg) ms"
echo "PostgreSQL CPU by backend (ms; 'started during the run' = not there before):"
join -a2 -e0 -o 0,1.2,2.2 "$OUT/backends-before.txt" "$OUT/backends-after.txt" | while read -r pid before after; do
    kind=$(awk -v p="$pid" '$1 == p { $1 = ""; print }' "$OUT/activity-after.txt")
    grep -q "^$pid " "$OUT/backends-before.txt" || kind="$kind (started during the run)"
    echo "$(( (after - before) * 10 )) ${kind:- other}"
done | awk '{ ms = $1; $1 = ""; sum[$0] += ms; n[$0]++ } END { for (k in sum) printf "  %6d ms  %3d × %s\n", sum[k], n[k], k }' | sort -rn
psql_db -d "$DB" -c "SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
    left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS query FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12"
log "raw output in $OUT"
