"""A real ``mufakat db_worker`` in a child process, on the test's own database, and a large
spreadsheet upload queued for it: shared by the tests that kill the worker while it saves.

On PostgreSQL the child works on the test database itself; on SQLite on a copy of the in-memory
test database in a file, copied back before each assertion.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from mufakat.accounts.models import User
from mufakat.monitoring.models import ReportingRound, SpreadsheetImport
from mufakat.monitoring.spreadsheets import export_round_template, import_round_file
from mufakat.monitoring.tests.reports_fixtures import Plan, start_round
from mufakat.monitoring.tests.spreadsheets_support import read_rows, xlsx_file
from mufakat.registry.models import Party
from mufakat.testing.factories import ActivityFactory
from mufakat.workplans.models import Indicator

#: Seconds the killed worker waits, inside its transaction, after writing its batch of reports.
PAUSE = 4.0
LEASE = 2
DEADLINE = 60.0


class Child:
    """The database as a child process sees it, and the workers started on it."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.sqlite = connection.vendor == "sqlite"
        self.file = tmp_path / "mufakat.sqlite3"
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env.update(
            MUFAKAT_ENV="test",
            DJANGO_SETTINGS_MODULE="mufakat.settings",
            DJANGO_DEBUG="0",
            PYTHONUNBUFFERED="1",
            MUFAKAT_SPREADSHEET_LEASE_SECONDS=str(LEASE),
            MUFAKAT_DATA_DIR=str(tmp_path),
        )
        if not self.sqlite:
            db = connection.settings_dict
            auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
            self.env["DATABASE_URL"] = (
                f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
            )
        self.workers: list[subprocess.Popen[bytes]] = []

    def push(self) -> None:
        """Hand the test's data to the child (SQLite: copy the in-memory database to a file)."""
        if self.sqlite:
            self.file.unlink(missing_ok=True)
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()

    def pull(self) -> None:
        """Take the child's data back (SQLite: copy the file over the in-memory database)."""
        if self.sqlite:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

    def job(self, pk: int) -> tuple[str, str]:
        if self.sqlite:
            db = sqlite3.connect(f"file:{self.file}?mode=ro", uri=True, timeout=5)
            try:
                row = db.execute(
                    "SELECT state, phase FROM monitoring_spreadsheetimport WHERE id = ?", [pk]
                ).fetchone()
            finally:
                db.close()
            return row[0], row[1]
        state, phase = SpreadsheetImport.objects.filter(pk=pk).values_list("state", "phase").get()
        return state, phase

    def worker(self, *, pause: float = 0.0) -> subprocess.Popen[bytes]:
        env = {**self.env, "MUFAKAT_SPREADSHEET_TEST_PAUSE": str(pause)}
        log = (self.tmp_path / f"worker-{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "mufakat.cli", "db_worker", "--interval", "0.2"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(process)
        return process

    def wait_for(self, what: Callable[[], bool], message: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            if what():
                return
            time.sleep(0.1)
        logs = "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))
        raise AssertionError(f"{message}\n{logs}")

    def stop_all(self) -> None:
        for process in self.workers:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)


@pytest.fixture
def child(tmp_path: Path) -> Iterator[Child]:
    running = Child(tmp_path)
    yield running
    running.stop_all()


@pytest.fixture
def big_round(
    plan: Plan, idn: Party, secretariat: User, idn_focal: User, jpn_focal: User
) -> ReportingRound:
    for number in range(40):
        activity = ActivityFactory(priority_area=plan.ct1.priority_area, code=f"K-{number:02d}")
        activity.lead_parties.set([idn])
        Indicator.objects.create(activity=activity, name="Cases", kind=Indicator.Kind.NUMERIC)
    return start_round(secretariat, plan, title="A big round")


def queued_upload(
    settings: Any, big_round: ReportingRound, uploader: User, *, status: str, value: int
) -> SpreadsheetImport:
    """The round's spreadsheet filled in (every activity ``status`` at 20 or 30 %, every
    indicator ``value``) and uploaded, queued for the worker as large uploads are."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MUFAKAT_SPREADSHEET_ALWAYS_BACKGROUND = True
    settings.MUFAKAT_SPREADSHEET_LEASE_SECONDS = LEASE
    rows = read_rows(export_round_template(user=uploader, round=big_round))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("indicator")]:
            row[header.index("value")] = value
        else:
            row[header.index("status")] = status
            row[header.index("percent")] = 30 if status == "on_track" else 20
    result = import_round_file(
        actor=uploader, round=big_round, uploaded=xlsx_file(rows), filename="round.xlsx"
    )
    assert result.problems == []
    job = result.job
    assert job is not None and job.state == SpreadsheetImport.State.QUEUED
    return job


def kill_while_saving(child: Child, job: SpreadsheetImport) -> None:
    """A worker starts saving ``job`` and is killed (SIGKILL) inside its transaction."""
    child.push()
    doomed = child.worker(pause=PAUSE)
    child.wait_for(lambda: child.job(job.pk) == ("running", "saving"), "the worker never saved")
    time.sleep(1.0)  # the reports are written, the transaction not yet committed
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    child.pull()
