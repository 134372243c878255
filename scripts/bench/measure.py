#!/usr/bin/env python3
"""Runs a command and prints one JSON line: exit code, wall seconds, CPU seconds (user+sys)
and peak RSS (MB) of the command and its children. The command's stdout goes to stderr so
the JSON line is the only thing on stdout.

    scripts/bench/measure.py CMD [ARG ...]
"""
import json
import resource
import subprocess
import sys
import time

start = time.monotonic()
status = subprocess.call(sys.argv[1:], stdout=sys.stderr)
wall = time.monotonic() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "exit": status,
    "wall_s": round(wall, 3),
    "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
    "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
}))
