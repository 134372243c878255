#!/usr/bin/env bash
# Measures persona-emulator's sustained create rate: release build, a huge rate limit, port 0,
# then wrk with 32 keep-alive connections POSTing unique creates for BENCH_DURATION seconds.
# Run from anywhere; builds the package this script lives in (or PACKAGE_DIR when set).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
PACKAGE_DIR="${PACKAGE_DIR:-$(cd "$SCRIPT_DIR/.." && pwd)}"
DURATION="${BENCH_DURATION:-10}"
CONNECTIONS=32
THREADS="${BENCH_THREADS:-2}"

if ! command -v wrk >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing wrk with apt-get" >&2
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "error: wrk is not installed and apt-get is not usable; install wrk and rerun" >&2
    exit 1
  fi
fi

echo "building persona-emulator (release) in $PACKAGE_DIR" >&2
(cd "$PACKAGE_DIR" && swift build -c release --product persona-emulator >&2)
BIN="$(cd "$PACKAGE_DIR" && swift build -c release --show-bin-path)/persona-emulator"

WORK="$(mktemp -d)"
EMULATOR_PID=""
cleanup() {
  if [ -n "$EMULATOR_PID" ] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
    kill -TERM "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN" --port 0 --port-file "$WORK/port" --rate-limit 1000000000/1s --log-level warning \
  >"$WORK/stdout" 2>"$WORK/stderr" &
EMULATOR_PID=$!
for _ in $(seq 1 300); do
  [ -s "$WORK/port" ] && break
  kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$WORK/stderr" >&2; echo "error: emulator exited" >&2; exit 1; }
  sleep 0.1
done
[ -s "$WORK/port" ] || { echo "error: emulator did not write its port within 30 s" >&2; exit 1; }
PORT="$(tr -d '[:space:]' <"$WORK/port")"
URL="http://127.0.0.1:$PORT"

wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$SCRIPT_DIR/bench/create.lua" "$URL" | tee "$WORK/wrk.txt" >&2

STATS="$(curl -sf "$URL/__emulator/stats")"
CREATED="$(grep -o '"inquiries-created":[0-9]*' <<<"$STATS" | cut -d: -f2)"
RESPONSES="$(grep -o '"responses":{[^}]*}' <<<"$STATS" | sed 's/"responses"://')"
TOTAL="$(grep -o '"requests":[0-9]*' <<<"$STATS" | cut -d: -f2)"
CREATED_201="$(grep -o '"201":[0-9]*' <<<"$RESPONSES" | cut -d: -f2 || true)"
RATE="$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$WORK/wrk.txt")"

echo "emulator: $RATE creates/s ($CONNECTIONS connections, ${DURATION}s)"
echo "stats: inquiries-created $CREATED of $TOTAL requests, responses $RESPONSES"
if [ "${CREATED_201:-0}" = "$TOTAL" ] && [ "$CREATED" = "$TOTAL" ]; then
  echo "all $TOTAL responses were 201"
else
  echo "warning: not every response was a 201 (see responses above)"
  exit 1
fi
