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
say "building (debug, warnings as errors)"
swift build --build-tests -Xswiftc -warnings-as-errors
say "running the tests"
swift test --skip-build "$@"
