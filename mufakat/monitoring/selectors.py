"""Reads of rounds, reports, their versions and evidence — all through the gate.

Every count here is computed from ``ProgressReport.objects.visible_to(user)``, or summed from the
tallies the database keeps of the reports through the same gate (``SlotTally.objects.visible_to``:
drafts only for their own party), so a figure never includes a report the reader could not open
(another party's draft, a round or instrument outside their audience). Lists fetch related records up front: their query count does not grow
with the data.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from mufakat.core import references
from mufakat.meetings.models import Meeting
from mufakat.monitoring.models import (
    Evidence,
    IndicatorValue,
    ProgressReport,
    ProgressStatus,
    ReportingRound,
    ReportVersion,
    SlotTally,
)
from mufakat.monitoring.permissions import (
    can_manage_rounds,
    can_report,
    can_review,
    is_focal_point,
)
from mufakat.monitoring.services import indicator_display
from mufakat.registry.models import Party
from mufakat.workplans.models import Activity, Indicator, Instrument

STATES = ProgressReport.State


# -- rounds --------------------------------------------------------------------------------------


def _visible_reports(user: Any) -> QuerySet[ProgressReport]:
    return ProgressReport.objects.visible_to(user)


def _visible_tallies(user: Any) -> QuerySet[SlotTally]:
    """The tallies the database keeps of the reports (:class:`SlotTally`), through the reports'
    own gate: a reader's tallies add up to exactly ``_visible_reports(user)`` for the same
    filter on round, instrument, party and state (drafts only for their own party). A count
    over a round's tens of thousands of reports reads a few thousand tallies instead."""
    return SlotTally.objects.visible_to(user)


def _count_subquery(reports: QuerySet[ProgressReport]) -> Any:
    """Count of ``reports`` of the outer round, as a correlated subquery (no extra query)."""
    counted = (
        reports.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _attach_meetings(user: Any, rounds: list[ReportingRound]) -> None:
    """``round.visible_meeting``: the meeting it feeds, if the reader may see that meeting
    (resolved by the one reference helper, one query for the list)."""
    meetings = references.visible_objects(
        user, Meeting, (r.meeting_id for r in rounds), select_related=("body",)
    )
    for r in rounds:
        r.visible_meeting = meetings.get(r.meeting_id)  # type: ignore[attr-defined]


def _visible_instruments(user: Any) -> Prefetch:
    return Prefetch(
        "instruments",
        queryset=Instrument.objects.visible_to(user).order_by("title"),
        to_attr="visible_instruments",
    )


def _rounds_with_counts(user: Any) -> QuerySet[ReportingRound]:
    visible = _visible_reports(user)
    return (
        ReportingRound.objects.visible_to(user)
        .annotate(
            reports_total=_count_subquery(visible),
            reports_submitted=_count_subquery(visible.filter(state=STATES.SUBMITTED)),
            reports_accepted=_count_subquery(visible.filter(state=STATES.ACCEPTED)),
            reports_returned=_count_subquery(visible.filter(state=STATES.RETURNED)),
        )
        .prefetch_related(
            _visible_instruments(user), "reporting_parties", references.knowable_groups(user)
        )
    )


def round_list(*, user: Any, status: str | None = None) -> list[ReportingRound]:
    """Rounds the reader may see, newest first, each with counts of the reports they may see."""
    rounds = _rounds_with_counts(user).order_by("-due_date", "title")
    if status:
        rounds = rounds.filter(status=status)
    result = list(rounds)
    _attach_meetings(user, result)
    return result


def rounds_listed(*, user: Any, status: str | None = None) -> QuerySet[ReportingRound]:
    """Rounds the reader may see, newest first, with what a list names (instruments the reader
    may see, reporting parties, groups they may know of) but no counts: a list shows a page of
    them, counted by :func:`with_counts`."""
    rounds = (
        ReportingRound.objects.visible_to(user)
        .prefetch_related(
            _visible_instruments(user), "reporting_parties", references.knowable_groups(user)
        )
        .order_by("-due_date", "title", "pk")
    )
    return rounds.filter(status=status) if status else rounds


def with_counts(*, user: Any, rounds: list[ReportingRound]) -> list[ReportingRound]:
    """The rounds of a page, each with the counts of the reports the reader may see
    (``reports_total``, ``_submitted``, ``_accepted``, ``_returned``) from one grouped query,
    and the meeting it feeds if the reader may see it. The counts are summed from the reports'
    tallies through the same gate (:func:`_visible_tallies`): a page of rounds holds several
    hundred thousand reports at ten times today's data, counted in 50–80 ms."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    if rounds:
        for round_id, state, n in (
            _visible_tallies(user)
            .filter(round_id__in=[r.pk for r in rounds])
            .order_by()
            .values_list("round_id", "state")
            .annotate(n=Sum("n"))
        ):
            counts[round_id][state] = n
    for r in rounds:
        found = counts.get(r.pk, {})
        r.reports_total = sum(found.values())  # type: ignore[attr-defined]
        r.reports_submitted = found.get(STATES.SUBMITTED, 0)  # type: ignore[attr-defined]
        r.reports_accepted = found.get(STATES.ACCEPTED, 0)  # type: ignore[attr-defined]
        r.reports_returned = found.get(STATES.RETURNED, 0)  # type: ignore[attr-defined]
    _attach_meetings(user, rounds)
    return rounds


def get_round(*, user: Any, pk: int, counts: bool = True) -> ReportingRound:
    """The round, or 404 when it does not exist or the reader may not see it. ``counts=False``
    for a page that counts the round's reports itself (or not at all): the four counts are
    subqueries over every report of the round, the costliest part of reading it."""
    rounds: QuerySet[ReportingRound] = (
        _rounds_with_counts(user)
        if counts
        else ReportingRound.objects.visible_to(user).prefetch_related(
            _visible_instruments(user), "reporting_parties", references.knowable_groups(user)
        )
    )
    found = rounds.filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such reporting round."))
    _attach_meetings(user, [found])
    previous = (
        ReportingRound.objects.visible_to(user).filter(pk=found.previous_id).first()
        if found.previous_id
        else None
    )
    found.visible_previous = previous  # type: ignore[attr-defined]
    return found


@dataclass
class PartyProgress:
    party: Party
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(STATES.SUBMITTED, 0) + self.counts.get(STATES.ACCEPTED, 0)


def round_progress(*, user: Any, round_: ReportingRound) -> list[PartyProgress]:
    """Per reporting party, how many of its (visible) reports are in each workflow state."""
    rows = (
        _visible_reports(user)
        .filter(round=round_)
        .order_by()
        .values("party_id", "state")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["party_id"]][row["state"]] = row["n"]
    return [
        PartyProgress(party=party, counts=counts.get(party.pk, {}))
        for party in sorted(round_.reporting_parties.all(), key=lambda p: p.code)
    ]


def round_report_window(
    *,
    user: Any,
    round_: ReportingRound,
    party: str | None = None,
    instrument: str | None = None,
    state: str | None = None,
) -> GroupWindow:
    """:func:`round_reports` read a page at a time instrument by instrument
    (:func:`instrument_window`), the size of each instrument's part summed from the round's
    tallies under the same gate and filters (a few thousand rows, not ~70,000 reports)."""
    reports = round_reports(
        user=user, round_=round_, party=party, instrument=instrument, state=state
    )
    tallies = _visible_tallies(user).filter(round_id=round_.pk)
    if party:
        tallies = tallies.filter(party__code__iexact=party)
    if instrument:
        tallies = tallies.filter(instrument__key=instrument)
    if state:
        tallies = tallies.filter(state=state)
    return instrument_window(reports, tallies)


def round_reports(
    *,
    user: Any,
    round_: ReportingRound,
    party: str | None = None,
    instrument: str | None = None,
    state: str | None = None,
) -> QuerySet[ProgressReport]:
    """A round's reports the reader may see, filtered by party code, instrument key or state."""
    reports = (
        _visible_reports(user)
        .filter(round=round_)
        .select_related("round", "activity", "party", "instrument", "priority_area")
        .prefetch_related(
            Prefetch("indicator_values", queryset=IndicatorValue.objects.order_by("indicator_id"))
        )
        .order_by(
            "instrument__title",
            "instrument_id",
            "priority_area__position",
            "activity__code",
            "party__code",
        )
    )
    if party:
        reports = reports.filter(party__code__iexact=party)
    if instrument:
        reports = reports.filter(instrument__key=instrument)
    if state:
        reports = reports.filter(state=state)
    return reports


# -- reports -------------------------------------------------------------------------------------


@dataclass
class ReportEntry:
    """A report with last round's report of the same activity and party beside it."""

    report: ProgressReport
    previous: ProgressReport | None = None


def _report_related(qs: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    return qs.select_related("round", "activity", "party", "instrument", "priority_area")


#: What a list shows of last round's report beside each row.
PREVIOUS_LISTED = ("pk", "round_id", "activity_id", "party_id", "status", "percent")


def _previous_reports(
    user: Any, reports: list[ProgressReport], *, only: Sequence[str] = ()
) -> dict[tuple[int, int, int], ProgressReport]:
    """Last round's reports, keyed by (round, activity, party) of the *current* report."""
    wanted = {
        (r.round.previous_id, r.activity_id, r.party_id): r for r in reports if r.round.previous_id
    }
    if not wanted:
        return {}
    found = _visible_reports(user).filter(
        round_id__in={k[0] for k in wanted},
        activity_id__in={k[1] for k in wanted},
        party_id__in={k[2] for k in wanted},
    )
    if only:
        found = found.only(*only)
    result = {}
    for old in found:
        current = wanted.get((old.round_id, old.activity_id, old.party_id))
        if current is not None:
            result[(current.round_id, current.activity_id, current.party_id)] = old
    return result


@dataclass
class Choice:
    """One value of a filter: what it shows, how many reports have it, and whether it is chosen."""

    value: str
    label: str
    count: int
    selected: bool = False
    due_date: Any = None
    #: of a round: its reports per workflow state (whatever state is filtered on)
    by_state: dict[str, int] = field(default_factory=dict)


@dataclass
class ReportFilters:
    """What the reader narrowed a list of reports to (empty: everything)."""

    round: str = ""
    instrument: str = ""
    state: str = ""
    party: str = ""
    #: "1": the review queue also lists rounds already frozen for their meeting
    frozen: str = ""

    def lookups(self, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self.round and "round" not in leave_out:
            found["round_id"] = int(self.round)
        if self.instrument and "instrument" not in leave_out:
            found["instrument__key"] = self.instrument
        if self.state and "state" not in leave_out:
            found["state"] = self.state
        if self.party and "party" not in leave_out:
            found["party__code"] = self.party
        return found

    def query(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


@dataclass
class ReportFacets:
    """Counts per round, instrument, state (and party) of a list, each counted with the other
    filters applied, so every link says how many reports it leads to."""

    rounds: list[Choice]
    instruments: list[Choice]
    states: list[Choice]
    parties: list[Choice] = field(default_factory=list)
    #: the round filtered on, if any
    round: str = ""
    #: the grouped rows matching every filter (round, instrument, state, party and their
    #: labels, with ``n``): where in the list each round's and instrument's reports are
    matching: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Reports matching every filter: the chosen round's count, or the sum over all."""
        return sum(c.count for c in self.rounds if not self.round or c.value == self.round)


_GROUPS = {
    "round": "round_id",
    "instrument": "instrument__key",
    "state": "state",
    "party": "party__code",
}


def _matching(
    rows: list[dict[str, Any]], filters: ReportFilters, leave_out: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The grouped rows passing every filter but those in ``leave_out``."""
    wanted = {
        _GROUPS[name]: (int(value) if name == "round" else value)
        for name, value in vars(filters).items()
        if value and name not in leave_out and name in _GROUPS
    }
    if not wanted:  # nothing filtered on: every row (thousands for the Secretariat's queue)
        return rows
    return [row for row in rows if all(row.get(k) == v for k, v in wanted.items())]


def _choices(rows: list[dict[str, Any]], value: str, label: str, selected: str) -> list[Choice]:
    found: dict[str, Choice] = {}
    for row in rows:
        choice = found.get(row[value])
        if choice is None:  # a Choice per value, not per row
            choice = found[row[value]] = Choice(row[value], row[label], 0, row[value] == selected)
        choice.count += row["n"]
    return list(found.values())


def _grouped_with_labels(
    reports: QuerySet[ProgressReport] | QuerySet[SlotTally], *, with_state: bool, with_party: bool
) -> list[dict[str, Any]]:
    """``reports`` counted per round, instrument (state, party), with the titles of each, in
    ONE query: the (gated) rows are grouped on integer ids first and the titles joined to the
    groups (hundreds) after, not to the rows (tens of thousands): hashing every row's round,
    instrument and party titles cost more than reading the rows from the index."""
    keys = ["round_id", "instrument_id"]
    keys += ["state"] if with_state else []
    keys += ["party_id"] if with_party else []
    counted = Sum("n") if reports.model is SlotTally else Count("*")
    grouped = reports.order_by().values(*keys).annotate(n=counted)
    sql, params = grouped.query.sql_with_params()
    connection = connections[reports.db]
    qn = connection.ops.quote_name
    columns = [
        ("g", "round_id", "round__id"),
        ("r", "title", "round__title"),
        ("r", "due_date", "round__due_date"),
        ("g", "instrument_id", "instrument__id"),
        ("i", "key", "instrument__key"),
        ("i", "title", "instrument__title"),
    ]
    joins = [
        f"INNER JOIN {qn(ReportingRound._meta.db_table)} r ON r.id = g.round_id",
        f"INNER JOIN {qn(Instrument._meta.db_table)} i ON i.id = g.instrument_id",
    ]
    if with_state:
        columns.append(("g", "state", "state"))
    if with_party:
        columns += [
            ("g", "party_id", "party__id"),
            ("p", "code", "party__code"),
            ("p", "name", "party__name"),
        ]
        joins.append(f"INNER JOIN {qn(Party._meta.db_table)} p ON p.id = g.party_id")
    select = ", ".join(f"{table}.{qn(column)}" for table, column, _name in columns)
    # Only table and column names are put into the text; the values stay parameters.
    query = f"SELECT {select}, g.n FROM ({sql}) g {' '.join(joins)}"
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        found = cursor.fetchall()
    names = [name for _table, _column, name in columns] + ["n"]
    rows = [dict(zip(names, values, strict=True)) for values in found]
    for row in rows:  # SQLite answers dates as text to a raw query
        if isinstance(row["round__due_date"], str):
            row["round__due_date"] = dt.date.fromisoformat(row["round__due_date"])
    return rows


def report_facets(
    reports: QuerySet[ProgressReport] | QuerySet[SlotTally],
    filters: ReportFilters,
    *,
    parties: bool = False,
    state: str = "",
) -> ReportFacets:
    """The counts beside a list of reports, whatever its size, from ONE grouped query (by
    round, instrument, state and party): each filter's counts are summed here with the other
    filters applied, so every link says how many reports it leads to. ``state``: every report
    of ``reports`` is in it (the review queue), so it is not read from each row.

    Grouped on the ids of round, instrument and party and counting rows, not ids (a queue of
    submitted reports is counted from its partial index alone, a round's reports from
    ``report_round_counts``); their titles are joined to the few groups afterwards
    (:func:`_grouped_with_labels`). ``reports`` may be the matching tallies
    (:func:`_visible_tallies`, filtered as the reports would be), summed instead of counted."""
    rows = _grouped_with_labels(reports, with_state=not state, with_party=parties)
    for row in rows:
        row["round_id"] = row["round__id"]
        if state:
            row["state"] = state
    per_round: dict[int, Choice] = {}
    for row in _matching(rows, filters, ("round", "state")):
        choice = per_round.get(row["round_id"])
        if choice is None:
            choice = per_round[row["round_id"]] = Choice(
                str(row["round_id"]),
                row["round__title"],
                0,
                str(row["round_id"]) == filters.round,
                row["round__due_date"],
            )
        if not filters.state or row["state"] == filters.state:
            choice.count += row["n"]
        choice.by_state[row["state"]] = choice.by_state.get(row["state"], 0) + row["n"]
    rounds = sorted(
        (c for c in per_round.values() if c.count or c.selected),
        key=lambda c: (c.due_date, int(c.value)),
    )
    instruments = sorted(
        _choices(
            _matching(rows, filters, ("instrument",)),
            "instrument__key",
            "instrument__title",
            filters.instrument,
        ),
        key=lambda c: c.label,
    )
    counted = {
        c.value: c.count
        for c in _choices(_matching(rows, filters, ("state",)), "state", "state", filters.state)
    }
    states = [
        Choice(value, str(label), counted.get(value, 0), value == filters.state)
        for value, label in STATES.choices
    ]
    party_choices = (
        sorted(
            _choices(
                _matching(rows, filters, ("party",)), "party__code", "party__name", filters.party
            ),
            key=lambda c: c.value,
        )
        if parties
        else []
    )
    return ReportFacets(
        rounds,
        instruments,
        states,
        party_choices,
        filters.round,
        _matching(rows, filters, ("state",) if state else ()),
    )


class GroupWindow(Sequence[ProgressReport]):
    """A list of reports sorted group by group (round by round, instrument by instrument), the
    size of each group known beforehand from one grouped count: a page reads the ids of only the
    groups it spans, then their rows, so the database sorts one or two groups' narrow rows on
    their text keys, never the whole list (tens of thousands of reports)."""

    def __init__(
        self,
        reports: QuerySet[ProgressReport],
        groups: Sequence[tuple[Any, int]],
        *,
        apart: bool = False,
    ) -> None:
        self.reports = reports
        #: rank a page's ids apart from the gate (:func:`_ranked`), for lists that plan slowly
        self.apart = apart
        self.groups = [(group, n) for group, n in groups if n]
        self.total = sum(n for _group, n in self.groups)

    def __len__(self) -> int:
        return self.total

    def group_q(self, group: Any) -> Q:
        """The filter of one group (here the group is its filter)."""
        return group

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, slice):
            raise TypeError(f"{type(self).__name__} is read a page (a slice) at a time")
        start, stop = index.start or 0, min(index.stop or self.total, self.total)
        spanned: list[Any] = []
        first = position = rows = 0
        for group, n in self.groups:
            if position + n > start and position < stop:
                if not spanned:
                    first = position
                spanned.append(group)
                rows += n
            position += n
        if not spanned or stop <= start:
            return []
        window = self.reports.filter(reduce(operator.or_, map(self.group_q, spanned)))
        ids = list(_ranked(window, rows if self.apart else None)[start - first : stop - first])
        if self.reports.query.annotations:  # values computed by the list: read through it
            found = {r.pk: r for r in window.order_by().filter(pk__in=ids)}
        else:
            found = {r.pk: r for r in _loaded(self.reports, ids)}
        return [found[pk] for pk in ids if pk in found]


#: The people a report names (who submitted it, who endorsed and who reviewed it).
_REPORT_PEOPLE = ("submitted_by", "lead_reviewed_by", "reviewed_by")

#: A LIMIT no list reaches: it keeps PostgreSQL from merging a subquery into the statement
#: around it, so the two are planned apart (see :func:`_ranked`).
_NO_LIMIT = 2**62
#: Up to how many reports a page's groups may hold for :func:`_ranked` to sort them apart.
_APART_UP_TO = 2_000


def _ranked(reports: QuerySet[ProgressReport], rows: int | None) -> Any:
    """The ids of ``reports`` (about ``rows`` of them; None: as one statement) in their order,
    from a statement PostgreSQL plans in a few ms.

    Planned as one, the gate's subqueries, the list's filters and the joins its order needs
    (nine relations, a table of nineteen indexes) took PostgreSQL 20 to 45 ms to plan and
    3 ms to run. Here the gated, filtered reports are a subquery of their own (its LIMIT is
    never reached: it only keeps the subquery apart), planned on the reports' table alone,
    and the order is taken over the few hundred ids it finds. Over thousands of reports (one
    large instrument of a round) finding each again by id costs more than the planning saved
    (80 against 40 ms for 6,700), so they are sorted as one statement; so is every list on
    SQLite, which plans them as they are. A list PostgreSQL plans quickly as one (the
    Secretariat's queue, a round's reports: 4 ms) is one statement too: planning two costs
    more there (9 ms)."""
    if connections[reports.db].vendor != "postgresql" or rows is None or rows > _APART_UP_TO:
        return reports.values_list("pk", flat=True)
    found = reports.order_by().values("pk")[:_NO_LIMIT]
    ordered = ProgressReport.objects.filter(pk__in=found)
    if reports.query.order_by:
        ordered = ordered.order_by(*reports.query.order_by)
    return ordered.values_list("pk", flat=True)


def _loaded(reports: QuerySet[ProgressReport], ids: list[int]) -> list[ProgressReport]:
    """The reports ``ids`` (found through ``reports``, gate included, by the caller just
    before) with what ``reports`` reads of them: its related records, deferred fields and
    prefetched lists. The gate and filters are not planned a second time, and the people the
    reports name are read in one query apart: with eight tables joined, PostgreSQL took 17 ms
    to plan what it read in 2 (6 ms with seven)."""
    related = reports.query.select_related
    people: list[str] = []
    if isinstance(related, dict):  # named relations (True: every one)
        related = dict(related)
        people = [name for name in _REPORT_PEOPLE if related.pop(name, None) == {}]
    loaded = ProgressReport.objects.filter(pk__in=ids).order_by()
    loaded.query.select_related = related or False
    loaded.query.deferred_loading = reports.query.deferred_loading
    found = list(loaded.prefetch_related(*reports._prefetch_related_lookups))  # type: ignore[attr-defined]
    if people:
        _attach_people(found, people)
    return found


def _attach_people(reports: list[ProgressReport], names: Sequence[str]) -> None:
    """Each report's ``names`` (who submitted, endorsed, reviewed it), in one query."""
    ids = {getattr(r, f"{name}_id") for r in reports for name in names} - {None}
    people = get_user_model().objects.in_bulk(ids) if ids else {}
    for report in reports:
        for name in names:
            setattr(report, name, people.get(getattr(report, f"{name}_id")))


class RoundWindow(GroupWindow):
    """A list of reports ordered round by round (due soonest first, as their facet), and in a
    round instrument by instrument (by title), as :func:`review_queue` orders them; with
    ``returned_first``, a round's returned reports come before the rest, as in
    :func:`my_reports`. Each group's size comes from the facets' grouped rows (no query)."""

    def __init__(
        self,
        reports: QuerySet[ProgressReport],
        facets: ReportFacets,
        *,
        returned_first: bool = False,
        apart: bool = False,
    ) -> None:
        counts: dict[tuple[Any, ...], int] = defaultdict(int)
        for row in facets.matching:
            returned = returned_first and row["state"] == STATES.RETURNED
            key = (
                row["round__due_date"],
                row["round_id"],
                not returned,
                row["instrument__title"],
                row["instrument__id"],
            )
            counts[key] += row["n"]
        self.returned_first = returned_first
        # Keys, not Q objects: hundreds of groups, of which a page spans one or two.
        super().__init__(reports, [(key, counts[key]) for key in sorted(counts)], apart=apart)

    def group_q(self, group: Any) -> Q:
        _due, round_id, not_returned, _title, instrument_id = group
        q = Q(round_id=round_id, instrument_id=instrument_id)
        if self.returned_first:
            returned = Q(state=STATES.RETURNED)
            q &= ~returned if not_returned else returned
        return q


def instrument_window(
    reports: QuerySet[ProgressReport], tallies: QuerySet[SlotTally] | None = None
) -> GroupWindow:
    """``reports`` (ordered by instrument title first, as :func:`round_reports`) as a window read
    instrument by instrument: the size of each instrument's part comes from one grouped count
    (from the round's covering index, or summed from ``tallies``: the same filter over
    :func:`_visible_tallies`), which also gives the list's length."""
    counted = reports if tallies is None else tallies
    rows = (
        counted.order_by()
        .values_list("instrument__id", "instrument__title")
        .annotate(n=Count("*") if tallies is None else Sum("n"))
    )
    groups = sorted(rows, key=lambda row: (row[1], row[0]))
    return GroupWindow(reports, [(Q(instrument_id=pk), n) for pk, _title, n in groups])


def _my_open_reports(user: Any) -> QuerySet[ProgressReport]:
    return _visible_reports(user).filter(
        party_id=user.party_id, round__status=ReportingRound.Status.OPEN
    )


def _my_open_tallies(user: Any) -> QuerySet[SlotTally]:
    """The tallies of :func:`_my_open_reports` (same filter, same gate)."""
    return _visible_tallies(user).filter(
        party_id=user.party_id, round__status=ReportingRound.Status.OPEN
    )


def my_report_tallies(*, user: Any) -> QuerySet[SlotTally]:
    """The tallies of :func:`my_reports` (unfiltered): its counts, summed (``n``)."""
    if not is_focal_point(user):
        return SlotTally.objects.none()
    return _my_open_tallies(user)


def my_report_facets(*, user: Any, filters: ReportFilters) -> ReportFacets | None:
    """Counts of the reader's party's reports in open rounds, per round, instrument and state,
    summed from their tallies."""
    if not is_focal_point(user):
        return None
    return report_facets(_my_open_tallies(user), filters)


def my_reports(*, user: Any, filters: ReportFilters | None = None) -> QuerySet[ProgressReport]:
    """The reader's party's reports in open rounds, the most urgent first: the round due
    soonest, and in it what was returned before the rest, then in instrument / priority-area
    order (the order of the work plan, which does not change as reports are handed in)."""
    if not is_focal_point(user):
        return ProgressReport.objects.none()
    filters = filters or ReportFilters()
    return _report_related(_my_open_reports(user).filter(**filters.lookups())).order_by(
        "round__due_date",
        "round_id",
        Case(
            When(state=STATES.RETURNED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "instrument__title",
        "instrument_id",
        "priority_area__position",
        "activity__code",
        "pk",
    )


#: What a list of reports does not show: long texts of the report and of its activity.
LIST_DEFERRED = ("narrative", "review_comment", "activity__description", "activity__outputs")


def with_previous(user: Any, reports: list[ProgressReport]) -> list[ReportEntry]:
    """Each report of a page with last round's report of the same activity and party (its
    status and percent, not its texts)."""
    previous = _previous_reports(user, reports, only=PREVIOUS_LISTED)
    return [ReportEntry(r, previous.get((r.round_id, r.activity_id, r.party_id))) for r in reports]


def get_report(*, user: Any, pk: int) -> ProgressReport:
    """One report through the gate (404 when hidden), with what its page shows.

    The gate is a subquery of its own (the report's id among those ``visible_to`` the reader)
    and the people the report names are read in one query apart: planned together with the
    report's five joins, the gate's subqueries and three joins to the users cost the database
    ~25 ms of planning for one row."""
    found = (
        _report_related(
            ProgressReport.objects.filter(
                pk__in=_visible_reports(user).filter(pk=pk).order_by().values("pk")
            )
        )
        .prefetch_related("activity__lead_parties", "activity__participating_parties")
        .order_by()
        .first()
    )
    if found is None:
        raise Http404(_("No such report."))
    _attach_people([found], _REPORT_PEOPLE)
    return found


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: str
    previous: str | None = None


@dataclass
class ReportPage:
    report: ProgressReport
    indicators: list[IndicatorRow]
    evidence: list[Evidence]
    previous: ProgressReport | None
    versions: int
    can_edit: bool
    can_review: bool


def report_page(*, user: Any, report: ProgressReport) -> ReportPage:
    """What the report page shows: indicators with values (and last round's), evidence."""
    previous = _previous_reports(user, [report]).get(
        (report.round_id, report.activity_id, report.party_id)
    )
    values = {v.indicator_id: indicator_display(v) for v in report.indicator_values.all()}
    old_values = (
        {v.indicator_id: indicator_display(v) for v in previous.indicator_values.all()}
        if previous
        else {}
    )
    indicators = [
        IndicatorRow(i, values.get(i.pk, ""), old_values.get(i.pk) if previous else None)
        for i in report.activity.indicators.all()
    ]
    return ReportPage(
        report=report,
        indicators=indicators,
        evidence=list(Evidence.objects.visible_to(user).filter(report=report).order_by("name")),
        previous=previous,
        versions=report.versions.count(),
        can_edit=can_report(user, report),
        can_review=can_review(user, report),
    )


def _reviewable(user: Any, *, frozen: bool = False) -> QuerySet[ProgressReport] | None:
    """Submitted reports this reader may review: every one for the Secretariat; for a focal
    point, those of activities their party leads (not their own party's), not yet endorsed.

    Rounds frozen for their meeting are left out unless ``frozen``: their snapshot is fixed, so
    a decision there no longer changes what the meeting sees (the service still allows it, and
    the queue shows them on request). At ten times today's data they were half the queue."""
    reports = _visible_reports(user).filter(state=STATES.SUBMITTED)
    if not frozen:
        reports = reports.exclude(round__status=ReportingRound.Status.FROZEN)
    if can_manage_rounds(user):
        return reports
    if is_focal_point(user):
        return reports.filter(_led_by(user.party_id), lead_reviewed_at__isnull=True).exclude(
            party_id=user.party_id
        )
    return None


def _led_by(party_id: int) -> Q:
    """Reports on the activities a party leads.

    On PostgreSQL the activity ids come as a subquery read from the lead parties' table alone,
    and the reports are matched by activity id on the partial index
    ``report_waiting_lead_review`` (activity first), with no join through the activities (which
    cost a third of the focal point's queue counts). SQLite plans that subquery as a probe of
    the (round, activity) index for every visible round and led activity — 345 against 216 ms
    for the queue at ten times today's data — so there the join stays. Which activities a party
    leads is no secret of the reports: the reports' own gate still decides which are read."""
    if connection.vendor != "postgresql":
        return Q(activity__lead_parties=party_id)
    led = (
        Activity.lead_parties.through.objects.filter(party_id=party_id)
        .order_by()
        .values("activity_id")
    )
    return Q(activity_id__in=led)


def reviewable_tallies(user: Any, *, frozen: bool = False) -> QuerySet[SlotTally] | None:
    """The tallies of :func:`_reviewable` where they can tell it (same filter, same gate): the
    Secretariat's queue is every submitted report; a focal point's depends on which activities
    their party leads, which no tally knows (None: count the reports)."""
    if not can_manage_rounds(user):
        return None
    tallies = _visible_tallies(user).filter(state=STATES.SUBMITTED)
    return tallies if frozen else tallies.exclude(round__status=ReportingRound.Status.FROZEN)


def review_facets(*, user: Any, filters: ReportFilters) -> ReportFacets | None:
    """Counts of the queue per round, instrument and party (None: the reader reviews nothing),
    summed from the tallies where they tell the queue (the Secretariat's)."""
    frozen = bool(filters.frozen)
    reports = _reviewable(user, frozen=frozen)
    if reports is None:
        return None
    counted = reviewable_tallies(user, frozen=frozen)
    return report_facets(
        reports if counted is None else counted, filters, parties=True, state=STATES.SUBMITTED
    )


def queue_ranked_apart(user: Any) -> bool:
    """Whether a page of the reader's review queue is ranked apart from the gate
    (:func:`_ranked`): a focal point's queue, filtered on the activities their party leads, is
    one relation more than PostgreSQL plans exhaustively (20 ms to plan against 7 apart); the
    Secretariat's plans in 4 ms as it is. My reports are always ranked apart (9 against 4)."""
    return not can_manage_rounds(user)


def review_queue(*, user: Any, filters: ReportFilters | None = None) -> QuerySet[ProgressReport]:
    """The queue (rounds not yet frozen, unless ``filters.frozen``), the round due soonest
    first, then by instrument, activity and party."""
    filters = filters or ReportFilters()
    reports = _reviewable(user, frozen=bool(filters.frozen))
    if reports is None:
        return ProgressReport.objects.none()
    return (
        _report_related(reports.filter(**filters.lookups()))
        .select_related("submitted_by", "lead_reviewed_by")
        .order_by(
            "round__due_date",
            "round_id",
            "instrument__title",
            "instrument_id",
            "activity__code",
            "party__code",
            "pk",
        )
    )


# -- versions ------------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class VersionEntry:
    version: ReportVersion
    changes: list[Change]


def _shown(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    if name == "status":
        return str(ProgressStatus(value).label) if value in ProgressStatus.values else str(value)
    if name == "percent":
        return f"{value} %"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


FIELD_LABELS = {
    "status": lambda: _("Status"),
    "percent": lambda: _("Percent complete"),
    "percent_derived": lambda: _("Percent derived from the status"),
    "narrative": lambda: _("Narrative"),
    "evidence": lambda: _("Evidence"),
    "review_comment": lambda: _("Review comment"),
}


def diff_versions(
    before: dict[str, Any], after: dict[str, Any], indicator_names: dict[str, str]
) -> list[Change]:
    """Field by field, what differs between two versions (indicators by name)."""
    changes = []
    for name, label in FIELD_LABELS.items():
        if before.get(name) != after.get(name):
            changes.append(
                Change(label(), _shown(name, before.get(name)), _shown(name, after.get(name)))
            )
    old_ind, new_ind = before.get("indicators") or {}, after.get("indicators") or {}
    for key in sorted(set(old_ind) | set(new_ind), key=lambda k: int(k) if k.isdigit() else 0):
        if old_ind.get(key) != new_ind.get(key):
            label = indicator_names.get(key, _("Indicator %s") % key)
            changes.append(
                Change(label, _shown("", old_ind.get(key)), _shown("", new_ind.get(key)))
            )
    return changes


def report_versions(*, user: Any, report: ProgressReport) -> list[VersionEntry]:
    """Versions, newest first, each with what changed since the one before it."""
    versions = list(
        ReportVersion.objects.visible_to(user)
        .filter(report=report)
        .select_related("created_by")
        .order_by("number")
    )
    names = {str(i.pk): i.name for i in report.activity.indicators.all()}
    entries = []
    previous: dict[str, Any] = {}
    for version in versions:
        changes = diff_versions(previous, version.data, names)
        if not previous:  # the first version: what it said, without empty fields
            changes = [c for c in changes if c.after != "—"]
        entries.append(VersionEntry(version, changes))
        previous = version.data
    return list(reversed(entries))


# -- evidence ------------------------------------------------------------------------------------


def get_evidence(*, user: Any, pk: int) -> Evidence:
    """The file's record if the reader may see its report — otherwise 404, as if absent."""
    found = Evidence.objects.visible_to(user).filter(pk=pk).select_related("report").first()
    if found is None:
        raise Http404(_("No such file."))
    return found


def counts_by_state(reports: list[ProgressReport]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in reports:
        counts[r.state] += 1
    return dict(counts)


__all__ = [
    "Change",
    "Choice",
    "GroupWindow",
    "IndicatorRow",
    "PartyProgress",
    "ReportEntry",
    "ReportFacets",
    "ReportFilters",
    "ReportPage",
    "RoundWindow",
    "VersionEntry",
    "counts_by_state",
    "diff_versions",
    "get_evidence",
    "get_report",
    "get_round",
    "instrument_window",
    "my_report_facets",
    "my_report_tallies",
    "my_reports",
    "report_facets",
    "report_page",
    "report_versions",
    "review_facets",
    "review_queue",
    "reviewable_tallies",
    "round_list",
    "round_progress",
    "round_report_window",
    "round_reports",
    "rounds_listed",
    "with_counts",
    "with_previous",
]
