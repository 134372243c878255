#!/usr/bin/env bash
# The chaos test (see scripts/chaos.py): 5,000 rows, at least 10 SIGKILLs per scenario, faults
# on the emulator; one line per scenario, non-zero on any loss or duplicate. new-export (two
# nights on one ledger, 30% of --rows) and shared-reference (300 rows sharing 100 reference-ids)
# kill fewer times: 4 (night 2 of new-export: 2).
#   scripts/chaos.sh [--ledger postgres] [--rows N] [--kills N] [--seed N]
#       [--scenario faults|next-night|stored-5xx|in-flight|new-export|shared-reference] (repeatable; default: all)
# --ledger postgres starts a throwaway PostgreSQL cluster and keeps the ledgers there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_swift
ensure_system_packages
say "building persona-import and persona-emulator (release)"
swift build -c release --product persona-import >/dev/null
swift build -c release --product persona-emulator >/dev/null
arguments=()
if [ "${1:-}" = "--ledger" ] && [ "${2:-}" = "postgres" ]; then
    shift 2
    start_test_postgres || die "could not start PostgreSQL"
    arguments+=(--ledger-url "$PERSONA_IMPORT_TEST_POSTGRES_URL")
fi
python3 scripts/chaos.py --bin "$(swift build -c release --show-bin-path)" "${arguments[@]}" "$@"
