"""Large spreadsheet uploads, applied by the task worker with their progress on a page.

The upload is read and checked while the person waits (every problem by sheet, row and column,
as for a small file); if it changes more reports than ``MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS``
the changes found are kept as a :class:`~mufakat.monitoring.models.SpreadsheetImport` and a
task (:func:`mufakat.monitoring.tasks.apply_spreadsheet_import`) applies them:

1. *claim*: one conditional UPDATE makes the job ``running`` for this worker, counts an attempt
   and sets a lease (``MUFAKAT_SPREADSHEET_LEASE_SECONDS``); a second copy of the task finds
   nothing to claim and stops.
2. *checking*: the reports are read again as they are now, a batch at a time, and checked by the
   service's rules; each batch renews the lease and shows its count on the page.
3. *saving*: ONE transaction locks the job row (only the claim that still holds it may go on),
   locks the reports and checks nobody saved them meanwhile, writes everything in bulk and marks
   the job done — so the job is ``done`` exactly when its changes are in the database.

A worker killed at any point leaves no change behind (the transaction is rolled back by the
database) and the job ``running`` with a lease that runs out. A running job whose lease has run
out is *stale*: the next time its page or API is read, or another import task starts, it is queued
again (and resumes from the start, on the reports as they are then), or after
:data:`MAX_ATTEMPTS` claims marked failed with a message asking to upload the file again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.monitoring.models import ReportingRound, SpreadsheetImport
from mufakat.monitoring.permissions import can_import_spreadsheet, can_see_spreadsheet_import
from mufakat.monitoring.spreadsheet_apply import (
    BATCH,
    Change,
    check,
    load_reports,
    percent_modes,
    stale,
    write,
)

logger = logging.getLogger(__name__)

#: Above this many changed reports an upload is applied in the background (setting
#: ``MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS``).
DEFAULT_BACKGROUND_REPORTS = 200
DEFAULT_LEASE_SECONDS = 300
#: A job whose worker died this many times is given up (the file is likely the cause).
MAX_ATTEMPTS = 3

State = SpreadsheetImport.State
Phase = SpreadsheetImport.Phase


def runs_in_background(changed_reports: int) -> bool:
    if getattr(settings, "MUFAKAT_SPREADSHEET_ALWAYS_BACKGROUND", False):
        return True
    threshold = getattr(
        settings, "MUFAKAT_SPREADSHEET_BACKGROUND_REPORTS", DEFAULT_BACKGROUND_REPORTS
    )
    return changed_reports > int(threshold)


def lease() -> dt.timedelta:
    seconds = getattr(settings, "MUFAKAT_SPREADSHEET_LEASE_SECONDS", DEFAULT_LEASE_SECONDS)
    return dt.timedelta(seconds=int(seconds))


# -- queueing (the upload) -----------------------------------------------------------------------


def queue(
    *,
    actor: Any,
    round_: ReportingRound,
    filename: str,
    submit: bool,
    changes: Sequence[Change],
    sheet: str,
    columns: dict[str, str],
    rows_read: int,
    reports_in_file: int,
) -> SpreadsheetImport:
    """Keep the checked changes and hand them to the worker."""
    job = SpreadsheetImport.objects.create(
        round=round_,
        uploaded_by=actor,
        filename=filename[:255],
        submit=submit,
        changes=[change.as_json() for change in changes],
        sheet=sheet[:100],
        columns=columns,
        rows_read=rows_read,
        reports_in_file=reports_in_file,
        total=len(changes),
    )
    _enqueue(job)
    return job


def _enqueue(job: SpreadsheetImport) -> None:
    from mufakat.monitoring.tasks import apply_spreadsheet_import

    transaction.on_commit(lambda: apply_spreadsheet_import.enqueue(job.pk))


# -- reading (the page and the API) --------------------------------------------------------------


def jobs_for(user: Any, round_: ReportingRound) -> QuerySet[SpreadsheetImport]:
    """The imports of a round (already through the gate) that ``user`` may follow: their own,
    or all of them for the Secretariat."""
    qs = SpreadsheetImport.objects.filter(round=round_).defer("changes")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    from mufakat.monitoring.permissions import can_manage_rounds

    return qs if can_manage_rounds(user) else qs.filter(uploaded_by=user)


def job_for(user: Any, round_: ReportingRound, pk: int) -> SpreadsheetImport | None:
    """One import for its page or API (None — a 404 — for anyone else); a stale one is
    picked up again first (see the module's docstring)."""
    job = jobs_for(user, round_).select_related("uploaded_by").filter(pk=pk).first()
    if job is None or not can_see_spreadsheet_import(user, job):
        return None
    if recover(job):
        job.refresh_from_db()
    return job


# -- the lease -----------------------------------------------------------------------------------


def _stale_filter(now: dt.datetime) -> Q:
    return Q(state=State.RUNNING, lease_until__lt=now)


def recover(job: SpreadsheetImport) -> bool:
    """Queue a stale job again, or give it up after :data:`MAX_ATTEMPTS`; True if it changed.
    A job being saved right now holds its row lock, so it is skipped, never waited for."""
    now = timezone.now()
    if job.state != State.RUNNING or job.lease_until is None or job.lease_until >= now:
        return False
    with transaction.atomic():
        current = (
            SpreadsheetImport.objects.select_for_update(skip_locked=True)
            .filter(_stale_filter(now), pk=job.pk)
            .first()
        )
        if current is None:
            return False
        if current.attempts >= MAX_ATTEMPTS:
            current.state = State.FAILED
            current.finished_at = now
            current.error = _(
                "The import stopped %(n)s times before it could finish, so it was given up. "
                "Nothing was saved. Upload the file again; if that fails too, tell the "
                "Secretariat."
            ) % {"n": current.attempts}
            current.save(update_fields=["state", "finished_at", "error"])
            logger.warning("Spreadsheet import %s given up after %s attempts", job.pk, job.attempts)
            return True
        current.state = State.QUEUED
        current.phase = ""
        current.checked = 0
        current.save(update_fields=["state", "phase", "checked"])
        logger.warning("Spreadsheet import %s: its worker stopped; queued again", job.pk)
        _enqueue(current)
    return True


def recover_all() -> int:
    """Recover every stale job (run when an import task starts)."""
    now = timezone.now()
    stale_jobs = list(SpreadsheetImport.objects.filter(_stale_filter(now)).defer("changes"))
    return sum(recover(job) for job in stale_jobs)


def _claim(job_id: int) -> int | None:
    """Make the job this worker's (one conditional UPDATE); its attempt number, or None."""
    now = timezone.now()
    claimed = (
        SpreadsheetImport.objects.filter(pk=job_id)
        .filter(Q(state=State.QUEUED) | _stale_filter(now))
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(
            state=State.RUNNING,
            phase=Phase.CHECKING,
            checked=0,
            attempts=F("attempts") + 1,
            lease_until=now + lease(),
            started_at=now,
        )
    )
    if not claimed:
        return None
    return SpreadsheetImport.objects.filter(pk=job_id).values_list("attempts", flat=True).get()


def _step(job_id: int, attempt: int, **changes: Any) -> bool:
    """Record progress and renew the lease, if the job is still this attempt's."""
    changes.setdefault("lease_until", timezone.now() + lease())
    return bool(
        SpreadsheetImport.objects.filter(pk=job_id, attempts=attempt, state=State.RUNNING).update(
            **changes
        )
    )


def _fail(job_id: int, attempt: int, error: str, problems: list[dict[str, Any]]) -> None:
    _step(
        job_id,
        attempt,
        state=State.FAILED,
        error=error,
        problems=problems,
        finished_at=timezone.now(),
        lease_until=None,
    )


# -- the worker ----------------------------------------------------------------------------------


class _Problems:
    """Problems found while applying, named by row and column as the file had them."""

    def __init__(self, sheet: str, columns: dict[str, str]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.items: list[dict[str, Any]] = []

    def __call__(self, row: int | None, column: str, message: str) -> None:
        self.items.append(
            {
                "sheet": self.sheet,
                "row": row,
                "column": self.columns.get(column, column),
                "message": message,
            }
        )


def run(job_id: int) -> str:
    """Apply a queued import (the task's body); returns the job's state. Never raises: a
    failure is kept on the job as a message for the uploader."""
    recover_all()
    attempt = _claim(job_id)
    if attempt is None:
        state = SpreadsheetImport.objects.filter(pk=job_id).values_list("state", flat=True)
        return str(state.first() or "missing")
    try:
        return _apply(job_id, attempt)
    except Exception:
        logger.exception("Spreadsheet import %s failed", job_id)
        _fail(
            job_id,
            attempt,
            _(
                "The import could not be applied; nothing was saved. Try again; if it fails "
                "again, tell the Secretariat which file you uploaded."
            ),
            [],
        )
        return str(State.FAILED)


def _apply(job_id: int, attempt: int) -> str:
    job = SpreadsheetImport.objects.select_related("round", "uploaded_by").get(pk=job_id)
    actor, round_ = job.uploaded_by, job.round
    problems = _Problems(job.sheet, job.columns)
    if not actor.is_active or not can_import_spreadsheet(actor, round_):
        _fail(job_id, attempt, _("You may no longer upload to this round; nothing was saved."), [])
        return str(State.FAILED)
    if round_.status != ReportingRound.Status.OPEN:
        _fail(
            job_id, attempt, _("The round was closed before the import ran; nothing was saved."), []
        )
        return str(State.FAILED)
    changes = [Change(**data) for data in job.changes]
    planned = []
    for start in range(0, len(changes), BATCH):
        batch = changes[start : start + BATCH]
        reports = load_reports(actor, round_, [c.report_id for c in batch])
        planned += check(
            actor=actor,
            changes=batch,
            reports=reports,
            modes=percent_modes(reports.values()),
            problem=problems,
        )
        if not _step(job_id, attempt, checked=start + len(batch)):
            return "lost"
    if problems.items:
        _fail(job_id, attempt, _conflict_message(), problems.items)
        return str(State.FAILED)
    if not _step(job_id, attempt, phase=Phase.SAVING):
        return "lost"
    with transaction.atomic():
        mine = list(
            SpreadsheetImport.objects.select_for_update()
            .filter(pk=job_id, attempts=attempt, state=State.RUNNING)
            .values_list("pk", flat=True)
        )
        if not mine:
            return "lost"
        if stale(planned, problems):
            transaction.set_rollback(True)
        else:
            submitted = write(
                actor=actor,
                round_=round_,
                planned=planned,
                import_after={"file": job.filename, "rows": job.rows_read} if planned else None,
            )
            SpreadsheetImport.objects.filter(pk=job_id).update(
                state=State.DONE,
                reports_changed=len(planned),
                reports_submitted=submitted,
                finished_at=timezone.now(),
                lease_until=None,
            )
    if problems.items:
        _fail(job_id, attempt, _conflict_message(), problems.items)
        return str(State.FAILED)
    return str(State.DONE)


def _conflict_message() -> str:
    return _(
        "Nothing was saved: some reports changed after the file was checked. Download a "
        "fresh template and enter your changes again."
    )
