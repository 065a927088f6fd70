#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster (the newest version installed) for the store tests and
# print its URL. Exits non-zero with a message on stderr when it cannot: never a silent skip.
#
#   export MARSAD_TEST_PG="$(scripts/start-test-postgres.sh)"
#
# Usage: start-test-postgres.sh [DIR] [PORT]   (defaults: /tmp/marsad-pg, 5433)
#        start-test-postgres.sh --stop [DIR]   stops that cluster (its files stay for the next start)
# Installs Debian's `postgresql` package when no server binaries are found (needs root and apt).
# initdb refuses to run as root, so the cluster then belongs to the `postgres` user; trust auth on
# 127.0.0.1 only.
set -euo pipefail
die() {
  echo "start-test-postgres.sh: $*" >&2
  exit 1
}

# Debian installs each major version under /usr/lib/postgresql/N/bin (15 on bookworm, 17 on
# trixie, several side by side after an upgrade): take the newest (version order, so 9 < 15).
# Elsewhere initdb may be on PATH. Prints nothing when there is none.
pg_bin() {
  local newest
  newest="$({ compgen -G '/usr/lib/postgresql/*/bin/initdb' || true; } | sort -V | tail -n 1)"
  if [ -n "$newest" ]; then
    dirname "$newest"
  elif command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
  fi
}

STOP=0
if [ "${1:-}" = "--stop" ]; then STOP=1; shift; fi
DIR="${1:-/tmp/marsad-pg}"
PORT="${2:-5433}"
BIN="$(pg_bin)"

if [ "$STOP" = 1 ]; then
  [ -n "$BIN" ] || exit 0 # no server installed, so none running
fi

if [ -z "$BIN" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    die "no PostgreSQL server binaries (looked in /usr/lib/postgresql/*/bin and PATH) and cannot install them: needs root and apt-get (or install a PostgreSQL server)"
  fi
  echo "start-test-postgres.sh: installing Debian's postgresql package" >&2
  apt-get update -qq >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2 \
    || die "apt-get install postgresql failed"
  BIN="$(pg_bin)"
  [ -n "$BIN" ] || die "postgresql installed but no initdb under /usr/lib/postgresql/*/bin"
fi
for tool in initdb pg_ctl psql createdb; do
  [ -x "$BIN/$tool" ] || die "$BIN/$tool is missing (is the PostgreSQL client installed?)"
done

RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no 'postgres' user to own the cluster"
  RUN_AS=(su postgres -c)
fi
run() { if [ ${#RUN_AS[@]} -gt 0 ]; then "${RUN_AS[@]}" "$1"; else bash -c "$1"; fi; }

if [ "$STOP" = 1 ]; then
  run "$BIN/pg_ctl -D $DIR -m fast stop" >&2 || true
  exit 0
fi

if [ -f "$DIR/PG_VERSION" ] && [ "$(cat "$DIR/PG_VERSION")" != "$("$BIN/pg_ctl" --version | sed -E 's/.* ([0-9]+).*/\1/')" ]; then
  # A cluster left by another major version (the machine was upgraded): it is throwaway, start anew.
  echo "start-test-postgres.sh: $DIR was made by PostgreSQL $(cat "$DIR/PG_VERSION"): recreating it" >&2
  run "$BIN/pg_ctl -D $DIR -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$DIR"
fi
if ! [ -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DIR"; fi
  run "$BIN/initdb -D $DIR -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >&2 \
    || die "initdb -D $DIR failed (output above)"
fi
if ! run "$BIN/pg_ctl -D $DIR status" >/dev/null 2>&1; then
  if ! run "$BIN/pg_ctl -D $DIR -l $DIR/log -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1' -w start" >&2; then
    tail -n 20 "$DIR/log" >&2 2>/dev/null || true
    die "the server in $DIR did not start on 127.0.0.1:$PORT (its log's end is above)"
  fi
fi
run "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -tAc 'SELECT 1'" >/dev/null \
  || die "the server in $DIR runs but does not answer on 127.0.0.1:$PORT"
if ! run "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='marsad_test'\"" | grep -q 1; then
  run "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres marsad_test" >&2 || die "createdb marsad_test failed"
fi
echo "postgresql://postgres@127.0.0.1:$PORT/marsad_test"
