# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)
"""The task worker is killed in the middle of saving a large upload; `mufakat sweep_tasks`
(which the production script runs before it starts a worker) marks the dead worker's task
failed and queues the upload again, and the next worker saves it all — with nothing
half-written in between. About 15 s (a real `mufakat db_worker` in a child process)."""

from __future__ import annotations

import os
import signal
import time
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mufakat.accounts.models import User
from mufakat.audit.services import verify_chain
from mufakat.monitoring.models import ProgressReport, ReportingRound, SpreadsheetImport
from mufakat.monitoring.spreadsheets import export_round_template, import_round_file
from mufakat.monitoring.tests.reports_fixtures import plan  # noqa: F401 (fixture)
from mufakat.monitoring.tests.spreadsheets_support import Stored, read_rows, xlsx_file
from mufakat.monitoring.tests.test_spreadsheets_worker_kill import (  # noqa: F401 (fixtures)
    LEASE,
    PAUSE,
    Child,
    big_round,
    child,
)

pytestmark = pytest.mark.django_db(transaction=True)

TASK = "mufakat.monitoring.tasks.apply_spreadsheet_import"


def test_the_sweep_reports_the_dead_workers_task_failed_and_the_upload_is_saved_by_the_next(
    settings: Any, child: Child, big_round: ReportingRound, idn_focal: User
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MUFAKAT_SPREADSHEET_ALWAYS_BACKGROUND = True
    settings.MUFAKAT_SPREADSHEET_LEASE_SECONDS = LEASE
    rows = read_rows(export_round_template(user=idn_focal, round=big_round))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("indicator")]:
            row[header.index("value")] = 7
        else:
            row[header.index("status")] = "delayed"
            row[header.index("percent")] = 20
    result = import_round_file(
        actor=idn_focal, round=big_round, uploaded=xlsx_file(rows), filename="round.xlsx"
    )
    job = result.job
    assert job is not None and job.state == SpreadsheetImport.State.QUEUED
    before = Stored.now()

    child.push()
    doomed = child.worker(pause=PAUSE)
    child.wait_for(lambda: child.job(job.pk) == ("running", "saving"), "the worker never saved")
    time.sleep(1.0)
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    child.pull()

    # Nothing half-written; the dead worker's task would stay "running" for ever.
    assert Stored.now() == before
    dead = DBTaskResult.objects.get(task_path=TASK)
    assert dead.status == TaskResultStatus.RUNNING

    job.refresh_from_db()
    assert job.lease_until is not None
    time.sleep(max((job.lease_until - timezone.now()).total_seconds(), 0) + 0.2)
    out = StringIO()
    call_command("sweep_tasks", "--all-running", stdout=out)
    assert out.getvalue().strip() == (
        "1 task(s) whose worker stopped marked failed; "
        "1 interrupted spreadsheet upload(s) queued again."
    )
    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.FAILED
    assert dead.exception_class_path == "mufakat.core.task_sweep.WorkerLost"
    job.refresh_from_db()
    assert job.state == SpreadsheetImport.State.QUEUED

    child.push()
    child.worker()
    child.wait_for(lambda: child.job(job.pk)[0] == "done", "the next worker did not finish")
    child.stop_all()
    child.pull()

    job.refresh_from_db()
    assert (job.state, job.attempts, job.reports_changed) == ("done", 2, 43)
    assert ProgressReport.objects.filter(round=big_round, status="delayed").count() == 43
    statuses = sorted(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True))
    assert statuses == [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]
    assert verify_chain().ok
