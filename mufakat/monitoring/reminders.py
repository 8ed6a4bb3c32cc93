""" "Remind now": a round manager reminds parties of a round by hand, at most once a day each.

The rule is kept in one place for both paths: a :class:`~mufakat.monitoring.models.Reminder`
row per round, party and day (a unique constraint), written by this service for reminders sent
by hand and by :func:`mufakat.monitoring.notifications.send_reminders` for the daily job. The
mail itself goes through the task queue, so a slow mail server does not hold the request, and
its recipients pass the gate as every notification does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from mufakat.audit.services import record
from mufakat.core.errors import ConflictError, ValidationError
from mufakat.monitoring.models import Reminder, ReportingRound
from mufakat.monitoring.permissions import require_round_manager
from mufakat.registry.models import Party


class AlreadyReminded(ConflictError):
    """A party was already reminded about this round today (the API answers 409)."""

    def __init__(self, codes: list[str]) -> None:
        Exception.__init__(
            self,
            _(
                "Already reminded today: %(parties)s. A party is reminded at most once a day; "
                "try again tomorrow."
            )
            % {"parties": ", ".join(codes)},
        )
        self.current_version = 0
        self.codes = codes


def _party_ids(round_: ReportingRound, parties: Iterable[Party | str | int]) -> list[Party]:
    """The round's reporting parties named by object, code or id; any other is refused."""
    reporting = {p.pk: p for p in round_.reporting_parties.all()}
    by_code = {p.code.upper(): p for p in reporting.values()}
    chosen: dict[int, Party] = {}
    unknown = []
    for value in parties:
        if isinstance(value, Party):
            found = reporting.get(value.pk)
        elif isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            found = reporting.get(int(value))
        else:
            found = by_code.get(str(value).strip().upper())
        if found is None:
            unknown.append(str(value))
        else:
            chosen[found.pk] = found
    if unknown:
        raise ValidationError(
            {"parties": _("Not a reporting party of this round: %s.") % ", ".join(unknown)}
        )
    if not chosen:
        raise ValidationError({"parties": _("Choose at least one party to remind.")})
    return sorted(chosen.values(), key=lambda p: p.code)


def remind_parties(
    *,
    actor: Any,
    round: ReportingRound,
    parties: Iterable[Party | str | int],
    today: dt.date | None = None,
) -> list[Reminder]:
    """Record a reminder per party for today and queue the mail to their focal points.

    Refuses (409) when any of the parties was already reminded about this round today —
    by hand or by the daily job — naming them, so nothing is sent twice; refuses a round that is
    not open (422), one the actor may not see (404) and anyone but a round manager (403).
    """
    require_round_manager(actor)
    today = today or timezone.localdate()
    with transaction.atomic():
        current = (
            ReportingRound.objects.visible_to(actor)
            .select_for_update(of=("self",))
            .filter(pk=round.pk)
            .first()
        )
        if current is None:
            raise Http404(_("No such reporting round."))
        if current.status != ReportingRound.Status.OPEN:
            raise ValidationError({"round": _("Reminders go only for a round open for reporting.")})
        chosen = _party_ids(current, parties)
        already = set(
            Reminder.objects.visible_to(actor)
            .filter(round=current, sent_on=today, party__in=chosen)
            .values_list("party_id", flat=True)
        )
        if already:
            raise AlreadyReminded([p.code for p in chosen if p.pk in already])
        reminders = []
        for party in chosen:
            reminder = Reminder(
                round=current,
                party=party,
                sent_on=today,
                sent_by=actor,
                kind=Reminder.Kind.MANUAL,
            )
            reminder.save()
            record(
                actor=actor,
                action="reminder.send",
                obj=reminder,
                after={"round": current.pk, "party": party.code, "sent_on": today.isoformat()},
            )
            reminders.append(reminder)
        from mufakat.monitoring.tasks import send_party_reminder

        send_party_reminder.enqueue(current.pk, [p.pk for p in chosen], today.isoformat())
    for reminder in reminders:  # the recipients the task counted (immediately, in tests)
        reminder.refresh_from_db(fields=["recipients"])
    return reminders


def reminded_today(round_: ReportingRound, *, user: Any, today: dt.date | None = None) -> set[int]:
    """Ids of the parties already reminded about the round today."""
    today = today or timezone.localdate()
    return set(
        Reminder.objects.visible_to(user)
        .filter(round=round_, sent_on=today)
        .values_list("party_id", flat=True)
    )


def reminder_log(round_: ReportingRound, *, user: Any, limit: int = 50) -> list[Reminder]:
    """The round's latest reminders, newest first, for its page and the compliance page."""
    return list(
        Reminder.objects.visible_to(user)
        .filter(round=round_)
        .select_related("party", "sent_by")
        .order_by("-sent_on", "-created_at")[:limit]
    )


__all__ = ["AlreadyReminded", "remind_parties", "reminded_today", "reminder_log"]
