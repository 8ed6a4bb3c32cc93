#!/usr/bin/env bash
# Regenerate the lock files in requirements/ from pyproject.toml, with uv (`uv pip compile`).
#
#   scripts/lock.sh UV                   re-lock, keeping every pin that still fits pyproject.toml
#   scripts/lock.sh UV --upgrade         move every package to its newest allowed version
#   scripts/lock.sh UV --upgrade-package django [--upgrade-package ...]   move only these
#   scripts/lock.sh UV --check           fail (exit 1, with a diff) when the lock files are not
#                                        what `make lock` would write from pyproject.toml now
#
# UV is the uv executable (the Makefile passes .venv/bin/uv, pinned by requirements/uv.txt).
# UV_VERSION (environment) is the uv release requirements/uv.txt pins.
#
# The files, all with sha256 hashes of every wheel and sdist of each pinned version:
#   requirements/dev.txt      the runtime dependencies and the `dev` extra (make install/test, CI)
#   requirements/runtime.txt  the runtime dependencies only, at the same versions as dev.txt (make demo,
#                             production)
#   requirements/build.txt    what builds Mufakat itself ([build-system] requires: setuptools)
#   requirements/uv.txt       the installer, bootstrapped by pip into .venv
# The lock is universal (environment markers, not this machine's platform) for Python 3.11+.
set -euo pipefail

uv=${1:?usage: scripts/lock.sh UV [--check | --upgrade | --upgrade-package NAME ...]}
shift
uv_version=${UV_VERSION:?set UV_VERSION, e.g. UV_VERSION=0.13.9}
check=0
upgrade=()
while [ $# -gt 0 ]; do
    case "$1" in
        --check) check=1 ;;
        --upgrade) upgrade+=(--upgrade) ;;
        --upgrade-package) upgrade+=(--upgrade-package "$2"); shift ;;
        *) echo "lock.sh: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done

root=$(cd "$(dirname "$0")/.." && pwd)
uv=$(cd "$(dirname "$uv")" && pwd)/$(basename "$uv")
python=${PYTHON:-python3}
if [[ "$python" == */* ]]; then
    python=$(cd "$(dirname "$python")" && pwd)/$(basename "$python")
fi

# uv prefers the versions already in an output file, so re-locking after a pyproject.toml change
# moves only what the change requires. --check compiles into a copy and compares.
if [ "$check" = 1 ]; then
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    cp "$root/pyproject.toml" "$work/"
    mkdir -p "$work/requirements"
    cp "$root"/requirements/*.txt "$work/requirements/" 2>/dev/null || true
else
    work=$root
    mkdir -p "$work/requirements"
fi
cd "$work"

compile=("$uv" pip compile --quiet --generate-hashes --universal --python-version 3.11
    --custom-compile-command "make lock" --no-config)

# Development first (it is the superset), then runtime constrained to the same versions, so the
# demo and production run exactly the versions the tests ran.
"${compile[@]}" "${upgrade[@]}" pyproject.toml --extra dev -o requirements/dev.txt
"${compile[@]}" pyproject.toml -c requirements/dev.txt -o requirements/runtime.txt
"$python" -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"]))' \
    | "${compile[@]}" "${upgrade[@]}" - -o requirements/build.txt
echo "uv==$uv_version" | "${compile[@]}" - -o requirements/uv.txt

if [ "$check" = 1 ]; then
    if ! diff -ru "$root/requirements" "$work/requirements" >"$work/diff" 2>&1; then
        echo "The lock files in requirements/ do not match pyproject.toml (or UV_VERSION)." >&2
        echo "Run \`make lock\` and commit requirements/. Difference (- committed, + expected):" >&2
        grep -E '^[-+][a-z0-9]' "$work/diff" | grep -v -- '--hash' | head -40 >&2 || head -40 "$work/diff" >&2
        exit 1
    fi
    echo "lock-check: requirements/ matches pyproject.toml"
fi
