#!/usr/bin/env python3
"""The chaos test: proves that however an import is interrupted, once the runs are done every
valid row has exactly one inquiry (none lost, none duplicated) and the ledger knows its id.

For each scenario: start persona-emulator with faults, generate an export (10% invalid rows),
start the importer and SIGKILL it at random moments KILLS times, then run it to the end; check
the emulator's inquiries against the ledger's export. One line per scenario; exit 1 on any loss
or duplicate.

Two scenarios go beyond one job (see run_new_export and run_shared_reference):
  new-export        two nights on one ledger (30% of --rows): night 1 is killed 4 times and never
                    finishes; night 2's export has the same people (a tenth moved, reordered) and
                    10% new ones; it is killed twice and run to the end, then night 1's job is.
  shared-reference  300 rows sharing 100 reference-ids (--allow-duplicate-reference-ids):
                    killed 4 times, run to the end; each row its own inquiry, with its values.
Both lose answers after Persona committed at 5% each (dropped connection, 500), and kill each
job at most 4 times (fewer with a lower --kills).

    scripts/chaos.py --bin DIR [--rows 5000] [--kills 10] [--seed 1] [--rate 400] [--scenario NAME ...]
"""
import argparse
import csv
import io
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
# FAULTS with more answers lost after Persona committed: 5% dropped connections, 5% 500s.
LOST_ANSWERS = list(FAULTS)
for option in ("--fault-5xx-after-commit", "--drop-after-commit"):
    LOST_ANSWERS[LOST_ANSWERS.index(option) + 1] = "0.05"

# name: (emulator options, importer options, how long a run lives before the kill, in seconds)
SCENARIOS = {
    "faults": (FAULTS + ["--rate-limit", RATE], [], (0.3, 1.5)),
    "next-night": (FAULTS + ["--rate-limit", RATE, "--idempotency-ttl", "2s"], ["--idempotency-window", "1s"], (0.3, 1.5)),
    "stored-5xx": (FAULTS + ["--rate-limit", RATE, "--fault-5xx-stored", "0.04"], [], (0.3, 1.5)),
    "in-flight": (FAULTS + ["--rate-limit", RATE, "--latency", "150"], ["--concurrency", "48"], (0.3, 1.5)),
    # The two below have their own runners (RUNNERS); their options are in them.
    "new-export": None,
    "shared-reference": None,
}
# Row states a rerun can still move on: a job with none of these left is done.
UNSETTLED = ("pending", "sending")
# Columns that hold a customer's address (new-export moves a tenth of the people).
ADDRESS = ["Street", "Street 2", "City", "State", "Postal Code"]


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


def emulator_list(base):
    """Every inquiry the emulator holds, from its list, every page."""
    url = base + "/api/v1/inquiries?page%5Bsize%5D=100"
    while url:
        page = get_json(url)
        yield from page["data"]
        following = page["links"]["next"]
        url = base + following if following else None


def emulator_inquiries(base):
    """reference-id → [inquiry ids], from the emulator's list, every page."""
    found = {}
    for inquiry in emulator_list(base):
        found.setdefault(inquiry["attributes"].get("reference-id"), []).append(inquiry["id"])
    return found


def fault_summary(stats):
    faults = stats["faults"]
    return (f"faults injected: {sum(faults.values())} ({', '.join(f'{k} {v}' for k, v in sorted(faults.items()) if v)}), "
            f"replays {stats['replays']}, 429s {stats['rate-limited']}")


def generate(rows, seed):
    """generate-customers.py's CSV export: (header, body)."""
    text = subprocess.check_output([sys.executable, os.path.join(ROOT, "scripts", "generate-customers.py"), str(rows),
                                    "--format", "csv", "--out", "-", "--seed", str(seed)])
    table = list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))
    return table[0], table[1:]


def write_export(path, header, body):
    """Writes the export; returns each row's first physical line (the ledger's `line`)."""
    lines, line = [], 2  # the header is line 1
    with open(path, "w", newline="", encoding="utf-8") as handle:
        for row in [header] + body:
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerow(row)
            handle.write(text.getvalue())
            if row is not header:
                lines.append(line)
                line += text.getvalue().count("\n")
    return lines


def make_export(path, rows, seed):
    header, body = generate(rows, seed)
    last = header.index("Last Name")
    invalid = set()
    for index, row in enumerate(body):
        if index % 10 == 9:  # every tenth row lacks its last name: rejected by the schema
            row[last] = ""
            invalid.add(row[header.index("Customer ID")])
    write_export(path, header, body)
    return [row[header.index("Customer ID")] for row in body], invalid


def ledger_options(args, name, work):
    """The importer's ledger: a PostgreSQL schema per scenario, or an SQLite file in work."""
    if args.ledger_url:
        return ["--ledger", args.ledger_url, "--ledger-schema", f"chaos_{name.replace('-', '_')}_{os.getpid()}"]
    return ["--ledger", os.path.join(work, "customers.ledger.sqlite")]


def ledger_rows(args, ledger, job=None):
    """One job's rows (the newest job's without job), as `persona-import export --format jsonl` gives them."""
    exported = subprocess.run(
        [os.path.join(args.bin, "persona-import"), "export", "--format", "jsonl"] + ledger + (["--job", str(job)] if job else []),
        capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in exported.splitlines()]


def ledger_jobs(args, ledger):
    """The ledger's jobs, as `persona-import status --json` lists them."""
    status = subprocess.run([os.path.join(args.bin, "persona-import"), "status", "--json"] + ledger,
                            capture_output=True, text=True, check=True).stdout
    return json.loads(status)["jobs"]


def job_of(args, ledger, export):
    """The id of the newest job started from export (None before its first run got that far)."""
    ids = [job["id"] for job in ledger_jobs(args, ledger) if os.path.basename(job["input"]) == os.path.basename(export)]
    return max(ids, default=None)


def kill_at_random(importer, environment, kills, lifetime, rng):
    """Starts the importer and SIGKILLs it after a random lifetime, kills times, unless a run
    finishes first. Returns (kills, runs, finished)."""
    killed = runs = 0
    while killed < kills:
        process = subprocess.Popen(importer, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs += 1
        try:
            process.wait(timeout=rng.uniform(*lifetime))
            if process.returncode in (0, 1):
                return killed, runs, True  # finished before the kill: the job is done
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            killed += 1
    return killed, runs, False


def kill_at_progress(importer, environment, kills, base, targets, rng):
    """Starts the importer and SIGKILLs it once the emulator has created the next target's
    number of inquiries (polled every 20 ms; at least 0.2 s into the run, at most
    30 s), kills times: targets below the job's size keep the job from ever finishing, whatever
    --rows and --rate. Returns (kills, runs, finished)."""
    killed = runs = 0
    for target in sorted(rng.sample(targets, kills)):
        process = subprocess.Popen(importer, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        runs += 1
        started = time.monotonic()
        while process.poll() is None:
            alive = time.monotonic() - started
            if alive >= 30 or (alive >= 0.2 and get_json(base + "/__emulator/stats")["inquiries-created"] >= target):
                process.send_signal(signal.SIGKILL)
                process.wait()
                killed += 1
                break
            time.sleep(0.02)
        else:
            if process.returncode in (0, 1):
                return killed, runs, True
    return killed, runs, False


def run_to_end(importer, environment, unsettled):
    """Runs the importer until it exits 0 or 1 with no row left that a rerun could still settle
    (unsettled() counts them), at most 6 times. Returns (runs, finished)."""
    for runs in range(1, 7):
        status = subprocess.call(importer, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if status in (0, 1) and unsettled() == 0:
            return runs, True
    return runs, False


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
    ledger = ledger or ["--ledger", export + ".ledger.sqlite"]  # the run's default ledger
    environment = dict(os.environ, PERSONA_API_KEY=KEY)
    try:
        kills, runs, _ = kill_at_random(importer, environment, args.kills, lifetime, rng)
        finished = False
        for _ in range(6):
            runs += 1
            status = subprocess.call(importer, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if status in (0, 1):
                rows = ledger_rows(args, ledger)
                if all(row["state"] in ("created", "rejected") for row in rows) and len(rows) == len(references):
                    finished = True
                    break
        rows = ledger_rows(args, ledger)
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
    print(f"chaos {name}{' (PostgreSQL ledger)' if args.ledger_url else ''}: {'PASS' if ok else 'FAIL'}: {len(references)} rows ({len(valid)} valid), {kills} SIGKILLs over {runs} runs; "
          f"inquiries created {stats['inquiries-created']}, lost {len(lost)}, duplicated {len(duplicated)}, "
          f"ledger id mismatches {len(wrong_id)}, invalid rows not rejected {len(not_rejected)}; "
          + fault_summary(stats))
    if not ok:
        print(f"  work folder kept for inspection: {work}")
    return ok


def make_next_export(path, rows, invalid, seed, rng):
    """Night 2's export of the CRM: night 1's people (generated again from the same seed, so
    the same values), a tenth of them with another person's address, 10% new people (Customer
    IDs after night 1's; every tenth of them invalid, like make_export's), in a shuffled order.
    Night 1's invalid people are still invalid. Returns (Customer IDs, invalid ones, moved ones)."""
    new = max(1, rows // 10)
    header, body = generate(rows + new, seed)
    identifier, last = header.index("Customer ID"), header.index("Last Name")
    columns = [header.index(column) for column in ADDRESS]
    invalid = set(invalid)
    for index, row in enumerate(body):
        if row[identifier] in invalid or (index >= rows and (index - rows) % 10 == 9):
            row[last] = ""
            invalid.add(row[identifier])
    moved = set()
    for row in rng.sample(body[:rows], max(1, rows // 10)):
        donor = rng.choice([other for other in body if other[columns[0]] != row[columns[0]]])
        for column in columns:
            row[column] = donor[column]
        moved.add(row[identifier])
    rng.shuffle(body)
    write_export(path, header, body)
    return [row[identifier] for row in body], invalid, moved


def run_new_export(name, args, rng):
    """Two nights on one ledger, one export file per night (as the nightly flow in docs/operating.md).
    Night 1 imports R people, is SIGKILLed 4 times at random points of its progress and never
    finishes. Night 2's export holds the same people (a tenth moved, in another order) and 10%
    new ones: a new job on the same ledger, killed twice at random moments, then run to the end.
    Then night 1's job is resumed to its end: a job resumed after a later one has run must
    send nothing twice either. Every valid person must have exactly one inquiry, and each
    night's ledger row name it (`created` or `already-imported`; a night-1 row may instead be
    `superseded` by night 2's, which must then carry it)."""
    rows = max(100, round(args.rows * 0.3))  # 1,500 at the default 5,000: under ~2 minutes
    rate = f"{args.rate}/1s"
    work = tempfile.mkdtemp(prefix="persona-chaos-")
    night1, night2 = os.path.join(work, "export-night1.csv"), os.path.join(work, "export-night2.csv")
    people1, invalid1 = make_export(night1, rows, args.seed)
    people2, invalid2, moved = make_next_export(night2, rows, invalid1, args.seed, rng)
    valid1, valid2 = set(people1) - invalid1, set(people2) - invalid2
    # 100 ms latency and 32 workers, as in-flight: each kill leaves rows in flight whose
    # inquiry Persona may have created, the people a later job must not send again.
    emulator, base = start_emulator(os.path.join(args.bin, "persona-emulator"),
                                    LOST_ANSWERS + ["--rate-limit", rate, "--latency", "100", "--seed", str(args.seed)], work)
    ledger = ledger_options(args, name, work)  # the same ledger for both nights
    environment = dict(os.environ, PERSONA_API_KEY=KEY)

    def importer(export):
        return [os.path.join(args.bin, "persona-import"), "run", export, "--mapping", MAPPING,
                "--api-base", base + "/api/v1", "--rate-limit", rate, "--concurrency", "32"] + ledger

    def unsettled(export):
        job = job_of(args, ledger, export)
        return 1 if job is None else sum(row["state"] in UNSETTLED for row in ledger_rows(args, ledger, job))

    try:
        # Night 1: killed once the emulator holds 5%..85% of its people's inquiries, never finished.
        targets = list(range(max(1, len(valid1) // 20), len(valid1) * 85 // 100))
        kills1, runs1, early = kill_at_progress(importer(night1), environment, min(4, args.kills), base, targets, rng)
        # Night 2: a new job on the same ledger, killed a couple of times, then run to its end.
        kills2, runs2, _ = kill_at_random(importer(night2), environment, min(2, args.kills), (0.3, 1.5), rng)
        more, finished2 = run_to_end(importer(night2), environment, lambda: unsettled(night2))
        runs2 += more
        # Night 1's job, resumed after night 2's has run.
        more, finished1 = run_to_end(importer(night1), environment, lambda: unsettled(night1))
        runs1 += more
        jobs = ledger_jobs(args, ledger)
        job1, job2 = job_of(args, ledger, night1), job_of(args, ledger, night2)
        rows1 = ledger_rows(args, ledger, job1) if job1 else []
        rows2 = ledger_rows(args, ledger, job2) if job2 else []
        stats = get_json(base + "/__emulator/stats")
        held = emulator_inquiries(base)
    finally:
        emulator.terminate()
        emulator.wait()

    valid = valid1 | valid2
    lost = [r for r in valid if len(held.get(r, [])) == 0]
    duplicated = [r for r in held if len(held[r]) > 1]
    by_reference1 = {row["reference-id"]: row for row in rows1 if row["state"] != "rejected"}
    by_reference2 = {row["reference-id"]: row for row in rows2 if row["state"] != "rejected"}

    def names_inquiry(row, reference):
        return row.get("state") in ("created", "already-imported") and [row.get("inquiry-id")] == held.get(reference)

    mismatched2 = [r for r in valid2 if not names_inquiry(by_reference2.get(r, {}), r)]
    superseded = [r for r in valid1 if by_reference1.get(r, {}).get("state") == "superseded"]
    mismatched1 = [r for r in valid1 if not names_inquiry(by_reference1.get(r, {}), r)
                   and not (r in superseded and names_inquiry(by_reference2.get(r, {}), r))]
    # Invalid people are rejected on both nights: no inquiry, no row but a rejected one.
    invalid = (invalid1 | invalid2) - valid
    not_rejected = [r for r in invalid if r in held or r in by_reference1 or r in by_reference2]
    for night, rows_, people, invalid_ in (("1", rows1, people1, invalid1), ("2", rows2, people2, invalid2)):
        rejected = sum(1 for row in rows_ if row["state"] == "rejected")
        if rejected != len(invalid_) or len(rows_) != len(people):
            not_rejected.append(f"night {night}: {len(rows_)} rows, {rejected} rejected, for {len(people)} rows, {len(invalid_)} invalid")
    stray = [r for r in held if r not in valid]  # an inquiry for nobody in either export
    unfinished = [night for night, done in (("night 1", finished1), ("night 2", finished2)) if not done]
    ok = (not unfinished and not early and len(jobs) == 2 and not lost and not duplicated and not stray
          and not mismatched1 and not mismatched2 and not not_rejected and stats["inquiries-created"] == len(valid))
    print(f"chaos {name}{' (PostgreSQL ledger)' if args.ledger_url else ''}: {'PASS' if ok else 'FAIL'}: "
          f"night 1 {len(people1)} rows ({len(valid1)} valid), night 2 {len(people2)} rows ({len(valid2)} valid, "
          f"{len(moved)} moved, {len(set(people2) - set(people1))} new), {len(valid)} valid people; "
          f"{kills1 + kills2} SIGKILLs (night 1 {kills1}{', its job FINISHED first' if early else ', its job left unfinished'}; night 2 {kills2}) "
          f"over {runs1 + runs2} runs; inquiries created {stats['inquiries-created']}, lost {len(lost)}, duplicated {len(duplicated)}, "
          f"ledger mismatches {len(mismatched1) + len(mismatched2)} (night 1 {len(mismatched1)}, night 2 {len(mismatched2)}; "
          f"night-1 rows superseded {len(superseded)}), invalid rows not rejected {len(not_rejected)}"
          + (f", inquiries for nobody {len(stray)}" if stray else "")
          + (f", {len(jobs)} jobs in the ledger" if len(jobs) != 2 else "")
          + (f", unfinished: {' and '.join(unfinished)}" if unfinished else "")
          + "; " + fault_summary(stats))
    if not ok:
        print(f"  work folder kept for inspection: {work}" + (f" (ledger schema {ledger[-1]})" if args.ledger_url else ""))
        for label, found in (("lost", lost), ("duplicated", duplicated), ("night-1 mismatches", mismatched1),
                             ("night-2 mismatches", mismatched2), ("not rejected", not_rejected), ("inquiries for nobody", stray)):
            if found:
                print(f"  {label}: {', '.join(sorted(map(str, found))[:5])}{' …' if len(found) > 5 else ''}")
    return ok


def run_shared_reference(name, args, rng):
    """300 valid rows sharing 100 reference-ids, 3 each (rows 100 lines apart, other people:
    names, addresses and emails differ), imported with --allow-duplicate-reference-ids on every
    run: SIGKILLed 4 times at random points of its progress, then run to the end. The emulator
    must hold exactly 3 inquiries per reference-id, and each ledger row be `created` with its own
    inquiry (no id on two rows) whose attributes are that row's values. Rows left
    `indeterminate` (the importer could not tell which inquiry is theirs) are counted apart:
    allowed only when nothing is lost or duplicated."""
    people, copies = 100, 3
    rate = f"{args.rate}/1s"
    work = tempfile.mkdtemp(prefix="persona-chaos-")
    export = os.path.join(work, "shared.csv")
    header, body = generate(people * copies, args.seed)
    identifier = header.index("Customer ID")
    for index, row in enumerate(body):
        row[identifier] = f"C{index % people + 1:08d}"
    lines = write_export(export, header, body)
    # What the emulator's list must show for each row (through the mapping's transforms).
    checked = {"name-first": "First Name", "name-last": "Last Name", "email-address": "Email",
               "address-city": "City", "address-postal-code": "Postal Code"}
    expected = {line: {key: row[header.index(column)] for key, column in checked.items()} for line, row in zip(lines, body)}
    reference_of = {line: row[identifier] for line, row in zip(lines, body)}
    emulator, base = start_emulator(os.path.join(args.bin, "persona-emulator"),
                                    LOST_ANSWERS + ["--rate-limit", rate, "--seed", str(args.seed)], work)
    ledger = ledger_options(args, name, work)
    importer = [os.path.join(args.bin, "persona-import"), "run", export, "--mapping", MAPPING, "--allow-duplicate-reference-ids",
                "--api-base", base + "/api/v1", "--rate-limit", rate] + ledger
    environment = dict(os.environ, PERSONA_API_KEY=KEY)
    try:
        targets = list(range(len(body) // 20, len(body) * 85 // 100))
        kills, runs, _ = kill_at_progress(importer, environment, min(4, args.kills), base, targets, rng)
        more, finished = run_to_end(importer, environment,
                                    lambda: sum(row["state"] in UNSETTLED for row in ledger_rows(args, ledger)))
        runs += more
        rows = ledger_rows(args, ledger)
        stats = get_json(base + "/__emulator/stats")
        inquiries = list(emulator_list(base))
    finally:
        emulator.terminate()
        emulator.wait()

    held = {}
    for inquiry in inquiries:
        held.setdefault(inquiry["attributes"].get("reference-id"), []).append(inquiry["id"])
    # The person's data as `fields` holds it (the only place from API version 2025-10-27 on).
    attributes = {inquiry["id"]: {key: field.get("value") for key, field in inquiry["attributes"]["fields"].items()}
                  for inquiry in inquiries}
    references = set(reference_of.values())
    lost = sum(max(0, copies - len(held.get(r, []))) for r in references)
    duplicated = sum(max(0, len(held.get(r, [])) - copies) for r in references) + sum(len(held[r]) for r in held if r not in references)
    indeterminate = [row for row in rows if row["state"] == "indeterminate"]
    claimed = {}
    for row in rows:
        if row["state"] == "created":
            claimed.setdefault(row.get("inquiry-id"), []).append(row["line"])
    not_created = [row for row in rows if row["state"] not in ("created", "indeterminate")]
    shared_id = [row for row in rows if row["state"] == "created" and len(claimed[row.get("inquiry-id")]) > 1]
    wrong = [row for row in rows if row["state"] == "created" and row not in shared_id
             and (row["line"] not in expected or row.get("inquiry-id") not in held.get(reference_of[row["line"]], [])
                  or any(attributes[row["inquiry-id"]].get(key) != value for key, value in expected[row["line"]].items()))]
    mismatches = len(not_created) + len(shared_id) + len(wrong) + abs(len(rows) - len(body))
    ok = finished and not lost and not duplicated and not mismatches and stats["inquiries-created"] == len(body)
    print(f"chaos {name}{' (PostgreSQL ledger)' if args.ledger_url else ''}: {'PASS' if ok else 'FAIL'}: "
          f"{len(body)} rows ({people} reference-ids x {copies}), {kills} SIGKILLs over {runs} runs; "
          f"inquiries created {stats['inquiries-created']}, lost {lost}, duplicated {duplicated}, "
          f"ledger mismatches {mismatches} (not created {len(not_created)}, inquiry id on two rows {len(shared_id)}, "
          f"other reference-id or values {len(wrong)}{f', {len(rows)} rows for {len(body)}' if len(rows) != len(body) else ''}), "
          f"indeterminate {len(indeterminate)}{'' if finished else ', unfinished'}; " + fault_summary(stats))
    if not ok:
        print(f"  work folder kept for inspection: {work}" + (f" (ledger schema {ledger[-1]})" if args.ledger_url else ""))
        for label, found in (("not created", not_created), ("inquiry id on two rows", shared_id), ("other reference-id or values", wrong)):
            if found:
                print(f"  {label}: " + ", ".join(f"line {row['line']} {row['reference-id']} {row['state']} {row.get('inquiry-id')}"
                                                  for row in found[:4]) + (" …" if len(found) > 4 else ""))
    return ok


RUNNERS = {"new-export": run_new_export, "shared-reference": run_shared_reference}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="folder with persona-import and persona-emulator")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=int, default=400, help="the emulator's rate limit, requests per second")
    parser.add_argument("--ledger-url", help="a postgres:// URL: keep the ledger in PostgreSQL (a schema per scenario)")
    parser.add_argument("--scenario", action="append", choices=list(SCENARIOS))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results = [RUNNERS.get(name, run_scenario)(name, args, rng) for name in (args.scenario or list(SCENARIOS))]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
