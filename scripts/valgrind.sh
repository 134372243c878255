#!/usr/bin/env bash
# Runs the code ThreadSanitizer cannot see into under Valgrind's Helgrind: the SQLite ledger
# (libsqlite3 through GRDB) and the XML reader (libxml2), C libraries that are not instrumented,
# so a race inside them is invisible to scripts/test.sh --sanitize thread. First a planted race
# inside libsqlite3 and one on a Swift global, which Helgrind must both report.
# Usage: scripts/valgrind.sh        (about 2 minutes on 2 cores; logs in .build/valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

suites="SQLiteLedgerTests|LedgerContractTests|LedgerLockTests|XML"

ensure_swift
ensure_system_packages valgrind
command -v cc >/dev/null 2>&1 || ensure_system_packages gcc
command -v objcopy >/dev/null 2>&1 || ensure_system_packages binutils
[ -f /usr/include/valgrind/helgrind.h ] || die "valgrind's headers are missing (/usr/include/valgrind)"
say "building (debug, warnings as errors)"
swift build --build-tests -Xswiftc -warnings-as-errors
bin="$(swift build --show-bin-path 2>/dev/null)/persona-importPackageTests.xctest"
work=.build/valgrind
mkdir -p "$work"
# Valgrind 3.19 cannot read the toolchain's DWARF 5 and stops: it gets a copy without debug
# information (symbols stay, so its stacks still name every function).
objcopy --strip-debug "$bin" "$work/tests.xctest"
# The shim: keeps Valgrind 3.19 alive past libdispatch's signal thread, and tells Helgrind about
# the hand-offs it cannot see (swift_once, libdispatch, Swift concurrency jobs, type metadata).
cc -shared -fPIC -O1 -Wall -Werror -o "$work/libvgshim.so" scripts/valgrind-shim.c

# helgrind NAME FILTER [VAR=VALUE...]: the tests matching FILTER under Helgrind, log in $work/NAME.log.
# One test at a time (Valgrind runs one thread at a time anyway): tests side by side opened two
# SQLite files at once, which met SQLite's by-design race on its fork check (suppressed too)
# and nothing the ledger does; each test's own threads still run side by side.
helgrind() {
    local name=$1 filter=$2
    shift 2
    env "$@" SWIFT_BACKTRACE=enable=no LD_PRELOAD="$(pwd)/$work/libvgshim.so" \
        valgrind --tool=helgrind --num-callers=30 --suppressions=scripts/helgrind.supp \
        "$work/tests.xctest" --testing-library swift-testing --no-parallel --filter "$filter" >"$work/$name.log" 2>&1
}

# errors LOG: the number of errors Helgrind reported.
errors() { sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$1" | tail -n 1; }

# first_frames LOG: each reported error's first three frames, demangled, once each.
first_frames() {
    awk '/^==[0-9]+== (Possible data race|Thread #[0-9]+: |Lock at)/ { p = 1; n = 0; s = ""; next }
         p && /^==[0-9]+==    (at|by) 0x/ { l = $0; sub(/^==[0-9]+== +(at|by) 0x[0-9A-F]+: /, "", l)
             sub(/ \(in [^)]*\)$/, "", l); s = s (n ? " < " : "") l
             if (++n == 3) { print s; p = 0 } }' "$1" | swift demangle --simplified | cut -c1-200 | sort | uniq -c | sort -rn
}

start=$SECONDS
say "the planted races: Helgrind must report both"
helgrind canary ValgrindCanaryTests PERSONA_IMPORT_VALGRIND_CANARY=1 || true
grep -q "Test run with 2 tests.* passed" "$work/canary.log" || die "the planted races did not run: see $work/canary.log"
grep -A2 "Possible data race" "$work/canary.log" | grep -q "   at 0x.*(in .*/libsqlite3" \
    || die "Helgrind did not report the race planted inside libsqlite3: a silent run would prove nothing ($work/canary.log)"
grep -q 'data symbol "$s17ImportLedgerTests18plantedRaceCounter' "$work/canary.log" \
    || die "Helgrind did not report the race planted on a global: a silent run would prove nothing ($work/canary.log)"

say "running $suites under Helgrind"
status=0
helgrind tests "$suites" || status=$?
found=$(errors "$work/tests.log")
grep -E "Test run with" "$work/tests.log" | sed 's/\x1b\[[0-9;]*m//g' || true
if [ "$status" -ne 0 ] || [ "${found:-x}" != 0 ]; then
    first_frames "$work/tests.log" | head -n 20
    die "Helgrind reported ${found:-?} errors, or a test failed (exit $status): see $work/tests.log"
fi
say "no races reported ($((SECONDS - start))s under Valgrind; logs in $work)"
