#!/usr/bin/env python3
"""Generate a deterministic customer export for benchmarks and demos.

    scripts/generate-customers.py ROWS --format csv|xml --out FILE [--seed N]

CSV columns (the headers the sample mapping uses):
    Customer ID,First Name,Middle Name,Last Name,DOB,Email,Phone,Street,Street 2,City,State,Postal Code,Country
XML: root <customers>, one <customer> per row, one kebab-case child element per column
(customer-id, first-name, ...). About 140 bytes per CSV row, 500 per XML record. Some values
need quoting (commas, quotes, line breaks) and some names are non-ASCII, so readers are
exercised on more than the easy path. The same ROWS and seed always give the same bytes.
"""
import argparse
import random
import sys

HEADERS = ["Customer ID", "First Name", "Middle Name", "Last Name", "DOB", "Email", "Phone",
           "Street", "Street 2", "City", "State", "Postal Code", "Country"]
ELEMENTS = [h.lower().replace(" ", "-") for h in HEADERS]

FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
         "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
         "Sarah", "Carlos", "Karen", "José", "Zoë", "Chloé", "Ana", "Wei", "Aisha", "Olga", "Raj",
         "Noah", "Emma", "Liam", "Olivia", "Mateo", "Sofía", "Hiroshi", "Fatima", "Ivan", "Léa"]
MIDDLE = ["", "", "", "A.", "B.", "Lee", "Marie", "Ann", "James", "Ray", "Lynn", "J.", "Grace"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
        "Taylor", "Moore", "Jackson", "Martin", "O'Brien", "Müller", "Nguyen", "Kowalski",
        "Van der Berg", "Núñez", "Okafor", "Schmidt", "Rossi", "Dubois"]
STREET_NAMES = ["Maple", "Oak", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
                "Main", "Sunset", "Highland", "Riverside", "Chestnut", "Walnut", "Willow"]
STREET_TYPES = ["Street", "Avenue", "Boulevard", "Road", "Lane", "Drive", "Court", "Way", "Place"]
CITIES = [("Springfield", "IL", "627"), ("Portland", "OR", "972"), ("Austin", "TX", "787"),
          ("Columbus", "OH", "432"), ("Denver", "CO", "802"), ("Madison", "WI", "537"),
          ("Raleigh", "NC", "276"), ("Tucson", "AZ", "857"), ("Boise", "ID", "837"),
          ("Albany", "NY", "122"), ("Fresno", "CA", "937"), ("Savannah", "GA", "314"),
          ("Burlington", "VT", "054"), ("Omaha", "NE", "681"), ("Reno", "NV", "895")]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com", "inbox.example.org"]


def ascii_local(name):
    table = str.maketrans("éëóíúñüÉ", "eeoiunuE")
    return name.translate(table).replace("'", "").replace(" ", "").lower()


def rows(count, seed):
    rng = random.Random(seed)
    r = rng.random

    def pick(items):
        return items[int(r() * len(items))]

    def between(low, high):
        return low + int(r() * (high - low + 1))

    locals_ = {name: ascii_local(name) for name in FIRST + LAST}
    for n in range(1, count + 1):
        first = pick(FIRST)
        last = pick(LAST)
        city, state, zip3 = pick(CITIES)
        street = f"{between(1, 9999)} {pick(STREET_NAMES)} {pick(STREET_TYPES)}"
        if r() < 0.002:
            street = f'{between(1, 999)} "Old Mill" Road'
        postal = f"{zip3}{between(0, 99):02d}"
        if r() < 0.2:
            postal += f"-{between(0, 9999):04d}"
        roll = r()
        if roll < 0.55:
            street_2 = ""
        elif roll < 0.75:
            street_2 = f"Apt {between(1, 40)}, Building {pick('ABCDEF')}"
        elif roll < 0.90:
            street_2 = f"Suite {between(100, 999)}"
        elif roll < 0.995:
            street_2 = f"Unit {between(1, 99)}"
        else:
            street_2 = f"c/o {pick(FIRST)} {pick(LAST)}\nFloor {between(2, 30)}"
        yield [
            f"C{n:08d}",
            first,
            pick(MIDDLE),
            last,
            f"{between(1, 12):02d}/{between(1, 28):02d}/{between(1940, 2005)}",
            f"{locals_[first]}.{locals_[last]}{between(1, 999)}@{pick(DOMAINS)}",
            f"+1 (555) {between(100, 999)}-{between(0, 9999):04d}",
            street,
            street_2,
            city,
            state,
            postal,
            "United States",
        ]


def csv_field(value):
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def xml_text(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_csv(out, count, seed):
    out.write((",".join(HEADERS) + "\n").encode())
    chunk = []
    for row in rows(count, seed):
        chunk.append(",".join(csv_field(v) for v in row))
        if len(chunk) == 20000:
            out.write(("\n".join(chunk) + "\n").encode())
            chunk.clear()
    if chunk:
        out.write(("\n".join(chunk) + "\n").encode())


def write_xml(out, count, seed):
    out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<customers>\n')
    opens = [f"    <{e}>" for e in ELEMENTS]
    closes = [f"</{e}>\n" for e in ELEMENTS]
    chunk = []
    for row in rows(count, seed):
        parts = ["  <customer>\n"]
        for i, value in enumerate(row):
            parts.append(opens[i] + xml_text(value) + closes[i])
        parts.append("  </customer>\n")
        chunk.append("".join(parts))
        if len(chunk) == 10000:
            out.write("".join(chunk).encode())
            chunk.clear()
    if chunk:
        out.write("".join(chunk).encode())
    out.write(b"</customers>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("--format", choices=["csv", "xml"], required=True)
    parser.add_argument("--out", required=True, help="output file, - for stdout")
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    if args.rows < 0:
        parser.error("ROWS must be 0 or more")
    out = sys.stdout.buffer if args.out == "-" else open(args.out, "wb", buffering=1 << 20)
    with out:
        (write_csv if args.format == "csv" else write_xml)(out, args.rows, args.seed)


if __name__ == "__main__":
    main()
