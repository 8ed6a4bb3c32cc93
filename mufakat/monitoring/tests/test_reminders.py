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


# -- the buttons and the API ---------------------------------------------------------------------


def test_the_remind_now_button_queues_the_mail_and_the_second_click_is_refused(
    mailed: None,
    round_: ReportingRound,
    secretariat: User,
    as_user: Any,
    mailoutbox: list[Any],
) -> None:
    from django.urls import reverse

    client = as_user(secretariat)
    url = reverse("monitoring:round_remind", args=[round_.pk])
    mailoutbox.clear()
    first = client.post(url, {"party": "JPN"}, follow=True)
    assert "Reminder queued for JPN" in first.content.decode()
    assert _to(mailoutbox) == ["jpn.focal@example.org"]
    second = client.post(url, {"party": "JPN"}, follow=True)
    assert "Already reminded today: JPN" in second.content.decode()
    assert len(mailoutbox) == 1
    page = client.get(reverse("monitoring:round_compliance", args=[round_.pk])).content.decode()
    assert "Reminded today" in page and "Sent by hand" in page


def test_remind_all_overdue_reminds_each_overdue_party_once(
    mailed: None,
    round_: ReportingRound,
    secretariat: User,
    as_user: Any,
    mailoutbox: list[Any],
) -> None:
    from django.urls import reverse

    client = as_user(secretariat)
    url = reverse("monitoring:round_remind", args=[round_.pk])
    mailoutbox.clear()
    client.post(url, {"all": "1"})
    assert _to(mailoutbox) == ["idn.focal@example.org", "jpn.focal@example.org"]
    again = client.post(url, {"all": "1"}, follow=True)
    assert "No overdue party is left to remind today" in again.content.decode()
    assert len(mailoutbox) == 2


def test_a_focal_point_may_not_press_remind_now(
    round_: ReportingRound, idn_focal: User, outsider: User, as_user: Any
) -> None:
    from django.urls import reverse

    url = reverse("monitoring:round_remind", args=[round_.pk])
    assert as_user(idn_focal).post(url, {"party": "JPN"}).status_code == 403
    assert Reminder.objects.count() == 0


def test_the_reminders_api_answers_201_409_422_403_and_404(
    mailed: None,
    round_: ReportingRound,
    secretariat: User,
    idn_focal: User,
    outsider: User,
    api_headers: Any,
    client: Any,
    mailoutbox: list[Any],
) -> None:
    url = f"/api/v1/rounds/{round_.pk}/reminders"

    def post(user: User, body: dict[str, Any]) -> Any:
        return client.post(url, body, content_type="application/json", headers=api_headers(user))

    created = post(secretariat, {"parties": ["JPN"]})
    assert created.status_code == 201
    assert created.json() == [
        {"party": "JPN", "sent_on": created.json()[0]["sent_on"], "kind": "manual", "recipients": 1}
    ]
    assert post(secretariat, {"parties": ["JPN"]}).status_code == 409
    assert post(secretariat, {"parties": ["CAN"]}).status_code == 422
    assert post(idn_focal, {"parties": ["JPN"]}).status_code == 403
    assert post(outsider, {"parties": ["JPN"]}).status_code == 404
    log = client.get(url, headers=api_headers(secretariat)).json()
    assert [r["party"] for r in log] == ["JPN"]


def test_the_api_reminds_all_overdue_parties_then_has_none_left(
    mailed: None,
    round_: ReportingRound,
    secretariat: User,
    api_headers: Any,
    client: Any,
    mailoutbox: list[Any],
) -> None:
    url = f"/api/v1/rounds/{round_.pk}/reminders"
    headers = api_headers(secretariat)
    first = client.post(
        url, {"all_overdue": True}, content_type="application/json", headers=headers
    )
    assert first.status_code == 201
    assert [r["party"] for r in first.json()] == ["IDN", "JPN"]
    again = client.post(
        url, {"all_overdue": True}, content_type="application/json", headers=headers
    )
    assert again.status_code == 422
    assert "No overdue party is left" in again.content.decode()
