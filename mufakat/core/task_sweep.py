"""Tasks whose worker died: found and marked failed, so nobody waits for them forever.

django-tasks' database worker marks a task ``RUNNING`` when it takes it and ``SUCCESSFUL`` or
``FAILED`` when the task returns or raises. A worker that is killed (SIGKILL, the out-of-memory
killer, a power cut) does neither: the task stays ``RUNNING`` for ever and is never run again.
:func:`sweep` marks such tasks ``FAILED`` with :class:`WorkerLost` as their error — those started
more than ``MUFAKAT_TASK_STALE_SECONDS`` ago, or all of them when no worker is running (the
production script sweeps before it starts its worker).

Work that must finish resumes on its own: a large spreadsheet upload keeps its own lease and is
queued again as a new task (mufakat.monitoring.spreadsheet_jobs), which the sweep triggers too.
The other tasks (mails, digests, text extraction, papers) are idempotent and scheduled again by
their callers or timers.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished."""


MESSAGE = (
    "The worker running this task stopped before the task finished (killed, out of memory or "
    "restarted); the task did not complete and was marked failed by `mufakat sweep_tasks`."
)


def sweep(*, older_than: dt.timedelta | None, now: dt.datetime | None = None) -> list[str]:
    """Mark stale running tasks failed; returns their ids. ``older_than=None``: every running
    task (only when no worker runs). Rows another transaction holds are skipped, not waited for."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    running = DBTaskResult.objects.running()
    if older_than is not None:
        running = running.filter(started_at__lt=now - older_than)
    with transaction.atomic():
        stale = list(
            running.select_for_update(skip_locked=True).order_by().values_list("pk", flat=True)
        )
        if stale:
            DBTaskResult.objects.filter(pk__in=stale).update(
                status="FAILED",
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=MESSAGE,
                return_value=None,
            )
    for pk in stale:
        logger.warning("Task %s: its worker stopped while running it; marked failed", pk)
    return [str(pk) for pk in stale]


def resume_interrupted_work() -> int:
    """Queue again the work that keeps its own lease (large spreadsheet uploads); how many."""
    from mufakat.monitoring import spreadsheet_jobs

    return spreadsheet_jobs.recover_all()
