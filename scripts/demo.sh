#!/usr/bin/env bash
# The main job end to end on the emulator:
#   1. builds persona-import and persona-emulator,
#   2. starts the emulator on a free loopback port, rate-limited to 20 requests a second,
#   3. imports samples/customers.csv with its mapping: 17 inquiries created at the emulator's
#      pace, 3 rows rejected to a 0600 rejects file, every outcome in a 0600 ledger,
#   4. runs the same command again: nothing is sent, every row is already done,
#   5. imports a 300-row export, interrupts it with SIGTERM, and resumes it: every row ends
#      with exactly one inquiry; shows `status` and `export` of that ledger,
#   6. writes the resumed run's report to .demo/report.html (kept),
#   7. after the night: 30 people verify (simulate actions); the emulator's signed webhooks reach
#      `persona-import webhook`, `follow` reads every status, and `status` shows the funnel;
#      then it stops the emulator and the receiver and says what you just saw.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

ensure_swift
ensure_system_packages sqlite3
say "building persona-import and persona-emulator"
swift build --product persona-import
swift build --product persona-emulator
bin="$(swift build --show-bin-path)"

work="$(mktemp -d "${TMPDIR:-/tmp}/persona-demo.XXXXXX")"
emulator_pid=""
receiver_pid=""
cleanup() {
    [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
    [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

say "starting persona-import webhook: Persona's signed events into the nightly job's ledger"
( umask 077; echo "whsec_demo_$(date +%s)" > "$work/webhook-secret" )
"$bin/persona-import" webhook --listen 127.0.0.1:0 --port-file "$work/webhook.port" --secret-file "$work/webhook-secret" \
    --ledger "$work/nightly.csv.ledger.sqlite" >"$work/webhook.log" 2>&1 &
receiver_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/webhook.port" ] && break
    kill -0 "$receiver_pid" 2>/dev/null || { cat "$work/webhook.log" >&2; die "the webhook receiver exited"; }
    sleep 0.1
done
[ -s "$work/webhook.port" ] || die "the webhook receiver did not start within 10 s"
webhook_url="http://127.0.0.1:$(cat "$work/webhook.port")/persona"

say "starting persona-emulator on a free loopback port (20 requests/s, like a small Persona limit), sending webhooks"
"$bin/persona-emulator" --port 0 --port-file "$work/port" --rate-limit 20/1s \
    --webhook-url "$webhook_url" --webhook-secret "$(cat "$work/webhook-secret")" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 100); do
    [ -s "$work/port" ] && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; die "the emulator exited"; }
    sleep 0.1
done
[ -s "$work/port" ] || die "the emulator did not start within 10 s"
base="http://127.0.0.1:$(cat "$work/port")/api/v1"
say "emulator listening at $base"

# The emulator's built-in sandbox key (see docs/emulator.md); a real run reads yours the same way.
export PERSONA_API_KEY="persona_sandbox_00000000-0000-4000-8000-000000000000" # the emulator's built-in key
cp samples/customers.csv "$work/customers.csv"

run_import() { # prints the importer's output and its exit code, never stops the demo
    set +e
    "$bin/persona-import" run "$@" --api-base "$base"
    status=$?
    set -e
    say "exit code $status"
}

say "importing samples/customers.csv (17 valid rows, 3 with mistakes)"
run_import "$work/customers.csv" --mapping samples/customers.mapping.yaml
[ "$status" -eq 1 ] || die "expected exit code 1 (some rows rejected), got $status"
say "the rejects file (mode $(stat -c %a "$work/customers.csv.rejects.csv")): fix these rows and feed the file back"
cat "$work/customers.csv.rejects.csv"
say "the ledger (mode $(stat -c %a "$work/customers.csv.ledger.sqlite")), one row per input row:"
sqlite3 -header -column "$work/customers.csv.ledger.sqlite" \
    "SELECT line, reference_id, state, inquiry_id, attempts FROM row ORDER BY record LIMIT 8;"

say "the same command again: every row is already done, nothing is sent"
run_import "$work/customers.csv" --mapping samples/customers.mapping.yaml

say "a 300-row export, interrupted after 3 seconds with SIGTERM"
python3 scripts/generate-customers.py 300 --format csv --out "$work/nightly.csv" >/dev/null
set +e
"$bin/persona-import" run "$work/nightly.csv" --mapping samples/customers.mapping.yaml --api-base "$base" &
import_pid=$!
sleep 3
kill -TERM "$import_pid"
wait "$import_pid"
status=$?
set -e
say "exit code $status (143: stopped by SIGTERM; requests in flight finished, the ledger is committed)"
say "resuming with the same command, writing the morning-after report"
mkdir -p .demo
run_import "$work/nightly.csv" --mapping samples/customers.mapping.yaml --report .demo/report.html --report .demo/report.json

say "persona-import status: the jobs in this ledger and their rows per state"
"$bin/persona-import" status --ledger "$work/nightly.csv.ledger.sqlite"
say "persona-import export: one line per row (the first five)"
"$bin/persona-import" export --ledger "$work/nightly.csv.ledger.sqlite" | head -6

stats="$(curl -sS "${base%/api/v1}/__emulator/stats")"
say "emulator stats: $stats"
python3 - "$stats" <<'PY'
import json, sys
stats = json.loads(sys.argv[1])
created, duplicates = stats["inquiries-created"], stats["duplicate-reference-ids"]
print(f"==> what you saw: {created} inquiries created in all (17 + 300), "
      f"{len(duplicates)} reference-ids with more than one inquiry, "
      f"{stats['rate-limited']} requests refused for the rate limit.")
if created != 317 or duplicates:
    sys.exit("demo failed: expected 317 inquiries and no duplicates")
PY
say "after the night: people verify (the emulator's simulate actions stand in for 30 of them)"
"$bin/persona-import" export --ledger "$work/nightly.csv.ledger.sqlite" --state created --output "$work/created.csv"
python3 - "$base" "$work/created.csv" <<'PY'
import csv, json, os, sys, time, urllib.error, urllib.request
base, key = sys.argv[1], os.environ["PERSONA_API_KEY"]  # the emulator's built-in key, exported above
inquiries = [row["inquiry-id"] for row in csv.DictReader(open(sys.argv[2]))][:30]
journeys = [["start_inquiry"], ["start_inquiry", "complete_inquiry"], ["complete_inquiry", "approve_inquiry"],
            ["complete_inquiry", "approve_inquiry"], ["complete_inquiry", "decline_inquiry"], ["expire_inquiry"]]
for index, inquiry in enumerate(inquiries):
    actions = [{"type": action} for action in journeys[index % len(journeys)]]
    request = urllib.request.Request(f"{base}/inquiries/{inquiry}/perform-simulate-actions", method="POST",
                                     data=json.dumps({"meta": {"simulate-actions": actions}}).encode(),
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    while True:  # the emulator's limit is 20 requests a second: wait out a 429
        try:
            urllib.request.urlopen(request).read()
            break
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise
            time.sleep(max(1, int(error.headers.get("RateLimit-Reset", "1"))))
PY
sleep 1  # the webhooks travel in the background
say "what the webhook receiver recorded from the emulator's signed events alone (ids and statuses, never the payload):"
"$bin/persona-import" status --ledger "$work/nightly.csv.ledger.sqlite" | grep 'inquiries:' || echo "  (no event yet)"
say "persona-import follow: every created inquiry's status not final yet, 100 to a request (what webhooks may have missed)"
"$bin/persona-import" follow --ledger "$work/nightly.csv.ledger.sqlite" --api-base "$base"
say "the funnel, as persona-import status shows it"
"$bin/persona-import" status --ledger "$work/nightly.csv.ledger.sqlite" | grep -E '^job|inquiries:'
"$bin/persona-import" status --ledger "$work/nightly.csv.ledger.sqlite" | grep -q 'inquiries: 270 created, 5 pending, 5 completed, 10 approved, 5 declined, 5 expired' \
    || die "the funnel is not the one the simulate actions made"
say "the run's report: $(pwd)/.demo/report.html (open it in a browser; .demo/report.json has the same facts)"
say "demo finished"
