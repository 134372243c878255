#!/usr/bin/env python3
"""Reference figures from Python on the same files, for scripts/bench.sh.

  python_reference.py csv FILE                 csv.reader over the file: MB/s, rows/s
  python_reference.py xml FILE                 xml.etree iterparse, one record per child of the root
  python_reference.py validate FILE SCHEMA N   csv.DictReader + mapping + jsonschema
                                               Draft202012Validator (format checks) on N rows
"""
import csv
import datetime
import json
import os
import sys
import time


def report(kind, path, rows, seconds, size=None):
    size = os.path.getsize(path) if size is None else size
    print(f"python-{kind} file={path} rows={rows} seconds={seconds:.3f} "
          f"rows_per_s={rows / seconds:.0f} mb_per_s={size / 1e6 / seconds:.1f}")


def read_csv(path):
    start = time.perf_counter()
    rows = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        for _ in reader:
            rows += 1
    report("csv", path, rows, time.perf_counter() - start)


def read_xml(path):
    import xml.etree.ElementTree as ET
    start = time.perf_counter()
    rows = 0
    depth = 0
    for event, elem in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            depth += 1
        else:
            depth -= 1
            if depth == 1:
                rows += 1
                elem.clear()
    report("xml", path, rows, time.perf_counter() - start)


STATES = {"CA": "California", "NY": "New York", "TX": "Texas", "WA": "Washington", "FL": "Florida",
          "IL": "Illinois", "MA": "Massachusetts", "OR": "Oregon", "CO": "Colorado", "GA": "Georgia"}
COUNTRIES = {"USA": "US", "US": "US", "UNITED STATES": "US", "CANADA": "CA", "CA": "CA", "CAN": "CA"}


def map_row(row):
    """The same mapping as samples/customers.mapping.yaml, written the obvious way."""
    fields = {}

    def put(key, value):
        value = (value or "").strip()
        if value:
            fields[key] = value

    put("name-first", row["First Name"])
    put("name-middle", row["Middle Name"])
    put("name-last", row["Last Name"])
    dob = row["DOB"].strip()
    if dob:
        try:
            fields["birthdate"] = datetime.datetime.strptime(dob, "%m/%d/%Y").strftime("%Y-%m-%d")
        except ValueError:
            pass
    put("email-address", row["Email"])
    digits = "".join(c for c in row["Phone"] if c.isdigit())
    if digits:
        fields["phone-number"] = "+" + (digits if len(digits) == 11 else "1" + digits)
    put("address-street-1", row["Street"])
    put("address-street-2", row["Street 2"])
    put("address-city", row["City"])
    state = row["State"].strip()
    if state:
        fields["address-subdivision"] = STATES.get(state.upper(), state)
    country = row["Country"].strip()
    if country:
        fields["address-country-code"] = COUNTRIES.get(country.upper(), country)
    put("address-postal-code", row["Postal Code"])
    return {"reference-id": row["Customer ID"].strip(), "fields": fields}


def validate(path, schema_path, limit):
    import jsonschema
    with open(schema_path) as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    start = time.perf_counter()
    rows = valid = 0
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows += 1
            errors = list(validator.iter_errors(map_row(row)))
            valid += not errors
            if rows >= limit:
                break
    seconds = time.perf_counter() - start
    print(f"python-validate file={path} rows={rows} valid={valid} seconds={seconds:.3f} "
          f"rows_per_s={rows / seconds:.0f}")


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "csv":
        read_csv(path)
    elif mode == "xml":
        read_xml(path)
    elif mode == "validate":
        validate(path, sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(f"unknown mode {mode}")
