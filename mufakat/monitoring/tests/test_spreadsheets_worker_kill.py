# ruff: noqa: F811  (pytest fixtures imported from other modules are used as arguments)
"""A large upload survives its worker being killed: the real ``mufakat db_worker`` runs in a
child process, is killed with SIGKILL while it saves, and nothing of the import is in the
database; once the lease runs out the import is queued again and a new worker saves it all.

The worker and the upload are set up by :mod:`.worker_child`. About 15 s.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.audit.services import verify_chain
from mufakat.monitoring import spreadsheet_jobs
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


def test_killing_the_worker_while_it_saves_leaves_nothing_and_a_new_worker_saves_it_all(
    settings: Any, child: Child, big_round: ReportingRound, idn_focal: User
) -> None:
    job = queued_upload(settings, big_round, idn_focal, status="on_track", value=12)
    assert job.total == 43
    before = Stored.now()

    # A worker starts saving and is killed inside its transaction.
    kill_while_saving(child, job)

    assert Stored.now() == before
    job.refresh_from_db()
    assert job.state == SpreadsheetImport.State.RUNNING
    assert job.attempts == 1
    assert not ProgressReport.objects.filter(round=big_round, status="on_track").exists()

    # Its lease runs out; the uploader's next look at the page queues it again.
    assert job.lease_until is not None
    time.sleep(max((job.lease_until - timezone.now()).total_seconds(), 0) + 0.2)
    assert spreadsheet_jobs.job_for(idn_focal, big_round, job.pk).state == "queued"

    child.push()
    child.worker()
    child.wait_for(lambda: child.job(job.pk)[0] == "done", "the new worker did not finish")
    child.stop_all()
    child.pull()

    job.refresh_from_db()
    assert (job.state, job.attempts, job.reports_changed) == ("done", 2, 43)
    reports = ProgressReport.objects.filter(round=big_round, party__code="IDN")
    assert reports.filter(status="on_track").count() == 43
    assert verify_chain().ok
