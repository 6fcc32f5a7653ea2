#!/usr/bin/env bash
# The benchmark of /api/locate and the vector tiles (tests/bench/README.md says what and why). Not part of the test run.
#
#   bash tests/bench/run.sh        every measurement, from a clean state: ≈ 12–15 minutes (measuring is capped at
#                                  BENCH_BUDGET); the first run also generates and loads the province dataset (≈ 4 minutes
#                                  on a quiet machine, 6 on a busy one), which later runs reuse
#
# It starts its own PostgreSQL cluster (port 5460, data in $BENCH_DIR), loads the dataset when it is missing or stale,
# builds the app and the bare endpoint (Release), runs every measurement at the same concurrency with the three sides in
# turning order, stops everything it started, prints the results table and writes it to tests/bench/results/<timestamp>.md
# (git-ignored). Traffic goes to 127.0.0.1 only; every load run is bounded by -T/-d and by `timeout`.
#
# Knobs (environment): BENCH_DIR [/var/tmp/gridgov-bench], BENCH_PG_PORT [5460], BENCH_APP_PORT [5491] (and the next two
# ports: the app with its tile cache off, the bare endpoint), BENCH_SECONDS [8] per locate run, BENCH_TILE_SECONDS [6]
# per tile run, BENCH_ROUNDS [3] rounds (the three sides in turning order), BENCH_BUDGET [840] seconds of measuring (from
# the moment the dataset is ready) after which remaining runs are skipped, BENCH_ONLY [locate,tiles,repeat,warm,one,z10,stats]
# the parts to run (warm: random tiles from the app whose cache its warm-up filled; stats: the evaluation's ranking and
# drill-down and the 岗位评价 (posts) table of a county and of a township over a year of 1,000,000 cases, dataset/cases.sql;
# the monthly close's wait at start-up is added to the budget), BENCH_STATS_SECONDS [10] per stats run,
# BENCH_STATS_KINDS [ranking,drill,posts,posts-drill] the stats cases to run,
# BENCH_CALM_WAIT [10] seconds to wait before a
# run for other people's CPU use to drop under 30%, BENCH_KEEP_CLUSTER=1 to leave the cluster running,
# BENCH_QUICK=1 for a 3-second smoke run of every case.
set -euo pipefail

BENCH_SRC=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd -- "$BENCH_SRC/../.." && pwd)
WORK=${BENCH_DIR:-/var/tmp/gridgov-bench}
PGPORT=${BENCH_PG_PORT:-5460}
APP_PORT=${BENCH_APP_PORT:-5491}
NOCACHE_PORT=$((APP_PORT + 1))
BARE_PORT=$((APP_PORT + 2))
SECONDS_LOCATE=${BENCH_SECONDS:-8}
SECONDS_TILE=${BENCH_TILE_SECONDS:-6}
ROUNDS=${BENCH_ROUNDS:-3}
BUDGET=${BENCH_BUDGET:-840}
ONLY=${BENCH_ONLY:-locate,tiles,repeat,warm,one,z10,stats}
SECONDS_STATS=${BENCH_STATS_SECONDS:-10}
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
TILE_PARTS=0
for part in locate tiles repeat warm one z10; do if wants "$part"; then TILE_PARTS=1; fi; done
if [[ "${BENCH_QUICK:-0}" == 1 ]]; then SECONDS_LOCATE=3; SECONDS_TILE=3; SECONDS_STATS=3; ROUNDS=1; fi
PGBIN=/usr/lib/postgresql/15/bin
DB=gridgov_bench
CONN="Host=127.0.0.1;Port=$PGPORT;Database=$DB;Username=postgres"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS_DIR=$BENCH_SRC/results
OUT=$WORK/run-$STAMP
SQL=$OUT/sql
TSV=$OUT/results.tsv
export LANG=C.UTF-8 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

BENCH_NAME=bench
# shellcheck source=tests/bench/lib.sh
source "$BENCH_SRC/lib.sh"   # log, die, psql_db, the processes started (pids) and their clean-up, start_cluster, calm

# ---------------------------------------------------------------------------------------------------------------------
# Tools
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
[[ -x $PGBIN/initdb ]] || need_apt+=(postgresql-15)
[[ -f /usr/share/postgresql/15/extension/postgis.control ]] || need_apt+=(postgresql-15-postgis-3)
command -v python3 >/dev/null || need_apt+=(python3)
if ((${#need_apt[@]})); then
    log "installing ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
command -v dotnet >/dev/null || die "dotnet SDK not found"

mkdir -p "$WORK" "$OUT" "$SQL" "$RESULTS_DIR"

# ---------------------------------------------------------------------------------------------------------------------
# Cluster: its own, port 5460, JIT off (see shared/STACK.md), memory for the whole dataset.
start_cluster -c shared_buffers=2GB -c synchronous_commit=off -c work_mem=16MB -c maintenance_work_mem=512MB -c max_wal_size=4GB

# ---------------------------------------------------------------------------------------------------------------------
# Build: the app and the bare endpoint, Release.
log "building the app and the bare endpoint (Release)"
dotnet build -c Release "$ROOT/src/GridGovernance.Web/GridGovernance.Web.csproj" -nologo -v q >"$OUT/build-app.log" 2>&1 \
    || { tail -30 "$OUT/build-app.log" >&2; die "app build failed"; }
dotnet build -c Release "$BENCH_SRC/BareEndpoint/BareEndpoint.csproj" -nologo -v q >"$OUT/build-bare.log" 2>&1 \
    || { tail -30 "$OUT/build-bare.log" >&2; die "bare endpoint build failed"; }

declare -A PGID_OF   # server name -> its process group (setsid), for the CPU counters
start_app() { # name port [extra env assignments...]
    local name=$1 port=$2; shift 2
    # The 督办 and escalation clocks stay off: on the evaluation's year of cases they would start raising 督办 for every
    # overdue order of the past year in the middle of the measurements (and rewrite those cases' facts).
    (cd "$ROOT" && exec setsid env ASPNETCORE_ENVIRONMENT=Production GRIDGOV_CONNECTION="$CONN" GridGov__LoadDemoWhenEmpty=false \
        GridGov__Supervision__Enabled=false GridGov__Escalation__Enabled=false \
        Serilog__MinimumLevel__Default=Warning Serilog__MinimumLevel__Override__Microsoft.Hosting.Lifetime=Warning "$@" \
        dotnet run --no-build -c Release --project src/GridGovernance.Web --no-launch-profile -- --urls "http://127.0.0.1:$port" \
        >"$OUT/$name.log" 2>&1) &
    pids+=($!)
    PGID_OF[$name]=$!
    wait_http "http://127.0.0.1:$port/healthz" "$name"
}
start_bare() {
    (exec setsid env ASPNETCORE_ENVIRONMENT=Production BENCH_CONNECTION="$CONN" BENCH_SQL_DIR="$SQL" \
        BENCH_TILE_EXTENT="$TILE_EXTENT" BENCH_TILE_BUFFER="$TILE_BUFFER" BENCH_TILE_MAX_POINTS="$TILE_MAX_POINTS" \
        dotnet "$BENCH_SRC/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll" --urls "http://127.0.0.1:$BARE_PORT" \
        >"$OUT/bare.log" 2>&1) &
    pids+=($!)
    PGID_OF[bare]=$!
    wait_http "http://127.0.0.1:$BARE_PORT/healthz" bare
}
stop_last() { local pid=${pids[-1]}; kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; unset 'pids[-1]'; }
for port in "$APP_PORT" "$NOCACHE_PORT" "$BARE_PORT"; do
    ! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" || die "port $port is in use: set BENCH_APP_PORT"
done

# ---------------------------------------------------------------------------------------------------------------------
# The SQL under test, read from the app's compiled assembly (LocateQuery.Sql, TileLayers.ByName[..].Sql and the tile
# constants) by the bare endpoint's dump-sql mode: the three sides always run the app's exact text.
dotnet "$BENCH_SRC/BareEndpoint/bin/Release/net10.0/BareEndpoint.dll" dump-sql \
    "$ROOT/src/GridGovernance.Web/bin/Release/net10.0/GridGovernance.Web.dll" "$SQL" >"$OUT/dump-sql.log" 2>&1 \
    || { cat "$OUT/dump-sql.log" >&2; die "could not read the SQL from the app's assembly"; }
# shellcheck disable=SC1091
source "$SQL/tiles.env"
GRIDS_MIN_ZOOM=$MINZOOM_grids
for f in locate tile-grids tile-villages; do [[ -s $SQL/$f.sql ]] || die "$f.sql missing from the app's SQL"; done

# ---------------------------------------------------------------------------------------------------------------------
# Dataset: regenerated when the generator changed (its hash is the database's comment) or when a migration it was built
# with has changed since (the app would refuse to start on it); migrations added since are applied by starting the app.
GENERATOR=$(sha256sum "$BENCH_SRC/dataset/generate.sql" | cut -c1-16)
current=$(psql_db -d postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$DB'" || true)
stale=""
if [[ "$current" != "gridgov-bench $GENERATOR" ]]; then
    stale="generator ${current#gridgov-bench } → $GENERATOR"
else
    for file in "$ROOT"/src/GridGovernance.Data/Migrations/[0-9]*.sql; do
        version=$((10#$(basename "$file" | cut -d_ -f1)))
        applied=$(psql_db -d "$DB" -Atc "SELECT checksum FROM schema_migrations WHERE version = $version")
        if [[ -n $applied && $applied != "$(sha256sum "$file" | cut -d' ' -f1)" ]]; then stale="migration $(basename "$file") changed"; fi
    done
fi
# Migrations may rewrite 100 k-row tables (0009 adds a computed column to every grid): on a busy machine that can take
# longer than Npgsql's default 30 s command timeout, so the migrating start has none.
MIGRATE_CONN="GRIDGOV_CONNECTION=$CONN;Command Timeout=0"
if [[ -n $stale ]]; then
    log "dataset missing or stale ($stale): rebuilding $DB"
    psql_db -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
    log "applying migrations by starting the app once"
    start_app app-migrate "$APP_PORT" "$MIGRATE_CONN"
    stop_last
    log "generating the province dataset (≈ 4 minutes on a quiet machine)"
    psql_db -d "$DB" -f "$BENCH_SRC/dataset/generate.sql" >"$OUT/generate.log" 2>&1 || { tail -20 "$OUT/generate.log" >&2; die "dataset generation failed"; }
    psql_db -d "$DB" -c "VACUUM ANALYZE" -c "CHECKPOINT"
    psql_db -d postgres -c "COMMENT ON DATABASE $DB IS 'gridgov-bench $GENERATOR'"
else
    pending=$(ls "$ROOT"/src/GridGovernance.Data/Migrations/[0-9]*.sql | wc -l)
    recorded=$(psql_db -d "$DB" -Atc "SELECT count(*) FROM schema_migrations")
    if ((pending > recorded)); then
        log "applying $((pending - recorded)) new migration(s) by starting the app once"
        start_app app-migrate "$APP_PORT" "$MIGRATE_CONN"
        stop_last
    fi
fi
FINGERPRINT=$GENERATOR
# The evaluation's year of cases (dataset/cases.sql) on top of the province, regenerated when cases.sql changes (its hash is
# eval_case_fact's comment) or the province was rebuilt. Its county administrators ("bench-<county>") sign in with
# STATS_PASSWORD, stored as the app's PasswordHasher does (ASP.NET Core Identity v3: PBKDF2-HMAC-SHA512; fixed salt, so
# the same rows every time).
STATS_FIRST_MONTH=2025-12-01
STATS_PASSWORD=Bench@2026
if wants stats; then
    CASES_GENERATOR=$(sha256sum "$BENCH_SRC/dataset/cases.sql" | cut -c1-16)
    current=$(psql_db -d "$DB" -Atc "SELECT obj_description('eval_case_fact'::regclass, 'pg_class')" || true)
    if [[ "$current" != "bench-cases $CASES_GENERATOR" ]]; then
        # The app must have applied every migration (the facts' tables) before the cases go in.
        pending=$(ls "$ROOT"/src/GridGovernance.Data/Migrations/[0-9]*.sql | wc -l)
        recorded=$(psql_db -d "$DB" -Atc "SELECT count(*) FROM schema_migrations")
        if ((pending > recorded)); then start_app app-migrate "$APP_PORT" "$MIGRATE_CONN"; stop_last; fi
        hash=$(python3 -c 'import base64, hashlib, struct, sys
salt, iterations = b"gridgov-bench-16", 100000
key = hashlib.pbkdf2_hmac("sha512", sys.argv[1].encode(), salt, iterations, 32)
print(base64.b64encode(b"\x01" + struct.pack(">III", 2, iterations, len(salt)) + salt + key).decode())' "$STATS_PASSWORD")
        log "generating a year of cases and their evaluation facts (dataset/cases.sql)"
        cases_started=$SECONDS
        psql_db -d "$DB" -v password_hash="$hash" -v first_month="$STATS_FIRST_MONTH" -f "$BENCH_SRC/dataset/cases.sql" >"$OUT/cases.log" 2>&1 \
            || { tail -20 "$OUT/cases.log" >&2; die "cases generation failed"; }
        psql_db -d "$DB" -c "VACUUM ANALYZE case_file, work_order, eval_case_fact, eval_order_fact" -c "CHECKPOINT"
        psql_db -d "$DB" -c "COMMENT ON TABLE eval_case_fact IS 'bench-cases $CASES_GENERATOR'"
        log "cases generated in $((SECONDS - cases_started)) s: $(tail -3 "$OUT/cases.log" | head -1)"
    fi
    FINGERPRINT="$GENERATOR + cases $CASES_GENERATOR"
fi
measure_started=$SECONDS   # the time budget counts from here: a first run also spends ≈ 4–6 minutes generating the dataset
read -r N_COUNTY N_TOWNSHIP N_VILLAGE N_GRID N_UNIT N_HOUSEHOLD N_STAFF < <(psql_db -d "$DB" -Atc "SELECT
    (SELECT count(*) FROM county), (SELECT count(*) FROM township), (SELECT count(*) FROM village), (SELECT count(*) FROM grid),
    (SELECT count(*) FROM link_unit), (SELECT count(*) FROM household), (SELECT count(*) FROM grid_staff)" | tr '|' ' ')
log "dataset: $N_COUNTY counties, $N_TOWNSHIP townships, $N_VILLAGE villages, $N_GRID grids, $N_UNIT link units, $N_HOUSEHOLD households, $N_STAFF staff"
# Random points and tiles come from the data's extent, 0.01° inside its edge (the borders wander by ≈ 0.003°).
read -r LNG_MIN LNG_MAX LAT_MIN LAT_MAX < <(psql_db -d "$DB" -Atc "SELECT ST_XMin(e) + 0.01, ST_XMax(e) - 0.01, ST_YMin(e) + 0.01, ST_YMax(e) - 0.01
    FROM (SELECT ST_Extent(geom) AS e FROM county) s" | tr '|' ' ')
tile_range() { # z -> xmin xmax ymin ymax
    psql_db -d "$DB" -Atc "SELECT floor(($LNG_MIN + 180) / 360 * 2^$1), floor(($LNG_MAX + 180) / 360 * 2^$1),
        floor((1 - ln(tan(radians($LAT_MAX)) + 1 / cos(radians($LAT_MAX))) / pi()) / 2 * 2^$1),
        floor((1 - ln(tan(radians($LAT_MIN)) + 1 / cos(radians($LAT_MIN))) / pi()) / 2 * 2^$1)" | tr '|' ' '
}

# pgbench scripts: the same SQL text, $1/$2 and @name turned into pgbench variables.
{
    echo "\\set lng $LNG_MIN + random(0, 1000000) * ($LNG_MAX - $LNG_MIN) / 1000000.0"
    echo "\\set lat $LAT_MIN + random(0, 1000000) * ($LAT_MAX - $LAT_MIN) / 1000000.0"
    sed -E 's/\$1\b/:lng/g; s/\$2\b/:lat/g' "$SQL/locate.sql"; echo ';'
} >"$OUT/pgbench-locate.sql"
pgbench_tile_script() { # layer z -> file
    local file=$OUT/pgbench-$1-z$2.sql xmin xmax ymin ymax
    read -r xmin xmax ymin ymax < <(tile_range "$2")
    {
        echo "\\set z $2"; echo "\\set x random($xmin, $xmax)"; echo "\\set y random($ymin, $ymax)"
        echo "\\set extent $TILE_EXTENT"; echo "\\set buffer $TILE_BUFFER"
        echo "\\set margin $TILE_BUFFER.0 / $TILE_EXTENT"; echo "\\set max_points $TILE_MAX_POINTS"
        sed -E 's/@([a-z_]+)/:\1/g' "$SQL/tile-$1.sql"; echo ';'
    } >"$file"
    echo "$file"
}

declare -A FIXED_TILE ETAG
TILE_CASES=()
if ((TILE_PARTS)); then
# ---------------------------------------------------------------------------------------------------------------------
# The three servers: the app with its tile cache (as deployed: it warms zooms ≤ 12 after start-up), the app with the
# cache off (GridGov:Tiles:CacheEnabled=false: every tile is cut by PostGIS, nothing is stored or warmed), and the bare
# endpoint.
log "starting the app (:$APP_PORT), the app with the tile cache off (:$NOCACHE_PORT) and the bare endpoint (:$BARE_PORT)"
WARMUP_LOG=Serilog__MinimumLevel__Override__GridGovernance.Web.Features.Tiles.TileWarmUp=Information
start_app app "$APP_PORT" "$WARMUP_LOG"
start_app app-nocache "$NOCACHE_PORT" GridGov__Tiles__CacheEnabled=false
start_bare
# Nothing is timed while the app's warm-up still cuts tiles (it would take CPU from every side); it logs when done.
warm_started=$SECONDS
until grep -q 'Tile cache warm for revision' "$OUT/app.log"; do
    ((SECONDS - warm_started < 600)) || { tail -20 "$OUT/app.log" >&2; die "the app's tile warm-up did not finish in 600 s"; }
    sleep 1
done
log "the app's tile cache warm-up: $(grep -o 'Tile cache warm for revision.*' "$OUT/app.log" | tail -1)"

# Sanity: the same answers from all sides before timing anything.
mid_lng=$(echo "($LNG_MIN + $LNG_MAX) / 2" | bc -l); mid_lat=$(echo "($LAT_MIN + $LAT_MAX) / 2" | bc -l)
code() { curl -s -o /dev/null -w '%{http_code}' "$1"; }
[[ $(code "http://127.0.0.1:$APP_PORT/api/locate?lng=$mid_lng&lat=$mid_lat") == 200 ]] || die "app locate does not answer 200"
[[ $(code "http://127.0.0.1:$BARE_PORT/locate?lng=$mid_lng&lat=$mid_lat") == 200 ]] || die "bare locate does not answer 200"
app_grid=$(curl -s "http://127.0.0.1:$APP_PORT/api/locate?lng=$mid_lng&lat=$mid_lat" | python3 -c 'import json,sys; print(json.load(sys.stdin)["grid"]["code"])')
bare_grid=$(curl -s "http://127.0.0.1:$BARE_PORT/locate?lng=$mid_lng&lat=$mid_lat" | python3 -c 'import json,sys; print(json.load(sys.stdin)["c0"])')
[[ "$app_grid" == "$bare_grid" ]] || die "app and bare endpoint disagree on the grid at the centre ($app_grid vs $bare_grid)"
for spec in "grids $GRIDS_MIN_ZOOM" "grids 12" "grids 14" "villages 10"; do
    read -r layer z <<<"$spec"
    [[ -z ${FIXED_TILE["$layer-z$z"]:-} ]] || continue
    read -r xmin xmax ymin ymax < <(tile_range "$z")
    path="/tiles/$layer/$z/$(((xmin + xmax) / 2))/$(((ymin + ymax) / 2)).mvt"
    app_sum=$(curl -sf "http://127.0.0.1:$NOCACHE_PORT$path" | sha256sum)
    bare_sum=$(curl -sf "http://127.0.0.1:$BARE_PORT$path" | sha256sum)
    [[ "$app_sum" == "$bare_sum" ]] || die "app and bare endpoint send different bytes for $path"
    [[ $(curl -s -o /dev/null -D - "http://127.0.0.1:$NOCACHE_PORT$path" | grep -i '^x-tile-cache' | tr -d '\r ') == *miss ]] \
        || die "the app with CacheEnabled=false still serves $path from its cache"
    [[ $(code "http://127.0.0.1:$APP_PORT$path") == 200 ]] || die "$path is not a 200 tile"
    FIXED_TILE["$layer-z$z"]=$path
    ETAG["$layer-z$z"]=$(curl -s -o /dev/null -D - "http://127.0.0.1:$APP_PORT$path" | grep -i '^etag:' | cut -d' ' -f2- | tr -d '\r')
    TILE_CASES+=("$layer-z$z")
done
log "sanity checks passed: same grid and same tile bytes from the app and the bare endpoint"
fi   # TILE_PARTS

# ---------------------------------------------------------------------------------------------------------------------
# Runners. Each appends one line to $TSV: case conns target round rps p50 p95 p99 errors busy srv_us pg_us
# busy: the machine's CPU use in % over the second before the run, i.e. other people's work (before each run we wait up
# to BENCH_CALM_WAIT seconds, 10 by default and 120 in all, for it to fall under 30%).
# srv_us, pg_us: CPU time per request of the HTTP server's processes and of the whole PostgreSQL cluster (cpu.py), for
# the HTTP sides; a cost that other people's load inflates far less than it does rates and latencies.
printf 'case\tconns\ttarget\tround\trps\tp50_ms\tp95_ms\tp99_ms\terrors\tbusy\tsrv_us\tpg_us\n' >"$TSV"
over_budget() { (( SECONDS - measure_started > BUDGET )); }
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TSV"; }
pg_ticks() { python3 "$BENCH_SRC/cpu.py" postgres "$WORK/pg/postmaster.pid"; }
srv_ticks() { python3 "$BENCH_SRC/cpu.py" group "${PGID_OF[$1]}"; }

run_pgbench() { # case conns round script seconds
    # pgbench opens fresh connections each run: it runs longer by a warm-up allowance, and pgbench_stats.py counts only
    # the steady state after every client's first transaction (see there), so that its backends are as warm as the pools.
    local c=$1 n=$2 r=$3 script=$4 t=$5 dir=$OUT/pgbench-$1-c$2-r$3 busy warm
    over_budget && { log "skip pgbench $c c$n (budget)"; return; }
    warm=$((3 + n / 8))
    mkdir -p "$dir"; busy=$(calm)
    (cd "$dir" && timeout $((t + warm + 60)) pgbench -h 127.0.0.1 -p "$PGPORT" -U postgres -n -M prepared -c "$n" -j 2 \
        -T $((t + warm)) -l --log-prefix=tx -f "$script" "$DB" >summary.txt 2>&1) || { tail -5 "$dir/summary.txt" >&2; die "pgbench $c failed"; }
    local failed tps p50 p95 p99 window
    failed=$(grep -oE 'number of failed transactions: [0-9]+' "$dir/summary.txt" | grep -oE '[0-9]+$' || echo 0)
    read -r tps p50 p95 p99 window < <(python3 "$BENCH_SRC/pgbench_stats.py" "$dir") || die "pgbench $c: no steady state"
    rm -f "$dir"/tx.*
    record "$c" "$n" pgbench "$r" "$tps" "$p50" "$p95" "$p99" "$failed" "$busy" - -
    log "$(printf '%-16s c%-3s %-12s r%s %9.1f/s  p50 %7.2f  p99 %7.2f ms  (steady %ss, busy %s%%)' "$c" "$n" pgbench "$r" "$tps" "$p50" "$p99" "$window" "$busy")"
}
run_wrk() { # case conns target round seconds url lua-args...   (target: bare, app, app-nocache, app-repeat, app-304)
    local c=$1 n=$2 target=$3 r=$4 t=$5 url=$6 busy threads server s0 s1 p0 p1; shift 6
    over_budget && { log "skip $target $c c$n (budget)"; return; }
    threads=2; ((n < 2)) && threads=1
    case $target in bare) server=bare ;; app-nocache) server=app-nocache ;; *) server=app ;; esac
    busy=$(calm)
    s0=$(srv_ticks "$server"); p0=$(pg_ticks)
    timeout $((t + 30)) wrk -t "$threads" -c "$n" -d "${t}s" --timeout 10s -s "$BENCH_SRC/wrk/bench.lua" "$url" -- "$@" \
        >"$OUT/wrk-$c-c$n-$target-r$r.txt" 2>&1 || die "wrk $c $target failed"
    s1=$(srv_ticks "$server"); p1=$(pg_ticks)
    local json
    json=$(grep '^RESULT ' "$OUT/wrk-$c-c$n-$target-r$r.txt" | cut -d' ' -f2-)
    [[ -n $json ]] || die "wrk $c $target printed no result"
    read -r rps p50 p95 p99 errors srv_us pg_us < <(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); n=max(d["requests"], 1)
s0, s1, p0, p1 = (int(v) for v in sys.argv[2:])
print(d["rps"], d["p50_ms"], d["p95_ms"], d["p99_ms"], d["errors_status"] + d["errors_socket"],
      round((s1 - s0) * 1e4 / n), round((p1 - p0) * 1e4 / n))' "$json" "$s0" "$s1" "$p0" "$p1")
    record "$c" "$n" "$target" "$r" "$rps" "$p50" "$p95" "$p99" "$errors" "$busy" "$srv_us" "$pg_us"
    log "$(printf '%-16s c%-3s %-12s r%s %9.1f/s  p50 %7.2f  p99 %7.2f ms  (cpu/req %s+%s µs, busy %s%%)%s' "$c" "$n" "$target" "$r" \
        "$rps" "$p50" "$p99" "$srv_us" "$pg_us" "$busy" "$( ((errors > 0)) && echo "  ($errors errors)")")"
}
locate_args() { echo locate "$1" "$LNG_MIN" "$LNG_MAX" "$LAT_MIN" "$LAT_MAX"; }
tile_args() { # prefix z
    local xmin xmax ymin ymax; read -r xmin xmax ymin ymax < <(tile_range "$2"); echo tile "$1" "$2" "$xmin" "$xmax" "$ymin" "$ymax"
}

# Warm-up (JIT tiers, connection pools, PostgreSQL caches): not recorded.
log "warming up"
warm() { # conns duration url lua-args...
    timeout 40 wrk -t 2 -c "$1" -d "$2" -s "$BENCH_SRC/wrk/bench.lua" "$3" -- "${@:4}" >/dev/null 2>&1 || true
}
for side in "$APP_PORT /api/locate" "$BARE_PORT /locate"; do
    wants locate || break
    read -r port path <<<"$side"; warm 16 4s "http://127.0.0.1:$port" $(locate_args "$path")
done
for tc in "${TILE_CASES[@]}"; do
    layer=${tc%-z*}; z=${tc##*-z}
    warm 16 2s "http://127.0.0.1:$NOCACHE_PORT" $(tile_args "/tiles/$layer" "$z")
    warm 16 2s "http://127.0.0.1:$BARE_PORT" $(tile_args "/tiles/$layer" "$z")
done

# The order of the three sides turns every round (pgbench bare app, bare app pgbench, app pgbench bare, ...), so each
# side takes each place in turn and a quiet or busy spell of the machine does not always fall on the same side.
rotation() { local sides=(pgbench bare app) k=$(( ($1 - 1) % 3 )); echo "${sides[@]:k}" "${sides[@]:0:k}"; }

# Locate: pgbench, bare, app at 16 and 64 connections.
for conns in 16 64; do
    wants locate || break
    # Both pools grow to the run's concurrency before it is timed (new connections pay the backend warm-up).
    warm "$conns" $((conns / 8))s "http://127.0.0.1:$APP_PORT" $(locate_args /api/locate)
    warm "$conns" $((conns / 8))s "http://127.0.0.1:$BARE_PORT" $(locate_args /locate)
    for ((r = 1; r <= ROUNDS; r++)); do
        for side in $(rotation "$r"); do
            case $side in
                pgbench) run_pgbench locate "$conns" "$r" "$OUT/pgbench-locate.sql" "$SECONDS_LOCATE" ;;
                bare) run_wrk locate "$conns" bare "$r" "$SECONDS_LOCATE" "http://127.0.0.1:$BARE_PORT" $(locate_args /locate) ;;
                app) run_wrk locate "$conns" app "$r" "$SECONDS_LOCATE" "http://127.0.0.1:$APP_PORT" $(locate_args /api/locate) ;;
            esac
        done
    done
done

# Tiles, uncached: random tiles of one zoom; pgbench, bare, app with the cache off, at 16 connections.
for tc in "${TILE_CASES[@]}"; do
    wants tiles || break
    layer=${tc%-z*}; z=${tc##*-z}
    script=$(pgbench_tile_script "$layer" "$z")
    for ((r = 1; r <= ROUNDS; r++)); do
        for side in $(rotation "$r"); do
            case $side in
                pgbench) run_pgbench "$tc" 16 "$r" "$script" "$SECONDS_TILE" ;;
                bare) run_wrk "$tc" 16 bare "$r" "$SECONDS_TILE" "http://127.0.0.1:$BARE_PORT" $(tile_args "/tiles/$layer" "$z") ;;
                app) run_wrk "$tc" 16 app-nocache "$r" "$SECONDS_TILE" "http://127.0.0.1:$NOCACHE_PORT" $(tile_args "/tiles/$layer" "$z") ;;
            esac
        done
    done
done

# Tiles, repeated: one tile again and again from the app with its cache, without and with If-None-Match (304).
for tc in "${TILE_CASES[@]}"; do
    wants repeat || break
    t=$((SECONDS_TILE < 6 ? SECONDS_TILE : 6))
    run_wrk "$tc" 16 app-repeat 1 "$t" "http://127.0.0.1:$APP_PORT" fixed "${FIXED_TILE[$tc]}"
    run_wrk "$tc" 16 app-304 1 "$t" "http://127.0.0.1:$APP_PORT" fixed "${FIXED_TILE[$tc]}" "${ETAG[$tc]}"
done

# Tiles as users meet them: random tiles of the warmed zooms from the app with its cache, 16 connections (cache hits,
# unless the tile lies outside the counties' extent that the warm-up covers).
for tc in "${TILE_CASES[@]}"; do
    wants warm || break
    layer=${tc%-z*}; z=${tc##*-z}
    ((z <= 12)) || continue
    run_wrk "$tc" 16 app-warm 1 "$SECONDS_TILE" "http://127.0.0.1:$APP_PORT" $(tile_args "/tiles/$layer" "$z")
done

# Tiles, one user: the app's own tile latency (cache off) at 1 connection.
for tc in "${TILE_CASES[@]}"; do
    wants one || break
    layer=${tc%-z*}; z=${tc##*-z}
    run_wrk "$tc" 1 app-nocache 1 $((SECONDS_TILE < 5 ? SECONDS_TILE : 5)) "http://127.0.0.1:$NOCACHE_PORT" $(tile_args "/tiles/$layer" "$z")
done

# What a z10 grids tile would cost if the layer were drawn there (the app draws grids from zoom $GRIDS_MIN_ZOOM on).
if ((GRIDS_MIN_ZOOM > 10)) && wants z10; then
    run_pgbench grids-z10-notdrawn 16 1 "$(pgbench_tile_script grids 10)" "$SECONDS_TILE"
fi

# ---------------------------------------------------------------------------------------------------------------------
# Evaluation (考核): a month's ranking of a county's townships and a township's drill-down to its villages, and the month's
# 岗位评价 (posts) table of a county and of a township, through the app at 8 concurrent users (wrk, signed in as each
# county's administrator) and the same statements by pgbench at 8 clients, in turning order. The app's ranking request runs
# the county's eval_setting, last month's snapshot rows, last month's ranking for its ranks when that month has no
# snapshot, and this month's ranking (StatsService.LiveAsync); the pgbench script runs the same (\if on the snapshot's rows),
# the ranking SQL read from the app's assembly (StatsQueries.AreaCountsSql), after one look-up of its random
# county/township and month. The posts request (posts.csv) runs one statement, StatsCharts.PostsSql; pgbench runs it too.
if wants stats; then
    # The monthly close runs in the app at start-up (it is past the first working day of this month): every run measures it.
    psql_db -d "$DB" -c "SET session_replication_role = replica" -c "TRUNCATE eval_snapshot_row, eval_snapshot"
    # A settled database, as autovacuum keeps one: past months' facts no longer change, so their pages are all-visible and
    # the rankings' covering indexes (migration 0056) answer without visiting the heap.
    psql_db -d "$DB" -c "VACUUM (ANALYZE) eval_case_fact, eval_order_fact, eval_snapshot, eval_snapshot_row"
    STATS_ENV=(Serilog__MinimumLevel__Override__GridGovernance.Web.Features.Stats=Information
               GridGov__MonthlyClose__StartDelaySeconds=0 GridGov__FactBackfill__StartDelaySeconds=0)
    if [[ -z ${PGID_OF[app]:-} ]]; then
        log "starting the app (:$APP_PORT) for the evaluation"
        start_app app "$APP_PORT" "${STATS_ENV[@]}"
    fi
    # Nothing is timed until the close has frozen last month for every county (its own log lines say how long it took). It is
    # every county's first close: it freezes every month the county has facts of, oldest first, last month last (README,
    # "Monthly close"), so from then on a month's ranking reads last month's ranks from its snapshot, as in a running county.
    close_started=$SECONDS
    last_month=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m-01)
    until (( $(psql_db -d "$DB" -Atc "SELECT count(*) FROM eval_snapshot WHERE month = '$last_month'") >= N_COUNTY )); do
        ((SECONDS - close_started < 3600)) || { tail -20 "$OUT/app.log" >&2; die "the monthly close did not freeze $last_month in 3600 s"; }
        sleep 2
    done
    CLOSE_SECONDS=$((SECONDS - close_started))
    BUDGET=$((BUDGET + CLOSE_SECONDS))   # the close is measured by its own clock, not out of the runs' budget
    CLOSE_ROWS=$(psql_db -d "$DB" -Atc "SELECT count(*) FROM eval_snapshot_row")
    CLOSE_MONTHS=$(psql_db -d "$DB" -Atc "SELECT count(*) FROM eval_snapshot")
    log "monthly close (first close) up to $last_month: $CLOSE_MONTHS county-months frozen ($CLOSE_ROWS rows) within $CLOSE_SECONDS s of start-up"
    # The back-fill's first look (every case already has its facts here) is over when its log line or nothing is left.
    # Helper tables for pgbench's random choices (the wrk side draws from the same lists).
    psql_db -d "$DB" -c "DROP SCHEMA IF EXISTS bench CASCADE" -c "CREATE SCHEMA bench" \
        -c "CREATE TABLE bench.county AS SELECT (row_number() OVER (ORDER BY code) - 1)::int AS n, code FROM county" \
        -c "CREATE TABLE bench.township AS SELECT (row_number() OVER (ORDER BY code) - 1)::int AS n, code, county_code FROM township" \
        -c "CREATE TABLE bench.month AS SELECT (n - 1)::int AS n, m::date AS month, (m AT TIME ZONE 'Asia/Shanghai') AS start_at,
                ((m + interval '1 month') AT TIME ZONE 'Asia/Shanghai') AS end_at, (m - interval '1 month')::date AS pmonth,
                ((m - interval '1 month') AT TIME ZONE 'Asia/Shanghai') AS pstart_at
            FROM generate_series(timestamp '$STATS_FIRST_MONTH', timestamp '$STATS_FIRST_MONTH' + interval '11 months', interval '1 month') WITH ORDINALITY g(m, n)"
    STATS_MONTHS=$(psql_db -d "$DB" -Atc "SELECT string_agg(to_char(month, 'YYYY-MM'), ',' ORDER BY n) FROM bench.month")
    # One county administrator per county, signed in through the login form.
    : >"$OUT/stats-users.tsv"
    while read -r county townships; do
        cookie=$(timeout 60 node "$BENCH_SRC/live/login.mjs" --base "http://127.0.0.1:$APP_PORT" --user "bench-$county" --password "$STATS_PASSWORD") \
            || die "could not sign in as bench-$county"
        printf '%s\t%s\t%s\n' "$cookie" "$county" "$townships" >>"$OUT/stats-users.tsv"
    done < <(psql_db -d "$DB" -AtF' ' -c "SELECT county_code, string_agg(code, ' ' ORDER BY code) FROM township GROUP BY 1 ORDER BY 1")
    # Sanity: the app answers a ranking with every township of the county.
    read -r cookie county townships < <(head -1 "$OUT/stats-users.tsv")
    month=${STATS_MONTHS%%,*}
    rows=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$APP_PORT/api/staff/stats/ranking?month=$month&area=$county&level=township" \
        | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["rows"]))') || die "the app's ranking did not answer"
    [[ $rows == $(wc -w <<<"$townships") ]] || die "the app's ranking of $county has $rows rows, not $(wc -w <<<"$townships")"
    # … and a posts table with every post account of the county (header line + one line per 调度员 and 网格员).
    posts=$(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$APP_PORT/api/staff/stats/posts.csv?month=$month&area=$county" | wc -l) \
        || die "the app's posts table did not answer"
    accounts=$(psql_db -d "$DB" -Atc "SELECT count(*) FROM staff_account WHERE NOT disabled AND role IN ('township_dispatcher', 'grid_worker') AND starts_with(scope_code, '$county')")
    ((posts == accounts + 1)) || die "the app's posts table of $county has $((posts - 1)) rows, not $accounts"
    stats_script() { # level pick-sql -> file
        local file=$OUT/pgbench-stats-$1.sql sql ranks
        sql=$(sed -E 's/@([a-z_]+)/:\1/g' "$SQL/stats-$1.sql")
        ranks=$(sed -E 's/@([a-z_]+)/:\1/g' "$SQL/stats-$1-ranks.sql") # last month: ranks only, no durations (as the app)
        {
            echo "\\set m random(0, 11)"
            echo "$2"
            echo "SELECT weight_response, weight_resolution, weight_satisfaction, weight_on_time, red_count, black_count FROM eval_setting WHERE county_code = :county;"
            # Last month's snapshot rows (StatsService.SnapshotAsync; snap_frozen is set when it has any, by \aset from its
            # last row); last month's ranking only when it has none, as PreviousRanksAsync does.
            echo "\\set snap_frozen 0"
            echo "SELECT s.published_at, s.weights, s.rule, r.code, r.name, r.counts, r.score, r.grade, r.rank, r.previous_rank, r.board, r.criticised, 1 AS frozen FROM eval_snapshot s JOIN eval_snapshot_row r ON r.snapshot_id = s.id WHERE s.county_code = :county AND s.month = :pmonth AND r.level = '$1' AND r.parent_code = :parent AND (false = false OR s.published_at IS NOT NULL) ORDER BY r.rank NULLS LAST, r.code \\aset snap_"
            echo "\\if :snap_frozen = 0"
            sed -E 's/:month\b/:pmonth/g; s/:start\b/:pstart/g; s/:end\b/:start/g' <<<"$ranks"; echo ';'
            echo "\\endif"
            echo "$sql"; echo ';'
        } >"$file"
        echo "$file"
    }
    posts_script() { # name pick-sql -> file: the posts table's one statement (StatsCharts.PostsSql)
        local file=$OUT/pgbench-stats-$1.sql
        { echo "\\set m random(0, 11)"; echo "$2"; sed -E 's/@([a-z_]+)/:\1/g' "$SQL/stats-posts.sql"; echo ';'; } >"$file"
        echo "$file"
    }
    pick="SELECT c.code AS county, c.code AS parent, c.code AS scope_territory, m.month, m.start_at AS start, m.end_at AS \"end\", m.pmonth, m.pstart_at AS pstart, 'public_criticism' AS criticism FROM bench.county c, bench.month m WHERE c.n = :c AND m.n = :m \\gset"
    ranking_script=$(stats_script township "\\set c random(0, $((N_COUNTY - 1)))
$pick")
    pick="SELECT t.county_code AS county, t.code AS parent, t.county_code AS scope_territory, m.month, m.start_at AS start, m.end_at AS \"end\", m.pmonth, m.pstart_at AS pstart, 'public_criticism' AS criticism FROM bench.township t, bench.month m WHERE t.n = :t AND m.n = :m \\gset"
    drill_script=$(stats_script village "\\set t random(0, $((N_TOWNSHIP - 1)))
$pick")
    posts_county_script=$(posts_script posts "\\set c random(0, $((N_COUNTY - 1)))
SELECT c.code AS county, c.code AS area, c.code AS scope_territory, m.month FROM bench.county c, bench.month m WHERE c.n = :c AND m.n = :m \\gset")
    posts_township_script=$(posts_script posts-drill "\\set t random(0, $((N_TOWNSHIP - 1)))
SELECT t.county_code AS county, t.code AS area, t.county_code AS scope_territory, m.month FROM bench.township t, bench.month m WHERE t.n = :t AND m.n = :m \\gset")
    # Warm-up of both sides (JIT, pools, caches), not recorded.
    STATS_KINDS=${BENCH_STATS_KINDS:-ranking,drill,posts,posts-drill}
    for kind in ${STATS_KINDS//,/ }; do
        timeout 60 wrk -t 2 -c 8 -d 4s -s "$BENCH_SRC/wrk/bench.lua" "http://127.0.0.1:$APP_PORT" -- stats "$OUT/stats-users.tsv" "$STATS_MONTHS" "$kind" >/dev/null 2>&1 || true
    done
    for ((r = 1; r <= ROUNDS; r++)); do
        sides="pgbench app"; ((r % 2 == 0)) && sides="app pgbench"
        for kind in ${STATS_KINDS//,/ }; do
            case $kind in
                ranking) script=$ranking_script ;;
                drill) script=$drill_script ;;
                posts) script=$posts_county_script ;;
                posts-drill) script=$posts_township_script ;;
                *) die "unknown BENCH_STATS_KINDS entry $kind" ;;
            esac
            for side in $sides; do
                case $side in
                    pgbench) run_pgbench "stats-$kind" 8 "$r" "$script" "$SECONDS_STATS" ;;
                    app) run_wrk "stats-$kind" 8 app "$r" "$SECONDS_STATS" "http://127.0.0.1:$APP_PORT" stats "$OUT/stats-users.tsv" "$STATS_MONTHS" "$kind" ;;
                esac
            done
        done
    done
    FACTS_ROWS=$(psql_db -d "$DB" -Atc "SELECT (SELECT count(*) FROM case_file) || ' cases, ' || (SELECT count(*) FROM eval_case_fact) || ' case facts, ' || (SELECT count(*) FROM eval_order_fact) || ' order facts, ' || (SELECT count(*) FROM staff_account WHERE role IN ('township_dispatcher', 'grid_worker')) || ' post accounts'")
fi

# ---------------------------------------------------------------------------------------------------------------------
# Report
{
    echo "# GridGovernance benchmark, $STAMP"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); app, PostgreSQL and load generator on it together."
    echo "Versions: $(psql_db -d "$DB" -Atc "SELECT split_part(version(), ' ', 2) || ', PostGIS ' || postgis_lib_version()"), .NET $(dotnet --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
    echo "App source: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" status --porcelain -- src | grep -q . && echo ' + uncommitted changes in src/')."
    echo "Dataset: $N_COUNTY counties, $N_TOWNSHIP townships, $N_VILLAGE villages, $N_GRID grids, $N_UNIT link units, $N_HOUSEHOLD households, $N_STAFF staff (fingerprint $FINGERPRINT)."
    echo "Parts: $ONLY. Runs: ${SECONDS_LOCATE} s per locate run, ${SECONDS_TILE} s per tile run, $ROUNDS rounds in turning order; pgbench -M prepared -j 2, wrk -t 2; random points/tiles inside lng $LNG_MIN–$LNG_MAX, lat $LAT_MIN–$LAT_MAX."
    [[ -z ${FACTS_ROWS:-} ]] || echo "Evaluation: $FACTS_ROWS over the months $STATS_MONTHS; the monthly close (every county's first close) froze $CLOSE_MONTHS county-months up to $last_month for $N_COUNTY counties ($CLOSE_ROWS snapshot rows) within $CLOSE_SECONDS s of the app's start; $SECONDS_STATS s per run, pgbench -c 8, wrk -t 2 -c 8."
    echo
    python3 "$BENCH_SRC/report.py" "$TSV"
} >"$OUT/results.md"
cp "$OUT/results.md" "$RESULTS_DIR/$STAMP.md"
cp "$TSV" "$RESULTS_DIR/$STAMP.tsv"
cat "$OUT/results.md"
log "done in $((SECONDS - started)) s: tests/bench/results/$STAMP.md (raw output in $OUT)"
