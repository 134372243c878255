#!/usr/bin/env bash
# Fuzzes the parsers with libFuzzer, under AddressSanitizer.
#
#   scripts/fuzz.sh TARGET [SECONDS]   one target for SECONDS (default 60)
#   scripts/fuzz.sh all [SECONDS]      every target in turn (CI runs `all 30`)
#
# Targets: csv-reader xml-reader map-validate schema-compiler emulator-request client-response
# (Sources/FuzzTargets). Each starts from its committed seeds, Tests/FuzzTargetsTests/Corpus/TARGET,
# with the tokens of Tests/FuzzTargetsTests/Dictionaries/TARGET.dict,
# and keeps what it learns in .build-fuzz/corpus/TARGET. A crash or a broken property stops the
# target, leaves the input in .build-fuzz/artifacts/TARGET/ and fails the script; replay it with
# `swift run persona-fuzz TARGET FILE`, and once fixed commit it into the seed folder as
# crash-NAME: the test suite replays every committed input (FuzzCorpusTests).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

all_targets=(csv-reader xml-reader map-validate schema-compiler emulator-request client-response)
what="${1:-}"
seconds="${2:-60}"
case "$what" in
    all) targets=("${all_targets[@]}") ;;
    csv-reader | xml-reader | map-validate | schema-compiler | emulator-request | client-response) targets=("$what") ;;
    *) die "usage: scripts/fuzz.sh TARGET|all [SECONDS]; targets: ${all_targets[*]}" ;;
esac
[[ "$seconds" =~ ^[1-9][0-9]{0,5}$ ]] || die "SECONDS must be a whole number from 1 to 999999, not '$seconds'"

ensure_swift
ensure_system_packages
scratch=.build-fuzz
say "building persona-fuzz with -sanitize=fuzzer,address into $scratch"
# lld: gold fails on the sanitizer runtimes' symbols with this toolchain.
swift build --product persona-fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
binary="$(swift build --product persona-fuzz --scratch-path "$scratch" --show-bin-path)/persona-fuzz"

failed=()
for target in "${targets[@]}"; do
    corpus="$scratch/corpus/$target"
    artifacts="$scratch/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    log="$scratch/$target.log"
    say "fuzzing $target for ${seconds}s"
    status=0
    # No Swift backtracer: it reads the stack in ways AddressSanitizer reports as errors of its own.
    PERSONA_FUZZ_TARGET="$target" ASAN_OPTIONS="detect_leaks=0" SWIFT_BACKTRACE="enable=no" "$binary" "$corpus" "Tests/FuzzTargetsTests/Corpus/$target" \
        -dict="Tests/FuzzTargetsTests/Dictionaries/$target.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
        -artifact_prefix="$artifacts" -print_final_stats=1 >"$log" 2>&1 || status=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    coverage="$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)"
    if [ "$status" -eq 0 ]; then
        printf '%-17s %10s runs in %ss, %s coverage points, corpus %s inputs\n' \
            "$target" "${runs:-?}" "$seconds" "${coverage:-?}" "$(ls "$corpus" | wc -l)"
    else
        printf '%-17s FAILED (exit %s) after %s runs; log %s\n' "$target" "$status" "${runs:-?}" "$log"
        grep -E "Fatal error|ERROR: AddressSanitizer|ERROR: libFuzzer|SUMMARY|Test unit written" "$log" | head -5 | sed 's/^/    /'
        failed+=("$target")
    fi
done
[ ${#failed[@]} -eq 0 ] || die "fuzzing found a problem in: ${failed[*]}"
