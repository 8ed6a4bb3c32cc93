"""The demo rounds load on top of the demo data, and loading them again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from mufakat.accounts.models import User
from mufakat.monitoring.demo import FIRST_TITLE, SECOND_TITLE, load_monitoring_demo
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.selectors import my_reports


@pytest.mark.django_db
def test_the_demo_rounds_load_once_and_give_the_focal_points_something_to_report() -> None:
    call_command("load_demo", stdout=StringIO())
    load_monitoring_demo()
    counts = (ReportingRound.objects.count(), ProgressReport.objects.count())
    load_monitoring_demo()
    assert (ReportingRound.objects.count(), ProgressReport.objects.count()) == counts
    first = ReportingRound.objects.get(title=FIRST_TITLE)
    second = ReportingRound.objects.get(title=SECOND_TITLE)
    assert (first.status, second.status, second.previous_id) == ("frozen", "open", first.pk)
    assert first.snapshot.meeting_id == first.meeting_id  # the 24th SOMTC has its snapshot
    assert first.meeting is not None and first.meeting.number == 24
    assert ProgressReport.objects.filter(round=first, state="accepted").count() == 5
    idn = my_reports(user=User.objects.get(username="idn.focal"))
    assert idn and all(e.report.round_id == second.pk for e in idn)
    assert any(e.previous is not None and e.previous.state == "accepted" for e in idn)
    assert not my_reports(user=User.objects.get(username="outsider"))
