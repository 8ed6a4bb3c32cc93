"""Two app processes and two task workers on a PostgreSQL primary and its streaming replica.

Runs only under ``make test-replica`` (scripts/with-replica.sh sets ``DATABASE_REPLICA_URL``,
and applies the replica's WAL a second late so that its lag shows). The site runs as the demo
(its data, two gunicorn processes on their own ports, two ``db_worker``s), all on 127.0.0.1.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.replica.marks import NEEDS_REPLICA

pytestmark = NEEDS_REPLICA

ROOT = Path(__file__).resolve().parents[2]
MUFAKAT = [sys.executable, "-m", "mufakat.cli"]
PIN_SECONDS = 30
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOCK_VERSION = re.compile(r'name="lock_version" value="(\d*)"')
SECOND_PASSWORD = "replica-test-second-focal-point"

SETUP = f"""
from mufakat.accounts.models import User
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.registry.models import Party
second = User(username="idn.second", first_name="Second focal point, Indonesia",
              party=Party.objects.get(code="IDN"), role="focal_point")
second.set_password({SECOND_PASSWORD!r})
second.save()
report = ProgressReport.objects.filter(
    party__code="IDN", state="draft", round__status=ReportingRound.Status.OPEN).order_by("pk")[0]
print(report.pk, report.round_id)
"""

LAG = """
from mufakat.core.db_router import replication_lag_seconds
print(replication_lag_seconds())
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lsn(url: str, sql: str) -> int:
    """An LSN as a number of bytes (PostgreSQL's pg_lsn minus 0/0)."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(f"SELECT ({sql}) - '0/0'::pg_lsn").fetchone()
    assert row is not None
    return int(row[0])


def primary_lsn() -> int:
    return _lsn(os.environ["DATABASE_URL"], "pg_current_wal_lsn()")


def replayed_lsn() -> int:
    return _lsn(os.environ["DATABASE_REPLICA_URL"], "pg_last_wal_replay_lsn()")


def wait_for_replica(target: int | None = None) -> None:
    target = primary_lsn() if target is None else target
    for _ in range(300):
        if replayed_lsn() >= target:
            return
        time.sleep(0.1)
    raise AssertionError("the replica did not catch up in 30 s")


class Browser:
    """A browser: cookies, and the CSRF token of the last page. ``keep_pin=False`` drops the
    primary pin, like a reader who never wrote."""

    def __init__(self, *, keep_pin: bool = True) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.keep_pin = keep_pin

    def cookies(self) -> set[str]:
        return {c.name for c in self.jar}

    def _after(self) -> None:
        if not self.keep_pin:
            for cookie in list(self.jar):
                if cookie.name == "mufakat_primary":
                    self.jar.clear(cookie.domain, cookie.path, cookie.name)

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            assert response.status == 200, url
            text: str = response.read().decode()
        self._after()
        return text

    def post(self, url: str, data: dict[str, str], page: str) -> tuple[str, str]:
        found = CSRF.search(page)
        assert found, "no CSRF token"
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": found.group(1)}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        with self.opener.open(request, timeout=30) as response:
            text: str = response.read().decode()
            final: str = response.url
        self._after()
        return final, text

    def sign_in(self, site: str, username: str, password: str) -> None:
        page = self.get(f"{site}/accounts/login/")
        final, _ = self.post(
            f"{site}/accounts/login/", {"login": username, "password": password}, page
        )
        assert "/accounts/login/" not in final, f"{username} was not signed in"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data = tmp_path_factory.mktemp("replica-site")
    env = {
        **os.environ,
        "MUFAKAT_ENV": "demo",
        "MUFAKAT_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "mufakat.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "MUFAKAT_REPLICA_PIN_SECONDS": str(PIN_SECONDS),
        "MUFAKAT_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [*MUFAKAT, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    manage("migrate", "-v0")
    manage("createcachetable")
    manage("load_demo")
    report, round_id = manage("shell", "--no-imports", "-c", SETUP).strip().splitlines()[-1].split()
    ports = [_free_port(), _free_port()]
    commands = [
        [sys.executable, "-m", "gunicorn", "mufakat.wsgi", "-w", "2", "-b", f"127.0.0.1:{p}"]
        for p in ports
    ] + [[*MUFAKAT, "db_worker", "--worker-id", f"worker-{n}"] for n in (1, 2)]
    processes = [
        subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for command in commands
    ]
    sites = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        for url in sites:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"{url}/accounts/login/", timeout=2).close()
                    break
                except OSError:
                    time.sleep(0.2)
        wait_for_replica()
        yield {"a": sites[0], "b": sites[1], "report": int(report), "round": int(round_id),
               "manage": manage}  # fmt: skip
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _save_narrative(browser: Browser, site: str, report: int, narrative: str) -> None:
    url = f"{site}/monitoring/reports/{report}/"
    page = browser.get(url)
    version = LOCK_VERSION.search(page)
    assert version, "the report form is missing"
    _, text = browser.post(
        url,
        {
            "action": "save",
            "status": "on_track",
            "percent": "30",
            "narrative": narrative,
            "lock_version": version.group(1),
        },
        page,
    )
    assert "Draft saved" in text, text[:2000]


def test_the_writer_reads_what_it_saved_at_once_through_the_other_app_process(
    site: dict[str, Any],
) -> None:
    writer = Browser()
    writer.sign_in(site["a"], "idn.focal", "mufakat-demo-idn-focal")
    narrative = f"Saved through the first app process at {time.time_ns()}."
    _save_narrative(writer, site["a"], site["report"], narrative)
    assert "mufakat_primary" in writer.cookies()

    # The second process, pinned to the primary by the cookie, shows the saved text right away.
    assert narrative in writer.get(f"{site['b']}/monitoring/reports/{site['report']}/")


def test_another_reader_reads_from_the_replica_and_sees_the_write_once_replayed(
    site: dict[str, Any],
) -> None:
    reader = Browser(keep_pin=False)
    reader.sign_in(site["b"], "idn.second", SECOND_PASSWORD)
    wait_for_replica()  # the reader's session is on the replica
    writer = Browser()
    writer.sign_in(site["a"], "idn.focal", "mufakat-demo-idn-focal")
    narrative = f"Saved for another reader at {time.time_ns()}."
    _save_narrative(writer, site["a"], site["report"], narrative)
    written = primary_lsn()

    page = reader.get(f"{site['b']}/monitoring/reports/{site['report']}/")
    behind = written - replayed_lsn()
    if behind > 0:
        # The replica had not replayed the save when the page was read: it served the old text,
        # which shows the page really came from the replica and how far it trailed.
        assert narrative not in page
        lag = float(site["manage"]("shell", "--no-imports", "-c", LAG).strip())
        assert lag >= 0
    wait_for_replica(written)
    assert narrative in reader.get(f"{site['b']}/monitoring/reports/{site['report']}/")


def test_the_replica_refuses_writes_and_the_router_never_sends_it_one(
    site: dict[str, Any],
) -> None:
    with psycopg.connect(os.environ["DATABASE_REPLICA_URL"], autocommit=True) as conn:
        row = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        assert row == (True,)
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        row = conn.execute(
            "SELECT state, sent_lsn - replay_lsn FROM pg_stat_replication"
        ).fetchone()
    assert row is not None and row[0] == "streaming"


def test_two_task_workers_share_the_queue_and_run_each_task_once(site: dict[str, Any]) -> None:
    enqueue = (
        "from mufakat.monitoring.tasks import notify_round_opened\n"
        f"print([str(notify_round_opened.enqueue({site['round']}).id) for _ in range(12)])"
    )
    ids = json.loads(
        site["manage"]("shell", "--no-imports", "-c", enqueue).strip().replace("'", '"')
    )
    check = (
        "import json\nfrom django_tasks_db.models import DBTaskResult\n"
        f"print(json.dumps([[r.status, r.worker_ids] for r in DBTaskResult.objects.filter("
        f"id__in={ids!r})]))"
    )
    for _ in range(300):
        results = json.loads(site["manage"]("shell", "--no-imports", "-c", check).strip())
        if all(status in {"SUCCESSFUL", "FAILED"} for status, _ in results):
            break
        time.sleep(1)
    assert [status for status, _ in results] == ["SUCCESSFUL"] * 12
    assert all(len(workers) == 1 for _, workers in results)
    assert {w for _, workers in results for w in workers} <= {"worker-1", "worker-2"}
