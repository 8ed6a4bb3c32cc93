#!/usr/bin/env bash
# Usage: scripts/production.sh [DIR]
#
# Brings up on this machine what docs/deploy.md describes, with the production settings:
# a PostgreSQL cluster, `migrate`, `createcachetable`, `collectstatic` (compressed files served
# by WhiteNoise), `check --deploy`, gunicorn with 4 workers and the task worker. Prints the
# address once /healthz answers 200, and stops everything on Ctrl-C or SIGTERM (or when
# gunicorn stops; the task worker is started again when it stops). See docs/ops/production.md.
#
# DIR keeps everything (the database cluster, uploads, collected static files, the generated
# secret key and the logs) and is reused by the next run; without DIR a throwaway directory is
# used and deleted afterwards.
#
# Environment (all optional):
#   PORT            gunicorn's port on 127.0.0.1 (default 8000; 0 = a free one)
#   PG_PORT         PostgreSQL's port on 127.0.0.1 (default: a free one)
#   WEB_WORKERS     gunicorn workers (default 4)
#   PYTHON          the Python with Mufakat installed (default: .venv/bin/python of the checkout)
#   DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS, MUFAKAT_* settings: passed on.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
python=${PYTHON:-$repo/.venv/bin/python}
web_workers=${WEB_WORKERS:-4}

log() { echo "production: $*" >&2; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# shellcheck source=lib/postgres.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/postgres.sh"
ensure_postgres

throwaway=0
if [ $# -ge 1 ]; then
    dir=$1
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/mufakat-production.XXXXXX")
    throwaway=1
fi
pgdata="$dir/postgres"
mkdir -p "$dir/data" "$dir/logs"

# PostgreSQL refuses to run as root: run it as the postgres user then (who must be able to
# reach DIR: its parent directories need the x bit for others).
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    chmod o+x "$dir"
fi

web_pid=
worker_pid=
pg_started=0
# shellcheck disable=SC2317  # reached through the traps
cleanup() {
    local rc=$?
    trap - EXIT
    trap '' INT TERM
    log "stopping"
    for pid in $web_pid $worker_pid; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in $web_pid $worker_pid; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "$pg_started" -eq 1 ]; then
        (cd "$dir" && "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null) || true
    fi
    if [ "$throwaway" -eq 1 ]; then
        rm -rf "$dir"
    fi
    log "stopped"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# -- the database -----------------------------------------------------------------------------
pg_port=${PG_PORT:-$(free_port)}
if [ ! -f "$dir/db-password" ]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$dir/db-password")
fi
db_password=$(cat "$dir/db-password")
if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pgdata"
    pwfile="$pgdata.pw"
    (umask 077 && echo "$db_password" >"$pwfile")
    [ "$(id -u)" -ne 0 ] || chown postgres: "$pwfile"
    (cd "$dir" && "${as_pg[@]}" "$bindir/initdb" -D "$pgdata" -U postgres -E UTF8 --no-locale \
        --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pwfile") \
        >"$dir/logs/initdb.log" 2>&1 || { cat "$dir/logs/initdb.log" >&2; rm -f "$pwfile"; exit 1; }
    rm -f "$pwfile"
    new_cluster=1
else
    new_cluster=0
fi
[ "$(id -u)" -ne 0 ] || chown postgres: "$dir/logs"
# Daemonised by pg_ctl (so an operator can restart it with pg_ctl while the site runs); the
# Unix socket stays in the cluster's directory.
(cd "$dir" && "${as_pg[@]}" "$bindir/pg_ctl" -D "$pgdata" -l "$dir/logs/postgres.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $pg_port -k $pgdata" start >/dev/null) \
    || { log "PostgreSQL did not start:"; tail -20 "$dir/logs/postgres.log" >&2; exit 1; }
pg_started=1
echo "$pg_port" >"$dir/pg-port"
if [ "$new_cluster" -eq 1 ]; then
    psql=("$bindir/psql" -q -h "$pgdata" -p "$pg_port" -U postgres -v ON_ERROR_STOP=1)
    (cd "$dir" && "${as_pg[@]}" "${psql[@]}" -d postgres \
        -c "CREATE ROLE mufakat LOGIN PASSWORD '$db_password'" \
        -c "CREATE DATABASE mufakat OWNER mufakat ENCODING 'UTF8'")
fi

# -- the production settings ------------------------------------------------------------------
if [ ! -f "$dir/secret-key" ]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(50))' >"$dir/secret-key")
fi
unset MUFAKAT_ENV DJANGO_DEBUG DJANGO_SETTINGS_MODULE
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=$(cat "$dir/secret-key")
export DATABASE_URL="postgres://mufakat:$db_password@127.0.0.1:$pg_port/mufakat"
export MUFAKAT_DATA_DIR="$dir/data"
export DJANGO_ALLOWED_HOSTS=${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}
# As behind nginx (docs/deploy.md): TLS ends at the proxy, which says so in X-Forwarded-Proto.
export MUFAKAT_BEHIND_PROXY=${MUFAKAT_BEHIND_PROXY:-1}
export PYTHONUNBUFFERED=1

cd "$repo"  # `python -m` imports this checkout's code
mufakat() { "$python" -m mufakat.cli "$@"; }
mufakat migrate --noinput >"$dir/logs/migrate.log"
mufakat createcachetable
mufakat collectstatic --noinput >"$dir/logs/collectstatic.log"
mufakat check --deploy --fail-level WARNING
# A search index built by an older version is rebuilt in place by the worker (searches keep
# answering meanwhile); an up-to-date one is left alone.
mufakat search_index --if-outdated --in-background
# No worker runs yet: whatever is still "running" lost its worker when this site last stopped.
mufakat sweep_tasks --all-running

# -- gunicorn and the task worker ---------------------------------------------------------------
port=${PORT:-8000}
[ "$port" != 0 ] || port=$(free_port)
"$python" -m gunicorn mufakat.wsgi -w "$web_workers" -b "127.0.0.1:$port" \
    --access-logfile "$dir/logs/access.log" --error-logfile "$dir/logs/gunicorn.log" \
    --control-socket "$dir/gunicorn.ctl" &
web_pid=$!
# The worker stops on a database error (e.g. while PostgreSQL restarts): started again after
# 5 s, as systemd's Restart=always RestartSec=5 does (docs/deploy.md).
(
    child=
    trap '[ -z "$child" ] || kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM
    while true; do
        "$python" -m mufakat.cli db_worker --queue-name '*' &
        child=$!
        rc=0
        wait "$child" || rc=$?
        echo "production: the task worker stopped (status $rc); starting it again in 5 s"
        sleep 5 &
        wait $! || true
    done
) >>"$dir/logs/worker.log" 2>&1 &
worker_pid=$!

url="http://127.0.0.1:$port/"
# Prints /healthz's body; succeeds when it answers 200.
healthz() {
    python3 - "${url}healthz" <<'PY'
import sys, urllib.error, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
        print(response.read().decode())
except urllib.error.HTTPError as error:
    print(error.read().decode())
    sys.exit(1)
except OSError as error:
    print(error)
    sys.exit(1)
PY
}
for _ in $(seq 1 240); do
    if healthz >/dev/null 2>&1; then
        break
    fi
    kill -0 "$web_pid" 2>/dev/null || { log "gunicorn stopped:"; tail -20 "$dir/logs/gunicorn.log" >&2; exit 1; }
    sleep 0.5
done
healthz >"$dir/logs/healthz.json" || { log "/healthz does not answer 200:"; cat "$dir/logs/healthz.json" >&2; exit 1; }
echo "$url" >"$dir/url"
log "PostgreSQL on 127.0.0.1:$pg_port, data in $dir"
log "gunicorn ($web_workers workers) pid $web_pid, task worker pid $worker_pid, logs in $dir/logs"
log "health: ${url}healthz"
echo "Mufakat is up at $url (behind a TLS proxy in production; Ctrl-C stops it)"

# Until Ctrl-C/SIGTERM, or until gunicorn stops (then everything stops).
rc=0
wait "$web_pid" || rc=$?
log "gunicorn stopped (status $rc)"
exit "$rc"
