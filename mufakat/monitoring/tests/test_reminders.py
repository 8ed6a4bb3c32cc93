# ruff: noqa: F811  (pytest fixtures imported from reports_fixtures are used as arguments)
""" "Remind now": at most once a day per party, by hand or by the daily job, mailed through the
task queue to the focal points who may see the round."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mufakat.accounts.models import User
from mufakat.audit.models import AuditEvent
from mufakat.monitoring import notifications
from mufakat.monitoring.models import Reminder, ReportingRound
from mufakat.monitoring.reminders import AlreadyReminded, remind_parties, reminder_log
from mufakat.monitoring.services import close_round
from mufakat.monitoring.tests.reports_fixtures import (  # noqa: F401 (fixtures)
    Plan,
    plan,
    round_,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 6, 10)


@pytest.fixture
def mailed(idn_focal: User, jpn_focal: User, outsider: User, secretariat: User) -> None:
    for user in (idn_focal, jpn_focal, outsider, secretariat):
        user.email = f"{user.username}@example.org"
        user.save()


def _to(mailoutbox: list[Any]) -> list[str]:
    return sorted(address for mail in mailoutbox for address in mail.to)


def test_remind_now_mails_the_focal_points_of_that_party_only(
    mailed: None, round_: ReportingRound, secretariat: User, mailoutbox: list[Any]
) -> None:
    mailoutbox.clear()
    [reminder] = remind_parties(actor=secretariat, round=round_, parties=["JPN"], today=DAY)
    assert _to(mailoutbox) == ["jpn.focal@example.org"]
    assert "Overdue" in mailoutbox[0].subject
    assert (reminder.kind, reminder.sent_on, reminder.recipients) == ("manual", DAY, 1)
    assert AuditEvent.objects.filter(action="reminder.send").count() == 1


def test_a_second_reminder_the_same_day_is_refused_and_the_next_day_allowed(
    mailed: None, round_: ReportingRound, secretariat: User, mailoutbox: list[Any]
) -> None:
    remind_parties(actor=secretariat, round=round_, parties=["JPN"], today=DAY)
    mailoutbox.clear()
    with pytest.raises(AlreadyReminded, match="JPN"):
        remind_parties(actor=secretariat, round=round_, parties=["IDN", "JPN"], today=DAY)
    assert mailoutbox == []
    assert Reminder.objects.filter(round=round_).count() == 1
    remind_parties(
        actor=secretariat, round=round_, parties=["JPN"], today=DAY + dt.timedelta(days=1)
    )
    assert _to(mailoutbox) == ["jpn.focal@example.org"]


def test_the_daily_job_skips_a_party_reminded_by_hand_today_and_records_the_others(
    mailed: None, round_: ReportingRound, secretariat: User, mailoutbox: list[Any]
) -> None:
    remind_parties(actor=secretariat, round=round_, parties=["JPN"], today=DAY)
    mailoutbox.clear()
    notifications.send_reminders(DAY)
    assert _to(mailoutbox) == ["idn.focal@example.org"]
    kinds = dict(Reminder.objects.filter(round=round_).values_list("party__code", "kind"))
    assert kinds == {"IDN": "scheduled", "JPN": "manual"}
    with pytest.raises(AlreadyReminded, match="IDN"):
        remind_parties(actor=secretariat, round=round_, parties=["IDN"], today=DAY)


def test_only_round_managers_remind(round_: ReportingRound, idn_focal: User) -> None:
    with pytest.raises(PermissionDenied):
        remind_parties(actor=idn_focal, round=round_, parties=["JPN"], today=DAY)


def test_a_party_outside_the_round_or_a_closed_round_is_refused(
    round_: ReportingRound, secretariat: User
) -> None:
    with pytest.raises(ValidationError):
        remind_parties(actor=secretariat, round=round_, parties=["CAN"], today=DAY)
    close_round(actor=secretariat, round=round_)
    with pytest.raises(ValidationError):
        remind_parties(actor=secretariat, round=round_, parties=["JPN"], today=DAY)


def test_the_log_lists_reminders_newest_first_to_whoever_sees_the_round(
    round_: ReportingRound, secretariat: User, jpn_focal: User, outsider: User
) -> None:
    remind_parties(actor=secretariat, round=round_, parties=["IDN"], today=DAY)
    remind_parties(
        actor=secretariat, round=round_, parties=["JPN"], today=DAY + dt.timedelta(days=1)
    )
    assert [r.party.code for r in reminder_log(round_, user=jpn_focal)] == ["JPN", "IDN"]
    assert reminder_log(round_, user=outsider) == []
