#!/usr/bin/env bash
# Make sure the Debian packages the meeting papers need are installed: WeasyPrint's libraries
# (pango, cairo), fonts that cover the names in the papers (Noto: Latin with Vietnamese
# diacritics, Thai, Khmer, Lao, Myanmar) and poppler-utils (pdftoppm renders PDF pages to PNG
# for the screenshots and the checks), and GNU gettext (makemessages and msgfmt: the test that
# every interface string is translated extracts them afresh). Idempotent and non-interactive, like ensure-chromium.sh,
# so it is safe to run on every `make test` and in CI.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fonts-noto-core poppler-utils gettext)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo -n)  # -n: fail instead of prompting for a password
fi

echo "ensure-system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
