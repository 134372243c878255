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
    pkg-config --exists zlib 2>/dev/null || missing+=(zlib1g-dev)
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

# on_exit COMMAND: runs COMMAND when the script exits, after those registered before it.
EXIT_COMMANDS=()
on_exit() {
    EXIT_COMMANDS+=("$1")
    trap 'for exit_command in "${EXIT_COMMANDS[@]}"; do eval "$exit_command"; done' EXIT
}

# postgres_bin_dir: prints the folder with initdb and pg_ctl (on PATH, else Debian's
# /usr/lib/postgresql/VERSION/bin, the newest), or fails.
postgres_bin_dir() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] || return 1
    printf '%s\n' "$dir"
}

# start_test_postgres: starts a throwaway PostgreSQL cluster for the PostgreSQL ledger tests and
# exports PERSONA_IMPORT_TEST_POSTGRES_URL (PERSONA_IMPORT_TEST_POSTGRES_TLS=1 when it offers TLS;
# PERSONA_IMPORT_TEST_POSTGRES_CTL, a pg_ctl for it, for the restart tests). The cluster lives in a temporary folder, listens on a free loopback port only, runs as the
# postgres user when we are root, and is stopped and removed when the script exits. PostgreSQL is
# installed with apt only when initdb/pg_ctl are missing. Returns non-zero (the caller skips the
# PostgreSQL tests) when PostgreSQL cannot be had. A URL already in the environment is kept.
start_test_postgres() {
    if [ -n "${PERSONA_IMPORT_TEST_POSTGRES_URL:-}" ]; then
        say "PostgreSQL tests use the server in PERSONA_IMPORT_TEST_POSTGRES_URL"
        return 0
    fi
    local bin
    if ! bin=$(postgres_bin_dir); then
        command -v apt-get >/dev/null 2>&1 || { say "apt-get not found and PostgreSQL is not installed"; return 1; }
        say "installing postgresql (initdb and pg_ctl are missing)"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null; } \
            || { say "could not install postgresql"; return 1; }
        bin=$(postgres_bin_dir) || { say "postgresql installed, but initdb/pg_ctl not found"; return 1; }
    fi
    local as=()
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || { say "running as root and there is no postgres user to run PostgreSQL as"; return 1; }
        as=(runuser -u postgres --)
    fi
    local dir port password
    local base=${TMPDIR:-/tmp}
    [ ${#as[@]} -eq 0 ] || base=/tmp  # a folder the postgres user can reach
    dir=$(mktemp -d "$base/persona-import-pg.XXXXXX") || return 1
    PERSONA_IMPORT_TEST_POSTGRES_DIR=$dir
    [ ${#as[@]} -eq 0 ] || chown postgres: "$dir" || return 1
    chmod 700 "$dir"
    on_exit stop_test_postgres
    password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    printf '%s\n' "$password" >"$dir/password"
    [ ${#as[@]} -eq 0 ] || chown postgres: "$dir/password"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) \
        || port=$((20000 + RANDOM % 20000))
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --no-sync --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$dir/password" >"$dir/initdb.log" 2>&1 || { say "initdb failed: $(tail -n 3 "$dir/initdb.log")"; return 1; }
    rm -f "$dir/password"
    local tls="off"
    if command -v openssl >/dev/null 2>&1 \
        && openssl req -new -x509 -days 2 -nodes -subj /CN=localhost -keyout "$dir/data/server.key" -out "$dir/data/server.crt" \
            >/dev/null 2>&1; then
        chmod 600 "$dir/data/server.key"
        [ ${#as[@]} -eq 0 ] || chown postgres: "$dir/data/server.key" "$dir/data/server.crt"
        tls="on"
    fi
    # pg_ctl.sh ACTION [OPTIONS]: pg_ctl on this cluster (the restart tests stop and start it). It
    # closes what its caller left open first: a server it starts must not hold the caller's pipes.
    {
        printf '#!/usr/bin/env bash\n'
        printf 'for fd in $(ls /proc/$$/fd); do case $fd in 0 | 1 | 2 | 255) ;; *) eval "exec $fd>&-" ;; esac; done\n'
        printf 'exec %s "%s/pg_ctl" -D "%s/data" -l "%s/server.log" -w -t 60 ' "${as[*]}" "$bin" "$dir" "$dir"
        printf -- '-o "-c listen_addresses=127.0.0.1 -p %s -k %s -c ssl=%s -c fsync=off -c max_connections=200" "$@"\n' \
            "$port" "$dir" "$tls"
    } >"$dir/pg_ctl.sh"
    chmod 755 "$dir/pg_ctl.sh"
    "$dir/pg_ctl.sh" start >/dev/null \
        || { say "PostgreSQL did not start: $(tail -n 3 "$dir/server.log" 2>/dev/null)"; return 1; }
    "${as[@]}" "$bin/createdb" -h "$dir" -p "$port" -U postgres persona_import_test \
        || { say "createdb failed"; return 1; }
    export PERSONA_IMPORT_TEST_POSTGRES_URL="postgres://postgres:$password@127.0.0.1:$port/persona_import_test?sslmode=disable"
    [ "$tls" = "off" ] || export PERSONA_IMPORT_TEST_POSTGRES_TLS=1
    export PERSONA_IMPORT_TEST_POSTGRES_CTL="$dir/pg_ctl.sh"
    say "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') started on 127.0.0.1:$port for the ledger tests (TLS $tls)"
}

# stop_test_postgres: stops and removes the cluster start_test_postgres started.
stop_test_postgres() {
    local dir=${PERSONA_IMPORT_TEST_POSTGRES_DIR:-}
    [ -n "$dir" ] && [ -d "$dir" ] || return 0
    local bin as=()
    [ "$(id -u)" -ne 0 ] || as=(runuser -u postgres --)
    if [ -f "$dir/data/postmaster.pid" ] && bin=$(postgres_bin_dir); then
        "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    PERSONA_IMPORT_TEST_POSTGRES_DIR=
}
