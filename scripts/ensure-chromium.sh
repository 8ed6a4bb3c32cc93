#!/usr/bin/env bash
# Make sure Debian's Chromium is installed at /usr/bin/chromium (used by the
# Playwright tests instead of a Playwright-downloaded browser). Idempotent and
# non-interactive, so it is safe to run on every `make test` and in CI.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo -n)  # -n: fail instead of prompting for a password
fi

echo "ensure-chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version >&2
