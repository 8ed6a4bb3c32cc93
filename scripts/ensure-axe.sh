#!/usr/bin/env bash
# Install axe-core (the accessibility rules the browser tests inject into every page) from
# tests/a11y/package-lock.json, exactly as pinned there. Idempotent: does nothing when the
# installed version already matches the lock file, so it is safe to run on every `make test`.
set -euo pipefail

cd "$(dirname "$0")/../tests/a11y"
wanted=$(node -p "require('./package-lock.json').packages['node_modules/axe-core'].version")
if [ -f node_modules/axe-core/axe.min.js ] &&
    [ "$(node -p "require('./node_modules/axe-core/package.json').version")" = "$wanted" ]; then
    exit 0
fi
echo "ensure-axe: installing axe-core $wanted (npm ci)" >&2
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
