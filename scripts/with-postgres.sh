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

# Newest /usr/lib/postgresql/<ver>/bin that has initdb, or nothing.
find_bindir() {
    local d
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [ -x "$d/initdb" ]; then
            echo "$d"
            return
        fi
    done
}

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    # The package may have started its default cluster; we do not use it.
    if command -v pg_lsclusters >/dev/null; then
        pg_lsclusters -h | while read -r ver name _port status _rest; do
            if [ "$status" = online ]; then
                pg_ctlcluster "$ver" "$name" stop || true
            fi
        done
    fi
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
        log "no initdb found after installing postgresql"
        exit 1
    fi
fi

# initdb and the server refuse to run as root: use the postgres user then.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd "$tmp" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-postgres.XXXXXX")
data="$tmp/data"
started=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$started" ]; then
        as_pg "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 \
            || log "could not stop the cluster in $data"
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

as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale \
    --no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }

# Durability is pointless for a throwaway test database: trade it for speed.
# The Unix socket goes into the temp dir so /var/run/postgresql is not needed.
opts="-h 127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
started=1
as_pg "$bindir/pg_ctl" -D "$data" -l "$tmp/postgres.log" -o "$opts" -w -t 60 start >/dev/null \
    || { cat "$tmp/postgres.log" >&2; exit 1; }

for _ in $(seq 1 60); do
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
        break
    fi
    sleep 0.5
done
"$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres \
    || { log "server not ready"; cat "$tmp/postgres.log" >&2; exit 1; }

"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres mufakat
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/mufakat"
log "$("$bindir/postgres" --version) on 127.0.0.1:$port"

# Not exec: the EXIT trap must clean up afterwards. CMD runs in the
# foreground so it keeps stdin and gets Ctrl-C; a SIGTERM sent to this script
# alone is acted on when CMD ends. `|| rc=$?` keeps set -e from firing.
rc=0
"$@" || rc=$?
exit "$rc"
