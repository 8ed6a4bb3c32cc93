"""Playwright browser configuration for the e2e tests (pytest-playwright).

The browser is Debian's Chromium (installed by scripts/ensure-chromium.sh), not
a Playwright-downloaded build. Test fixtures live in mufakat/conftest.py.
"""

import os
from collections import Counter
from typing import Any

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


@pytest.fixture(autouse=True)
def _mfa_not_required_unless_a_test_asks(settings: Any) -> None:
    """Most tests sign people in with ``force_login`` or the demo password; the second-factor
    requirement would send them all to enrolment. It is switched on by the tests of the
    requirement itself (mufakat/accounts/tests, tests/e2e/test_mfa.py)."""
    settings.MUFAKAT_MFA_REQUIRED_ROLES = []
    settings.MUFAKAT_MFA_REQUIRED_FOR_STAFF = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The order pytest-xdist hands out the test files in (``--dist loadfile
    --no-loadscope-reorder``, see the Makefile): the API fuzzing first, so that it starts on a
    freshly migrated database as ``make test-fuzz`` starts it and the other process takes the
    rest meanwhile; then by number of tests, the most first, as xdist itself sorts them (the
    permission matrix starts at once). Within a file the order stays as it is. Only in xdist's
    test processes: a run in one process keeps pytest-django's order."""
    if not hasattr(config, "workerinput"):
        return
    files = [item.nodeid.split("::", 1)[0] for item in items]
    tests = Counter(files)
    fuzz = {
        file for file, item in zip(files, items, strict=True) if item.get_closest_marker("fuzz")
    }
    rank = {file: (file not in fuzz, -tests[file]) for file in tests}
    order = {id(item): rank[file] for file, item in zip(files, items, strict=True)}
    items.sort(key=lambda item: order[id(item)])
