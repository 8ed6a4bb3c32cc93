"""E-mails to focal points: a round has opened; its due date is near; it is overdue.

Mail goes only to active focal points of a reporting party who can see the round — a
notification is a read like any other and passes the gate. The figures in it are counted for
each recipient through the gate too: a report on an instrument the recipient may not see is
not counted (its very number would tell them that it exists).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from mufakat.accounts.models import User
from mufakat.accounts.roles import REPORTERS
from mufakat.monitoring.models import ProgressReport, Reminder, ReportingRound
from mufakat.monitoring.services import EDITABLE_STATES

DEFAULT_REMINDER_DAYS = 7


def reminder_days() -> int:
    """Days before the due date when the first reminder goes; overdue ones repeat as often."""
    return int(getattr(settings, "MUFAKAT_REMINDER_DAYS_BEFORE", DEFAULT_REMINDER_DAYS))


def site_url() -> str:
    return str(getattr(settings, "MUFAKAT_SITE_URL", "http://127.0.0.1:8000")).rstrip("/")


def my_reports_link() -> str:
    return site_url() + reverse("monitoring:my_reports")


def recipients(round_: ReportingRound, party_ids: Iterable[int]) -> list[User]:
    """Focal points of these parties with an address who may see the round."""
    users = User.objects.filter(
        is_active=True, role__in=REPORTERS, party_id__in=list(party_ids)
    ).exclude(email="")
    return [
        user
        for user in users.order_by("party__code", "username")
        if ReportingRound.objects.visible_to(user).filter(pk=round_.pk).exists()
    ]


def _visible_counts(user: User, round_: ReportingRound, *, editable_only: bool = False) -> int:
    """How many of ``user``'s party's reports in the round ``user`` may open."""
    reports = ProgressReport.objects.visible_to(user).filter(round=round_, party_id=user.party_id)
    if editable_only:
        reports = reports.filter(state__in=EDITABLE_STATES)
    return reports.count()


def _send(messages: list[tuple[str, str, str, list[str]]]) -> int:
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def send_round_opened(round_: ReportingRound) -> int:
    """Tell each reporting party's focal points that the round is open, with their link."""
    parties = set(
        ProgressReport.objects.filter(round=round_).values_list("party_id", flat=True).distinct()
    )
    messages = []
    for user in recipients(round_, parties):
        count = _visible_counts(user, round_)
        if not count:
            continue
        subject = _("Reporting round open: %s") % round_.title
        body = _(
            "Dear %(name)s,\n\n"
            "The reporting round “%(title)s” is open. %(party)s has %(count)s activities to "
            "report on, due on %(due)s.\n\n"
            "Your reports: %(link)s\n\n"
            "— Mufakat"
        ) % {
            "name": user.get_full_name() or user.username,
            "title": round_.title,
            "party": user.party.name if user.party else "",
            "count": count,
            "due": round_.due_date.isoformat(),
            "link": my_reports_link(),
        }
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return _send(messages)


def reminder_kind(round_: ReportingRound, today: dt.date) -> str | None:
    """'due' from N days before the due date, 'overdue' after it — at most once a day, and
    overdue reminders every N days; a missed day (cron down) catches up on the next run."""
    days = reminder_days()
    if round_.last_reminder_on == today:
        return None
    last = round_.last_reminder_on
    if today > round_.due_date:
        if last is None or last <= round_.due_date or (today - last).days >= days:
            return "overdue"
        return None
    window_starts = round_.due_date - dt.timedelta(days=days)
    if today >= window_starts and (last is None or last < window_starts):
        return "due"
    return None


def send_reminders(today: dt.date) -> int:
    """Remind parties with reports not yet submitted; record the day on the round so a second
    run the same day sends nothing, and a :class:`Reminder` per party so a party reminded by
    hand today is not reminded again (one rule for both paths)."""
    sent = 0
    for round_ in ReportingRound.objects.filter(status=ReportingRound.Status.OPEN).order_by("pk"):
        kind = reminder_kind(round_, today)
        if kind is None:
            continue
        sent += _remind(round_, kind, today)
        ReportingRound.objects.filter(pk=round_.pk).update(last_reminder_on=today)
    return sent


def _remind(round_: ReportingRound, kind: str, today: dt.date) -> int:
    pending: dict[int, int] = defaultdict(int)
    rows = (
        ProgressReport.objects.filter(round=round_)
        .values("party_id")
        .annotate(n=Count("pk", filter=Q(state__in=EDITABLE_STATES)))
        .values_list("party_id", "n")
    )
    for party_id, n in rows:
        if n:
            pending[party_id] = n
    reminded = set(
        Reminder.objects.filter(round=round_, sent_on=today).values_list("party_id", flat=True)
    )
    parties = sorted(set(pending) - reminded)
    Reminder.objects.bulk_create(
        [
            Reminder(round=round_, party_id=p, sent_on=today, kind=Reminder.Kind.SCHEDULED)
            for p in parties
        ],
        ignore_conflicts=True,
    )
    messages, per_party = _reminder_messages(round_, parties, kind)
    _count_recipients(round_, today, per_party)
    return _send(messages)


def _count_recipients(round_: ReportingRound, today: dt.date, per_party: dict[int, int]) -> None:
    for party_id, n in per_party.items():
        Reminder.objects.filter(round=round_, party_id=party_id, sent_on=today).update(recipients=n)


def send_party_reminder(round_: ReportingRound, party_ids: Iterable[int], today: dt.date) -> int:
    """The reminder a round manager sent by hand ("Remind now"): the same mail as the daily
    job's — overdue after the due date, a reminder before — to the same gated recipients;
    the count of recipients is written on that day's :class:`Reminder` of each party."""
    kind = "overdue" if today > round_.due_date else "due"
    messages, per_party = _reminder_messages(round_, sorted(set(party_ids)), kind)
    _count_recipients(round_, today, per_party)
    return _send(messages)


def _reminder_messages(
    round_: ReportingRound, party_ids: Iterable[int], kind: str
) -> tuple[list[tuple[str, str, str, list[str]]], dict[int, int]]:
    """One mail per focal point of these parties who may see the round and still has reports
    to hand in (counted through the gate); and how many went to each party."""
    messages = []
    per_party: dict[int, int] = defaultdict(int)
    for user in recipients(round_, party_ids):
        count = _visible_counts(user, round_, editable_only=True)
        if not count:
            continue
        assert user.party_id is not None
        per_party[user.party_id] += 1
        values: dict[str, Any] = {
            "name": user.get_full_name() or user.username,
            "title": round_.title,
            "count": count,
            "due": round_.due_date.isoformat(),
            "link": my_reports_link(),
        }
        if kind == "overdue":
            subject = _("Overdue: %s") % round_.title
            body = (
                _(
                    "Dear %(name)s,\n\n"
                    "%(count)s of your reports for “%(title)s” were due on %(due)s and are not yet "
                    "submitted.\n\nYour reports: %(link)s\n\n— Mufakat"
                )
                % values
            )
        else:
            subject = _("Reminder: %s") % round_.title
            body = (
                _(
                    "Dear %(name)s,\n\n"
                    "%(count)s of your reports for “%(title)s” are due on %(due)s and not yet "
                    "submitted.\n\nYour reports: %(link)s\n\n— Mufakat"
                )
                % values
            )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return messages, dict(per_party)
