#!/usr/bin/env bash
# The import run against persona-emulator (release builds), one line of figures per case:
#   pacing      3,000 rows at --rate-limit 100/2s: creates as a share of the allowed rate, 429s
#               as a share of requests; then --headroom 20 while another client spends 20%
#   throughput  50,000 rows, no rate limit, --concurrency 16 and 64: inquiries/s end to end and
#               the importer's CPU seconds per 1,000 inquiries
#   memory      peak RSS: 1,000,000 rows --dry-run, and 200,000 rows sent with no rate limit
#   resume      1,000,000 rows sent with no rate limit, then the same command again: the time
#               until it reports nothing left to do
#   postgres    the ledger in PostgreSQL (a throwaway cluster): 50,000 rows at concurrency 16
#               beside the same with SQLite, and the resume of a finished 1,000,000-row job
#
#   scripts/bench-import.sh [pacing|throughput|memory|resume|postgres|all]
#
# PERSONA_BENCH_BASELINE=DIR (a folder with an earlier release build's persona-import) makes
# `throughput` alternate that importer with this one, three rounds against this emulator, so the
# two are compared within one run on a shared machine (a ratio, not two figures from two days).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

what="${1:-all}"
bin="$(swift build -c release --show-bin-path)"
mapping=samples/customers.mapping.yaml
key="persona_sandbox_00000000-0000-4000-8000-000000000000" # the emulator's built-in sandbox key
export PERSONA_API_KEY="$key"
data=bench-data
work="$(mktemp -d)"
emulator_pid=""
stop_emulator() {
    if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
    emulator_pid=""
}
on_exit 'stop_emulator; rm -rf "$work"'

start_emulator() { # EMULATOR OPTIONS...
    stop_emulator
    rm -f "$work/port"
    "$bin/persona-emulator" --port 0 --port-file "$work/port" --log-level warning "$@" >/dev/null 2>"$work/emulator.err" &
    emulator_pid=$!
    for _ in $(seq 1 300); do [ -s "$work/port" ] && break; sleep 0.1; done
    [ -s "$work/port" ] || die "the emulator did not start: $(cat "$work/emulator.err")"
    base="http://127.0.0.1:$(tr -d '[:space:]' <"$work/port")/api/v1"
}

stat_of() { # NAME: a number from the emulator's stats
    curl -sf "${base%/api/v1}/__emulator/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

run_import() { # FILE OPTIONS...: runs the importer with a fresh ledger; prints measure.py's JSON
    local file="$1"; shift
    rm -f "$file.ledger.sqlite"* "$file.rejects.csv"
    python3 scripts/bench/measure.py "${importer:-$bin}/persona-import" run "$file" --mapping "$mapping" --api-base "$base" "$@" \
        2>"$work/import.out"
}

json() { python3 -c "import json,sys; print(json.loads(sys.argv[1])['$2'])" "$1"; }

mkdir -p "$data"
if [ "$what" = all ] || [ "$what" = pacing ]; then
    [ -s "$data/customers-3k.csv" ] || python3 scripts/generate-customers.py 3000 --format csv --out "$data/customers-3k.csv"
    for headroom in 0 20; do
        start_emulator --rate-limit 100/2s
        other_pid=""
        if [ "$headroom" != 0 ]; then
            python3 scripts/bench/other_client.py "$base" "$key" 10 3600 & other_pid=$!
        fi
        result="$(run_import "$data/customers-3k.csv" --headroom "$headroom")"
        [ -n "$other_pid" ] && kill "$other_pid" 2>/dev/null
        created="$(stat_of inquiries-created)"; limited="$(stat_of rate-limited)"; requests="$(stat_of requests)"
        python3 - "$result" "$created" "$limited" "$requests" "$headroom" <<'PY'
import json, math, sys
result, created, limited, requests, headroom = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
wall = result["wall_s"]
share_per_window = 100 * (100 - headroom) / 100
windows = math.ceil(wall / 2)
print(f"pacing: 3000 rows at 100/2s, headroom {headroom}%{' with another client at 10/s' if headroom else ''}: "
      f"{created} created in {wall:.1f} s = {created / wall:.1f}/s; allowed {share_per_window / 2:.0f}/s; "
      f"creates / allowed in the {windows} windows touched = {100 * created / (share_per_window * windows):.1f}%; "
      f"429s {limited} of {requests} requests ({100 * limited / max(1, requests):.2f}%), exit {result['exit']}")
PY
        stop_emulator
    done
fi

if [ "$what" = all ] || [ "$what" = throughput ]; then
    [ -s "$data/customers-50k.csv" ] || python3 scripts/generate-customers.py 50000 --format csv --out "$data/customers-50k.csv"
    importers=("$bin") rounds=1
    if [ -n "${PERSONA_BENCH_BASELINE:-}" ]; then
        [ -x "$PERSONA_BENCH_BASELINE/persona-import" ] || die "PERSONA_BENCH_BASELINE: no persona-import in $PERSONA_BENCH_BASELINE"
        importers=("$PERSONA_BENCH_BASELINE" "$bin") rounds=3
    fi
    for round in $(seq 1 "$rounds"); do
        for concurrency in 16 64; do
            for importer in "${importers[@]}"; do
                start_emulator --rate-limit 1000000000/1s
                result="$(run_import "$data/customers-50k.csv" --concurrency "$concurrency" --rate-limit 10000000/1s)"
                created="$(stat_of inquiries-created)"
                label=""
                [ "$rounds" -eq 1 ] || label=" ($([ "$importer" = "$bin" ] && echo this build || echo baseline), round $round)"
                python3 - "$result" "$created" "$concurrency" "$label" <<'PY'
import json, sys
result, created, concurrency, label = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f"throughput{label}: 50000 rows, concurrency {concurrency}, no rate limit: {created} created in {result['wall_s']:.1f} s = "
      f"{created / result['wall_s']:.0f} inquiries/s end to end; importer CPU {1000 * result['cpu_s'] / max(1, created):.3f} s "
      f"per 1,000 inquiries; peak RSS {result['peak_rss_mb']} MB; exit {result['exit']}")
PY
                stop_emulator
            done
        done
    done
    importer=""
fi

if [ "$what" = all ] || [ "$what" = memory ]; then
    [ -s "$data/customers-1m.csv" ] || python3 scripts/generate-customers.py 1000000 --format csv --out "$data/customers-1m.csv"
    [ -s "$data/customers-200k.csv" ] || python3 scripts/generate-customers.py 200000 --format csv --out "$data/customers-200k.csv"
    start_emulator --rate-limit 1000000000/1s
    result="$(run_import "$data/customers-1m.csv" --dry-run)"
    echo "memory: 1000000 rows --dry-run: peak RSS $(json "$result" peak_rss_mb) MB in $(json "$result" wall_s) s, exit $(json "$result" exit)"
    result="$(run_import "$data/customers-200k.csv" --concurrency 16 --rate-limit 10000000/1s)"
    echo "memory: 200000 rows sent, no rate limit: peak RSS $(json "$result" peak_rss_mb) MB in $(json "$result" wall_s) s," \
        "$(stat_of inquiries-created) created, exit $(json "$result" exit)"
    stop_emulator
fi

if [ "$what" = all ] || [ "$what" = resume ]; then
    [ -s "$data/customers-1m.csv" ] || python3 scripts/generate-customers.py 1000000 --format csv --out "$data/customers-1m.csv"
    start_emulator --rate-limit 1000000000/1s
    result="$(run_import "$data/customers-1m.csv" --concurrency 64 --rate-limit 10000000/1s)"
    created="$(stat_of inquiries-created)"
    echo "resume: first run of 1000000 rows: $created created in $(json "$result" wall_s) s" \
        "($(python3 -c "print(round($created / $(json "$result" wall_s)))") inquiries/s), peak RSS $(json "$result" peak_rss_mb) MB, exit $(json "$result" exit)"
    before="$(stat_of requests)"
    result="$(python3 scripts/bench/measure.py "$bin/persona-import" run "$data/customers-1m.csv" --mapping "$mapping" \
        --api-base "$base" 2>"$work/import.out")"
    echo "resume: the same command again: $(json "$result" wall_s) s until it reported: $(head -c 120 "$work/import.out" | head -1)"
    echo "resume: requests sent by the second run: $(( $(stat_of requests) - before ))"
    stop_emulator
fi

if [ "$what" = all ] || [ "$what" = postgres ]; then
    start_test_postgres || die "could not start PostgreSQL for the benchmark"
    [ -s "$data/customers-50k.csv" ] || python3 scripts/generate-customers.py 50000 --format csv --out "$data/customers-50k.csv"
    [ -s "$data/customers-1m.csv" ] || python3 scripts/generate-customers.py 1000000 --format csv --out "$data/customers-1m.csv"
    for ledger in sqlite postgres; do
        start_emulator --rate-limit 1000000000/1s
        options=()
        [ "$ledger" = postgres ] && options=(--ledger "$PERSONA_IMPORT_TEST_POSTGRES_URL" --ledger-schema "bench_$$_50k")
        result="$(run_import "$data/customers-50k.csv" --concurrency 16 --rate-limit 10000000/1s "${options[@]}")"
        created="$(stat_of inquiries-created)"
        echo "postgres: 50000 rows, concurrency 16, ledger $ledger: $created created in $(json "$result" wall_s) s =" \
            "$(python3 -c "print(round($created / $(json "$result" wall_s)))") inquiries/s, importer CPU $(json "$result" cpu_s) s, exit $(json "$result" exit)"
        stop_emulator
    done
    start_emulator --rate-limit 1000000000/1s
    schema="bench_$$_1m"
    result="$(run_import "$data/customers-1m.csv" --concurrency 64 --rate-limit 10000000/1s \
        --ledger "$PERSONA_IMPORT_TEST_POSTGRES_URL" --ledger-schema "$schema")"
    echo "postgres: first run of 1000000 rows: $(stat_of inquiries-created) created in $(json "$result" wall_s) s, exit $(json "$result" exit)"
    result="$(python3 scripts/bench/measure.py "$bin/persona-import" run "$data/customers-1m.csv" --mapping "$mapping" \
        --api-base "$base" --ledger "$PERSONA_IMPORT_TEST_POSTGRES_URL" --ledger-schema "$schema" 2>"$work/import.out")"
    echo "postgres: the same command again: $(json "$result" wall_s) s until it reported: $(head -1 "$work/import.out")"
    stop_emulator
fi
