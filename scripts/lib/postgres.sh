# Shared by scripts/with-postgres.sh, scripts/with-replica.sh and scripts/production.sh (sourced;
# the caller defines `log`): find Debian's PostgreSQL server programs, installing the package when
# they are missing, and run them as the postgres user when we are root.

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

# Sets $bindir, installing Debian's postgresql package first when no initdb is found.
ensure_postgres() {
    bindir=$(find_bindir)
    if [ -n "$bindir" ]; then
        return
    fi
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
}

# initdb and the server refuse to run as root: run them as the postgres user then, from a
# directory postgres may read. setpriv execs in place (unlike su/runuser), which keeps the
# server's pid.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
