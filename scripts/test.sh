#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test.
# Usage: scripts/test.sh [extra `swift test` arguments, e.g. --filter CSV]
#        scripts/test.sh --sanitize thread    the concurrent code under ThreadSanitizer (pipeline,
#                                             client, ledger, emulator), after a planted race
#                                             that it must report
#        scripts/test.sh --sanitize address   the readers, mapping, JSON and schema under AddressSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

if [ "${1:-}" = "--sanitize" ]; then
    kind="${2:-}"
    case "$kind" in
        thread) suites="ImportPipelineTests|ImportProtocolTests|PersonaClientTests|ImportCoreTests|ImportLedgerTests|PersonaEmulatorTests" ;;
        address) suites="InputReadersTests|RecordMappingTests|JSONTests|JSONSchemaTests|FuzzTargetsTests" ;;
        *) die "--sanitize takes thread or address" ;;
    esac
    ensure_swift
    ensure_system_packages
    scratch=".build-$kind"
    say "building with -sanitize=$kind into $scratch"
    swift build --build-tests --sanitize="$kind" --scratch-path "$scratch"
    if [ "$kind" = thread ]; then
        say "the planted race: ThreadSanitizer must report it"
        # TSan drops a race whose earlier access has left its history (see the canary), so the
        # canary plays twenty short rounds, and a silent run is tried again: three silent runs
        # mean the sanitizer is not working.
        caught=no
        for try in 1 2 3; do
            PERSONA_IMPORT_SANITIZER_CANARY=1 swift test --skip-build --sanitize=thread --scratch-path "$scratch" \
                --filter SanitizerCanaryTests >"$scratch/canary.log" 2>&1 || true
            if grep -q "WARNING: ThreadSanitizer" "$scratch/canary.log"; then caught=yes; break; fi
        done
        [ "$caught" = yes ] || die "ThreadSanitizer did not report the planted race in 3 runs: a silent run would prove nothing"
    fi
    say "running $suites under the $kind sanitizer"
    export LSAN_OPTIONS="suppressions=$(pwd)/scripts/lsan.supp"
    exec swift test --skip-build --sanitize="$kind" --scratch-path "$scratch" --no-parallel --filter "$suites"
fi

ensure_swift
# python3 runs the chaos test; chromium renders the HTML report; script (util-linux) gives the
# progress-line test a terminal; sqlite3 is used by the demo.
ensure_system_packages python3 chromium script sqlite3
# The PostgreSQL ledger's tests need a server: a throwaway cluster, removed when this script exits.
start_test_postgres || say "PostgreSQL is not available: the PostgreSQL ledger tests are skipped"
say "checking that every import is declared in Package.swift"
python3 scripts/check-imports.py
say "building (debug, warnings as errors)"
swift build --build-tests -Xswiftc -warnings-as-errors
say "running the tests"
# One test at a time: many of them start real processes (emulator, importer, Chromium,
# PostgreSQL clients), and side by side on a 2-core machine they starve each other's deadlines.
swift test --skip-build --no-parallel "$@"
if [ $# -eq 0 ] && [ -n "${PERSONA_IMPORT_TEST_POSTGRES_CTL:-}" ]; then
    # These stop and restart the server under the ledger, so they run alone, after the others.
    say "restarting PostgreSQL under the ledger"
    PERSONA_IMPORT_TEST_POSTGRES_DISRUPT=1 swift test --skip-build --no-parallel --filter "PostgresRestartTests|PostgresRestartRunTests"
fi
