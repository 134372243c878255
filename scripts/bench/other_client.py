#!/usr/bin/env python3
"""Another client of the same Persona environment: GET /api/v1/rate-limits at a steady rate
(each request spends the shared rate limit) until it is killed or DURATION seconds pass.

    scripts/bench/other_client.py BASE_URL KEY PER_SECOND DURATION
"""
import sys
import time
import urllib.error
import urllib.request

base, key, per_second, duration = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
interval = 1.0 / per_second
deadline = time.monotonic() + duration
next_at = time.monotonic()
while time.monotonic() < deadline:
    request = urllib.request.Request(base + "/rate-limits", headers={"Authorization": "Bearer " + key})
    try:
        urllib.request.urlopen(request, timeout=5).read()
    except urllib.error.HTTPError:
        pass  # a 429 still spent nothing more; keep the pace
    except OSError:
        break
    next_at += interval
    time.sleep(max(0.0, next_at - time.monotonic()))
