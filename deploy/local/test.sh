#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# 网格治理 GridGovernance — 一键运行全部测试。
#
#   bash deploy/local/test.sh [dotnet test 的额外参数，例如 --filter "FullyQualifiedName~Territory"]
#
# Installs what the tests need (PostgreSQL 15 + PostGIS, Chromium, fonts, libvips) when missing, starts a
# throw-away PostgreSQL cluster in a temporary directory (jit=off, fsync=off), runs `dotnet test GridGovernance.sln`
# with a trx logger, stops and deletes the cluster (also on failure and Ctrl-C), and ends with one line
# `N passed, N failed[, N skipped]` counted from the .trx files. Exits non-zero when a test failed or the build or
# the test run failed.
#
# Environment (all optional):
#   GRIDGOV_TEST_PG_PORT       port for the throw-away cluster (default 5434; a free random port when taken)
#   GRIDGOV_TEST_RESULTS       results directory (default <repo>/TestResults/local; emptied first)
#   GRIDGOV_TEST_HANG_TIMEOUT  a single test running longer than this is a hang: its test host is stopped and the
#                              run fails (default 20m; empty to disable)
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=lib/postgres.sh
source "$ROOT/deploy/local/lib/postgres.sh"
# shellcheck source=lib/trx.sh
source "$ROOT/deploy/local/lib/trx.sh"

RESULTS=${GRIDGOV_TEST_RESULTS:-$ROOT/TestResults/local}
[[ $RESULTS == /* ]] || RESULTS="$PWD/$RESULTS"
HANG_TIMEOUT=${GRIDGOV_TEST_HANG_TIMEOUT-20m}

: "${DOTNET_CLI_TELEMETRY_OPTOUT:=1}" "${DOTNET_NOLOGO:=1}" "${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:=1}"
export DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_NOLOGO DOTNET_SKIP_FIRST_TIME_EXPERIENCE
# MSBuild worker nodes left running after the build would keep this script's output pipe open (CI waits on it).
export MSBUILDDISABLENODEREUSE=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export GRIDGOV_CHROMIUM=/usr/bin/chromium
# Tests get their databases from GRIDGOV_TEST_ADMIN_CONNECTION only: never touch a developer's own database.
unset GRIDGOV_CONNECTION

T0=$SECONDS
TMPDIR_PG=""
PGDATA=""
CLEANED=0
TEST_RC="" # dotnet test's exit code once it has finished

# Stops and deletes the throw-away cluster. Quiet and idempotent: it also runs from the EXIT trap.
# shellcheck disable=SC2317  # invoked through trap
cleanup_cluster() {
  ((CLEANED)) && return 0
  CLEANED=1
  if [[ -n $PGDATA ]]; then
    gg_pg_stop "$PGDATA" immediate >/dev/null 2>&1 || true
  fi
  if [[ -n $TMPDIR_PG && -d $TMPDIR_PG ]]; then
    gg_root rm -rf -- "$TMPDIR_PG" 2>/dev/null || true
  fi
  if [[ ${CI:-} == true ]]; then
    # The C# compiler server outlives the build; on CI nothing should outlive the run.
    dotnet build-server shutdown >/dev/null 2>&1 || true
  fi
}

# Prints the closing line and returns the exit status the run deserves.
summarize() {
  local passed failed skipped files extra
  read -r passed failed skipped files < <(gg_trx_count "$RESULTS")
  if [[ -n $TEST_RC && $TEST_RC != 0 && $failed == 0 ]]; then
    # Build error, crashed or stopped test host, interrupted run: the .trx files cannot show it, the exit code does.
    gg_say "dotnet test 以退出码 $TEST_RC 结束，但 .trx 中没有失败的测试（构建失败、测试宿主崩溃或运行被中断）：按 1 个失败计。"
    failed=1
  elif [[ -z $TEST_RC ]]; then
    gg_say "测试没有运行完（准备阶段失败或运行被中断）：按 1 个失败计。"
    failed=1
  fi
  if ((passed + failed + skipped == 0)); then gg_warn "没有执行任何测试。"; fi
  extra=""
  if ((skipped > 0)); then extra=", $skipped skipped"; fi
  gg_say "结果文件：$RESULTS（${files} 个 .trx），用时 $((SECONDS - T0)) 秒"
  printf '%d passed, %d failed%s\n' "$passed" "$failed" "$extra"
  ((failed == 0))
}

# On Ctrl-C / SIGTERM / an error before the tests ran: clean up, then still end with the closing line.
# shellcheck disable=SC2317  # invoked through trap
on_exit() {
  local rc=$?
  trap - EXIT INT TERM HUP
  trap "" PIPE # a closed output must not kill the cleanup itself
  set +e # finish cleaning up even when a message cannot be printed (closed output)
  cleanup_cluster
  if [[ -z ${SUMMARIZED:-} ]]; then
    summarize || true
    ((rc != 0)) || rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# -----------------------------------------------------------------------------------------------------------------
gg_say "[1/4] 安装测试依赖（PostgreSQL 15 + PostGIS、Chromium、字体、libvips）…"
# -----------------------------------------------------------------------------------------------------------------
gg_require_root
# libvips42 for the app's photo pipeline (NetVips); libvips-tools because the tests judge its output with vips' own tools.
gg_apt_ensure postgresql-15 postgresql-15-postgis-3 chromium fonts-liberation fonts-noto-cjk libvips42 libvips-tools zbar-tools
gg_pg_check_binaries
command -v dotnet >/dev/null 2>&1 || gg_die "找不到 dotnet：需要 .NET 10 SDK。"

# -----------------------------------------------------------------------------------------------------------------
gg_say "[2/4] 启动临时数据库集群…"
# -----------------------------------------------------------------------------------------------------------------
# /var/tmp: reachable by the postgres user wherever the repository lives (a clone under /root is not).
TMPDIR_PG=$(mktemp -d /var/tmp/gridgov-test.XXXXXX)
chmod 755 -- "$TMPDIR_PG"
PGDATA="$TMPDIR_PG/pg"
RUNDIR="$TMPDIR_PG/run"
gg_mkdir_postgres "$RUNDIR" 755
gg_pg_init "$PGDATA" "$TMPDIR_PG/initdb.log"

started=0
for attempt in 1 2 3; do
  PG_PORT=$(gg_free_port "${GRIDGOV_TEST_PG_PORT:-5434}") || gg_die "找不到空闲端口"
  gg_pg_write_conf "$PGDATA" \
    "listen_addresses=127.0.0.1" "port=$PG_PORT" "unix_socket_directories=$RUNDIR" "jit=off" \
    "fsync=off" "synchronous_commit=off" "full_page_writes=off" "max_connections=300"
  if gg_pg_start "$PGDATA" "$RUNDIR/postgresql.log"; then
    started=1
    break
  fi
  gg_warn "第 $attempt 次启动失败（端口 $PG_PORT），换端口重试…"
done
((started)) || gg_die "临时 PostgreSQL 集群未能启动"
[[ $(gg_psql "$PG_PORT" postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'") == 1 ]] ||
  gg_die "PostgreSQL 中没有 postgis 扩展：请安装 postgresql-15-postgis-3。"
export GRIDGOV_TEST_ADMIN_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=postgres;Username=postgres"
gg_say "      127.0.0.1:$PG_PORT（$PGDATA，用后即删）"

# -----------------------------------------------------------------------------------------------------------------
gg_say "[3/4] 运行 dotnet test GridGovernance.sln -c Release $*"
# -----------------------------------------------------------------------------------------------------------------
rm -rf -- "$RESULTS"
mkdir -p -- "$RESULTS"
test_args=(test "$ROOT/GridGovernance.sln" -c Release --logger trx --results-directory "$RESULTS")
if [[ -n $HANG_TIMEOUT ]]; then
  test_args+=(--blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none)
fi
if dotnet "${test_args[@]}" "$@" </dev/null; then TEST_RC=0; else TEST_RC=$?; fi

# -----------------------------------------------------------------------------------------------------------------
gg_say "[4/4] 清理临时数据库…"
# -----------------------------------------------------------------------------------------------------------------
cleanup_cluster
SUMMARIZED=1
if summarize && [[ $TEST_RC == 0 ]]; then
  exit 0
fi
exit 1
