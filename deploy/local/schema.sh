#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# 网格治理 GridGovernance — 重新生成 src/GridGovernance.Data/schema.sql（数据库结构的当前样子）。
#
#   bash deploy/local/schema.sh
#
# Starts a throw-away PostgreSQL 15 + PostGIS cluster, lets `gridgov schema` create a database on it, apply every migration
# and pg_dump --schema-only it (normalised: no version lines, no owners), writes schema.sql and removes the cluster. Run it
# after adding a migration; the test SchemaFileTests fails until schema.sql matches the migrations again.
set -euo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=lib/postgres.sh
source "$ROOT/deploy/local/lib/postgres.sh"
: "${DOTNET_CLI_TELEMETRY_OPTOUT:=1}" "${DOTNET_NOLOGO:=1}"
export DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_NOLOGO MSBUILDDISABLENODEREUSE=1

TMPDIR_PG=""
PGDATA=""
# shellcheck disable=SC2317  # invoked through trap
cleanup() {
  if [[ -n $PGDATA ]]; then gg_pg_stop "$PGDATA" immediate >/dev/null 2>&1 || true; fi
  if [[ -n $TMPDIR_PG && -d $TMPDIR_PG ]]; then gg_root rm -rf -- "$TMPDIR_PG" 2>/dev/null || true; fi
}
trap cleanup EXIT

gg_require_root
gg_apt_ensure postgresql-15 postgresql-15-postgis-3
gg_pg_check_binaries
command -v dotnet >/dev/null 2>&1 || gg_die "找不到 dotnet：需要 .NET 10 SDK。"

TMPDIR_PG=$(mktemp -d /var/tmp/gridgov-schema.XXXXXX)
chmod 755 -- "$TMPDIR_PG"
PGDATA="$TMPDIR_PG/pg"
gg_mkdir_postgres "$TMPDIR_PG/run" 755
gg_pg_init "$PGDATA" "$TMPDIR_PG/initdb.log"
PG_PORT=$(gg_free_port 5435) || gg_die "找不到空闲端口"
gg_pg_write_conf "$PGDATA" "listen_addresses=127.0.0.1" "port=$PG_PORT" "unix_socket_directories=$TMPDIR_PG/run" "jit=off" "fsync=off"
gg_pg_start "$PGDATA" "$TMPDIR_PG/run/postgresql.log" || gg_die "临时 PostgreSQL 集群未能启动"

GRIDGOV_PG_BINDIR=$GG_PG_BINDIR dotnet run --project "$ROOT/src/GridGovernance.Cli" -c Release -- \
  schema --connection "Host=127.0.0.1;Port=$PG_PORT;Database=postgres;Username=postgres" \
  --out "$ROOT/src/GridGovernance.Data/schema.sql" </dev/null
