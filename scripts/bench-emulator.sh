#!/usr/bin/env bash
# Measures persona-emulator's sustained create rate: release build, a huge rate limit, port 0,
# then wrk with 32 keep-alive connections POSTing unique creates for BENCH_DURATION seconds.
# Run from anywhere; builds the package this script lives in (or PACKAGE_DIR when set).
# PERSONA_BENCH_BASELINE=DIR (a folder with an earlier release build's persona-emulator)
# alternates that emulator with this one, three rounds, for a ratio within one run.
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

measure() { # EMULATOR LABEL: one wrk run against a fresh emulator; fails unless every answer is a 201
  local emulator=$1 label=$2
  rm -f "$WORK/port"
  "$emulator" --port 0 --port-file "$WORK/port" --rate-limit 1000000000/1s --log-level warning \
    >"$WORK/stdout" 2>"$WORK/stderr" &
  EMULATOR_PID=$!
  for _ in $(seq 1 300); do
    [ -s "$WORK/port" ] && break
    kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$WORK/stderr" >&2; echo "error: emulator exited" >&2; exit 1; }
    sleep 0.1
  done
  [ -s "$WORK/port" ] || { echo "error: emulator did not write its port within 30 s" >&2; exit 1; }
  local url="http://127.0.0.1:$(tr -d '[:space:]' <"$WORK/port")"

  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$SCRIPT_DIR/bench/create.lua" "$url" >"$WORK/wrk.txt"
  [ -n "$BASELINE" ] || cat "$WORK/wrk.txt" >&2

  local stats created responses total created_201 rate
  stats="$(curl -sf "$url/__emulator/stats")"
  created="$(grep -o '"inquiries-created":[0-9]*' <<<"$stats" | cut -d: -f2)"
  responses="$(grep -o '"responses":{[^}]*}' <<<"$stats" | sed 's/"responses"://')"
  total="$(grep -o '"requests":[0-9]*' <<<"$stats" | cut -d: -f2)"
  created_201="$(grep -o '"201":[0-9]*' <<<"$responses" | cut -d: -f2 || true)"
  rate="$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$WORK/wrk.txt")"
  kill -TERM "$EMULATOR_PID" 2>/dev/null || true
  wait "$EMULATOR_PID" 2>/dev/null || true
  EMULATOR_PID=""

  echo "emulator$label: $rate creates/s ($CONNECTIONS connections, ${DURATION}s)"
  echo "stats: inquiries-created $created of $total requests, responses $responses"
  if [ "${created_201:-0}" = "$total" ] && [ "$created" = "$total" ]; then
    echo "all $total responses were 201"
  else
    echo "warning: not every response was a 201 (see responses above)"
    exit 1
  fi
}

BASELINE="${PERSONA_BENCH_BASELINE:-}"
if [ -n "$BASELINE" ]; then
  [ -x "$BASELINE/persona-emulator" ] || { echo "error: PERSONA_BENCH_BASELINE: no persona-emulator in $BASELINE" >&2; exit 1; }
  for round in 1 2 3; do
    measure "$BASELINE/persona-emulator" " (baseline, round $round)"
    measure "$BIN" " (this build, round $round)"
  done
else
  measure "$BIN" ""
fi
