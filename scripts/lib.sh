# Shared helpers for the scripts in this folder. Source it; do not run it.

# say MESSAGE: tell the user what is happening.
say() { printf '==> %s\n' "$*"; }

# die MESSAGE: stop with an error.
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_system_packages: installs the C libraries the package links (libxml2, SQLite) and the
# tools the scripts use, with apt, only when they are missing.
ensure_system_packages() {
    local missing=()
    command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
    pkg-config --exists libxml-2.0 2>/dev/null || missing+=(libxml2-dev)
    pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 && continue
        case "$tool" in
            script) missing+=(bsdutils) ;; # Debian ships script(1) in bsdutils
            *) missing+=("$tool") ;;
        esac
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing missing packages: ${missing[*]}"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${missing[*]} by hand"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null \
        || die "could not install ${missing[*]}"
}

# ensure_swift: the Swift toolchain must be on PATH (it is on this project's machines).
ensure_swift() {
    if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    command -v swift >/dev/null 2>&1 || die "swift not found: install Swift 6.1 or later (https://www.swift.org/install)"
}
