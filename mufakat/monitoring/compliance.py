"""Reporting compliance of a round: who has reported what, and who is late.

Each expected slot (an activity × a reporting party, one ``ProgressReport`` row created when the
round opened) is in one of six cells: not started, draft in progress, submitted, endorsed (by a
lead party, not yet accepted), accepted, returned.

Why another party's draft can be shown without leaking it: the gate
(``ProgressReport.objects.visible_to``) hides every draft from all but its own party, so the
figures of submitted, endorsed, accepted and returned reports come from the gate, and drafts are
read by one dedicated query (:func:`_draft_rows`) that returns nothing but *(round, party,
activity, last saved)* — never a status, a percentage, a narrative or an indicator. The only
thing it tells is that a draft exists and when it was saved; whether it was "started" (saved at
least once with something in it) is decided inside the database and only the date comes back.
That much the Secretariat needs to chase parties, and only those who may manage rounds (or the
reporting party itself) get it: for anyone else another party's draft reads as "not started",
exactly what the gate lets them know (a slot exists, nothing was submitted).

Activities of instruments the reader may not see are neither shown nor counted: every query
keeps the instruments ``Instrument.objects.visible_to(user)``, and rounds pass the gate first.
Every function answers in a fixed number of aggregate queries, whatever the number of parties
and activities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import BooleanField, Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from mufakat.monitoring.models import ProgressReport, ProgressStatus, ReportingRound
from mufakat.monitoring.permissions import can_manage_rounds, is_focal_point
from mufakat.registry.models import Party
from mufakat.workplans.models import Instrument

STATES = ProgressReport.State


class Cell(StrEnum):
    """Where one activity × party slot stands."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ENDORSED = "endorsed"
    ACCEPTED = "accepted"
    RETURNED = "returned"


CELL_LABELS: dict[str, Promise] = {
    Cell.NOT_STARTED: gettext_lazy("Not started"),
    Cell.DRAFT: gettext_lazy("Draft in progress"),
    Cell.SUBMITTED: gettext_lazy("Submitted"),
    Cell.ENDORSED: gettext_lazy("Endorsed by a lead party"),
    Cell.ACCEPTED: gettext_lazy("Accepted"),
    Cell.RETURNED: gettext_lazy("Returned for correction"),
}

#: A one-character mark per cell, for the compact matrix (the label says it in words).
CELL_MARKS: dict[str, str] = {
    Cell.NOT_STARTED: "·",
    Cell.DRAFT: "✎",
    Cell.SUBMITTED: "S",
    Cell.ENDORSED: "E",
    Cell.ACCEPTED: "✓",
    Cell.RETURNED: "R",
}

#: Cells that count as reported (the reporting rate's numerator).
REPORTED = frozenset({Cell.SUBMITTED, Cell.ENDORSED, Cell.ACCEPTED})
#: Cells still owed by the party once the due date has passed.
OUTSTANDING = frozenset({Cell.NOT_STARTED, Cell.DRAFT, Cell.RETURNED})


def can_view_compliance(user: Any) -> bool:
    """Round managers see every party; a focal point sees their own party's row."""
    return can_manage_rounds(user) or is_focal_point(user)


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _today() -> dt.date:
    return timezone.localdate()


def days_overdue(round_: Any, today: dt.date | None = None) -> int:
    """Days since the due date of an open round (0 before it, and for closed rounds: nothing
    more can be reported there)."""
    today = today or _today()
    if round_.status != ReportingRound.Status.OPEN or today <= round_.due_date:
        return 0
    return (today - round_.due_date).days


# -- the queries -----------------------------------------------------------------------------------


def _visible_instrument_ids(user: Any) -> QuerySet[Any]:
    return Instrument.objects.visible_to(user).values("pk")


def _started() -> Q:
    """A draft saved at least once since the round opened, or holding anything at all."""
    return (
        Q(lock_version__gt=1)
        | ~Q(status=ProgressStatus.NOT_REPORTED)
        | ~Q(narrative="")
        | Q(percent__isnull=False)
    )


def _drafts_known_to(user: Any) -> Q:
    """Whose drafts the reader may know to be in progress: every party's for a round manager,
    their own party's for a focal point, nobody's otherwise."""
    if can_manage_rounds(user):
        return Q()
    party_id = getattr(user, "party_id", None) if is_focal_point(user) else None
    return Q(party_id=party_id) if party_id else Q(pk__in=[])


def _submitted_rows(user: Any, round_ids: Sequence[int]) -> QuerySet[ProgressReport]:
    """Reports past the draft, through the gate (their state is what anyone who may open them
    sees)."""
    return (
        ProgressReport.objects.visible_to(user)
        .filter(round_id__in=round_ids)
        .exclude(state=STATES.DRAFT)
        .order_by()
    )


def _cell_of_submitted() -> Case:
    return Case(
        When(state=STATES.ACCEPTED, then=Value(Cell.ACCEPTED.value)),
        When(state=STATES.RETURNED, then=Value(Cell.RETURNED.value)),
        When(lead_reviewed_at__isnull=False, then=Value(Cell.ENDORSED.value)),
        default=Value(Cell.SUBMITTED.value),
    )


def _on_time() -> Case:
    return Case(
        When(
            Q(state__in=[STATES.SUBMITTED, STATES.ACCEPTED])
            & Q(submitted_at__isnull=False)
            & Q(submitted_at__date__lte=F("round__due_date")),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def _draft_rows(user: Any, round_ids: Sequence[int]) -> QuerySet[ProgressReport]:
    """The dedicated read of drafts (see the module's docstring): rows of rounds the caller
    found through the gate, of instruments the reader may see; callers take from it only the
    round, party, activity, and — for the drafts :func:`_drafts_known_to` allows — whether it
    was started and when it was last saved."""
    return ProgressReport.objects.filter(
        round_id__in=list(round_ids),
        state=STATES.DRAFT,
        instrument_id__in=_visible_instrument_ids(user),
    ).order_by()


def _known_started(user: Any) -> Q:
    return _drafts_known_to(user) & _started()


# -- round rates (the desk) ------------------------------------------------------------------------


@dataclass
class RoundRate:
    """How far a round's reporting has got, as the reader may know it."""

    expected: int = 0
    submitted: int = 0  # submitted and not yet reviewed, endorsed ones included
    endorsed: int = 0
    accepted: int = 0
    returned: int = 0
    drafts: int = 0
    not_started: int = 0
    on_time: int = 0
    reporting_rate: float = 0.0
    on_time_rate: float = 0.0
    overdue_party_codes: list[str] = field(default_factory=list)
    days_overdue: int = 0

    @property
    def reported(self) -> int:
        return self.submitted + self.accepted


def round_rates(rounds: Iterable[ReportingRound], *, user: Any) -> dict[int, RoundRate]:
    """Rates of each round the reader may see, keyed by round id (hidden rounds are left out).

    The reporting rate is (submitted + endorsed + accepted) / expected; the on-time rate is the
    share of expected reports submitted by the due date (the DHIS2 "reporting rate on time").
    Another party's draft counts as a draft only for round managers; for anyone else it is "not
    started" (the gate hides it). Four queries, whatever the number of rounds.
    """
    wanted = {r.pk for r in rounds}
    if not wanted:
        return {}
    found = list(
        ReportingRound.objects.visible_to(user)
        .filter(pk__in=wanted)
        .values_list("pk", "due_date", "status")
    )
    if not found:
        return {}
    ids = [pk for pk, _due, _status in found]
    per_party: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    on_time: dict[int, int] = defaultdict(int)
    submitted = (
        _submitted_rows(user, ids)
        .values("round_id", "party_id")
        .annotate(cell=_cell_of_submitted(), on_time=_on_time(), n=Count("pk"))
        .values_list("round_id", "party_id", "cell", "on_time", "n")
    )
    for round_id, party_id, cell, in_time, n in submitted:
        per_party[(round_id, party_id)][cell] += n
        if in_time:
            on_time[round_id] += n
    drafts = (
        _draft_rows(user, ids)
        .values("round_id", "party_id")
        .annotate(n=Count("pk"), started=Count("pk", filter=_known_started(user)))
        .values_list("round_id", "party_id", "n", "started")
    )
    for round_id, party_id, n, started in drafts:
        per_party[(round_id, party_id)][Cell.DRAFT] += started
        per_party[(round_id, party_id)][Cell.NOT_STARTED] += n - started
    today = _today()
    overdue_days = {pk: days_overdue(_RoundDates(due, status), today) for pk, due, status in found}
    late_parties: dict[int, set[int]] = defaultdict(set)
    rates = {pk: RoundRate() for pk in ids}
    for (round_id, party_id), counts in per_party.items():
        rate = rates[round_id]
        rate.expected += sum(counts.values())
        rate.submitted += counts[Cell.SUBMITTED] + counts[Cell.ENDORSED]
        rate.endorsed += counts[Cell.ENDORSED]
        rate.accepted += counts[Cell.ACCEPTED]
        rate.returned += counts[Cell.RETURNED]
        rate.drafts += counts[Cell.DRAFT]
        rate.not_started += counts[Cell.NOT_STARTED]
        if overdue_days[round_id] and any(counts[c] for c in OUTSTANDING):
            late_parties[round_id].add(party_id)
    codes = dict(
        Party.objects.filter(pk__in={p for s in late_parties.values() for p in s}).values_list(
            "pk", "code"
        )
    )
    for pk, rate in rates.items():
        rate.on_time = on_time[pk]
        rate.reporting_rate = _rate(rate.reported, rate.expected)
        rate.on_time_rate = _rate(rate.on_time, rate.expected)
        rate.overdue_party_codes = sorted(codes[p] for p in late_parties[pk])
        rate.days_overdue = overdue_days[pk] if rate.overdue_party_codes else 0
    return rates


@dataclass
class _RoundDates:
    due_date: dt.date
    status: str


__all__ = [
    "CELL_LABELS",
    "CELL_MARKS",
    "Cell",
    "RoundRate",
    "can_view_compliance",
    "days_overdue",
    "round_rates",
]
