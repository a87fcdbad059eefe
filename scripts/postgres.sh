#!/usr/bin/env bash
# A throwaway local PostgreSQL server for the tests (the PostgreSQL state store's conformance
# suite and the multi-worker test).
#
#   bash scripts/postgres.sh start   # init + start; prints `export SMARTWEB_RACKBEAT_TEST_PG=…`
#                                    # and `export SMARTWEB_RACKBEAT_TEST_PG_CA=…`
#   bash scripts/postgres.sh url     # prints the URL of the running server
#   bash scripts/postgres.sh stop    # stop and delete the data
#
# Use it as `eval "$(bash scripts/postgres.sh start)"`. Installs nothing: it needs `initdb`,
# `pg_ctl`, `psql` (on PATH or under /usr/lib/postgresql/*/bin; Debian's `postgresql` package)
# and `openssl`. Data lives in a temporary folder, the server listens on a free port on
# 127.0.0.1 only, with trust authentication (loopback only, throwaway data). As root it runs
# the server as the `postgres` user (initdb refuses root).
#
# TLS is on (`ssl = on`) with a certificate for `localhost` and `127.0.0.1` signed by a CA made
# for this server alone; SMARTWEB_RACKBEAT_TEST_PG_CA is that CA's PEM file. Plain connections
# stay allowed, except for the role `tls_only` (a superuser): pg_hba rejects it without TLS, so
# a test connecting as `tls_only` proves its connection is encrypted.
set -euo pipefail

state_file="${SMARTWEB_RACKBEAT_PG_STATE:-${TMPDIR:-/tmp}/smartweb-rackbeat-pg.state}"

find_bin() {
  local name=$1 dir
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    return
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/$name" ]; then
      echo "$dir/$name"
      return
    fi
  done
  echo "postgres.sh: $name not found; install Debian's postgresql package" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1
}

# Runs a command as the server's owner.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A CA and a server certificate signed by it, into the data folder (where the server reads
# server.crt and server.key by default). ECDSA P-256: made in milliseconds.
make_certificates() {
  local dir=$1 tls="$1/tls" data="$1/data"
  mkdir -p "$tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 30 \
    -subj "/CN=smartweb-rackbeat test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>"$tls/openssl.log" || { cat "$tls/openssl.log" >&2; exit 1; }
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
    -subj "/CN=localhost" -keyout "$data/server.key" -out "$tls/server.csr" \
    2>>"$tls/openssl.log" || { cat "$tls/openssl.log" >&2; exit 1; }
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
    -sha256 -days 30 -extfile "$tls/server.ext" -out "$data/server.crt" \
    2>>"$tls/openssl.log" || { cat "$tls/openssl.log" >&2; exit 1; }
  chmod 644 "$tls/ca.crt"
  chmod 600 "$data/server.key"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$data/server.key" "$data/server.crt"
  fi
}

# `tls_only` may not connect without TLS (pg_hba takes the first matching line).
require_tls_for_test_role() {
  local data=$1
  { echo "hostnossl all tls_only all reject"; cat "$data/pg_hba.conf"; } >"$data/pg_hba.conf.new"
  mv "$data/pg_hba.conf.new" "$data/pg_hba.conf"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$data/pg_hba.conf"
  fi
}

start() {
  if [ -f "$state_file" ]; then
    local old_dir old_pg_ctl
    old_dir=$(sed -n 1p "$state_file")
    old_pg_ctl=$(sed -n 2p "$state_file")
    if as_owner "$old_pg_ctl" -D "$old_dir/data" status >/dev/null 2>&1; then
      echo "postgres.sh: already running ($state_file); stop it first" >&2
      exit 1
    fi
    # Left over from a run that ended without stopping (its processes are gone).
    rm -rf "$old_dir" "$state_file"
  fi
  local initdb pg_ctl psql dir port url
  initdb=$(find_bin initdb)
  pg_ctl=$(find_bin pg_ctl)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/smartweb-rackbeat-pg.XXXXXX")
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    chown postgres: "$dir"
  fi
  port=$(free_port)
  psql=$(find_bin psql)
  command -v openssl >/dev/null 2>&1 || { echo "postgres.sh: openssl not found" >&2; exit 1; }
  as_owner "$initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
    --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  make_certificates "$dir"
  require_tls_for_test_role "$dir/data"
  # Sockets in the data folder (not /var/run/postgresql, which may not exist); fsync off: the
  # data is thrown away.
  as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c ssl=on" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  url="postgres://postgres@127.0.0.1:$port/postgres"
  "$psql" -q -X -v ON_ERROR_STOP=1 "$url" -c "CREATE ROLE tls_only LOGIN SUPERUSER" >/dev/null
  printf '%s\n%s\n%s\n' "$dir" "$pg_ctl" "$url" >"$state_file"
  echo "export SMARTWEB_RACKBEAT_TEST_PG=$url"
  echo "export SMARTWEB_RACKBEAT_TEST_PG_CA=$dir/tls/ca.crt"
}

stop() {
  if [ ! -f "$state_file" ]; then
    echo "postgres.sh: not started" >&2
    return 0
  fi
  local dir pg_ctl
  dir=$(sed -n 1p "$state_file")
  pg_ctl=$(sed -n 2p "$state_file")
  as_owner "$pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$state_file"
}

url() {
  [ -f "$state_file" ] || { echo "postgres.sh: not started" >&2; exit 1; }
  sed -n 3p "$state_file"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) url ;;
  *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
