# Shared by the benchmarks' scripts (sourced, not run): logging, the processes they start and stop, their own PostgreSQL
# cluster, the demo county's grid points, and the machine's CPU use. The caller sets WORK (its directory), PGBIN, PGPORT and
# OUT first, and may set BENCH_NAME (the log prefix).

started=$SECONDS
log() { printf '[%s %4ds] %s\n' "${BENCH_NAME:-bench}" $((SECONDS - started)) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
psql_db() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"; }

# Everything started here is stopped on exit, by its own process group (start each with setsid and add its pid to pids).
pids=()
cluster_started=0
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    if [[ $cluster_started == 1 && "${BENCH_KEEP_CLUSTER:-0}" != 1 ]]; then
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
        log "cluster stopped"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
forget_pid() { local p keep=(); for p in "${pids[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done; pids=("${keep[@]}"); }

# The benchmark's own cluster in $WORK/pg on 127.0.0.1:$PGPORT, JIT off (shared/STACK.md); "$@" are more server options.
# One left running by an earlier run (BENCH_KEEP_CLUSTER=1) is used as it is, and stopped at the end all the same.
start_cluster() {
    if ! runuser -u postgres -- test -x "$WORK"; then die "$WORK is not reachable by the postgres user: set BENCH_DIR"; fi
    mkdir -p "$WORK/sock"
    chown postgres:postgres "$WORK" "$WORK/sock"
    if [[ ! -f $WORK/pg/PG_VERSION ]]; then
        log "initdb $WORK/pg"
        install -d -o postgres -g postgres "$WORK/pg"
        runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$OUT/initdb.log"
    fi
    if ! runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" status >/dev/null 2>&1; then
        log "starting the bench cluster on 127.0.0.1:$PGPORT"
        runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start -o \
            "-p $PGPORT -c listen_addresses=127.0.0.1 -k $WORK/sock -c jit=off -c max_connections=300 $*" >/dev/null
    fi
    cluster_started=1
}

grid_points() { # db: every grid as "county township village grid lng lat" (tab-separated, a point inside it), by township
    psql_db -d "$1" -Atc "SELECT t.county_code, t.code, v.code, g.code, round(ST_X(p)::numeric, 6), round(ST_Y(p)::numeric, 6)
        FROM grid g JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code,
             LATERAL ST_PointOnSurface(g.geom) p
        ORDER BY t.code, g.code" -F $'\t'
}

wait_http() { # url name [seconds]: until it answers, or show the end of $OUT/name.log and stop
    for _ in $(seq $((2 * ${3:-60}))); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
    tail -30 "$OUT/$2.log" >&2; die "$2 did not answer $1"
}

cpu_busy() { # % of all cores busy over one second
    local a b
    a=($(head -1 /proc/stat)); sleep 1; b=($(head -1 /proc/stat))
    local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}
calm_waited=0
calm() { # prints the busy % seen just before a measurement, after waiting up to BENCH_CALM_WAIT s (120 s a run) for < 30%
    local busy waited=0
    busy=$(cpu_busy)
    while ((busy >= 30 && waited < ${BENCH_CALM_WAIT:-10} && calm_waited < 120)); do
        busy=$(cpu_busy); waited=$((waited + 1)); calm_waited=$((calm_waited + 1))
    done
    echo "$busy"
}
