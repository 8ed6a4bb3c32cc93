"""/healthz with a read replica: how far the real streaming replica trails the primary, and 503
naming the replica when it trails by more than allowed or does not answer.

Runs only under ``make test-replica`` (scripts/with-replica.sh: a primary and a hot standby
that applies WAL a second late, so a fresh write makes the lag visible). Each check runs in its
own process with the settings an operator would give it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.replica.marks import NEEDS_REPLICA

pytestmark = NEEDS_REPLICA

ROOT = Path(__file__).resolve().parents[2]

#: Two writes on the primary a moment apart, then /healthz at once (the site already loaded):
#: the replica, which applies WAL a second late, has received both and replayed neither.
PROBE = """
import json, time
from django.db import connections
from django.test import Client
Client().get("/healthz")  # the first request loads the site: seconds the replica would use
if WRITE:
    for _ in range(2):
        with connections["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS health_probe (n integer)")
            cursor.execute("INSERT INTO health_probe VALUES (1)")
        time.sleep(0.3)
response = Client().get("/healthz")
print(json.dumps({**response.json(), "code": response.status_code}))
"""


def healthz(tmp_path: Path, *, write: bool = False, **env: str) -> dict[str, Any]:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mufakat.cli",
            "shell",
            "--no-imports",
            "-c",
            f"WRITE = {write!r}\n{PROBE}",
        ],
        env={
            **os.environ,
            "MUFAKAT_ENV": "demo",
            "MUFAKAT_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "mufakat.settings",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "MUFAKAT_HEALTH_MIN_FREE_BYTES": "1",
            "MUFAKAT_HEALTH_MIN_FREE_PERCENT": "0",
            "MUFAKAT_LOG_LEVEL": "ERROR",
            **env,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> None:
    env = {
        **os.environ,
        "MUFAKAT_ENV": "demo",
        "MUFAKAT_DATA_DIR": str(tmp_path_factory.mktemp("h")),
    }
    subprocess.run(
        [sys.executable, "-m", "mufakat.cli", "migrate", "-v0"], env=env, cwd=ROOT, check=True
    )


def test_a_replica_that_keeps_up_reports_its_lag_and_the_site_is_healthy(
    migrated: None, tmp_path: Path
) -> None:
    answer = healthz(tmp_path, MUFAKAT_HEALTH_MAX_REPLICA_LAG="30")
    replica = answer["checks"]["replica"]
    assert replica["ok"] is True, answer
    assert 0 <= replica["lag_seconds"] <= 30
    assert replica["max_lag_seconds"] == 30
    assert answer["code"] == 200


def test_a_replica_trailing_more_than_allowed_fails_the_probe_naming_the_replica(
    migrated: None, tmp_path: Path
) -> None:
    answer = healthz(tmp_path, write=True, MUFAKAT_HEALTH_MAX_REPLICA_LAG="0.2")
    replica = answer["checks"]["replica"]
    assert answer["code"] == 503, answer
    assert answer["status"] == "failing" and replica["ok"] is False, answer
    assert replica["lag_seconds"] > 0.2
    assert all(answer["checks"][name]["ok"] for name in ("database", "task_queue"))


def test_a_replica_that_does_not_answer_fails_the_probe_naming_it(
    migrated: None, tmp_path: Path
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nobody listens there once the socket is closed
    url = os.environ["DATABASE_REPLICA_URL"].rsplit("@", 1)
    _host, _, rest = url[1].partition("/")
    dead = f"{url[0]}@127.0.0.1:{closed}/{rest}"
    answer = healthz(tmp_path, DATABASE_REPLICA_URL=dead)
    assert answer["code"] == 503
    assert answer["checks"]["replica"]["ok"] is False
    assert answer["checks"]["replica"]["error"] == "the replica does not answer"
    assert answer["checks"]["database"]["ok"] is True
