#!/usr/bin/env python3
"""The chaos test: proves that however an import is interrupted, once the runs are done every
valid row has exactly one inquiry (none lost, none duplicated) and the ledger knows its id.

For each scenario: start persona-emulator with faults, generate an export (10% invalid rows),
start the importer and SIGKILL it at random moments KILLS times, then run it to the end; check
the emulator's inquiries against the ledger's export. One line per scenario; exit 1 on any loss
or duplicate.

    scripts/chaos.py --bin DIR [--rows 5000] [--kills 10] [--seed 1] [--rate 400] [--scenario NAME ...]
"""
import argparse
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

KEY = "persona_sandbox_00000000-0000-4000-8000-000000000000"  # the emulator's built-in sandbox key
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAPPING = os.path.join(ROOT, "samples", "customers.mapping.yaml")
RATE = "400/1s"  # replaced by --rate
FAULTS = ["--fault-5xx", "0.05", "--fault-5xx-after-commit", "0.02", "--drop-before", "0.02", "--drop-after-commit", "0.03"]

# name: (emulator options, importer options, how long a run lives before the kill, in seconds)
SCENARIOS = {
    "faults": (FAULTS + ["--rate-limit", RATE], [], (0.3, 1.5)),
    "next-night": (FAULTS + ["--rate-limit", RATE, "--idempotency-ttl", "2s"], ["--idempotency-window", "1s"], (0.3, 1.5)),
    "stored-5xx": (FAULTS + ["--rate-limit", RATE, "--fault-5xx-stored", "0.04"], [], (0.3, 1.5)),
    "in-flight": (FAULTS + ["--rate-limit", RATE, "--latency", "150"], ["--concurrency", "48"], (0.3, 1.5)),
}


def start_emulator(binary, options, work):
    port_file = os.path.join(work, "port")
    if os.path.exists(port_file):
        os.remove(port_file)
    process = subprocess.Popen(
        [binary, "--port", "0", "--port-file", port_file, "--log-level", "error"] + options,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return process, "http://127.0.0.1:" + open(port_file).read().strip()
        if process.poll() is not None:
            sys.exit("the emulator exited at start")
        time.sleep(0.1)
    sys.exit("the emulator did not start")


def get_json(url):
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + KEY})
    for _ in range(50):
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise
            time.sleep(0.2)
    raise RuntimeError("still rate limited: " + url)


def emulator_inquiries(base):
    """reference-id → [inquiry ids], from the emulator's list, every page."""
    found = {}
    url = base + "/api/v1/inquiries?page%5Bsize%5D=100"
    while url:
        page = get_json(url)
        for inquiry in page["data"]:
            found.setdefault(inquiry["attributes"].get("reference-id"), []).append(inquiry["id"])
        following = page["links"]["next"]
        url = base + following if following else None
    return found


def make_export(path, rows, seed):
    subprocess.check_call([sys.executable, os.path.join(ROOT, "scripts", "generate-customers.py"), str(rows),
                           "--format", "csv", "--out", path, "--seed", str(seed)], stdout=subprocess.DEVNULL)
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    header, body = table[0], table[1:]
    last = header.index("Last Name")
    invalid = set()
    for index, row in enumerate(body):
        if index % 10 == 9:  # every tenth row lacks its last name: rejected by the schema
            row[last] = ""
            invalid.add(row[header.index("Customer ID")])
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header] + body)
    return [row[header.index("Customer ID")] for row in body], invalid


def run_scenario(name, args, rng):
    emulator_options, importer_options, lifetime = SCENARIOS[name]
    rate = f"{args.rate}/1s"
    emulator_options = [rate if option == RATE else option for option in emulator_options]
    work = tempfile.mkdtemp(prefix="persona-chaos-")
    export = os.path.join(work, "export.csv")
    references, invalid = make_export(export, args.rows, args.seed)
    emulator, base = start_emulator(os.path.join(args.bin, "persona-emulator"), emulator_options + ["--seed", str(args.seed)], work)
    ledger = ["--ledger", args.ledger_url, "--ledger-schema", f"chaos_{name.replace('-', '_')}_{os.getpid()}"] if args.ledger_url else []
    importer = [os.path.join(args.bin, "persona-import"), "run", export, "--mapping", MAPPING,
                "--api-base", base + "/api/v1", "--rate-limit", rate] + ledger + importer_options
    environment = dict(os.environ, PERSONA_API_KEY=KEY)
    kills = runs = 0
    try:
        while kills < args.kills:
            process = subprocess.Popen(importer, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            runs += 1
            try:
                process.wait(timeout=rng.uniform(*lifetime))
                if process.returncode in (0, 1):
                    break  # finished before the kill: the job is done
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait()
                kills += 1
        finished = False
        for _ in range(6):
            runs += 1
            status = subprocess.call(importer, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if status in (0, 1):
                exported = subprocess.run(
                    [os.path.join(args.bin, "persona-import"), "export", "--format", "jsonl"] + (ledger or ["--ledger", export + ".ledger.sqlite"]),
                    capture_output=True, text=True, check=True).stdout
                rows = [json.loads(line) for line in exported.splitlines()]
                if all(row["state"] in ("created", "rejected") for row in rows) and len(rows) == len(references):
                    finished = True
                    break
        exported = subprocess.run(
            [os.path.join(args.bin, "persona-import"), "export", "--format", "jsonl"] + (ledger or ["--ledger", export + ".ledger.sqlite"]),
            capture_output=True, text=True, check=True).stdout
        rows = [json.loads(line) for line in exported.splitlines()]
        ledger = {row["reference-id"]: row for row in rows if row["state"] != "rejected"}
        rejected = sum(1 for row in rows if row["state"] == "rejected")
        stats = get_json(base + "/__emulator/stats")
        held = emulator_inquiries(base)
    finally:
        emulator.terminate()
        emulator.wait()

    valid = [reference for reference in references if reference not in invalid]
    lost = [r for r in valid if len(held.get(r, [])) == 0]
    duplicated = [r for r in held if len(held[r]) > 1]
    wrong_id = [r for r in valid if ledger.get(r, {}).get("state") != "created" or [ledger[r].get("inquiry-id")] != held.get(r)]
    # Rejected rows never reach the mapping's reference-id: they are counted, and none was sent.
    not_rejected = [r for r in invalid if r in ledger or r in held]
    if rejected != len(invalid):
        not_rejected.append(f"{rejected} rejected rows in the ledger for {len(invalid)} invalid")
    ok = finished and not lost and not duplicated and not wrong_id and not not_rejected and stats["inquiries-created"] == len(valid)
    faults = stats["faults"]
    print(f"chaos {name}{' (PostgreSQL ledger)' if args.ledger_url else ''}: {'PASS' if ok else 'FAIL'}: {len(references)} rows ({len(valid)} valid), {kills} SIGKILLs over {runs} runs; "
          f"inquiries created {stats['inquiries-created']}, lost {len(lost)}, duplicated {len(duplicated)}, "
          f"ledger id mismatches {len(wrong_id)}, invalid rows not rejected {len(not_rejected)}; "
          f"faults injected: {sum(faults.values())} ({', '.join(f'{k} {v}' for k, v in sorted(faults.items()) if v)}), "
          f"replays {stats['replays']}, 429s {stats['rate-limited']}")
    if not ok:
        print(f"  work folder kept for inspection: {work}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="folder with persona-import and persona-emulator")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=int, default=400, help="the emulator's rate limit, requests per second")
    parser.add_argument("--ledger-url", help="a postgres:// URL: keep the ledger in PostgreSQL (a schema per scenario)")
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = [run_scenario(name, args, rng) for name in (args.scenario or list(SCENARIOS))]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
