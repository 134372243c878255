#!/usr/bin/env bash
# Installs into a temporary prefix and checks the result as a user on a server would meet it:
# the installed binary runs with an empty environment (no Swift toolchain on PATH) and links no
# Swift library from the build machine; the completions and man pages are where the shells and
# man look; --uninstall removes every file it installed.
#
#   scripts/check-install.sh    (about as long as a release build: not part of .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

prefix="$(mktemp -d)"
on_exit "rm -rf '$prefix'"
bash scripts/install.sh --prefix "$prefix"

say "checking the installed files"
for file in bin/persona-import bin/persona-emulator share/bash-completion/completions/persona-import \
    share/zsh/site-functions/_persona-import share/fish/vendor_completions.d/persona-import.fish \
    share/man/man1/persona-import.1 share/man/man1/persona-import.run.1 share/man/man1/persona-emulator.1; do
    [ -s "$prefix/$file" ] || die "missing after install: $file"
done
grep -q "persona-import" "$prefix/share/bash-completion/completions/persona-import" || die "the bash completion does not name the command"
grep -q -- "ping-url" "$prefix/share/man/man1/persona-import.run.1" || die "the run page does not document --ping-url"
if ldd "$prefix/bin/persona-import" | grep -q 'libswift\|libFoundation'; then
    die "the installed binary still loads Swift libraries: $(ldd "$prefix/bin/persona-import" | grep -o 'lib\(swift\|Foundation\)[^ ]*' | tr '\n' ' ')"
fi

say "running the installed binary with an empty environment"
work="$(mktemp -d)"
on_exit "rm -rf '$work'"
cp samples/customers.csv samples/customers.mapping.yaml "$work/"
(cd "$work" && env -i "$prefix/bin/persona-import" --version) | grep -q . || die "--version printed nothing"
status=0
(cd "$work" && env -i "$prefix/bin/persona-import" validate customers.csv --mapping customers.mapping.yaml) || status=$?
[ "$status" -le 1 ] || die "validate with an empty environment exited $status"
env -i "$prefix/bin/persona-emulator" --help >/dev/null || die "persona-emulator --help failed"

say "uninstalling"
bash scripts/install.sh --prefix "$prefix" --uninstall
left="$(find "$prefix" -type f | head -5)"
[ -z "$left" ] || die "files left after --uninstall: $left"
say "install check passed"
