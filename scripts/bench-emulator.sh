#!/usr/bin/env bash
# Measures persona-emulator's sustained create rate: release build, a huge rate limit, port 0,
# then wrk with 32 keep-alive connections POSTing unique creates for BENCH_DURATION seconds.
# Run from anywhere; builds the package this script lives in (or PACKAGE_DIR when set).
#
#   scripts/bench-emulator.sh           the create rate (BENCH_DURATION seconds, default 10)
#   scripts/bench-emulator.sh memory    a full-size rehearsal: BENCH_CREATES creates (default
#                                       1,000,000), then the emulator's peak RSS and creates/s
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

rehearsal() { # EMULATOR LABEL: creates BENCH_CREATES inquiries with wrk, then prints the emulator's peak RSS
  local emulator=$1 label=$2 creates="${BENCH_CREATES:-1000000}"
  rm -f "$WORK/port"
  "$emulator" --port 0 --port-file "$WORK/port" --rate-limit 1000000000/1s --log-level warning \
    >"$WORK/stdout" 2>"$WORK/stderr" &
  EMULATOR_PID=$!
  for _ in $(seq 1 300); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { echo "error: emulator did not write its port within 30 s" >&2; exit 1; }
  local url="http://127.0.0.1:$(tr -d '[:space:]' <"$WORK/port")"
  local start created=0 next_mark=$((creates / 4))
  start=$(date +%s.%N)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3600s -s "$SCRIPT_DIR/bench/create.lua" "$url" >"$WORK/wrk.txt" 2>&1 &
  local wrk_pid=$!
  while [ "$created" -lt "$creates" ]; do
    sleep 0.5
    kill -0 "$wrk_pid" 2>/dev/null || { cat "$WORK/wrk.txt" >&2; echo "error: wrk exited early" >&2; exit 1; }
    created="$(curl -sf "$url/__emulator/stats" | grep -o '"inquiries-created":[0-9]*' | cut -d: -f2)"
    if [ "$created" -ge "$next_mark" ] && [ "$created" -lt "$creates" ]; then
      echo "  $created creates after $(awk -v now="$(date +%s.%N)" -v start="$start" 'BEGIN { printf "%.1f", now - start }') s, RSS $(awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$EMULATOR_PID/status") MB"
      next_mark=$((next_mark + creates / 4))
    fi
  done
  kill "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
  local elapsed peak
  elapsed=$(awk -v now="$(date +%s.%N)" -v start="$start" 'BEGIN { printf "%.1f", now - start }')
  peak=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$EMULATOR_PID/status")
  kill -TERM "$EMULATOR_PID" 2>/dev/null || true
  wait "$EMULATOR_PID" 2>/dev/null || true
  EMULATOR_PID=""
  echo "emulator rehearsal$label: $created creates in $elapsed s ($(awk -v n="$created" -v s="$elapsed" 'BEGIN { printf "%d", n / s }') creates/s, 32 connections), peak RSS $peak MB"
}

BASELINE="${PERSONA_BENCH_BASELINE:-}"
if [ "${1:-rate}" = memory ]; then
  if [ -n "$BASELINE" ]; then
    [ -x "$BASELINE/persona-emulator" ] || { echo "error: PERSONA_BENCH_BASELINE: no persona-emulator in $BASELINE" >&2; exit 1; }
    rehearsal "$BASELINE/persona-emulator" " (baseline)"
  fi
  rehearsal "$BIN" ""
elif [ -n "$BASELINE" ]; then
  [ -x "$BASELINE/persona-emulator" ] || { echo "error: PERSONA_BENCH_BASELINE: no persona-emulator in $BASELINE" >&2; exit 1; }
  for round in 1 2 3; do
    measure "$BASELINE/persona-emulator" " (baseline, round $round)"
    measure "$BIN" " (this build, round $round)"
  done
else
  measure "$BIN" ""
fi
