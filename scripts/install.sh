#!/usr/bin/env bash
# Installs persona-import and persona-emulator, built in release mode with the Swift runtime
# linked statically, so that they run on a machine with no Swift toolchain (only the system
# libraries a Debian server has: libc, libstdc++, libxml2 with its libicu and liblzma,
# libsqlite3, zlib), with shell
# completions and man pages.
#
#   scripts/install.sh [--prefix DIR]               default /usr/local
#   scripts/install.sh [--prefix DIR] --uninstall   removes what an install put there
#
# Installs PREFIX/bin/persona-import, PREFIX/bin/persona-emulator,
# PREFIX/share/bash-completion/completions/persona-import,
# PREFIX/share/zsh/site-functions/_persona-import,
# PREFIX/share/fish/vendor_completions.d/persona-import.fish, PREFIX/share/man/man1/*.1, and
# PREFIX/share/persona-import/installed-files (the list --uninstall removes).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

prefix=/usr/local
uninstall=no
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) uninstall=yes; shift ;;
        -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
        *) die "unknown option '$1' (usage: scripts/install.sh [--prefix DIR] [--uninstall])" ;;
    esac
done
manifest="$prefix/share/persona-import/installed-files"

if [ "$uninstall" = yes ]; then
    [ -f "$manifest" ] || die "nothing to uninstall: $manifest is missing (was it installed with --prefix $prefix?)"
    while IFS= read -r file; do
        [ -n "$file" ] && rm -f "$prefix/$file"
    done <"$manifest"
    rm -f "$manifest"
    rmdir "$prefix/share/persona-import" 2>/dev/null || true
    say "removed persona-import from $prefix"
    exit 0
fi

ensure_swift
ensure_system_packages
scratch=.build-install
build=(swift build -c release --static-swift-stdlib --scratch-path "$scratch")
say "building release binaries with the Swift runtime linked statically (into $scratch)"
"${build[@]}" --product persona-import
"${build[@]}" --product persona-emulator
bin="$("${build[@]}" --show-bin-path)"

staging="$(mktemp -d)"
on_exit "rm -rf '$staging'"
mkdir -p "$staging/bin" "$staging/share/bash-completion/completions" "$staging/share/zsh/site-functions" \
    "$staging/share/fish/vendor_completions.d" "$staging/share/man/man1"
cp "$bin/persona-import" "$bin/persona-emulator" "$staging/bin/"
"$bin/persona-import" --generate-completion-script bash >"$staging/share/bash-completion/completions/persona-import"
"$bin/persona-import" --generate-completion-script zsh >"$staging/share/zsh/site-functions/_persona-import"
"$bin/persona-import" --generate-completion-script fish >"$staging/share/fish/vendor_completions.d/persona-import.fish"

# The plugin builds every product before it reads their help; in debug, in .build, that is the
# build scripts/test.sh and scripts/demo.sh leave (the pages are the same whatever the build).
say "generating the man pages (swift-argument-parser's generate-manual plugin, one page per command)"
rm -rf .build/plugins/GenerateManual/outputs
swift package generate-manual --configuration debug --multi-page >/dev/null
pages="$(find .build/plugins/GenerateManual/outputs -name '*.1' 2>/dev/null | grep -E '/persona-(import|emulator)[^/]*\.1$' || true)"
[ -n "$pages" ] || die "the generate-manual plugin wrote no page under .build/plugins/GenerateManual/outputs"
for page in $pages; do cp "$page" "$staging/share/man/man1/"; done

say "installing into $prefix"
mkdir -p "$prefix/share/persona-import"
(cd "$staging" && find . -type f | sed 's|^\./||' | sort) >"$manifest.new"
while IFS= read -r file; do
    case "$file" in
        bin/*) install -D -s -m 0755 "$staging/$file" "$prefix/$file" ;; # stripped: 188 MB → about a third
        *) install -D -m 0644 "$staging/$file" "$prefix/$file" ;;
    esac
done <"$manifest.new"
mv "$manifest.new" "$manifest"
say "installed: $(wc -l <"$manifest") files under $prefix (listed in $manifest)"
"$prefix/bin/persona-import" --version
