#!/usr/bin/env bash
# The live-updates benchmark (issue 5 point 4; tests/bench/README.md, "Live updates", says what and why). Not part of the
# test run.
#
#   sudo bash tests/bench/live/run.sh          3,000 / 5,000 / 10,000 clients, ours and the bare hub: ≈ 7–12 minutes
#   BENCH_QUICK=1 sudo bash tests/bench/live/run.sh     a smoke run: 300 clients, a few seconds per phase
#
# It starts its own PostgreSQL cluster (port 5470, data in $BENCH_DIR), creates a fresh database that the app fills with
# the demo county at start-up, builds and starts the app (Release, Production, Serilog at Warning) and the bare hub
# (tests/bench/BareHub), and then for each client count runs both sides, in turning order (ours–bare, bare–ours, …):
#   1. N WebSocket clients (Node, @microsoft/signalr, in ceil(N / 5000) processes) join the demo county's townships evenly;
#   2. latency: events at a fixed offered rate (BENCH_RATE per second) for BENCH_SECONDS, then wait until deliveries stop;
#   3. saturation: events at a rate that offers BENCH_SAT_DELIVERIES deliveries per second, more than either side
#      delivers here, for BENCH_SAT_SECONDS, then wait until the backlog is delivered;
#   4. the clients write what they received; report.mjs joins it with the driver's send times.
# It stops everything it started (trap), prints the tables and writes tests/bench/results/live-<timestamp>.md (+ .tsv).
# Traffic goes to 127.0.0.1 only and every process is bounded by `timeout`.
#
# Knobs (environment): BENCH_DIR [/var/tmp/gridgov-livebench], BENCH_PG_PORT [5470], BENCH_APP_PORT [5495] (the bare hub
# takes the next port), BENCH_CLIENTS ["3000 5000 10000"], BENCH_SIDES ["ours bare"], BENCH_SECONDS [20] of fixed-rate
# sending, BENCH_RATE [8] events per second in the fixed-rate phase (one per township per second), BENCH_SAT_SECONDS [10],
# BENCH_SAT_DELIVERIES [60000], BENCH_PER_PROCESS [5000] clients per Node process, BENCH_CALM_WAIT [10] seconds to wait
# before a phase for other people's CPU use to fall under 30%, BENCH_APP_ENV extra NAME=value settings for the app (an A/B
# of a setting), BENCH_KEEP_CLUSTER=1 to leave the cluster running,
# BENCH_QUICK=1 for a smoke run.
set -euo pipefail

LIVE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
BENCH_SRC=$(cd -- "$LIVE/.." && pwd)
ROOT=$(cd -- "$BENCH_SRC/../.." && pwd)
WORK=${BENCH_DIR:-/var/tmp/gridgov-livebench}
PGPORT=${BENCH_PG_PORT:-5470}
APP_PORT=${BENCH_APP_PORT:-5495}
BARE_PORT=$((APP_PORT + 1))
CLIENT_COUNTS=${BENCH_CLIENTS:-3000 5000 10000}
SIDES=${BENCH_SIDES:-ours bare}
SECONDS_FIXED=${BENCH_SECONDS:-20}
RATE=${BENCH_RATE:-8}
SAT_SECONDS=${BENCH_SAT_SECONDS:-10}
SAT_DELIVERIES=${BENCH_SAT_DELIVERIES:-60000}
PER_PROCESS=${BENCH_PER_PROCESS:-5000}
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then CLIENT_COUNTS=${BENCH_CLIENTS:-300}; SECONDS_FIXED=4; SAT_SECONDS=3; fi
PGBIN=/usr/lib/postgresql/15/bin
DB=gridgov_live
CONN="Host=127.0.0.1;Port=$PGPORT;Database=$DB;Username=postgres"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=$BENCH_SRC/results
OUT=$WORK/run-$STAMP
TSV=$OUT/results.tsv
export LANG=C.UTF-8 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

BENCH_NAME=live
# shellcheck source=tests/bench/lib.sh
source "$BENCH_SRC/lib.sh"   # log, die, psql_db, the processes started (pids) and their clean-up, start_cluster, calm

# ---------------------------------------------------------------------------------------------------------------------
# Tools and limits
[[ -x $PGBIN/initdb ]] || die "PostgreSQL 15 not installed (apt-get install postgresql-15 postgresql-15-postgis-3)"
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] || die "PostGIS not installed (apt-get install postgresql-15-postgis-3)"
command -v dotnet >/dev/null || die "dotnet SDK not found"
command -v node >/dev/null || die "node not found"
# 10,000 WebSockets are 10,000 descriptors in the server and as many in the clients.
ulimit -n 100000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
max_clients=$(tr ' ' '\n' <<<"$CLIENT_COUNTS" | sort -n | tail -1)
(( $(ulimit -n) >= max_clients + 1000 )) || log "warning: ulimit -n is $(ulimit -n): too few descriptors for $max_clients WebSockets in the server"
if [[ ! -d $LIVE/node_modules/@microsoft/signalr || $LIVE/package-lock.json -nt $LIVE/node_modules/.package-lock.json ]]; then
    log "npm ci (tests/bench/live)"
    (cd "$LIVE" && timeout 300 npm ci --no-audit --no-fund >/dev/null 2>&1) || die "npm ci failed in $LIVE"
fi

mkdir -p "$WORK" "$OUT" "$RESULTS_DIR"

for port in "$APP_PORT" "$BARE_PORT"; do
    ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" || die "port $port is in use: set BENCH_APP_PORT"
done

# ---------------------------------------------------------------------------------------------------------------------
# Cluster: its own, JIT off (shared/STACK.md), durable commits as in production (the commit is part of what we measure).
start_cluster -c shared_buffers=512MB
# A fresh database every run: cases pile up otherwise, and every run should start from the same demo county.
psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

# ---------------------------------------------------------------------------------------------------------------------
# Build, then start the app and the bare hub. Both run from their build output so that $! is the server process itself
# (its memory is read from /proc/PID/status); the app runs from its project directory, its content root (appsettings,
# and the demo county found by walking up to geodata/lingyun).
log "building the app and the bare hub (Release)"
dotnet build -c Release "$ROOT/src/GridGovernance.Web/GridGovernance.Web.csproj" -nologo -v q >"$OUT/build-app.log" 2>&1 \
    || { tail -30 "$OUT/build-app.log" >&2; die "app build failed"; }
dotnet build -c Release "$BENCH_SRC/BareHub/BareHub.csproj" -nologo -v q >"$OUT/build-bare.log" 2>&1 \
    || { tail -30 "$OUT/build-bare.log" >&2; die "bare hub build failed"; }

declare -A PID_OF BASE_OF
log "starting the app on :$APP_PORT (it loads the demo county into the empty database)"
(cd "$ROOT/src/GridGovernance.Web" && exec setsid env ASPNETCORE_ENVIRONMENT=Production GRIDGOV_CONNECTION="$CONN" \
    Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime=Information \
    GridGov__RateLimits__PerClientPerMinute=10000000 GridGov__RateLimits__PerGridPerHour=10000000 \
    ${BENCH_APP_ENV:-} dotnet bin/Release/net10.0/GridGovernance.Web.dll --urls "http://127.0.0.1:$APP_PORT" >"$OUT/ours.log" 2>&1) &
pids+=($!); PID_OF[ours]=$!; BASE_OF[ours]=http://127.0.0.1:$APP_PORT
log "starting the bare hub on :$BARE_PORT"
(cd "$OUT" && exec setsid env ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$BENCH_SRC/BareHub/bin/Release/net10.0/BareHub.dll" --urls "http://127.0.0.1:$BARE_PORT" >"$OUT/bare.log" 2>&1) &
pids+=($!); PID_OF[bare]=$!; BASE_OF[bare]=http://127.0.0.1:$BARE_PORT
wait_http "${BASE_OF[bare]}/healthz" bare 60
wait_http "${BASE_OF[ours]}/healthz" ours 240

# The hub must exist before anything is measured (it came with the lead's live hub commit).
if [[ " $SIDES " == *" ours "* ]]; then
    hub_status=$(curl -s -o /dev/null -w '%{http_code}' -X POST "${BASE_OF[ours]}/hubs/live/negotiate?negotiateVersion=1")
    [[ $hub_status != 404 ]] || die "the app has no /hubs/live yet (HTTP 404): measure with BENCH_SIDES=bare"
fi

# Points inside grids of every township of the demo county: event i goes to township i mod T, its grids in turn.
grid_points "$DB" >"$OUT/points.tsv"
TOWNSHIPS=$(cut -f2 "$OUT/points.tsv" | sort -u | paste -sd,)
N_TOWNSHIPS=$(cut -f2 "$OUT/points.tsv" | sort -u | wc -l)
((N_TOWNSHIPS > 0)) || die "no grids in $DB: did the demo county load? (see $OUT/ours.log)"
log "demo county: $N_TOWNSHIPS townships, $(wc -l <"$OUT/points.tsv") grids"
timeout 60 node "$LIVE/login.mjs" --base "${BASE_OF[ours]}" >"$OUT/cookie.txt" || die "could not log in as admin"
# The app has just loaded the demo county into a fresh database: autovacuum would vacuum and analyse it during the first
# sessions (ours runs first) and bill its CPU to them. Do it now, as pgbench's own initialisation does.
psql_db -d "$DB" -c "VACUUM (ANALYZE)"

# Warm-up: JIT, connection pools and PostgreSQL's caches, so that the first session does not pay for them. Not reported.
# The burst fills the app's pool as far as the sessions' 64 requests in flight will: a new PostgreSQL backend loading
# PostGIS costs ≈ 50–200 ms of CPU, which a server that has been running a while has long paid.
for side in $SIDES; do
    timeout 60 node "$LIVE/driver.mjs" --side "$side" --base "${BASE_OF[$side]}" --points "$OUT/points.tsv" --rate 15 --seconds 10 \
        --out "$OUT/warmup-$side.json" --tag warmup 2>>"$OUT/warmup.log" || die "warm-up of $side failed (see $OUT/warmup.log)"
    timeout 60 node "$LIVE/driver.mjs" --side "$side" --base "${BASE_OF[$side]}" --points "$OUT/points.tsv" --rate 300 --seconds 3 \
        --out "$OUT/warmup-burst-$side.json" --tag warmup 2>>"$OUT/warmup.log" || die "warm-up burst of $side failed (see $OUT/warmup.log)"
done
log "warmed up: $(tr '\n' ' ' <"$OUT/warmup.log")"

# ---------------------------------------------------------------------------------------------------------------------
pg_seconds() { awk '{ printf "%.2f\n", $1 / 100 }' <(python3 "$BENCH_SRC/cpu.py" postgres "$WORK/pg/postmaster.pid"); }
cpu_seconds() { awk '{ split($0, a, ") "); split(a[2], f, " "); printf "%.2f\n", (f[12] + f[13]) / 100 }' "/proc/$1/stat"; }
rss_bytes() { awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"; }
received_total() { # deliveries so far, all client processes of the session
    local dir=$1 f sum=0 r
    for f in "$dir"/status-*.json; do
        r=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["received"])' "$f" 2>/dev/null || echo 0)
        sum=$((sum + r))
    done
    echo "$sum"
}
drain() { # dir tag pid max_seconds: wait until no delivery for 3 s; record the server's peak RSS meanwhile
    local dir=$1 tag=$2 pid=$3 max=$4 last=-1 still=0 peak=0 now rss
    for _ in $(seq "$max"); do
        rss=$(rss_bytes "$pid"); ((rss > peak)) && peak=$rss
        now=$(received_total "$dir")
        if [[ $now == "$last" ]]; then still=$((still + 1)); ((still >= 3)) && break; else still=0; fi
        last=$now
        sleep 1
    done
    echo "$peak" >"$dir/rss-$tag.txt"
}

alive() { # side: the server must still run; if it does not, say how it ended
    local pid=${PID_OF[$1]} status=0
    kill -0 "$pid" 2>/dev/null && return 0
    wait "$pid" || status=$?
    tail -20 "$OUT/$1.log" >&2
    die "$1 (pid $pid) is gone: exit status $status (128 + signal: 137 KILL, 143 TERM); see $OUT/$1.log"
}
printf '' >"$TSV"

measure_phase() { # phase rate seconds drain_seconds (uses side, base, pid and dir of the session): send, drain, record CPU
    local phase=$1 rate=$2 secs=$3 busy cpu0 pg0
    busy=$(calm); cpu0=$(cpu_seconds "$pid"); pg0=$(pg_seconds)
    timeout $((secs + 120)) node "$LIVE/driver.mjs" --side "$side" --base "$base" --points "$OUT/points.tsv" \
        --rate "$rate" --seconds "$secs" --out "$dir/phase-$phase.json" --server-pid "$pid" --tag "$phase" 2>>"$dir/driver.log"
    drain "$dir" "$phase" "$pid" "$4"
    awk -v a="$(cpu_seconds "$pid")" -v b="$cpu0" 'BEGIN { print a - b }' >"$dir/cpu-$phase.txt"
    awk -v a="$(pg_seconds)" -v b="$pg0" 'BEGIN { print a - b }' >"$dir/pgcpu-$phase.txt"
    echo "$busy" >"$dir/busy-$phase.txt"
}

session() { # side clients
    local side=$1 n=$2 pid=${PID_OF[$1]} base=${BASE_OF[$1]} dir=$OUT/$1-$2 procs per first i
    local client_pids=() joined=0 failed=0 f
    mkdir -p "$dir"
    alive "$side"
    procs=$(( (n + PER_PROCESS - 1) / PER_PROCESS ))
    per=$(( (n + procs - 1) / procs ))
    log "$side, $n clients: connecting ($procs process(es))"
    for ((i = 0; i < procs; i++)); do
        first=$((i * per)); local count=$(( n - first < per ? n - first : per ))
        (exec setsid timeout 900 node "$LIVE/clients.mjs" --url "$base/hubs/live" --count "$count" --first "$first" \
            --codes "$TOWNSHIPS" --out "$dir/clients-$i.json" --status "$dir/status-$i.json" \
            $([[ $side == ours ]] && echo "--cookie-file $OUT/cookie.txt") >"$dir/clients-$i.log" 2>&1) &
        pids+=($!); client_pids+=($!)
    done
    for _ in $(seq 300); do
        sleep 1
        joined=0; failed=0
        for f in "$dir"/status-*.json; do
            [[ -f $f ]] || continue
            read -r j fl < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["joined"], d["failed"])' "$f" 2>/dev/null || echo "0 0")
            joined=$((joined + j)); failed=$((failed + fl))
        done
        ((joined + failed >= n)) && break
    done
    log "$side, $n clients: $joined joined, $failed failed; server RSS $(( $(rss_bytes "$pid") / 1048576 )) MB"
    ((joined > 0)) || die "no client joined (see $dir/clients-0.log)"

    measure_phase latency "$RATE" "$SECONDS_FIXED" 60
    # The saturation rate offers SAT_DELIVERIES deliveries per second: each event reaches n / T clients.
    measure_phase saturation $(( (SAT_DELIVERIES * N_TOWNSHIPS + n - 1) / n )) "$SAT_SECONDS" 180
    cat "$dir/driver.log" >&2
    alive "$side"

    for i in "${client_pids[@]}"; do kill -TERM -- "-$i" 2>/dev/null || true; done
    for i in "${client_pids[@]}"; do wait "$i" 2>/dev/null || true; forget_pid "$i"; done
    node "$LIVE/report.mjs" --dir "$dir" --side "$side" --clients "$n" --busy "$(cat "$dir/busy-latency.txt")/$(cat "$dir/busy-saturation.txt")" \
        --header "$([[ -s $TSV ]] && echo 0 || echo 1)" >>"$TSV" 2>>"$dir/report.log" || die "report failed (see $dir/report.log)"
    tail -n 2 "$TSV" | cut -f1,2,4,5,12,14,17,20 | sed 's/^/    /' >&2
    sleep 5   # let the server close the connections before the other side starts
}

turn=0
for n in $CLIENT_COUNTS; do
    # shellcheck disable=SC2206
    order=($SIDES)
    if ((turn % 2 == 1 && ${#order[@]} == 2)); then order=("${order[1]}" "${order[0]}"); fi
    turn=$((turn + 1))
    for side in "${order[@]}"; do session "$side" "$n"; done
done

# ---------------------------------------------------------------------------------------------------------------------
{
    echo "# Live updates benchmark, run $STAMP"
    echo
    echo "Commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo ' (with local changes in src/)'); $(nproc) cores;" \
         "demo county: $N_TOWNSHIPS townships; fixed rate $RATE events/s for $SECONDS_FIXED s; saturation: $SAT_DELIVERIES offered deliveries/s" \
         "for $SAT_SECONDS s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    node "$LIVE/table.mjs" "$TSV"
} >"$OUT/results.md"
cp "$OUT/results.md" "$RESULTS_DIR/live-$STAMP.md"
cp "$TSV" "$RESULTS_DIR/live-$STAMP.tsv"
cat "$OUT/results.md"
log "done in $((SECONDS - started)) s: tests/bench/results/live-$STAMP.md (raw output in $OUT)"
