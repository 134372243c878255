#!/usr/bin/env bash
# The main job end to end on the emulator, as far as the importer goes today:
#   1. builds persona-import and persona-emulator,
#   2. validates the sample export with its mapping (read → map → validate, rejects file),
#   3. starts the emulator on a free loopback port,
#   4. creates one inquiry through it with curl and prints the response,
#   5. stops the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_swift
ensure_system_packages
say "building persona-import and persona-emulator"
swift build --product persona-import
swift build --product persona-emulator
bin="$(swift build --show-bin-path)"

work="$(mktemp -d "${TMPDIR:-/tmp}/persona-demo.XXXXXX")"
emulator_pid=""
cleanup() {
    [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

say "validating samples/customers.csv with samples/customers.mapping.yaml"
set +e
"$bin/persona-import" validate samples/customers.csv \
    --mapping samples/customers.mapping.yaml --rejects "$work/customers.rejects.csv"
status=$?
set -e
# 1 means some rows were rejected, which the sample has on purpose.
[ "$status" -le 1 ] || die "validate failed with exit code $status"
if [ -f "$work/customers.rejects.csv" ]; then
    say "the rejects file (mode $(stat -c %a "$work/customers.rejects.csv")), to fix and feed back:"
    cat "$work/customers.rejects.csv"
fi

say "starting persona-emulator on a free loopback port"
"$bin/persona-emulator" --port 0 --port-file "$work/port" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/port" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; die "the emulator exited"; }
    sleep 0.1
done
[ -s "$work/port" ] || die "the emulator did not start within 10 s"
port="$(cat "$work/port")"
say "emulator listening on http://127.0.0.1:$port"

# The emulator's built-in sandbox key (see README); a real run reads PERSONA_API_KEY instead.
emulator_key="persona_sandbox_00000000-0000-4000-8000-000000000000"
say "creating one inquiry: POST /api/v1/inquiries"
curl -sS --fail-with-body -D "$work/headers" \
    -H "Authorization: Bearer $emulator_key" \
    -H "Content-Type: application/json" \
    -H "Persona-Version: 2023-01-05" \
    -H "Key-Inflection: kebab" \
    -H "Idempotency-Key: demo-customer-1001" \
    --data '{"data":{"attributes":{"inquiry-template-id":"itmpl_SampleTemplate0000000001","reference-id":"customer-1001","tags":["demo"],"fields":{"name-first":"Ada","name-last":"Lovelace","birthdate":"1990-12-10"}}}}' \
    "http://127.0.0.1:$port/api/v1/inquiries" >"$work/inquiry.json"
grep -iE '^(HTTP|request-id|ratelimit-)' "$work/headers" || true
if command -v python3 >/dev/null 2>&1; then python3 -m json.tool "$work/inquiry.json"; else cat "$work/inquiry.json"; echo; fi

say "emulator stats"
curl -sS "http://127.0.0.1:$port/__emulator/stats"; echo
say "demo finished"
