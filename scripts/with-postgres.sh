#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# Runs CMD with DATABASE_URL pointing at a throwaway PostgreSQL cluster that
# lives in a temporary directory, listens on 127.0.0.1 on a free port, and is
# stopped and deleted when CMD ends (also on failure or Ctrl-C). Exits with
# CMD's exit code. If DATABASE_URL is already set, just runs CMD against it.
# Installs Debian's postgresql package when no initdb binary is found.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi
if [ -n "${DATABASE_URL:-}" ]; then
    exec "$@"
fi

log() { echo "with-postgres: $*" >&2; }

# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
ensure_postgres

tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
data="$tmp/data"
pg_pid=

# shellcheck disable=SC2317  # only reached through the trap
cleanup() {
    local rc=$?
    trap - EXIT
    trap '' INT TERM  # do not leave a running server behind on a second Ctrl-C
    if [ -n "$pg_pid" ]; then
        kill -INT "$pg_pid" 2>/dev/null || true  # SIGINT = PostgreSQL's fast shutdown
        wait "$pg_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$tmp"
fi

# Ask the kernel for a free port (a tiny race with other programs is accepted).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

(cd "$tmp" && exec "${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust \
    -E UTF8 --no-locale --no-sync) >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; exit 1; }

# The server runs as a direct child of this script (not daemonised by pg_ctl),
# so $! is the postmaster and it is reaped here, not left to init. setsid keeps
# a terminal's Ctrl-C away from it, so CMD can still drop its test database.
# Durability is pointless for a throwaway database: trade it for speed. The
# Unix socket goes into the temp dir, so /var/run/postgresql is not needed.
(cd "$tmp" && exec "${as_pg[@]}" setsid "$bindir/postgres" -D "$data" \
    -h 127.0.0.1 -p "$port" -k "$tmp" \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off) \
    >"$tmp/postgres.log" 2>&1 &
pg_pid=$!

for _ in $(seq 1 120); do
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
        break
    fi
    kill -0 "$pg_pid" 2>/dev/null || break  # the server died while starting
    sleep 0.25
done
if ! "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
    log "server did not start:"
    cat "$tmp/postgres.log" >&2
    exit 1
fi

"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres mufakat
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/mufakat"
log "$("$bindir/postgres" --version) on 127.0.0.1:$port"

# Not exec: the EXIT trap must clean up afterwards. CMD runs in the
# foreground so it keeps stdin and gets Ctrl-C; a SIGTERM sent to this script
# alone is acted on when CMD ends. `|| rc=$?` keeps set -e from firing.
rc=0
"$@" || rc=$?
exit "$rc"
