#!/usr/bin/env python3
"""Every module a target imports is declared in Package.swift (SwiftPM lets undeclared
transitive modules through, so only this check keeps the dependency graph honest).

Usage: scripts/check-imports.py  (from the repository root; exits 1 and names each target and
module that is not declared)."""
import glob
import json
import re
import subprocess
import sys

# The system's and the toolchain's modules, and modules that come inside a declared product.
SYSTEM = {"Foundation", "Dispatch", "Glibc", "Musl", "Darwin", "Testing", "XCTest", "FoundationEssentials",
          "Synchronization", "_Concurrency", "GRDBSQLite"}

package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout)
problems = []
for target in package["targets"]:
    name = target["name"]
    declared = {name}
    for dependency in target["dependencies"]:
        for kind in ("byName", "product", "target"):
            if kind in dependency:
                declared.add(dependency[kind][0])
    folder = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
    for path in glob.glob(folder + "/**/*.swift", recursive=True):
        with open(path, encoding="utf-8") as source:
            for number, line in enumerate(source, 1):
                match = re.match(r"^(?:@testable |@preconcurrency )?import (?:struct |class |enum |func )?(\w+)", line)
                if match and match.group(1) not in declared | SYSTEM:
                    problems.append(f"{path}:{number}: {name} imports {match.group(1)}, which Package.swift does not declare for it")
for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
