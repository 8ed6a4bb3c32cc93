"""Reporting compliance of a round: who has reported what, and who is late.

Each expected slot (an activity × a reporting party, one ``ProgressReport`` row created when the
round opened) is in one of six cells: not started, draft in progress, submitted, endorsed (by a
lead party, not yet accepted), accepted, returned.

Why another party's draft can be shown without leaking it: the gate
(``ProgressReport.objects.visible_to``) hides every draft from all but its own party. Here the
round and its instruments pass the gate first; reports past the draft are then read by round
and instrument (:func:`_submitted_rows`, which is exactly what the gate gives there — a test
checks it), and of drafts (:func:`_draft_rows`, and the matrix's one read of a page's slots,
whose cell is decided in the database by :func:`_cell_of_slot`) callers take only *(party,
activity, last saved)* — never a status, a percentage, a narrative or an indicator.
Whether a draft was "started" (saved at least once, or holding anything) is decided inside the
database and only its last-saved time comes back; the per-party figures are counts
(:func:`_slot_counts`). That much the Secretariat needs to chase parties, and only those who
may manage rounds (or the reporting party itself) get it: for anyone else another party's draft
reads as "not started", exactly what the gate lets them know (a slot exists, nothing was
submitted).

Activities of instruments the reader may not see are neither shown nor counted: every query
keeps to the instruments of ``Instrument.objects.visible_to(user)``, and activities themselves
are read through their gate. Every function answers in a fixed number of queries, whatever
the number of parties and activities (measured in ``benchmarks/compliance.py``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.monitoring.models import (
    ActivityTally,
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    SlotTally,
)
from mufakat.monitoring.permissions import can_manage_rounds, is_focal_point
from mufakat.registry.models import Party
from mufakat.workplans.models import Activity, Instrument

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


def _started() -> Q:
    """A draft saved at least once since the round opened, or holding anything at all."""
    return (
        Q(lock_version__gt=1)
        | ~Q(status=ProgressStatus.NOT_REPORTED)
        | ~Q(narrative="")
        | Q(percent__isnull=False)
    )


#: Drafts saved at least once: the condition of the partial index ``report_started_draft``.
STARTED_DRAFT = Q(state=STATES.DRAFT) & _started()
#: Submitted reports a lead party endorsed: the condition of the partial index
#: ``report_endorsed``.
ENDORSED = Q(state=STATES.SUBMITTED, lead_reviewed_at__isnull=False)


def _drafts_known_to(user: Any) -> Q:
    """Whose drafts the reader may know to be in progress: every party's for a round manager,
    their own party's for a focal point, nobody's otherwise."""
    if can_manage_rounds(user):
        return Q()
    party_id = getattr(user, "party_id", None) if is_focal_point(user) else None
    return Q(party_id=party_id) if party_id else Q(pk__in=[])


def _submitted_rows(
    round_ids: Sequence[int], instrument_ids: Sequence[int]
) -> QuerySet[ProgressReport]:
    """Reports past the draft of rounds and instruments the caller found through the gate.

    This is exactly ``ProgressReport.objects.visible_to(user)`` for those rounds and instruments
    minus drafts — a report's gate is its round's and its instrument's, and it hides only drafts
    (``test_compliance`` checks the equivalence for every named user) — written without the
    gate's subqueries, whose building alone cost more than the whole aggregate."""
    return (
        ProgressReport.objects.filter(
            round_id__in=list(round_ids), instrument_id__in=list(instrument_ids)
        )
        .exclude(state=STATES.DRAFT)
        .order_by()
    )


def _instrument_ids(user: Any, round_ids: Sequence[int]) -> list[int]:
    """The rounds' instruments the reader may see (the gate), as ids."""
    return list(
        Instrument.objects.visible_to(user)
        .filter(reporting_rounds__in=list(round_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def _due_cutoff(due_date: dt.date) -> dt.datetime:
    """The first instant after the due day, in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(due_date + dt.timedelta(days=1), dt.time.min))


def _on_time(due_dates: dict[int, dt.date]) -> Case:
    """Submitted (or accepted) by the end of its round's due day — compared with a precomputed
    instant per round, so the database needs no date function per row."""
    return Case(
        *(
            When(
                Q(round_id=pk)
                & Q(state__in=[STATES.SUBMITTED, STATES.ACCEPTED])
                & Q(submitted_at__lt=_due_cutoff(due)),
                then=Value(True),
            )
            for pk, due in due_dates.items()
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def _draft_rows(
    round_ids: Sequence[int], instrument_ids: Sequence[int]
) -> QuerySet[ProgressReport]:
    """The dedicated read of drafts (see the module's docstring): rows of rounds the caller
    found through the gate, of instruments from ``Instrument.objects.visible_to(user)``;
    callers take from it only the round, party, activity, and — for the drafts
    :func:`_drafts_known_to` allows — whether it was started and when it was last saved."""
    return ProgressReport.objects.filter(
        round_id__in=list(round_ids),
        state=STATES.DRAFT,
        instrument_id__in=list(instrument_ids),
    ).order_by()


def _slots(round_id: int, party_ids: Sequence[int]) -> Any:
    """Activities with an expected report of these parties in a round the caller found through
    the gate (as ``rollups.round_slots``: that a slot exists, nothing of its content); the
    caller keeps the activities to visible instruments. A subquery of activity ids, answered
    from the (round, activity, party) unique index alone."""
    return (
        ProgressReport.objects.filter(round_id=round_id, party_id__in=list(party_ids))
        .order_by()
        .values("activity_id")
    )


def _on_instruments(rows: QuerySet[Any], instrument_ids: Sequence[int]) -> QuerySet[Any]:
    """``rows`` kept to these instruments. On PostgreSQL the ids are one array parameter
    (``= ANY``), not one parameter each: these statements are prepared, and the generic plan
    PostgreSQL keeps after five runs of an 80-parameter ``IN`` list estimated it so badly it
    ran four times slower than the plan made for the values (10 ms against 2.5)."""
    ids = [int(pk) for pk in instrument_ids]
    if connections[rows.db].vendor != "postgresql":
        return rows.filter(instrument_id__in=ids)
    table = rows.model._meta.db_table
    return rows.extra(where=[f'"{table}"."instrument_id" = ANY(%s)'], params=[ids])


def _slot_counts(
    user: Any,
    due_dates: dict[int, dt.date],
    instrument_ids: Sequence[int],
    party_ids: Sequence[int] | None = None,
    *,
    cells: bool = True,
) -> Iterable[tuple[int, int, str, int, int, int, int]]:
    """Slots of rounds found through the gate (``due_dates``' keys) on instruments from
    ``Instrument.objects.visible_to(user)``: per round, party and workflow state, how many,
    how many endorsed, on time, and started drafts. Only counts leave the database: drafts
    are told "started" only where :func:`_drafts_known_to` allows, and nothing else of them is
    read.

    Read from the tallies the database keeps (:class:`~mufakat.monitoring.models.SlotTally`, a
    few thousand rows per round instead of ~70,000 reports at ten times today's data), by the
    round and instrument ids the caller found through the gate, as :func:`_submitted_rows`
    reads the reports. A tally's ``in_time`` is "submitted before the round's ``due_cutoff``"
    whatever the state since; on time here is that *and* submitted or accepted, as before.
    Without ``cells``, endorsed and started are 0 (the caller counts them as submitted and
    not started). One query.
    """
    tallies = _on_instruments(
        SlotTally.objects.filter(round_id__in=list(due_dates)), instrument_ids
    ).order_by()
    if party_ids is not None:
        tallies = tallies.filter(party_id__in=list(party_ids))
    zero = Value(0)
    on_time = Q(state__in=[STATES.SUBMITTED, STATES.ACCEPTED], in_time=True)
    endorsed: Any = Coalesce(Sum("n", filter=Q(endorsed=True)), zero) if cells else zero
    known = _drafts_known_to(user)
    if not cells or known == Q(pk__in=[]):
        started: Any = zero
    else:
        started = Coalesce(Sum("n", filter=Q(started=True) & known), zero)
    return (
        tallies.values("round_id", "party_id", "state")
        .annotate(
            total=Sum("n"),
            n_endorsed=endorsed,
            n_in_time=Coalesce(Sum("n", filter=on_time), zero),
            n_started=started,
        )
        .values_list(
            "round_id", "party_id", "state", "total", "n_endorsed", "n_in_time", "n_started"
        )
    )


def _fold(counts: dict[str, int], state: str, n: int, endorsed: int, started: int) -> None:
    """Add a (state) group of :func:`_slot_counts` to a party's cell counts."""
    if state == STATES.DRAFT:
        counts[Cell.DRAFT] += started
        counts[Cell.NOT_STARTED] += n - started
    elif state == STATES.SUBMITTED:
        counts[Cell.ENDORSED] += endorsed
        counts[Cell.SUBMITTED] += n - endorsed
    else:
        counts[Cell.ACCEPTED if state == STATES.ACCEPTED else Cell.RETURNED] += n


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


def round_rates(
    rounds: Iterable[ReportingRound], *, user: Any, gated: bool = False, cells: bool = True
) -> dict[int, RoundRate]:
    """Rates of each round the reader may see, keyed by round id (hidden rounds are left out).

    The reporting rate is (submitted + endorsed + accepted) / expected; the on-time rate is the
    share of expected reports submitted by the due date (the DHIS2 "reporting rate on time").
    Another party's draft counts as a draft only for round managers; for anyone else it is "not
    started" (the gate hides it). Four queries, whatever the number of rounds.

    ``gated``: the caller found ``rounds`` through the gate and prefetched each one's
    ``visible_instruments`` (``Instrument.objects.visible_to(user)``), as the desk does: the
    two queries asking the gate again are skipped. ``cells=False``: only what the rates need
    (expected, reported, on time, late parties): endorsed reports are counted as submitted and
    drafts as not started, and the two index reads telling them apart are skipped.
    """
    if gated:
        found = [(r.pk, r.due_date, r.status) for r in rounds]
        instrument_ids = sorted(
            {i.pk for r in rounds for i in r.visible_instruments}  # type: ignore[attr-defined]
        )
    else:
        wanted = {r.pk for r in rounds}
        found = (
            list(
                ReportingRound.objects.visible_to(user)
                .filter(pk__in=wanted)
                .values_list("pk", "due_date", "status")
            )
            if wanted
            else []
        )
    if not found:
        return {}
    ids = [pk for pk, _due, _status in found]
    if not gated:
        instrument_ids = _instrument_ids(user, ids)
    per_party: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    on_time: dict[int, int] = defaultdict(int)
    due_dates = {pk: due for pk, due, _status in found}
    for round_id, party_id, state, n, endorsed, in_time, started in _slot_counts(
        user, due_dates, instrument_ids, cells=cells
    ):
        _fold(per_party[(round_id, party_id)], state, n, endorsed, started)
        on_time[round_id] += in_time
    today = _today()
    overdue_days = {pk: days_overdue(_RoundDates(due, status), today) for pk, due, status in found}
    late_parties: dict[int, set[int]] = defaultdict(set)
    rates = {pk: RoundRate() for pk in ids}
    codes = dict(Party.objects.values_list("pk", "code"))  # a few dozen parties
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
    for pk, rate in rates.items():
        rate.on_time = on_time[pk]
        rate.reporting_rate = _rate(rate.reported, rate.expected)
        rate.on_time_rate = _rate(rate.on_time, rate.expected)
        rate.overdue_party_codes = sorted(codes[p] for p in late_parties[pk])
        rate.days_overdue = overdue_days[pk] if rate.overdue_party_codes else 0
    return rates


def round_state_counts(round_: ReportingRound, *, user: Any) -> dict[int, dict[str, int]]:
    """Per party, how many of the round's reports the reader may see are in each workflow
    state: ``ProgressReport.objects.visible_to(user)`` counted for a round the caller found
    through the gate (the round page), written as the tallies (:class:`SlotTally`) of the
    instruments the round prefetched through their gate (``visible_instruments``), past the
    draft or of the reader's own party — what the gate shows of the reports. One query of a
    few thousand tally rows rather than ~70,000 reports."""
    instrument_ids = [i.pk for i in round_.visible_instruments]  # type: ignore[attr-defined]
    party_id = getattr(user, "party_id", None) if user and user.is_authenticated else None
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for party, state, n in _round_tallies([round_.pk], instrument_ids, party_id):
        counts[party][state] = n
    return counts


def _round_tallies(
    round_ids: Sequence[int], instrument_ids: Sequence[int], party_id: int | None
) -> Iterable[tuple[int, str, int]]:
    """(party, state, n) of rounds found through the gate on instruments from
    ``Instrument.objects.visible_to(user)``: tallies past the draft, and the drafts of the
    reader's own party (``party_id``) alone — exactly the reports' gate there."""
    return (
        SlotTally.objects.filter(
            round_id__in=list(round_ids), instrument_id__in=list(instrument_ids)
        )
        .filter(~Q(state=STATES.DRAFT) | Q(party_id=party_id or 0))
        .order_by()
        .values("party_id", "state")
        .annotate(total=Sum("n"))
        .values_list("party_id", "state", "total")
    )


@dataclass
class _RoundDates:
    due_date: dt.date
    status: str


# -- the matrix and the per-party summary (the compliance page) ----------------------------------


@dataclass
class MatrixCell:
    """One slot. ``last_saved`` is given for a draft in progress (its only detail); the
    submission time for the others."""

    cell: str
    last_saved: dt.datetime | None = None
    submitted_at: dt.datetime | None = None
    on_time: bool = False

    @property
    def label(self) -> str:
        return str(CELL_LABELS[self.cell])

    @property
    def mark(self) -> str:
        return CELL_MARKS[self.cell]


@dataclass
class MatrixRow:
    activity_id: int
    code: str
    title: str
    instrument_id: int
    instrument_title: str
    area_id: int
    area_title: str
    #: Aligned with :attr:`ComplianceMatrix.parties`; None where the party is not expected.
    cells: list[MatrixCell | None]


@dataclass
class PartySummary:
    party: Party
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Cell, 0))
    on_time: int = 0
    days_overdue: int = 0
    last_reminded: dt.date | None = None

    @property
    def expected(self) -> int:
        return sum(self.counts.values())

    @property
    def reported(self) -> int:
        return sum(self.counts[c] for c in REPORTED)

    @property
    def outstanding(self) -> int:
        return sum(self.counts[c] for c in OUTSTANDING)

    @property
    def reporting_rate(self) -> float:
        return _rate(self.reported, self.expected)

    @property
    def on_time_rate(self) -> float:
        return _rate(self.on_time, self.expected)

    @property
    def reminded_today(self) -> bool:
        return self.last_reminded == _today()


@dataclass
class ComplianceMatrix:
    round: ReportingRound
    #: The columns: every reporting party for a round manager, their own for a focal point.
    parties: list[Party]
    rows: list[MatrixRow]
    summaries: list[PartySummary]
    #: The round's instruments the reader may see (the filter's choices).
    instruments: list[Instrument]
    all_parties: bool
    filters: dict[str, str]
    today: dt.date
    #: Activities matching the filters in all; ``rows`` holds page ``page`` of them.
    total_rows: int = 0
    page: int = 1
    per_page: int | None = None

    @property
    def totals(self) -> PartySummary:
        """The round's figures over the parties shown."""
        total = PartySummary(party=Party(code="", name=""))
        for summary in self.summaries:
            for cell, n in summary.counts.items():
                total.counts[cell] += n
            total.on_time += summary.on_time
        total.days_overdue = max((s.days_overdue for s in self.summaries), default=0)
        return total

    @property
    def overdue(self) -> list[PartySummary]:
        return [s for s in self.summaries if s.days_overdue]


def compliance_scope(round_: ReportingRound, *, user: Any) -> list[Party]:
    """The parties whose row the reader may see: all reporting parties for a round manager,
    their own for a focal point of one of them; anyone else is refused (403 — the caller has
    already checked the round is visible, else 404)."""
    parties = sorted(round_.reporting_parties.all(), key=lambda p: p.code)
    if can_manage_rounds(user):
        return parties
    if is_focal_point(user):
        own = [p for p in parties if p.pk == user.party_id]
        if own:
            return own
    raise PermissionDenied(_("Only the Secretariat and the reporting parties see compliance."))


def get_compliance_round(*, user: Any, pk: int) -> ReportingRound:
    """The round through the gate (404 when hidden), its reporting parties fetched."""
    found = (
        ReportingRound.objects.visible_to(user)
        .filter(pk=pk)
        .prefetch_related("reporting_parties")
        .first()
    )
    if found is None:
        raise Http404(_("No such reporting round."))
    return found


def _pick_instrument(instruments: list[Instrument], value: str | int | None) -> Instrument | None:
    if value in (None, ""):
        return None
    text = str(value)
    for instrument in instruments:
        if instrument.key == text or str(instrument.pk) == text:
            return instrument
    raise Http404(_("No such instrument."))


def _cell_filter(cell: str, user: Any) -> tuple[str, Q]:
    """Which query holds a cell ("submitted": the gated reports, "drafts": the drafts' read) and
    the condition on it."""
    if cell == Cell.DRAFT:
        return "drafts", _known_started(user)
    if cell == Cell.NOT_STARTED:
        return "drafts", ~_known_started(user)
    if cell == Cell.ACCEPTED:
        return "submitted", Q(state=STATES.ACCEPTED)
    if cell == Cell.RETURNED:
        return "submitted", Q(state=STATES.RETURNED)
    if cell == Cell.ENDORSED:
        return "submitted", Q(state=STATES.SUBMITTED, lead_reviewed_at__isnull=False)
    return "submitted", Q(state=STATES.SUBMITTED, lead_reviewed_at__isnull=True)


def _cell_of_slot(known: Q) -> Case:
    """The cell of any slot, decided in the database: of a draft, only whether the reader may
    know it started (``known``: :func:`_known_started`) leaves it, as "draft" or "not started"."""
    return Case(
        When(state=STATES.ACCEPTED, then=Value(Cell.ACCEPTED.value)),
        When(state=STATES.RETURNED, then=Value(Cell.RETURNED.value)),
        When(ENDORSED, then=Value(Cell.ENDORSED.value)),
        When(state=STATES.SUBMITTED, then=Value(Cell.SUBMITTED.value)),
        When(Q(state=STATES.DRAFT) & known, then=Value(Cell.DRAFT.value)),
        default=Value(Cell.NOT_STARTED.value),
    )


def _slot_cells(
    round_: ReportingRound,
    instrument_ids: Sequence[int],
    party_ids: Sequence[int],
    in_page: dict[str, Any],
    known: Q,
) -> Iterable[tuple[int, int, str, bool, dt.datetime | None, dt.datetime | None]]:
    """(activity, party, cell, on time, submitted at, last saved) of each slot of a round the
    caller found through the gate, on instruments from ``Instrument.objects.visible_to(user)``,
    in one read: the cell is decided in the database (:func:`_cell_of_slot`), so of a draft only
    "draft" or "not started" and — where ``known`` (:func:`_known_started`) allows — its last
    saved time leave it; the submission time only of reports past the draft."""
    return (
        ProgressReport.objects.filter(
            round_id=round_.pk, instrument_id__in=list(instrument_ids), party_id__in=list(party_ids)
        )
        .filter(**in_page)
        .order_by()
        .annotate(
            cell=_cell_of_slot(known),
            in_time=_on_time({round_.pk: round_.due_date}),
            handed_in=Case(When(~Q(state=STATES.DRAFT), then=F("submitted_at")), default=None),
            last_saved=Case(
                When(Q(state=STATES.DRAFT) & known, then=F("updated_at")), default=None
            ),
        )
        .values_list("activity_id", "party_id", "cell", "in_time", "handed_in", "last_saved")
    )


def _slotted_activities(round_id: int, instrument_ids: Sequence[int]) -> QuerySet[ActivityTally]:
    """The activities with a slot (of any party) in a round the caller found through the gate,
    on instruments from ``Instrument.objects.visible_to(user)``: the round's activity tallies
    (:class:`~mufakat.monitoring.models.ActivityTally`, one row per activity, ~8,500 for a
    round of ~70,000 reports) — that a slot exists, nothing of its content. A tally's gate is
    its round's and its instrument's (its ``visibility_parents``), both already passed, so
    this is exactly ``ActivityTally.objects.visible_to(user)`` there (a test checks it),
    counted from the tallies' index alone without the gate's subqueries (2 ms against 5)."""
    return _on_instruments(
        ActivityTally.objects.filter(round_id=round_id), instrument_ids
    ).order_by()


def _activities_on(instrument_ids: Sequence[int]) -> QuerySet[Activity]:
    """The activities on instruments from ``Instrument.objects.visible_to(user)``: an activity's
    gate is its instrument's (its ``visibility_parents``), already passed, so this is exactly
    ``Activity.objects.visible_to(user)`` there (a test checks it), without the gate's
    subqueries to plan again in every statement that lists a page of them."""
    return Activity.objects.filter(priority_area__instrument_id__in=list(instrument_ids))


def _party_slot_counts(
    round_id: int, instrument_ids: Sequence[int], party_id: int
) -> dict[int, int]:
    """Per instrument, how many activities one party has a slot for in a round the caller found
    through the gate, on instruments from ``Instrument.objects.visible_to(user)``, for a reader
    who may see that party's column (its focal points, round managers): the party has one
    report per activity, so it is the sum of its tallies there, drafts included (a report's
    instrument is its activity's, kept so by the services) — that slots exist, nothing of their
    content. A few hundred tally rows, not an index probe per activity (under 1 ms against
    9)."""
    return dict(
        SlotTally.objects.filter(
            round_id=round_id, instrument_id__in=list(instrument_ids), party_id=party_id
        )
        .order_by()
        .values("instrument_id")
        .annotate(n=Sum("n"))
        .values_list("instrument_id", "n")
    )


def _activity_page(
    ordered: QuerySet[Activity],
    instruments: list[Instrument],
    page: int,
    per_page: int,
    fields: Sequence[str],
    counted: dict[int, int] | None = None,
    rows_on: Callable[[Sequence[int]], QuerySet[Activity]] | None = None,
) -> tuple[int, int, list[tuple[Any, ...]]]:
    """(total, page, the page's rows) of ``ordered`` (activities sorted by instrument title,
    area position, code): how many activities each instrument holds comes from one grouped
    count (or ``counted``, the same counts found otherwise), then only the instruments the page
    spans are sorted and cut — not every activity of the round with its titles, which cost more
    than finding them. Instruments sharing a title are one group (their activities interleave
    by position), ``instruments`` being in title order. Past the end, the last page.
    ``rows_on`` gives ``ordered`` on some instruments alone: the page's rows are then read on
    the instruments it spans, a shorter statement to plan."""
    if counted is None:
        counted = dict(
            ordered.order_by()
            .values("priority_area__instrument_id")
            .annotate(n=Count("pk"))
            .values_list("priority_area__instrument_id", "n")
        )
    groups: list[tuple[str, list[int], int]] = []
    for instrument in instruments:
        n = counted.get(instrument.pk, 0)
        if not n:
            continue
        if groups and groups[-1][0] == instrument.title:
            title, ids, before = groups[-1]
            groups[-1] = (title, [*ids, instrument.pk], before + n)
        else:
            groups.append((instrument.title, [instrument.pk], n))
    total = sum(n for _title, _ids, n in groups)
    page = min(max(1, page), max(1, -(-total // per_page)))
    start, stop = (page - 1) * per_page, page * per_page
    spanned: list[int] = []
    first = position = 0
    for _title, ids, n in groups:
        if position + n > start and position < stop:
            if not spanned:
                first = position
            spanned += ids
        position += n
    if not spanned:
        return total, page, []
    if rows_on is None:
        rows = ordered.filter(priority_area__instrument_id__in=spanned).values_list(*fields)
    else:
        rows = rows_on(spanned).values_list(*fields)
    return total, page, list(rows[start - first : stop - first])


def compliance_matrix(
    round_: ReportingRound,
    *,
    user: Any,
    party: str | None = None,
    instrument: str | int | None = None,
    status: str | None = None,
    page: int = 1,
    per_page: int | None = None,
) -> ComplianceMatrix:
    """Party × activity cells of a round the caller found through the gate, with a summary per
    party. ``party`` (a code) narrows a round manager's columns; ``instrument`` (a key or id)
    the rows; ``status`` (a :class:`Cell`) keeps the rows with at least one such cell — the
    summaries are over every row of the instrument chosen. With ``per_page``, only that page of
    activities is fetched (:func:`_activity_page`; the summaries are aggregates either way) and
    the page's cells in one read: six queries (five without ``per_page``), whatever the size of
    the round. For a round manager with every party shown and no ``status``, the activities
    are counted from the round's activity tallies (:func:`_slotted_activities`)."""
    scope = compliance_scope(round_, user=user)
    everyone = can_manage_rounds(user)
    if party and everyone:
        scope = [p for p in scope if p.code.upper() == party.strip().upper()]
    if status and status not in CELL_LABELS:
        raise ValidationError({"status": _("Unknown status “%s”.") % status})
    instruments = list(
        Instrument.objects.visible_to(user).filter(reporting_rounds=round_).order_by("title")
    )  # the gate for instruments; rows below are kept to these
    chosen = _pick_instrument(instruments, instrument)
    instrument_ids = [chosen.pk] if chosen else [i.pk for i in instruments]
    party_ids = [p.pk for p in scope]
    submitted = _submitted_rows([round_.pk], instrument_ids).filter(party_id__in=party_ids)
    drafts = _draft_rows([round_.pk], instrument_ids).filter(party_id__in=party_ids)
    known = _known_started(user)
    today = _today()
    late = days_overdue(round_, today)

    # The summaries: two aggregates, a handful of rows each.
    last_reminded = dict(
        round_.reminders.filter(party_id__in=party_ids)  # gated by the round, found visible
        .order_by()
        .values("party_id")
        .annotate(last=Max("sent_on"))
        .values_list("party_id", "last")
    )
    summaries = {p.pk: PartySummary(party=p, last_reminded=last_reminded.get(p.pk)) for p in scope}
    # A round manager's counts are read for every party (the same index read), to learn which
    # parties hold a slot on these instruments at all.
    slotted_parties: set[int] = set()
    for _round, party_id, state, n, endorsed, in_time, started in _slot_counts(
        user, {round_.pk: round_.due_date}, instrument_ids, None if everyone else party_ids
    ):
        slotted_parties.add(party_id)
        if party_id in summaries:
            _fold(summaries[party_id].counts, state, n, endorsed, started)
            summaries[party_id].on_time += in_time
    for summary in summaries.values():
        summary.days_overdue = late if summary.outstanding else 0

    # The rows: activities with a slot in scope (and a cell of ``status``), one page of them.
    if status:
        source, condition = _cell_filter(status, user)
        holding = (submitted if source == "submitted" else drafts).filter(condition)
    else:
        holding = _slots(round_.pk, party_ids)
    holds = Exists(holding.filter(activity_id=OuterRef("pk")))
    counted: dict[int, int] | None = None
    if per_page and not status and everyone and slotted_parties <= set(party_ids):
        # Every slot on these instruments is of a party in scope: the activities with a slot
        # in scope are those the round's activity tallies name, counted from them (a page's
        # rows are still found by their slots, a few hundred index probes).
        counted = dict(
            _slotted_activities(round_.pk, instrument_ids)
            .values("instrument_id")
            .annotate(n=Count("*"))
            .values_list("instrument_id", "n")
        )
    elif per_page and not status and len(party_ids) == 1:
        counted = _party_slot_counts(round_.pk, instrument_ids, party_ids[0])
    order = ("priority_area__instrument__title", "priority_area__position", "code", "pk")

    def rows_on(ids: Sequence[int]) -> QuerySet[Activity]:
        return _activities_on(ids).filter(holds).order_by(*order)

    ordered = rows_on(instrument_ids)
    fields = (
        "pk",
        "code",
        "title",
        "priority_area__instrument_id",
        "priority_area__instrument__title",
        "priority_area_id",
        "priority_area__title",
    )
    if per_page:
        total, page, listed = _activity_page(
            ordered, instruments, page, per_page, fields, counted, rows_on
        )
    else:
        listed = list(ordered.values_list(*fields))
        total = len(listed)
    wanted = [row[0] for row in listed]
    in_page = {"activity_id__in": wanted} if per_page else {}
    # (The cells are read on every instrument found through the gate, not only on the few
    # the page spans: the statement is prepared, and the generic plan PostgreSQL keeps after
    # five runs reads the narrow form through the instrument index, several times slower.)
    cells: dict[tuple[int, int], MatrixCell] = {}
    for activity_id, party_id, cell, in_time, submitted_at, last_saved in _slot_cells(
        round_, instrument_ids, party_ids, in_page, known
    ):
        cells[(activity_id, party_id)] = MatrixCell(
            cell, last_saved=last_saved, submitted_at=submitted_at, on_time=bool(in_time)
        )
    rows = [
        MatrixRow(pk, code, title, inst_id, inst_title, area_id, area_title, row_cells)
        for pk, code, title, inst_id, inst_title, area_id, area_title in listed
        if any(row_cells := [cells.get((pk, p)) for p in party_ids])
    ]
    return ComplianceMatrix(
        round=round_,
        parties=scope,
        rows=rows,
        summaries=[summaries[p] for p in party_ids],
        instruments=instruments,
        all_parties=everyone,
        filters={
            "party": party or "",
            "instrument": chosen.key if chosen else "",
            "status": status or "",
        },
        today=today,
        total_rows=total,
        page=page,
        per_page=per_page,
    )


def party_summary(round_: ReportingRound, *, user: Any) -> list[PartySummary]:
    """The per-party figures of the compliance page alone (one page of one row fetched)."""
    return compliance_matrix(round_, user=user, per_page=1).summaries


__all__ = [
    "CELL_LABELS",
    "CELL_MARKS",
    "Cell",
    "ComplianceMatrix",
    "MatrixCell",
    "MatrixRow",
    "PartySummary",
    "RoundRate",
    "can_view_compliance",
    "compliance_matrix",
    "compliance_scope",
    "days_overdue",
    "get_compliance_round",
    "party_summary",
    "round_rates",
    "round_state_counts",
]
