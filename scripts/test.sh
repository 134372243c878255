#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test.
# Usage: scripts/test.sh [extra `swift test` arguments, e.g. --filter CSV]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_swift
# python3 runs the chaos test; chromium renders the HTML report; script (util-linux) gives the
# progress-line test a terminal; sqlite3 is used by the demo.
ensure_system_packages python3 chromium script sqlite3
# The PostgreSQL ledger's tests need a server: a throwaway cluster, removed when this script exits.
start_test_postgres || say "PostgreSQL is not available: the PostgreSQL ledger tests are skipped"
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
