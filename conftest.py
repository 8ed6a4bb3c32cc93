"""Playwright browser configuration for the e2e tests (pytest-playwright).

The browser is Debian's Chromium (installed by scripts/ensure-chromium.sh), not
a Playwright-downloaded build. Test fixtures live in mufakat/conftest.py.
"""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread, which makes
# Django refuse synchronous ORM calls there (SynchronousOnlyOperation) when
# tests use pytest-django's live_server.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }
