#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test.
# Usage: scripts/test.sh [extra `swift test` arguments, e.g. --filter CSV]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_swift
ensure_system_packages
say "building (debug, warnings as errors)"
swift build --build-tests -Xswiftc -warnings-as-errors
say "running the tests"
swift test --skip-build "$@"
