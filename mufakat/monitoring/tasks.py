"""Background work of the monitoring workflow (django-tasks; the DB worker runs them).

Arguments are plain ids and ISO dates so a task survives the queue.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from mufakat.monitoring import notifications
from mufakat.monitoring.models import ReportingRound


@task()
def notify_round_opened(round_id: int) -> int:
    """Mail the focal points of a newly opened round; returns how many mails went out."""
    round_ = ReportingRound.objects.filter(pk=round_id).first()
    if round_ is None:
        return 0
    return notifications.send_round_opened(round_)


@task()
def send_reminders(on: str) -> int:
    """Due-date and overdue reminders for the day ``on`` (YYYY-MM-DD); idempotent per day."""
    return notifications.send_reminders(dt.date.fromisoformat(on))


@task()
def send_party_reminder(round_id: int, party_ids: list[int], on: str) -> int:
    """The reminder sent by hand ("Remind now") to these parties on the day ``on``; the
    :class:`~mufakat.monitoring.models.Reminder` rows were written by the service."""
    round_ = ReportingRound.objects.filter(pk=round_id).first()
    if round_ is None:
        return 0
    return notifications.send_party_reminder(round_, party_ids, dt.date.fromisoformat(on))


@task()
def apply_spreadsheet_import(job_id: int) -> str:
    """Apply a large spreadsheet upload in one transaction (all or nothing); returns the
    job's state. See :mod:`mufakat.monitoring.spreadsheet_jobs` for the lease."""
    from mufakat.monitoring import spreadsheet_jobs

    return spreadsheet_jobs.run(job_id)
