"""Tasks whose worker died are marked failed by `mufakat sweep_tasks`, never left "running"."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from mufakat.core.task_sweep import WorkerLost, sweep
from mufakat.monitoring.tasks import send_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MUFAKAT_TASK_STALE_SECONDS = 3600


def _running_since(minutes: int) -> DBTaskResult:
    result = send_reminders.enqueue("2026-01-01")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=minutes),
        worker_ids=["gone"],
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_running_longer_than_the_limit_is_marked_failed_with_the_reason() -> None:
    stale = _running_since(90)
    recent = _running_since(5)
    waiting = DBTaskResult.objects.get(pk=send_reminders.enqueue("2026-01-02").id)

    out = StringIO()
    call_command("sweep_tasks", stdout=out)

    assert "1 task(s) whose worker stopped marked failed" in out.getvalue()
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.FAILED
    assert stale.finished_at is not None
    assert stale.exception_class_path == "mufakat.core.task_sweep.WorkerLost"
    assert "worker running this task stopped" in stale.traceback
    failed = send_reminders.get_result(str(stale.pk))
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class_path.endswith(WorkerLost.__qualname__)
    assert DBTaskResult.objects.get(pk=recent.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=waiting.pk).status == TaskResultStatus.READY


def test_with_no_worker_running_every_running_task_is_swept() -> None:
    recent = _running_since(1)
    call_command("sweep_tasks", "--all-running", stdout=StringIO())
    assert DBTaskResult.objects.get(pk=recent.pk).status == TaskResultStatus.FAILED


def test_a_finished_task_is_never_touched() -> None:
    done = _running_since(600)
    DBTaskResult.objects.filter(pk=done.pk).update(status=TaskResultStatus.SUCCESSFUL)
    assert sweep(older_than=None) == []
    assert DBTaskResult.objects.get(pk=done.pk).status == TaskResultStatus.SUCCESSFUL
