#!/usr/bin/env bash
# Usage: scripts/with-replica.sh CMD [ARGS...]
#
# Runs CMD with two throwaway PostgreSQL clusters on 127.0.0.1: a primary and a hot-standby
# streaming replica of it (pg_basebackup -R through a physical replication slot), both in a
# temporary directory on free ports, stopped and deleted when CMD ends (also on failure or
# Ctrl-C). Exports DATABASE_URL (the primary) and DATABASE_REPLICA_URL (the replica), and
# MUFAKAT_REPLICA_PRIMARY_PORT / MUFAKAT_REPLICA_PORT. Exits with CMD's exit code.
# REPLICA_APPLY_DELAY (e.g. 200ms) makes the replica apply WAL that much later, to make
# replication lag visible in tests; unset, it applies as fast as it can.
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

log() { echo "with-replica: $*" >&2; }

# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
ensure_postgres  # pg_basebackup comes with the same package as initdb

tmp=$(mktemp -d "${TMPDIR:-/tmp}/with-replica.XXXXXX")
primary_pid=
replica_pid=

# shellcheck disable=SC2317  # only reached through the trap
cleanup() {
    local rc=$?
    trap - EXIT
    trap '' INT TERM
    local pid
    for pid in $replica_pid $primary_pid; do
        kill -INT "$pid" 2>/dev/null || true  # fast shutdown
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$tmp"
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
primary_port=$(free_port)
replica_port=$(free_port)
while [ "$replica_port" = "$primary_port" ]; do replica_port=$(free_port); done

wait_ready() {  # PORT PID LOG
    for _ in $(seq 1 160); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$1" -U postgres; then
            return 0
        fi
        kill -0 "$2" 2>/dev/null || break
        sleep 0.25
    done
    log "server on port $1 did not start:"
    cat "$3" >&2
    return 1
}

# The primary: replication allowed from loopback (initdb's trust rules include it), a slot so
# the replica never misses WAL it has not received yet.
(cd "$tmp" && exec "${as_pg[@]}" "$bindir/initdb" -D "$tmp/primary" -U postgres --auth=trust \
    -E UTF8 --no-locale --no-sync) >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log" >&2; exit 1; }
(cd "$tmp" && exec "${as_pg[@]}" setsid "$bindir/postgres" -D "$tmp/primary" \
    -h 127.0.0.1 -p "$primary_port" -k "$tmp" \
    -c wal_level=replica -c max_wal_senders=5 -c max_replication_slots=5 \
    -c hot_standby=on -c fsync=off -c full_page_writes=off -c synchronous_commit=off \
    -c max_connections=200) >"$tmp/primary.log" 2>&1 &
primary_pid=$!
wait_ready "$primary_port" "$primary_pid" "$tmp/primary.log"

"$bindir/psql" -q -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres \
    -c "SELECT pg_create_physical_replication_slot('mufakat_replica')" >/dev/null

# The replica: a base backup of the primary, with -R writing primary_conninfo and
# standby.signal, so it starts as a hot standby streaming from the slot.
(cd "$tmp" && exec "${as_pg[@]}" "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" \
    -U postgres -D "$tmp/replica" -R -X stream -S mufakat_replica --no-sync) \
    >"$tmp/basebackup.log" 2>&1 || { cat "$tmp/basebackup.log" >&2; exit 1; }
delay=()
if [ -n "${REPLICA_APPLY_DELAY:-}" ]; then
    delay=(-c "recovery_min_apply_delay=$REPLICA_APPLY_DELAY")
fi
(cd "$tmp" && exec "${as_pg[@]}" setsid "$bindir/postgres" -D "$tmp/replica" \
    -h 127.0.0.1 -p "$replica_port" -k "$tmp" -c hot_standby=on \
    -c max_connections=200 -c hot_standby_feedback=on "${delay[@]}") \
    >"$tmp/replica.log" 2>&1 &
replica_pid=$!
wait_ready "$replica_port" "$replica_pid" "$tmp/replica.log"

"$bindir/createdb" -h 127.0.0.1 -p "$primary_port" -U postgres mufakat
# The database appears on the replica once its creation is replayed.
for _ in $(seq 1 80); do
    if "$bindir/psql" -qAt -h 127.0.0.1 -p "$replica_port" -U postgres -d mufakat \
        -c "SELECT 1" >/dev/null 2>&1; then
        break
    fi
    sleep 0.25
done
state=$("$bindir/psql" -qAt -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres \
    -c "SELECT state FROM pg_stat_replication LIMIT 1")
if [ "$state" != streaming ]; then
    log "the replica is not streaming (state: ${state:-none}):"
    cat "$tmp/replica.log" >&2
    exit 1
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$primary_port/mufakat"
export DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:$replica_port/mufakat"
export MUFAKAT_REPLICA_PRIMARY_PORT=$primary_port MUFAKAT_REPLICA_PORT=$replica_port
log "$("$bindir/postgres" --version): primary 127.0.0.1:$primary_port, streaming replica 127.0.0.1:$replica_port"

rc=0
"$@" || rc=$?
exit "$rc"
