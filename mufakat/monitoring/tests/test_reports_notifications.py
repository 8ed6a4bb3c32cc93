# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
"""Mail to focal points: when a round opens, before its due date, and when it is overdue."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from mufakat.accounts.models import Role, User
from mufakat.monitoring.models import ProgressReport, ReportingRound
from mufakat.monitoring.services import save_report
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    start_round,
)

pytestmark = pytest.mark.django_db

DUE = dt.date(2024, 6, 1)


@pytest.fixture
def people(idn_focal: User, jpn_focal: User, outsider: User, secretariat: User) -> dict[str, User]:
    for user in (idn_focal, jpn_focal, outsider, secretariat):
        user.email = f"{user.username}@example.org"
        user.save()
    inactive = User.objects.create(
        username="idn.former",
        party=idn_focal.party,
        role=Role.FOCAL_POINT,
        email="former@example.org",
        is_active=False,
    )
    return {"idn": idn_focal, "jpn": jpn_focal, "inactive": inactive}


def _recipients(mailoutbox: list[Any]) -> list[str]:
    return sorted(address for mail in mailoutbox for address in mail.to)


def test_opening_a_round_mails_the_active_focal_points_of_each_reporting_party(
    people: dict[str, User], secretariat: User, plan: Plan, mailoutbox: list[Any]
) -> None:
    start_round(secretariat, plan)
    assert _recipients(mailoutbox) == ["idn.focal@example.org", "jpn.focal@example.org"]
    idn_mail = next(m for m in mailoutbox if m.to == ["idn.focal@example.org"])
    assert "Round for the 24th SOMTC" in idn_mail.subject
    assert "/monitoring/my/" in idn_mail.body
    assert "3 activities" in idn_mail.body


def test_a_focal_point_who_cannot_see_the_round_is_not_mailed(
    people: dict[str, User], secretariat: User, plan: Plan, mailoutbox: list[Any]
) -> None:
    start_round(secretariat, plan, sharing_groups=[], audience="organisation", tlp="AMBER")
    # Only the Secretariat's own organisation may see it: nobody of IDN or JPN is told.
    assert mailoutbox == []


def _remind(day: dt.date) -> None:
    call_command("send_reminders", date=day.isoformat(), stdout=StringIO())


def test_reminders_go_n_days_before_the_due_date_once_a_day(
    people: dict[str, User], secretariat: User, plan: Plan, mailoutbox: list[Any]
) -> None:
    round_ = start_round(secretariat, plan)
    mailoutbox.clear()
    _remind(DUE - dt.timedelta(days=8))
    assert mailoutbox == []
    _remind(DUE - dt.timedelta(days=7))
    assert _recipients(mailoutbox) == ["idn.focal@example.org", "jpn.focal@example.org"]
    assert all(m.subject.startswith("Reminder") for m in mailoutbox)
    _remind(DUE - dt.timedelta(days=7))
    _remind(DUE - dt.timedelta(days=6))
    assert len(mailoutbox) == 2
    assert ReportingRound.objects.get(pk=round_.pk).last_reminder_on == DUE - dt.timedelta(days=7)


def test_overdue_reminders_go_only_to_parties_with_reports_not_submitted(
    people: dict[str, User], secretariat: User, plan: Plan, mailoutbox: list[Any]
) -> None:
    round_ = start_round(secretariat, plan)
    for report in ProgressReport.objects.filter(round=round_, party__code="JPN"):
        save_report(
            actor=people["jpn"],
            report=report,
            changes={"status": "not_started", "percent": 0},
            expected_version=None,
            submit=True,
        )
    mailoutbox.clear()
    _remind(DUE + dt.timedelta(days=1))
    assert _recipients(mailoutbox) == ["idn.focal@example.org"]
    assert mailoutbox[0].subject.startswith("Overdue")
    assert "3 of your reports" in mailoutbox[0].body
    _remind(DUE + dt.timedelta(days=1))
    _remind(DUE + dt.timedelta(days=2))
    assert len(mailoutbox) == 1
    _remind(DUE + dt.timedelta(days=8))
    assert len(mailoutbox) == 2


def test_a_closed_round_sends_no_reminder(
    people: dict[str, User], secretariat: User, plan: Plan, mailoutbox: list[Any]
) -> None:
    round_ = start_round(secretariat, plan)
    ReportingRound.objects.filter(pk=round_.pk).update(status=ReportingRound.Status.CLOSED)
    mailoutbox.clear()
    _remind(DUE + dt.timedelta(days=1))
    assert mailoutbox == []
