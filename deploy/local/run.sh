#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# 网格治理 GridGovernance — 本地一键启动。
#
#   bash deploy/local/run.sh [应用的额外参数 …]
#
# On a fresh Debian 12 machine (as root): installs PostgreSQL 15 + PostGIS when missing, creates and starts a
# private cluster in ${GRIDGOV_DATA:-<repo>/.gridgov} (port ${GRIDGOV_PG_PORT:-5433}, 127.0.0.1 only, jit=off),
# creates database gridgov, builds and runs the web app in the foreground on http://127.0.0.1:${GRIDGOV_PORT:-5080}.
# Running it again reuses everything (no reinstall, no initdb, data kept). Ctrl-C stops the app and the cluster
# this run started. With GRIDGOV_CONNECTION set, that database is used and no cluster is started.
# Extra arguments go to the app, e.g. --GridGov:Map:TiandituKey=… .
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=lib/postgres.sh
source "$ROOT/deploy/local/lib/postgres.sh"

APP_PORT=${GRIDGOV_PORT:-5080}
PG_PORT=${GRIDGOV_PG_PORT:-5433}
[[ $APP_PORT =~ ^[0-9]+$ ]] || gg_die "GRIDGOV_PORT 必须是端口号，而不是「$APP_PORT」"
[[ $PG_PORT =~ ^[0-9]+$ ]] || gg_die "GRIDGOV_PG_PORT 必须是端口号，而不是「$PG_PORT」"

: "${DOTNET_CLI_TELEMETRY_OPTOUT:=1}" "${DOTNET_NOLOGO:=1}" "${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:=1}"
export DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_NOLOGO DOTNET_SKIP_FIRST_TIME_EXPERIENCE

T0=$SECONDS
APP_PID=""  # `dotnet run`, started with setsid: also the id of its process group
PGDATA=""
STARTED_CLUSTER=0

# Stops the app (its whole process group: `dotnet run` and the app it started) and the cluster this run started.
# Runs once, on any exit: normal, error, Ctrl-C, SIGTERM, SIGHUP.
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  trap "" PIPE # a closed output must not kill the cleanup itself
  set +e # finish cleaning up even when a message cannot be printed (closed output)
  if [[ -n $APP_PID ]] && kill -0 -- "-$APP_PID" 2>/dev/null; then
    gg_say "正在停止应用…"
    kill -TERM -- "-$APP_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 150; i++)); do
      kill -0 -- "-$APP_PID" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 -- "-$APP_PID" 2>/dev/null; then
      gg_warn "应用 30 秒内未退出，强制结束。"
      kill -KILL -- "-$APP_PID" 2>/dev/null || true
    fi
  fi
  if ((STARTED_CLUSTER)); then
    gg_say "正在停止数据库（数据保留在 $PGDATA）…"
    gg_pg_stop "$PGDATA" fast || gg_warn "数据库停止失败；可手动执行：runuser -u postgres -- $GG_PG_BINDIR/pg_ctl stop -D $PGDATA"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# ---------------------------------------------------------------------------------------------------------------
# Demo accounts: seeded with the demo county (src/GridGovernance.Web/Features/Accounts/DemoAccounts.cs).
# ---------------------------------------------------------------------------------------------------------------
print_demo_accounts() {
  gg_say "  登录：    $URL/login   演示账号（密码均为 Demo@2026，仅供演示，正式使用前请修改）："
  gg_say "    admin        县级管理员   凌云县"
  gg_say "    dispatcher   乡镇调度员   泗城镇"
  gg_say "    cadre        村（社区）干部 泗城镇 解放社区"
  gg_say "    gridworker   网格员       解放社区第1网格"
  gg_say "    gridworker2  网格员       解放社区第2网格"
  gg_say "    leader       联户长       沿河路第1联户单元（第1网格内）"
  gg_say "    dept-chengguan 部门人员   凌云县城市管理综合执法局"
  gg_say "    dept-police  部门人员     凌云县公安局泗城派出所"
  gg_say "  工作台：网格员 $URL/field   调度台 $URL/dispatch   部门工单 $URL/inbox   网格地图 $URL/map"
}

if gg_port_in_use "$APP_PORT"; then
  gg_die "端口 $APP_PORT 已被占用（是不是已经有一个 run.sh 在运行？）。请设置 GRIDGOV_PORT=其他端口 后重试。"
fi

if [[ -n ${GRIDGOV_CONNECTION:-} ]]; then
  # ------------------------------------------------------------------------------------------------------------
  # An existing database: nothing to install or start.
  # ------------------------------------------------------------------------------------------------------------
  gg_say "[1/4] 已设置 GRIDGOV_CONNECTION：使用该数据库，跳过 PostgreSQL 安装。"
  gg_say "[2/4] 不启动本地数据库集群。"
else
  gg_require_root
  # ------------------------------------------------------------------------------------------------------------
  gg_say "[1/4] 安装 PostgreSQL 15 + PostGIS…"
  # ------------------------------------------------------------------------------------------------------------
  # libvips42: the photo pipeline re-encodes uploads with libvips in process (NetVips; Debian's build reads HEIC via libheif).
  gg_apt_ensure postgresql-15 postgresql-15-postgis-3 libvips42
  gg_pg_check_binaries

  # ------------------------------------------------------------------------------------------------------------
  gg_say "[2/4] 启动数据库集群…"
  # ------------------------------------------------------------------------------------------------------------
  if [[ -n ${GRIDGOV_DATA:-} ]]; then
    DATA=$GRIDGOV_DATA
    [[ $DATA == /* ]] || DATA="$PWD/$DATA"
    gg_postgres_can_reach "$(dirname -- "$DATA")" ||
      gg_die "postgres 用户进不了 GRIDGOV_DATA=$DATA 的上级目录（某一级目录缺少 o+x 权限）。请换一个目录（例如 /var/lib/gridgov），或给上级目录加上 o+x。"
  else
    DATA="$ROOT/.gridgov"
    if ! gg_postgres_can_reach "$ROOT"; then
      DATA="/var/tmp/gridgov-$(gg_path_hash "$ROOT")"
      gg_say "      注意：postgres 用户进不了仓库目录 $ROOT（例如 /root 的权限是 700），"
      gg_say "      数据库改放在 $DATA（设置 GRIDGOV_DATA 可另选位置）。"
    fi
  fi
  gg_mkdir_public "$DATA"
  gg_as_postgres test -x "$DATA" 2>/dev/null || gg_root chmod o+x -- "$DATA"
  PGDATA="$DATA/pg"
  RUNDIR="$DATA/pg-run" # Unix socket + server log
  gg_mkdir_postgres "$RUNDIR" 755
  PG_LOG="$RUNDIR/postgresql.log"

  gg_pg_init "$PGDATA" "$DATA/initdb.log"
  if ((GG_PG_CREATED)); then
    gg_say "      已初始化新集群：$PGDATA"
  fi

  if gg_pg_is_running "$PGDATA"; then
    # Left running by another run.sh (or a run that was killed): use it, and leave it running on exit.
    running_port=$(gg_root sed -n 4p -- "$PGDATA/postmaster.pid")
    if [[ $running_port != "$PG_PORT" ]]; then
      gg_warn "该集群已在端口 $running_port 上运行（不是 GRIDGOV_PG_PORT=$PG_PORT），沿用 $running_port。"
      PG_PORT=$running_port
    fi
    gg_say "      集群已在运行（端口 $PG_PORT），直接使用；退出时不会停止它。"
  else
    if gg_port_in_use "$PG_PORT"; then
      gg_die "端口 $PG_PORT 已被其他程序占用（可能是另一个 PostgreSQL）。请设置 GRIDGOV_PG_PORT=其他端口 后重试。"
    fi
    socket_dir=$RUNDIR
    if ((${#RUNDIR} + ${#PG_PORT} + 11 > 107)); then
      gg_say "      数据目录路径过长，无法放置 Unix 套接字：只监听 TCP 127.0.0.1:$PG_PORT。"
      socket_dir=""
    fi
    gg_pg_write_conf "$PGDATA" \
      "listen_addresses=127.0.0.1" "port=$PG_PORT" "unix_socket_directories=$socket_dir" "jit=off"
    STARTED_CLUSTER=1
    gg_pg_start "$PGDATA" "$PG_LOG" || {
      STARTED_CLUSTER=0
      gg_die "PostgreSQL 未能启动（完整日志：$PG_LOG）"
    }
    gg_say "      PostgreSQL 已启动：127.0.0.1:$PG_PORT（数据：$PGDATA，日志：$PG_LOG）"
  fi

  [[ $(gg_psql "$PG_PORT" postgres -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'") == 1 ]] ||
    gg_die "PostgreSQL 中没有 postgis 扩展：请安装 postgresql-15-postgis-3。"
  if [[ $(gg_psql "$PG_PORT" postgres -c "SELECT count(*) FROM pg_database WHERE datname = 'gridgov'") == 0 ]]; then
    gg_psql "$PG_PORT" postgres -c "CREATE DATABASE gridgov"
    gg_say "      已创建数据库 gridgov。"
  else
    gg_say "      数据库 gridgov 已存在，保留其中的数据。"
  fi
  export GRIDGOV_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Database=gridgov;Username=postgres"
fi

# ---------------------------------------------------------------------------------------------------------------
gg_say "[3/4] 编译应用（Release）…"
# ---------------------------------------------------------------------------------------------------------------
command -v dotnet >/dev/null 2>&1 || gg_die "找不到 dotnet：需要 .NET 10 SDK（https://learn.microsoft.com/dotnet/core/install/linux-debian）。"
WEB_PROJECT="$ROOT/src/GridGovernance.Web"
# A build with nothing to do still costs 5–10 s here. Skip it when the last successful build of this script is newer
# than every source file (src/ without build output and npm packages, and the repository-wide build settings).
BUILD_STAMP="$WEB_PROJECT/obj/Release/gridgov-run.stamp"
sources_changed() {
  [[ -f $BUILD_STAMP && -f $WEB_PROJECT/bin/Release/net10.0/GridGovernance.Web.dll ]] || return 0
  [[ -n $(find "$ROOT/src" \( -name bin -o -name obj -o -name node_modules -o -path '*/wwwroot/lib' \) -prune -o \
    -newer "$BUILD_STAMP" -print -quit) ]] && return 0
  [[ -n $(find "$ROOT" -maxdepth 1 -type f \( -name 'Directory.*' -o -name global.json -o -iname nuget.config \) \
    -newer "$BUILD_STAMP" -print -quit) ]]
}
if [[ ${GRIDGOV_REBUILD:-} == 1 ]] || sources_changed; then
  # The stamp takes the time the build started: a file saved during the build is still seen as changed next time.
  mkdir -p -- "$(dirname -- "$BUILD_STAMP")"
  touch -- "$BUILD_STAMP.new"
  dotnet build "$WEB_PROJECT" -c Release -nologo -v quiet || gg_die "编译失败（见上方错误）。"
  mv -f -- "$BUILD_STAMP.new" "$BUILD_STAMP"
else
  gg_say "      源代码自上次编译后没有变化，跳过编译（GRIDGOV_REBUILD=1 可强制编译）。"
fi

# ---------------------------------------------------------------------------------------------------------------
gg_say "[4/4] 启动应用（应用数据库迁移；数据库为空时导入演示县数据）…"
# ---------------------------------------------------------------------------------------------------------------
if gg_port_in_use "$APP_PORT"; then
  gg_die "端口 $APP_PORT 已被占用（是不是已经有一个 run.sh 在运行？）。请设置 GRIDGOV_PORT=其他端口 后重试。"
fi
URL="http://127.0.0.1:$APP_PORT"
# Uploaded photos live beside the database cluster (or in GRIDGOV_DATA / <repo>/.gridgov when using GRIDGOV_CONNECTION).
PHOTO_DIR="${DATA:-${GRIDGOV_DATA:-$ROOT/.gridgov}}/photos"
ldconfig -p 2>/dev/null | grep -q 'libvips\.so\.42' || gg_warn "未找到 libvips（libvips42）：照片上传将无法处理。请安装：apt-get install libvips42"
# setsid: the app gets its own process group, so cleanup can stop `dotnet run` and the app it starts together.
# stdin from /dev/null: the app reads nothing, and a background process must not touch the terminal.
setsid dotnet run --project "$WEB_PROJECT" -c Release --no-build --no-launch-profile -- \
  --urls "$URL" "--GridGov:DemoDataDirectory=$ROOT/geodata/lingyun" "--GridGov:Storage:PhotoDirectory=$PHOTO_DIR" "$@" </dev/null &
APP_PID=$!

waited=0
until curl -fsS -o /dev/null --max-time 2 "$URL/readyz" 2>/dev/null; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    app_rc=0
    wait "$APP_PID" || app_rc=$?
    gg_die "应用启动失败（退出码 $app_rc），请查看上方日志。"
  fi
  sleep 0.5
  waited=$((waited + 1))
  if ((waited % 60 == 0)); then gg_say "      仍在等待应用就绪（$((waited / 2)) 秒）…"; fi
done

gg_say ""
gg_say "================================================================"
gg_say "  网格治理已就绪（用时 $((SECONDS - T0)) 秒）"
gg_say "  地图：    $URL/map"
gg_say "  健康检查：$URL/healthz   就绪检查：$URL/readyz"
print_demo_accounts
if ((STARTED_CLUSTER)) || [[ -n $PGDATA ]]; then
  gg_say "  数据库：  $GRIDGOV_CONNECTION"
  gg_say "            psql -h 127.0.0.1 -p $PG_PORT -U postgres gridgov"
else
  gg_say "  数据库：  GRIDGOV_CONNECTION（外部数据库）"
fi
gg_say "  按 Ctrl-C 停止应用$( ((STARTED_CLUSTER)) && printf '和数据库' )。"
gg_say "================================================================"

app_rc=0
wait "$APP_PID" || app_rc=$?
gg_say "应用已退出（退出码 $app_rc）。"
exit "$app_rc"
