#!/usr/bin/env bash
# Run a command with throwaway Redis and PostgreSQL servers on random loopback ports:
#
#   scripts/test-services.sh npm test          # what .ci/run does (with JICENG_REQUIRE_SERVICES=1)
#   scripts/test-services.sh npx vitest run test/fleet
#
# Installs redis-server and postgresql with apt when missing (as root), starts both in a
# temporary folder, exports REDIS_URL, DATABASE_URL and JICENG_REDIS_SERVER (the binary, for
# tests that start and stop a Redis of their own) to the command, and stops both by pid when
# the command ends, whatever happens (trap EXIT). PostgreSQL refuses to run as root: as root
# it runs as the `postgres` user (runuser) from a folder that user owns.
set -euo pipefail

log() { printf 'test-services: %s\n' "$*" >&2; }

pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return 0; }
  return 1
}

if ! command -v redis-server >/dev/null 2>&1 || ! pg_bin >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "installing redis-server and postgresql with apt"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql >/dev/null
  else
    log "redis-server or postgresql missing and cannot install them (not root or no apt)"; exit 1
  fi
fi
PG_BIN="$(pg_bin)"
REDIS_SERVER="$(command -v redis-server)"

# a free loopback port, from the kernel
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

TMP="$(mktemp -d -t jiceng-services-XXXXXX)"
REDIS_PID=""
PG_DATA="$TMP/pg"
PG_STARTED=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  local rc=$?
  if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
    kill "$REDIS_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$REDIS_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_STARTED" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    local pg_pid
    pg_pid="$(head -1 "$PG_DATA/postmaster.pid")"
    kill -INT "$pg_pid" 2>/dev/null || true   # PostgreSQL's "fast shutdown"
    for _ in $(seq 100); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pg_pid" 2>/dev/null || true
  fi
  rm -rf "$TMP"
  log "stopped Redis and PostgreSQL"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

REDIS_PORT="$(free_port)"
"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$TMP" --logfile "$TMP/redis.log" &
REDIS_PID=$!

PG_PORT="$(free_port)"
if [ "$(id -u)" = 0 ]; then chown postgres "$TMP"; fi
chmod 755 "$TMP"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log" >&2; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$TMP/pg.log" -w -t 30 \
  -o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null || { cat "$TMP/pg.log" >&2; exit 1; }
PG_STARTED=1

for _ in $(seq 100); do
  if "$(dirname "$REDIS_SERVER")/redis-cli" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; then break; fi
  sleep 0.1
done

export REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export JICENG_REDIS_SERVER="$REDIS_SERVER"
log "Redis on $REDIS_URL (pid $REDIS_PID), PostgreSQL on 127.0.0.1:$PG_PORT"
"$@"
