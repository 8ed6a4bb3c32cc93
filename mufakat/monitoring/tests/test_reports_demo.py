"""The demo rounds load on top of the demo data, and loading them again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mufakat.accounts.models import User
from mufakat.monitoring.demo import (
    FIRST_TITLE,
    HISTORY_TITLE,
    load_monitoring_demo,
    next_planned,
    open_round_title,
)
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.selectors import my_reports, with_previous


@pytest.mark.django_db
def test_the_demo_rounds_load_once_and_give_the_focal_points_something_to_report() -> None:
    call_command("load_demo", stdout=StringIO())
    counts = (ReportingRound.objects.count(), ProgressReport.objects.count())
    load_monitoring_demo()
    assert (ReportingRound.objects.count(), ProgressReport.objects.count()) == counts
    first = ReportingRound.objects.get(title=FIRST_TITLE)
    history = ReportingRound.objects.get(title=HISTORY_TITLE)
    somtc = next_planned("SOMTC", today=timezone.localdate())
    current = ReportingRound.objects.get(title=open_round_title(somtc))
    assert (first.status, history.status, current.status) == ("frozen", "frozen", "open")
    assert (history.previous_id, current.previous_id) == (first.pk, history.pk)
    assert first.snapshot.meeting_id == first.meeting_id  # the 24th SOMTC has its snapshot
    assert first.meeting is not None and first.meeting.number == 24
    # Indonesia's and Japan's five, and the first activities of the other member states
    assert ProgressReport.objects.filter(round=first, state="accepted").count() > 5
    assert timezone.localdate(first.snapshot.frozen_at) < first.meeting.start_date  # site days
    idn_focal = User.objects.get(username="idn.focal")
    idn = with_previous(idn_focal, list(my_reports(user=idn_focal)))
    assert idn and all(e.report.round.status == "open" for e in idn)
    assert any(e.previous is not None and e.previous.state == "accepted" for e in idn)
    assert not my_reports(user=User.objects.get(username="outsider")).exists()
