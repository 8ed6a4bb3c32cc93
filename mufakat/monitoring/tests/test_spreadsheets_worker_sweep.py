# ruff: noqa: F811  (pytest fixtures imported from other test modules are used as arguments)
"""The task worker is killed in the middle of saving a large upload; `mufakat sweep_tasks`
(which the production script runs before it starts a worker) marks the dead worker's task
failed and queues the upload again, and the next worker saves it all — with nothing
half-written in between. About 15 s (a real `mufakat db_worker` in a child process)."""

from __future__ import annotations

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
from mufakat.monitoring.tests.reports_fixtures import plan  # noqa: F401 (fixture)
from mufakat.monitoring.tests.spreadsheets_support import Stored
from mufakat.monitoring.tests.worker_child import (  # noqa: F401 (fixtures)
    Child,
    big_round,
    child,
    kill_while_saving,
    queued_upload,
)

pytestmark = pytest.mark.django_db(transaction=True)

TASK = "mufakat.monitoring.tasks.apply_spreadsheet_import"


def test_the_sweep_reports_the_dead_workers_task_failed_and_the_upload_is_saved_by_the_next(
    settings: Any, child: Child, big_round: ReportingRound, idn_focal: User
) -> None:
    job = queued_upload(settings, big_round, idn_focal, status="delayed", value=7)
    before = Stored.now()

    kill_while_saving(child, job)

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
