#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster (the newest version Debian installed) for the store tests
# and print its URL.
#
#   export MARSAD_TEST_PG="$(scripts/start-test-postgres.sh)"
#
# Usage: start-test-postgres.sh [DIR] [PORT]   (defaults: /tmp/marsad-pg, 5433)
#        start-test-postgres.sh --stop [DIR]   stops that cluster (its files stay for the next start)
# Installs the Debian package when initdb is missing (needs root and apt). initdb refuses to run
# as root, so the cluster belongs to the `postgres` user; trust auth on 127.0.0.1 only.
set -euo pipefail
# Debian installs each major version under /usr/lib/postgresql/N (15 on bookworm, 17 on trixie).
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
BIN="$(pg_bin)"
STOP=0
if [ "${1:-}" = "--stop" ]; then STOP=1; shift; fi
DIR="${1:-/tmp/marsad-pg}"
PORT="${2:-5433}"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
  BIN="$(pg_bin)"
fi
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(su postgres -c); fi
run() { if [ ${#RUN_AS[@]} -gt 0 ]; then "${RUN_AS[@]}" "$1"; else bash -c "$1"; fi; }
if [ "$STOP" = 1 ]; then
  run "$BIN/pg_ctl -D $DIR -m fast stop" >&2 || true
  exit 0
fi
if ! [ -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
  run "$BIN/initdb -D $DIR -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >&2
fi
if ! run "$BIN/pg_ctl -D $DIR status" >/dev/null 2>&1; then
  run "$BIN/pg_ctl -D $DIR -l $DIR/log -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1' -w start" >&2
fi
run "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='marsad_test'\"" \
  | grep -q 1 || run "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres marsad_test" >&2
echo "postgresql://postgres@127.0.0.1:$PORT/marsad_test"
