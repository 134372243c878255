#!/usr/bin/env bash
# Benchmarks that print figures (never timed tests: machines are shared and noisy; compare the
# ratios within one run).
#
#   scripts/bench.sh            everything: readers, read+map+validate, Python references, emulator
#   scripts/bench.sh readers    only the read stage
#   scripts/bench.sh validate   only read → map → validate
#   scripts/bench.sh emulator   only the emulator: its create rate, and its peak memory after 1M creates
#   scripts/bench.sh import     only the import run: pacing, throughput, memory (bench-import.sh)
#
# Data: bench-data/ (git-ignored), generated once by scripts/generate-customers.py:
# 100k and 1M customer rows as CSV (~140 MB for 1M) and XML (~500 MB for 1M).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

what="${1:-all}"
ensure_swift
ensure_system_packages

say "building release binaries"
swift build -c release --product persona-bench
swift build -c release --product persona-import
swift build -c release --product persona-emulator
bin="$(swift build -c release --show-bin-path)"

data=bench-data
mkdir -p "$data"
generate() { # ROWS FORMAT FILE
    [ -s "$3" ] && return 0
    say "generating $3 ($1 rows)"
    python3 scripts/generate-customers.py "$1" --format "$2" --out "$3"
}

if [ "$what" = all ] || [ "$what" = readers ] || [ "$what" = validate ]; then
    generate 100000 csv "$data/customers-100k.csv"
    generate 1000000 csv "$data/customers-1m.csv"
fi
if [ "$what" = all ] || [ "$what" = readers ]; then
    generate 100000 xml "$data/customers-100k.xml"
    generate 1000000 xml "$data/customers-1m.xml"
fi

if [ "$what" = all ] || [ "$what" = readers ]; then
    say "read stage (each line is its own process, so peak_rss_mb is per case)"
    for file in customers-100k.csv customers-1m.csv customers-100k.xml customers-1m.xml; do
        "$bin/persona-bench" read "$data/$file"
    done
    say "encodings and compression: the same 1M rows as Windows-1252 (--encoding), UTF-16 (by its BOM) and gzip; MB/s of the file as stored"
    [ -s "$data/customers-1m.cp1252.csv" ] || python3 -c 'import sys; open(sys.argv[2], "wb").write(open(sys.argv[1], encoding="utf-8").read().encode("cp1252", "replace"))' "$data/customers-1m.csv" "$data/customers-1m.cp1252.csv"
    [ -s "$data/customers-1m.utf16.csv" ] || python3 -c 'import sys; open(sys.argv[2], "wb").write(open(sys.argv[1], encoding="utf-8").read().encode("utf-16"))' "$data/customers-1m.csv" "$data/customers-1m.utf16.csv"
    [ -s "$data/customers-1m.csv.gz" ] || gzip -c "$data/customers-1m.csv" > "$data/customers-1m.csv.gz"
    "$bin/persona-bench" read "$data/customers-1m.csv" csv
    "$bin/persona-bench" read "$data/customers-1m.cp1252.csv" csv windows-1252
    "$bin/persona-bench" read "$data/customers-1m.utf16.csv" csv
    "$bin/persona-bench" read "$data/customers-1m.csv.gz" csv
    say "Python references on the same 1M-row files"
    python3 scripts/bench/python_reference.py csv "$data/customers-1m.csv"
    python3 scripts/bench/python_reference.py xml "$data/customers-1m.xml"
fi

if [ "$what" = all ] || [ "$what" = validate ]; then
    say "read → map → validate with samples/customers.mapping.yaml and the default schema"
    "$bin/persona-bench" validate "$data/customers-100k.csv" samples/customers.mapping.yaml 2
    "$bin/persona-bench" validate "$data/customers-1m.csv" samples/customers.mapping.yaml 1
    "$bin/persona-bench" validate "$data/customers-1m.csv" samples/customers.mapping.yaml 2
    say "Python reference: csv.DictReader + jsonschema Draft202012Validator (format checks), first 100k rows"
    if python3 -c 'import jsonschema' 2>/dev/null || pip install -q jsonschema >/dev/null 2>&1; then
        python3 scripts/bench/python_reference.py validate "$data/customers-1m.csv" schemas/inquiry-fields.schema.json 100000
    else
        echo "skipped: Python's jsonschema is not installed and pip could not install it"
    fi
fi

if [ "$what" = all ] || [ "$what" = emulator ]; then
    bash scripts/bench-emulator.sh
    say "a full-size rehearsal: the emulator's peak memory after 1,000,000 creates"
    bash scripts/bench-emulator.sh memory
fi

if [ "$what" = all ] || [ "$what" = import ]; then
    bash scripts/bench-import.sh all
fi
