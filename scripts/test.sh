#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL and a real Redis.
#
# Uses DATABASE_URL / REDIS_URL when set; otherwise the local services on their usual ports
# when they answer; otherwise starts throwaway ones under var/test-services (installing the
# Debian packages postgresql and redis-server first when missing, which needs root).
# Extra arguments go to pytest:  scripts/test.sh tests/referrals -k accept
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${BIN:-$ROOT/.venv/bin}
SERVICES=$ROOT/var/test-services

port_open() { "$BIN/python" - "$1" "$2" <<'PY'
import socket, sys
try:
    socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
except OSError:
    sys.exit(1)
PY
}

free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    echo "Need the Debian package(s) $* but am not root: install them, or set DATABASE_URL/REDIS_URL." >&2
    exit 1
  fi
  if [ ! -f "$SERVICES/.apt-updated" ]; then apt-get update -qq; mkdir -p "$SERVICES"; touch "$SERVICES/.apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

start_postgres() {
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$pgbin" ]; then apt_install postgresql; pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
  local dir=$SERVICES/postgres port
  port=$(free_port)
  rm -rf "$dir"; mkdir -p "$dir"
  local runas=()
  if [ "$(id -u)" = "0" ]; then id postgres >/dev/null 2>&1 || useradd -r postgres; chown -R postgres "$dir"; runas=(runuser -u postgres --); fi
  "${runas[@]}" "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust >/dev/null
  "${runas[@]}" "$pgbin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" -l "$dir/log" -w start >/dev/null
  PG_STOP=("${runas[@]}" "$pgbin/pg_ctl" -D "$dir/data" -m fast stop)
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/thriving"
  echo "Started a throwaway PostgreSQL on port $port"
}

REDIS_PID=""
PG_STOP=()
cleanup() {
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null || true; fi
  if [ ${#PG_STOP[@]} -gt 0 ]; then "${PG_STOP[@]}" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

start_redis() {
  command -v redis-server >/dev/null || apt_install redis-server
  local port
  port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >/dev/null &
  REDIS_PID=$!
  for _ in $(seq 50); do port_open 127.0.0.1 "$port" && break; sleep 0.1; done
  export REDIS_URL="redis://127.0.0.1:$port/15"
  echo "Started a throwaway Redis on port $port"
}

if [ -z "${DATABASE_URL:-}" ]; then
  if port_open 127.0.0.1 5432; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/thriving"
  else
    start_postgres
  fi
fi
if [ -z "${REDIS_URL:-}" ]; then
  if port_open 127.0.0.1 6379; then
    export REDIS_URL="redis://127.0.0.1:6379/15"
  else
    start_redis
  fi
fi

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
if [ ! -x /usr/bin/chromium ] && [ "${SKIP_BROWSER_INSTALL:-}" != "1" ]; then
  apt_install chromium
fi

echo "Testing against PostgreSQL at ${DATABASE_URL##*@} and Redis at ${REDIS_URL##*@}"
"$BIN/python" -m pytest "$@"
