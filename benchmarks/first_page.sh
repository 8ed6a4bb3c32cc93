#!/usr/bin/env bash
# Benchmark: seconds from `git clone` + `make demo` to the home page's first 200, and the venv size.
#
#   benchmarks/first_page.sh [--cold] [--port 8765] [--source DIR] [--work DIR] [--keep]
#
# Clones DIR (default: this checkout's committed HEAD) into a new temporary directory, runs
# `make demo PORT=…` there in the background, polls http://127.0.0.1:PORT/ every 0.2 s, and prints:
#   - seconds until the packages were installed (.venv/.installed-runtime appeared),
#   - seconds until the first 200 of the home page,
#   - the size of .venv and whether any development tool (pytest, mypy, playwright, ruff) is in it,
# then stops the demo (SIGTERM to the process group it started: make, then serve_demo, which stops
# its web server and task worker) and removes the clone unless --keep.
#
# Warm (default): uv's and pip's usual caches, so packages come from the cache; run it twice (or
# once after `make demo` anywhere on the machine) for the warm figure.
# --cold: fresh empty uv and pip caches for this run only (every package downloaded); your own
# caches are left alone.
# The clock includes the venv's creation, the installs, migrate, load_demo and the server start; the
# Debian packages (scripts/ensure-system-packages.sh) are assumed installed, as after any first run.
# It prints the CPU seconds used and the load average too: the machine is shared, and a loaded one stretches every step.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source=$root
port=""
work=""
cold=0
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --cold) cold=1 ;;
        --keep) keep=1 ;;
        --port) port=$2; shift ;;
        --source) source=$2; shift ;;
        --work) work=$2; shift ;;
        *) echo "first_page.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
limit=${FIRST_PAGE_LIMIT:-900}  # seconds before giving up

if [ -z "$port" ]; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
if [ -z "$work" ]; then
    work=$(mktemp -d /tmp/first-page.XXXXXX)
fi
clone=$work/clone
log=$work/make-demo.log

if [ "$cold" = 1 ]; then
    export UV_CACHE_DIR=$work/uv-cache PIP_CACHE_DIR=$work/pip-cache
fi

demo_pid=""
cleanup() {
    if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
        kill -TERM -- "-$demo_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$demo_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL -- "-$demo_pid" 2>/dev/null || true
    fi
    if [ "$keep" = 0 ]; then
        rm -rf "$work"
    fi
}
trap cleanup EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
git clone --quiet "$source" "$clone"
cd "$clone"
# setsid: make and everything it starts form one process group, stopped together.
setsid make demo PORT="$port" >"$log" 2>&1 </dev/null &
demo_pid=$!

elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)"; }

# CPU seconds of the whole run (make and what it started and waited for, plus the live server):
# a figure the shared machine's load does not stretch as it stretches the wall clock.
cpu_seconds() {
    python3 - "$demo_pid" <<'PY'
import os, sys
sid, tick = int(sys.argv[1]), os.sysconf("SC_CLK_TCK")
stats = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        stats[int(pid)] = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        continue
ours = {pid for pid, f in stats.items() if int(f[3]) == sid}  # make's session
while True:  # and their descendants (serve_demo starts its servers in sessions of their own)
    more = {pid for pid, f in stats.items() if int(f[1]) in ours} - ours
    if not more:
        break
    ours |= more
total = sum(sum(int(x) for x in stats[pid][11:15]) for pid in ours)  # utime stime cutime cstime
print(f"{total / tick:.1f}")
PY
}

installed=""
loaded=""
while :; do
    if [ -z "$installed" ] && [ -e .venv/.installed-runtime ]; then
        installed=$(elapsed)
        installed_cpu=$(cpu_seconds)
    fi
    # serve_demo has started: migrate and load_demo are done.
    if [ -z "$loaded" ] && pgrep -s "$demo_pid" -f serve_demo >/dev/null; then
        loaded=$(elapsed)
        loaded_cpu=$(cpu_seconds)
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/" || true)
    if [ "$code" = 200 ]; then
        first=$(elapsed)
        cpu=$(cpu_seconds)
        break
    fi
    if ! kill -0 "$demo_pid" 2>/dev/null; then
        echo "make demo stopped before the first page; its output:" >&2
        tail -30 "$log" >&2
        exit 1
    fi
    if [ "$(elapsed | cut -d. -f1)" -ge "$limit" ]; then
        echo "no 200 from the home page within ${limit} s; make demo's output:" >&2
        tail -30 "$log" >&2
        exit 1
    fi
    sleep 0.2
done

# The environment may have no pip (uv installs it): read the installed distributions' names.
tools=$(ls .venv/lib/python*/site-packages | awk -F- 'tolower($1) ~ /^(pytest|mypy|playwright|ruff|hypothesis|schemathesis)$/ && /dist-info$/ {print $1}' | tr '\n' ' ')
echo "cache:                    $([ "$cold" = 1 ] && echo "cold (empty uv and pip caches)" || echo "warm (the usual caches)")"
echo "                          wall s   CPU s (user+sys)"
echo "packages installed after: ${installed:-?}   ${installed_cpu:-?}"
echo "demo data loaded after:   ${loaded:-?}   ${loaded_cpu:-?}"
echo "first 200 of / after:     $first   $cpu"
echo "venv size:                $(du -sh .venv | cut -f1)"
echo "development tools in venv: ${tools:-none}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
