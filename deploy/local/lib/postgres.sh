# shellcheck shell=bash
# Shared helpers for deploy/local/run.sh and deploy/local/test.sh: messages, apt installs, and a private
# PostgreSQL 15 + PostGIS cluster in a directory of our own (never the system's 15/main cluster).
#
# Source it; it defines functions and a few variables only:
#   GG_PG_BINDIR   PostgreSQL 15 server binaries (initdb, pg_ctl, psql …)
#   GG_SUDO        "" when running as root, "sudo" otherwise (used for apt, runuser and chown)

# shellcheck disable=SC2034  # GG_* variables are read by the scripts that source this file.
GG_PG_BINDIR=/usr/lib/postgresql/15/bin
GG_SUDO=""

gg_say() { printf '%s\n' "$*"; }
gg_warn() { printf '注意: %s\n' "$*" >&2; }
gg_die() {
  printf '错误: %s\n' "$*" >&2
  exit 1
}

# Root is needed for apt, for creating directories owned by postgres and for running as postgres.
# Without root we go through sudo when it is there; otherwise stop with a clear message.
gg_require_root() {
  if [[ $EUID -eq 0 ]]; then
    GG_SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    GG_SUDO="sudo"
    gg_say "      （当前不是 root：apt、chown 和以 postgres 身份运行的命令将通过 sudo 执行）"
  else
    gg_die "需要 root 权限（或可用的 sudo）来安装软件包并以 postgres 用户运行数据库；也可以设置 GRIDGOV_CONNECTION 指向已有数据库。"
  fi
}

gg_root() { ${GG_SUDO:+"$GG_SUDO"} "$@"; }

# Runs a command as the postgres OS user, from "/" so that an unreadable working directory (e.g. /root) does not
# produce "could not change directory" noise or failures.
gg_as_postgres() { (cd / && ${GG_SUDO:+"$GG_SUDO"} runuser -u postgres -- "$@"); }

# ---------------------------------------------------------------------------------------------------------------
# apt
# ---------------------------------------------------------------------------------------------------------------

# Prints the packages (of those named) that are not installed, one per line.
gg_apt_missing() {
  local pkg status
  for pkg in "$@"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ $status == installed ]] || printf '%s\n' "$pkg"
  done
}

# Installs the named packages when any is missing: one `apt-get update` first (a new machine's lists may be empty or
# stale), then one install. Does nothing, and touches no network, when all are installed.
gg_apt_ensure() {
  local -a missing
  mapfile -t missing < <(gg_apt_missing "$@")
  if ((${#missing[@]} == 0)); then
    gg_say "      已安装，跳过：$*"
    return 0
  fi
  command -v apt-get >/dev/null 2>&1 || gg_die "缺少软件包 ${missing[*]}，且本机没有 apt-get（脚本面向 Debian 12）。"
  gg_say "      需要安装：${missing[*]}"
  local -a apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 -y -q)
  gg_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >/dev/null ||
    gg_die "apt-get update 失败"
  gg_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" ||
    gg_die "apt-get install ${missing[*]} 失败"
  mapfile -t missing < <(gg_apt_missing "$@")
  ((${#missing[@]} == 0)) || gg_die "安装后仍缺少：${missing[*]}"
}

# ---------------------------------------------------------------------------------------------------------------
# directories the postgres user must reach
# ---------------------------------------------------------------------------------------------------------------

# True when the postgres user can traverse every directory down to DIR (or down to DIR's nearest existing ancestor
# when DIR does not exist yet: the part we create ourselves gets mode 755).
gg_postgres_can_reach() {
  local dir=$1
  while [[ ! -e $dir ]]; do dir=$(dirname -- "$dir"); done
  gg_as_postgres test -x "$dir" 2>/dev/null
}

# Creates DIR (and missing parents) with mode 755 regardless of the caller's umask.
gg_mkdir_public() { (umask 022 && mkdir -p -- "$1"); }

# Creates DIR owned by postgres with MODE (700 for a data directory, 755 for a socket/log directory).
gg_mkdir_postgres() {
  local dir=$1 mode=${2:-700}
  gg_root mkdir -p -- "$dir"
  gg_root chown postgres:postgres -- "$dir"
  gg_root chmod "$mode" -- "$dir"
}

# A short stable tag for a path, for fallback directory names.
gg_path_hash() { printf '%s' "$1" | sha256sum | cut -c1-12; }

# ---------------------------------------------------------------------------------------------------------------
# ports
# ---------------------------------------------------------------------------------------------------------------

# True when something accepts TCP connections on 127.0.0.1:PORT.
gg_port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prints PREFERRED when it is free, otherwise a free port picked at random from 20000–59999.
gg_free_port() {
  local preferred=$1 port i
  if ! gg_port_in_use "$preferred"; then
    printf '%s\n' "$preferred"
    return 0
  fi
  for ((i = 0; i < 50; i++)); do
    port=$((20000 + RANDOM % 40000))
    if ! gg_port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  return 1
}

# ---------------------------------------------------------------------------------------------------------------
# cluster
# ---------------------------------------------------------------------------------------------------------------

gg_pg_check_binaries() {
  [[ -x $GG_PG_BINDIR/initdb && -x $GG_PG_BINDIR/pg_ctl ]] ||
    gg_die "找不到 PostgreSQL 15 服务器程序（$GG_PG_BINDIR）：请安装 postgresql-15。"
}

# gg_pg_init PGDATA INITDB_LOG — creates a cluster in PGDATA unless one is there already (initdb's output goes to
# INITDB_LOG, in a directory root can write). Sets GG_PG_CREATED to 1 when it created one, else 0.
GG_PG_CREATED=0
gg_pg_init() {
  local pgdata=$1 initdb_log=$2
  GG_PG_CREATED=0
  if gg_root test -f "$pgdata/PG_VERSION"; then
    local version
    version=$(gg_root cat -- "$pgdata/PG_VERSION")
    [[ $version == 15 ]] || gg_die "$pgdata 中是 PostgreSQL $version 的数据目录，而本脚本使用 PostgreSQL 15；请换一个 GRIDGOV_DATA 或自行迁移。"
    return 0
  fi
  if gg_root test -d "$pgdata" && [[ -n $(gg_root ls -A -- "$pgdata" 2>/dev/null) ]]; then
    # A directory without PG_VERSION is a half-finished initdb (interrupted earlier): it holds no data.
    gg_warn "$pgdata 不完整（没有 PG_VERSION，可能是上次初始化被中断），将清空后重新初始化。"
    gg_root rm -rf -- "$pgdata"
  fi
  gg_mkdir_postgres "$pgdata" 700
  gg_as_postgres "$GG_PG_BINDIR/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$initdb_log" 2>&1 ||
    {
      tail -n 20 -- "$initdb_log" >&2
      gg_die "initdb 失败（$pgdata，完整输出：$initdb_log）"
    }
  GG_PG_CREATED=1
}

# Quotes a value for postgresql.conf (every setting type accepts a quoted value).
gg_pg_conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }

# Writes PGDATA/gridgov.conf (read last by postgresql.conf through include_if_exists) with the settings given as
# name=value arguments. Rewritten at every start, so a changed port or directory takes effect.
gg_pg_write_conf() {
  local pgdata=$1
  shift
  local conf="$pgdata/postgresql.conf" setting
  if ! gg_root grep -q "^include_if_exists = 'gridgov.conf'" "$conf"; then
    printf "\n# Added by GridGovernance deploy/local: its settings live in gridgov.conf, rewritten at each start.\ninclude_if_exists = 'gridgov.conf'\n" |
      gg_as_postgres tee -a "$conf" >/dev/null
  fi
  {
    printf '# Written by GridGovernance deploy/local/lib/postgres.sh at every start; edits here are overwritten.\n'
    for setting in "$@"; do
      printf '%s = %s\n' "${setting%%=*}" "$(gg_pg_conf_quote "${setting#*=}")"
    done
  } | gg_as_postgres tee "$pgdata/gridgov.conf" >/dev/null
}

gg_pg_is_running() { gg_as_postgres "$GG_PG_BINDIR/pg_ctl" status -D "$1" >/dev/null 2>&1; }

# Starts the cluster in PGDATA, logging to LOGFILE (in a postgres-writable directory), waiting until it accepts
# connections. On failure prints the end of the log.
gg_pg_start() {
  local pgdata=$1 logfile=$2
  if ! gg_as_postgres "$GG_PG_BINDIR/pg_ctl" start -D "$pgdata" -l "$logfile" -w -t 120 >/dev/null 2>&1; then
    gg_warn "PostgreSQL 启动失败，日志末尾（$logfile）："
    gg_root tail -n 25 -- "$logfile" >&2 || true
    return 1
  fi
}

# Stops the cluster in PGDATA (fast mode: running sessions are rolled back, data is kept). MODE may be "immediate"
# for a throw-away cluster.
gg_pg_stop() {
  local pgdata=$1 mode=${2:-fast}
  gg_pg_is_running "$pgdata" || return 0
  gg_as_postgres "$GG_PG_BINDIR/pg_ctl" stop -D "$pgdata" -m "$mode" -w -t 60 >/dev/null 2>&1
}

# psql as the superuser over TCP to 127.0.0.1:PORT, database DB; prints unaligned tuples only.
gg_psql() {
  local port=$1 db=$2
  shift 2
  "$GG_PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" -tA "$@"
}
