"""My desk: what a signed-in person has to do next, per role — the reads behind the home page.

Every section goes through the gate: it reuses the selector of the app that owns the records
(``monitoring.selectors.my_reports``, ``meetings.action_items.action_items``,
``meetings.delegations.awaiting_nomination``, ``library.matching.matching``,
``library.digests.items_for_digest``, ``monitoring.compliance.round_rates``) or starts at
``visible_to(user)``. The desk costs a bounded number of queries whatever the amount of data:
lists are sliced, and what a list of meetings or rounds needs is fetched for all of them at once
(:func:`missing_for_meetings`, ``round_rates``), never row by row.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from mufakat.accounts.models import Role
from mufakat.accounts.roles import is_signed_in, role_is
from mufakat.core.audience import most_restrictive_tlp
from mufakat.core.visibility import precompiled
from mufakat.library.models import KnowledgeItem
from mufakat.meetings.models import Forwarding, Invitation, Meeting, MeetingDocument, Outcome
from mufakat.monitoring.models import ProgressReport, ReportingRound, SlotTally, Snapshot
from mufakat.monitoring.permissions import can_manage_rounds, is_focal_point
from mufakat.registry.models import Body
from mufakat.workplans.models import Instrument

#: Meetings "coming up" for the Secretariat: what must be ready within this many days.
HORIZON_DAYS = 120
#: Rows shown per list on the desk; the full list is one link away.
MAX_ROWS = 8
#: Reports listed per round (the rest are counted, and listed on "My reports").
MAX_REPORTS_PER_ROUND = 5
#: Upcoming meetings everyone sees.
MAX_UPCOMING = 5
#: Forwarded items listed per chaired meeting.
MAX_FORWARDED = 10

DUE_STATES = (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED)
#: What the desk does not show of a report it lists: the long texts of the report (but the
#: reviewer's comment) and of its activity.
SHOWN_DEFERRED = ("narrative", "activity__description", "activity__outputs")
#: A meeting has its agenda once one of these documents is there.
AGENDA_KINDS = frozenset(
    {MeetingDocument.Kind.PROVISIONAL_AGENDA, MeetingDocument.Kind.ANNOTATED_AGENDA}
)


def today() -> dt.date:
    return timezone.localdate()


def _compiled(
    name: str,
    model: type[Any],
    user: Any,
    build: Any,
    *values: int,
    on: dt.date | None = None,
) -> list[Any]:
    """The rows of ``build(*values)``, its statement compiled once per reader
    (:func:`~mufakat.core.visibility.precompiled`): the desk is the home page of everyone who
    signs in, and building and compiling its dozen gated statements cost more than running
    them. What the statements capture beyond the reader's gate and the values names the shape:
    the reader's role (which sections and filters apply) and the day (``on``, and the local
    date the action items' states are reckoned from). The gate's key does the rest, so an
    access change, like any change of the data, shows at the next request."""
    day = today()
    shape = f"desk.{name}.{getattr(user, 'role', '')}.{day.isoformat()}.{(on or day).isoformat()}"
    return precompiled(shape, model, user, build, tuple(values))


# -- focal points: reports to write --------------------------------------------------------------


@dataclass
class DueRound:
    """A round the reader's party still has reports to write in."""

    round: ReportingRound
    days_left: int
    reports: list[ProgressReport] = field(default_factory=list)
    due: int = 0
    returned: int = 0

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def more(self) -> int:
        return self.due - len(self.reports)


@dataclass
class ReportsToWrite:
    #: The rounds due soonest (at most :data:`MAX_ROWS`), each with its first few reports.
    rounds: list[DueRound] = field(default_factory=list)
    #: The first returned reports (at most :data:`MAX_ROWS`), with the reviewer's comment.
    returned: list[ProgressReport] = field(default_factory=list)
    #: Reports in open rounds, whatever their state: tells "all submitted" from "nothing asked".
    total: int = 0
    #: Reports still to write, in every open round (shown or not).
    due: int = 0
    #: ... of them in rounds past their due date.
    overdue: int = 0
    #: Returned reports, in every open round.
    returned_total: int = 0
    #: Open rounds with reports to write (shown or not).
    rounds_total: int = 0

    @property
    def more_rounds(self) -> int:
        return self.rounds_total - len(self.rounds)

    @property
    def more_returned(self) -> int:
        return self.returned_total - len(self.returned)


def reports_to_write(*, user: Any, on: dt.date | None = None) -> ReportsToWrite:
    """The party's drafts and returned reports in open rounds, grouped by round (soonest due
    first), and the returned ones apart with the reviewer's comment: counted by one grouped
    query, and only the few shown ranked and loaded (the rest is on "My reports", a page at a
    time). Three queries, whatever the number of reports: the groups are summed from the
    tallies the database keeps of the reports (``my_report_tallies``, the same gate)."""
    from mufakat.monitoring.selectors import my_report_tallies

    on = on or today()
    result = ReportsToWrite()
    per_round: dict[int, tuple[dt.date, int, int]] = {}  # round → (due date, due, returned)
    # (round, state, instrument title, instrument) → reports still to write
    groups: dict[tuple[int, str, str, int], int] = {}
    for round_id, due_date, state, instrument_id, title, n in _compiled(
        "report_tallies",
        SlotTally,
        user,
        lambda: (
            my_report_tallies(user=user)
            .order_by()
            .values_list(
                "round_id", "round__due_date", "state", "instrument_id", "instrument__title"
            )
            .annotate(n=Sum("n"))
        ),
    ):
        result.total += n
        if state not in DUE_STATES:
            continue
        groups[(round_id, state, title, instrument_id)] = n
        _due_date, due, returned = per_round.get(round_id, (due_date, 0, 0))
        returned_here = n if state == ProgressReport.State.RETURNED else 0
        per_round[round_id] = (due_date, due + n, returned + returned_here)
    if not per_round:
        return result
    for due_date, due, returned in per_round.values():
        result.due += due
        result.returned_total += returned
        if due_date < on:
            result.overdue += due
    result.rounds_total = len(per_round)
    # Only the few reports shown are loaded, ranked in the database (a round may hold
    # thousands): the first of each of the rounds due soonest, in the order of "My reports"
    # (returned first), and the first returned ones of all rounds.
    work_plan_order = [
        F("instrument__title"),
        F("instrument_id"),
        F("priority_area__position"),
        F("activity__code"),
        F("pk"),
    ]
    first_rounds = sorted(per_round, key=lambda pk: (per_round[pk][0], pk))[:MAX_ROWS]
    # Only the rows that can be shown are ranked: in each round shown, its first instruments
    # (returned reports first) up to the five shown; among the returned ones, the first
    # instruments of the first rounds up to the eight shown. Each is a leading part of its
    # order, so the ranks of the rows shown are those they have in the whole list; the other
    # instruments' drafts, thousands of them, are never sorted. The parts are (round,
    # instrument, state) groups of the party's own reports found through the reports' gate
    # (their tallies'), so the reports read here are exactly those ``my_reports`` gives in
    # them: the gate's subqueries are not planned again (they cost more than the ranking).
    parts = _leading_groups(groups, per_round, first_rounds)
    n_rounds = len(first_rounds)
    shape = [(state, len(instrument_ids)) for _round, state, instrument_ids in parts]

    def ranked(party_id: int, *values: int) -> QuerySet[ProgressReport]:
        rounds, rest = list(values[:n_rounds]), iter(values[n_rounds:])
        conditions = [
            Q(round_id=next(rest), state=state, instrument_id__in=[next(rest) for _ in range(n)])
            for state, n in shape
        ]
        return (
            ProgressReport.objects.filter(party_id=party_id)
            .filter(reduce(operator.or_, conditions or [Q(pk__in=[])]))
            .annotate(
                in_round=Window(
                    RowNumber(),
                    partition_by=[F("round_id")],
                    order_by=[
                        Case(When(state=ProgressReport.State.RETURNED, then=0), default=1),
                        *work_plan_order,
                    ],
                ),
                in_state=Window(
                    RowNumber(),
                    partition_by=[F("state")],
                    order_by=[F("round__due_date"), F("round_id"), *work_plan_order],
                ),
            )
            .filter(
                Q(round_id__in=rounds, in_round__lte=MAX_REPORTS_PER_ROUND)
                | Q(state=ProgressReport.State.RETURNED, in_state__lte=MAX_ROWS)
            )
            .order_by()
            .values_list("pk", flat=True)
        )

    # Ranked on narrow rows (the ids); then the few shown fetched with what they show, by
    # the ids found through the gate just above (the gate is not planned a second time: with
    # the joins the rows show, planning it cost more than running the whole query), and put
    # in the order of "My reports" here, where the ranks are the positions again. The
    # ranking's statement is compiled once per reader and shape (how many rounds are shown,
    # and the state and number of instruments of each part), its ids the parameters: the
    # shape changes with the reports, not from one request to the next.
    ids = _compiled(
        "ranked_reports." + ",".join(f"{state}:{n}" for state, n in shape) + f".{n_rounds}",
        ProgressReport,
        user,
        ranked,
        user.party_id,
        *first_rounds,
        *(v for round_id, _state, in_part in parts for v in (round_id, *in_part)),
    )
    shown = _compiled(
        "shown_reports",
        ProgressReport,
        user,
        lambda *pks: (
            ProgressReport.objects.filter(pk__in=pks)
            .select_related("round", "activity", "instrument", "priority_area")
            .defer(*SHOWN_DEFERRED)
        ),
        *ids,
    )
    rounds: dict[int, DueRound] = {}
    for report in sorted(shown, key=_my_reports_order):
        if report.state == ProgressReport.State.RETURNED and len(result.returned) < MAX_ROWS:
            result.returned.append(report)
        if report.round_id not in first_rounds:
            continue
        due = rounds.get(report.round_id)
        if due is None:
            due_date, n, returned = per_round[report.round_id]
            due = rounds[report.round_id] = DueRound(
                round=report.round, days_left=(due_date - on).days, due=n, returned=returned
            )
        if len(due.reports) < MAX_REPORTS_PER_ROUND:
            due.reports.append(report)
    result.rounds = list(rounds.values())  # in the order of "My reports": soonest due first
    return result


def _my_reports_order(report: ProgressReport) -> tuple[Any, ...]:
    """The order of ``monitoring.selectors.my_reports``, of reports loaded with their round,
    instrument, priority area and activity."""
    return (
        report.round.due_date,
        report.round_id,
        report.state != ProgressReport.State.RETURNED,
        report.instrument.title,
        report.instrument_id,
        report.priority_area.position,
        report.activity.code,
        report.pk,
    )


def _leading_groups(
    groups: dict[tuple[int, str, str, int], int],
    per_round: dict[int, tuple[dt.date, int, int]],
    first_rounds: list[int],
) -> list[tuple[int, str, list[int]]]:
    """The (round, instrument, state) parts of the reports still to write that hold the first
    :data:`MAX_REPORTS_PER_ROUND` of each round shown (in the order of "My reports": returned
    first, then by instrument title) and the first :data:`MAX_ROWS` returned ones (by due date,
    round, instrument title): one (round, state, its instruments) per (round, state), each a
    condition of the ranking — a condition per part made a list of dozens the database took
    longer to plan than to run."""
    returned = ProgressReport.State.RETURNED
    wanted_parts: dict[tuple[int, str], set[int]] = defaultdict(set)

    def leading(keys: list[tuple[int, str, str, int]], wanted: int) -> None:
        covered = 0
        for key in keys:
            if covered >= wanted:
                break
            round_id, state, _title, instrument_id = key
            wanted_parts[(round_id, state)].add(instrument_id)
            covered += groups[key]

    for round_id in first_rounds:
        in_round = [key for key in groups if key[0] == round_id]
        in_round.sort(key=lambda key: (key[1] != returned, key[2], key[3], key[1]))
        leading(in_round, MAX_REPORTS_PER_ROUND)
    returned_keys = [key for key in groups if key[1] == returned]
    returned_keys.sort(key=lambda key: (per_round[key[0]][0], key[0], key[2], key[3]))
    leading(returned_keys, MAX_ROWS)
    return [
        (round_id, state, sorted(ids)) for (round_id, state), ids in sorted(wanted_parts.items())
    ]


# -- focal points: reports to review as lead party; the Secretariat: the review queue ------------


def review_count(*, user: Any) -> int:
    """How many reports wait in the reader's review queue: the count of
    ``monitoring.selectors.review_queue`` itself, so the desk and the queue agree (in rounds not
    yet frozen for their meeting: every submitted report for the Secretariat; for a focal point,
    those of activities their party leads, not their own party's, not yet endorsed). One query,
    nothing loaded: the Secretariat's summed from the report tallies (``reviewable_tallies``),
    a focal point's counted from the reports (which activities their party leads is in no
    tally)."""
    from mufakat.monitoring.selectors import review_queue, reviewable_tallies

    if reviewable_tallies(user) is not None:
        model: type[Any] = SlotTally

        def build() -> Any:
            tallies = reviewable_tallies(user)
            assert tallies is not None
            return _one_row(tallies, n=Sum("n"))

    else:
        model = ProgressReport

        def build() -> Any:
            return _one_row(review_queue(user=user), n=Count("*"))

    return sum(n or 0 for (n,) in _compiled("review_count", model, user, build))


def _one_row(rows: QuerySet[Any], **aggregates: Any) -> QuerySet[Any]:
    """``rows.aggregate(**aggregates)`` as a query of one row (the same ``SELECT`` without a
    ``GROUP BY``: a constant groups nothing), to be compiled once like any other read."""
    return rows.order_by().values(one=Value(1)).annotate(**aggregates).values_list(*aggregates)


# -- focal points: action items, invitations, requests, follows ----------------------------------


@dataclass
class ActionItems:
    items: list[Outcome] = field(default_factory=list)
    open: int = 0
    overdue: int = 0

    @property
    def more(self) -> int:
        return self.open - len(self.items)


def party_action_items(*, user: Any, on: dt.date | None = None) -> ActionItems:
    """Open action items assigned to the reader's party, soonest due (so overdue) first, with
    how many are open and overdue. Two queries."""
    from mufakat.meetings.action_items import OPEN, action_items

    on = on or today()
    if not getattr(user, "party_id", None):
        return ActionItems()

    def items() -> QuerySet[Outcome]:
        return action_items(user=user, party=user.party_id, state=OPEN)

    ((open_, overdue),) = _compiled(
        "action_item_counts",
        Outcome,
        user,
        lambda: _one_row(items(), open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=on))),
        on=on,
    )
    shown = _compiled("action_items", Outcome, user, lambda: items()[:MAX_ROWS], on=on)
    for item in shown:
        item.days_left = (item.due_date - on).days if item.due_date else None
    return ActionItems(items=shown, open=open_ or 0, overdue=overdue or 0)


def overdue_action_items(*, user: Any) -> list[tuple[str, int]]:
    """How many visible action items are overdue, per responsible party code ("" for none),
    the most first, for the Secretariat's desk. One query."""
    from mufakat.meetings.action_items import OVERDUE, action_items

    rows = _compiled(
        "overdue_action_items",
        Outcome,
        user,
        lambda: (
            action_items(user=user, state=OVERDUE)
            .order_by()
            .values_list("responsible__code")
            .annotate(n=Count("pk"))
        ),
    )
    return sorted(((code or "", n) for code, n in rows), key=lambda row: (-row[1], row[0]))


def invitations_to_answer(*, user: Any) -> tuple[list[Invitation], int]:
    """Invitations of the reader's party to planned meetings whose delegation is not yet named,
    soonest meeting first, and how many there are. One query."""
    from mufakat.meetings.delegations import awaiting_nomination

    if not getattr(user, "party_id", None):
        return [], 0
    on = today()
    rows = _compiled(
        "invitations",
        Invitation,
        user,
        lambda: awaiting_nomination(user=user, party_id=user.party_id).filter(
            meeting__start_date__gte=on
        )[: MAX_ROWS + 1],
        on=on,
    )
    return rows[:MAX_ROWS], len(rows)


@dataclass
class RequestToAnswer:
    request: KnowledgeItem
    #: The reader's party's own items that share a crime area with the request.
    candidates: int = 0


def requests_to_answer(*, user: Any) -> tuple[list[RequestToAnswer], int]:
    """Other parties' open requests for expertise the reader may see (``library.matching``),
    those their party holds matching material for first. Bounded queries (the matcher's)."""
    from mufakat.library.matching import answerable

    rows = [RequestToAnswer(request, n) for request, n in answerable(user=user)]
    rows.sort(key=lambda r: r.candidates == 0)  # stable: newest first within each group
    return rows[:MAX_ROWS], len(rows)


@dataclass
class NewInFollows:
    items: list[KnowledgeItem] = field(default_factory=list)
    since: dt.datetime | None = None
    total: int = 0
    follows_anything: bool = False


def new_in_follows(*, user: Any) -> NewInFollows:
    """Items published in what the reader follows since their last digest (or the digest's first
    window), newest first — the digest's own rule (``library.digests``), so the desk and the mail
    agree. Four queries at most."""
    from mufakat.library.digests import digest_start, items_for_digest
    from mufakat.library.follows import follows_of

    if not follows_of(user=user).exists():
        return NewInFollows()
    now = timezone.now()
    since = digest_start(user, now)
    items = items_for_digest(user=user, since=since, until=now)
    return NewInFollows(
        items=list(reversed(items))[:MAX_ROWS],
        since=since,
        total=len(items),
        follows_anything=True,
    )


# -- the Secretariat: rounds, overdue parties -----------------------------------------------------


@dataclass
class RoundStatus:
    """An open round with its reporting rate (``monitoring.compliance.RoundRate``; ``None`` only
    if the compliance module is absent)."""

    round: ReportingRound
    days_left: int
    rate: Any = None

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass
class OverdueParty:
    code: str
    rounds: list[ReportingRound] = field(default_factory=list)
    days_overdue: int = 0


def _round_rates(rounds: Sequence[ReportingRound], *, user: Any) -> dict[int, Any]:
    """``monitoring.compliance.round_rates`` for all rounds at once, for rounds found through
    the gate with their visible instruments (:func:`open_rounds`): the desk shows the rates and
    the late parties, not the split of drafts or endorsed reports, so one query counts them."""
    from mufakat.monitoring.compliance import round_rates

    return dict(round_rates(rounds, user=user, gated=True, cells=False)) if rounds else {}


def open_rounds(*, user: Any, on: dt.date | None = None) -> list[RoundStatus]:
    """Open rounds the reader may see, soonest due first, each with its reporting rate (rates of
    all rounds computed together) and the instruments it covers that the reader may see (their
    markings are part of the figures'). Four queries."""
    on = on or today()
    rounds: list[ReportingRound] = _compiled(
        "open_rounds",
        ReportingRound,
        user,
        lambda: (
            ReportingRound.objects.visible_to(user)
            .filter(status=ReportingRound.Status.OPEN)
            .order_by("due_date", "pk")[:MAX_ROWS]
        ),
    )
    _attach_visible_instruments(rounds, user=user)
    rates = _round_rates(rounds, user=user)
    return [RoundStatus(r, (r.due_date - on).days, rates.get(r.pk)) for r in rounds]


def _attach_visible_instruments(rounds: list[ReportingRound], *, user: Any) -> None:
    """Each round's ``visible_instruments``, by title (what ``Prefetch("instruments",
    Instrument.objects.visible_to(user).order_by("title"))`` leaves): the rounds' links to the
    instruments the reader may see, each with its instrument, in one compiled read."""
    through = ReportingRound.instruments.through
    found: dict[int, list[Instrument]] = defaultdict(list)
    if rounds:
        for link in _compiled(
            "round_instruments",
            through,
            user,
            lambda *pks: (
                through.objects.filter(
                    reportinground_id__in=pks,
                    instrument_id__in=Instrument.objects.visible_to(user).values("pk"),
                )
                .select_related("instrument")
                .order_by("instrument__title", "instrument_id")
            ),
            *[r.pk for r in rounds],
        ):
            found[link.reportinground_id].append(link.instrument)
    for r in rounds:
        r.visible_instruments = found[r.pk]  # type: ignore[attr-defined]


def overdue_parties(rounds: Iterable[RoundStatus]) -> list[OverdueParty]:
    """Parties late in at least one open round (from the rates already computed), the most
    rounds first. No query."""
    parties: dict[str, OverdueParty] = {}
    for status in rounds:
        codes = getattr(status.rate, "overdue_party_codes", None) or []
        for code in codes:
            party = parties.setdefault(code, OverdueParty(code))
            party.rounds.append(status.round)
            party.days_overdue = max(party.days_overdue, getattr(status.rate, "days_overdue", 0))
    return sorted(parties.values(), key=lambda p: (-len(p.rounds), p.code))


# -- meetings and what is still missing for them ------------------------------------------------


@dataclass
class Missing:
    """What a meeting still lacks, as far as the reader may see."""

    documents: int = 0
    has_agenda: bool = False
    rounds_without_snapshot: list[ReportingRound] = field(default_factory=list)
    pending_forwardings: int = 0
    invited: int = 0
    not_nominated: list[str] = field(default_factory=list)

    @property
    def no_documents(self) -> bool:
        return self.documents == 0

    @property
    def no_agenda(self) -> bool:
        return not self.has_agenda

    @property
    def no_invitations(self) -> bool:
        return self.invited == 0

    @property
    def count(self) -> int:
        """Things to do before the meeting (each kind counts once)."""
        return sum(
            (
                self.no_agenda,
                bool(self.rounds_without_snapshot),
                bool(self.pending_forwardings),
                bool(self.not_nominated),
            )
        )

    @property
    def is_complete(self) -> bool:
        return self.count == 0


def missing_for_meetings(meetings: Sequence[Meeting], *, user: Any) -> dict[int, Missing]:
    """For each meeting, what is still missing: documents (the provisional agenda), a snapshot
    of each round feeding it, a decision on each item forwarded to it, the delegations of the
    invited parties. Four queries for any number of meetings; each read is gated, so a record
    the reader may not see is neither counted nor named."""
    ids = [m.pk for m in meetings]
    result = {pk: Missing() for pk in ids}
    if not ids:
        return result
    for meeting_id, kind, n in _compiled(
        "meeting_documents",
        MeetingDocument,
        user,
        lambda *pks: (
            MeetingDocument.objects.visible_to(user)
            .filter(meeting_id__in=pks)
            .order_by()
            .values_list("meeting_id", "kind")
            .annotate(n=Count("pk"))
        ),
        *ids,
    ):
        missing = result[meeting_id]
        missing.documents += n
        missing.has_agenda = missing.has_agenda or kind in AGENDA_KINDS
    for round_ in _compiled(
        "rounds_without_snapshot",
        ReportingRound,
        user,
        lambda *pks: (
            ReportingRound.objects.visible_to(user)
            .filter(meeting_id__in=pks)
            .exclude(Exists(Snapshot.objects.visible_to(user).filter(round=OuterRef("pk"))))
            .order_by("due_date", "pk")
        ),
        *ids,
    ):
        result[round_.meeting_id].rounds_without_snapshot.append(round_)
    for meeting_id, n in _compiled(
        "pending_forwardings",
        Forwarding,
        user,
        lambda *pks: (
            Forwarding.objects.visible_to(user)
            .filter(to_meeting_id__in=pks, status=Forwarding.Status.PENDING)
            .order_by()
            .values_list("to_meeting_id")
            .annotate(n=Count("pk"))
        ),
        *ids,
    ):
        result[meeting_id].pending_forwardings = n
    for meeting_id, code, nominated_at in _compiled(
        "invited",
        Invitation,
        user,
        lambda *pks: (
            Invitation.objects.visible_to(user)
            .filter(meeting_id__in=pks)
            .order_by("party__code")
            .values_list("meeting_id", "party__code", "nominated_at")
        ),
        *ids,
    ):
        missing = result[meeting_id]
        missing.invited += 1
        if nominated_at is None:
            missing.not_nominated.append(code)
    return result


def missing_for_meeting(meeting: Meeting, *, user: Any) -> Missing:
    """What one meeting still lacks (see :func:`missing_for_meetings`)."""
    return missing_for_meetings([meeting], user=user)[meeting.pk]


@dataclass
class MeetingPrep:
    meeting: Meeting
    days_left: int
    missing: Missing
    forwarded: list[Forwarding] = field(default_factory=list)
    open_action_items: int = 0


def _upcoming(user: Any, on: dt.date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.visible_to(user)
        .filter(start_date__gte=on)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body", "host")
        .order_by("start_date", "pk")
    )


def upcoming_meetings(*, user: Any, on: dt.date | None = None) -> list[Meeting]:
    """The next few meetings the reader may see. One query."""
    on = on or today()
    return _compiled("upcoming", Meeting, user, lambda: _upcoming(user, on)[:MAX_UPCOMING], on=on)


def meetings_to_prepare(*, user: Any, on: dt.date | None = None) -> list[MeetingPrep]:
    """Meetings of the next :data:`HORIZON_DAYS` days the reader may see, each with what is still
    missing. Five queries."""
    on = on or today()
    meetings: list[Meeting] = _compiled(
        "to_prepare",
        Meeting,
        user,
        lambda: _upcoming(user, on).filter(start_date__lte=on + dt.timedelta(days=HORIZON_DAYS))[
            :MAX_ROWS
        ],
        on=on,
    )
    missing = missing_for_meetings(meetings, user=user)
    return [MeetingPrep(m, (m.start_date - on).days, missing[m.pk]) for m in meetings]


# -- chairs ----------------------------------------------------------------------------------------


def is_chair(user: Any) -> bool:
    """The chair role, for a party that holds a current chair term of some body."""
    return role_is(user, Role.CHAIR) and bool(getattr(user, "party_id", None))


def chaired_meetings(*, user: Any, on: dt.date | None = None) -> list[MeetingPrep]:
    """The next meeting (that the reader may see) of each body the reader's party chairs, with
    what is missing, the items forwarded to it and the open action items of the body's earlier
    meetings. Eight queries, whatever the number of bodies."""
    from mufakat.meetings.action_items import OPEN, action_items
    from mufakat.meetings.permissions import chaired_body_ids

    on = on or today()
    if not is_chair(user):
        return []
    next_meeting = _upcoming(user, on).filter(body=OuterRef("pk")).values("pk")[:1]
    meeting_ids = [
        pk
        for pk in Body.objects.filter(pk__in=chaired_body_ids(user, on=on))
        .annotate(next_meeting=Subquery(next_meeting))
        .order_by("order", "code")
        .values_list("next_meeting", flat=True)
        if pk is not None
    ]
    if not meeting_ids:
        return []
    meetings = list(_upcoming(user, on).filter(pk__in=meeting_ids))
    missing = missing_for_meetings(meetings, user=user)
    prep = {m.pk: MeetingPrep(m, (m.start_date - on).days, missing[m.pk]) for m in meetings}
    forwarded: dict[int, list[Forwarding]] = defaultdict(list)
    for forwarding in (
        Forwarding.objects.visible_to(user)
        .filter(to_meeting_id__in=meeting_ids)
        .select_related("outcome__meeting__body", "outcome__responsible")
        .order_by("to_meeting_id", "outcome__meeting__start_date", "outcome__number")
    ):
        if len(forwarded[forwarding.to_meeting_id]) < MAX_FORWARDED:
            forwarded[forwarding.to_meeting_id].append(forwarding)
    # Open action items of earlier meetings of the same body (``due_at_meeting``, for all
    # chaired bodies in one query).
    starts = {m.body_id: (m.pk, m.start_date) for m in meetings}
    for body_id, held_on in (
        action_items(user=user, body=None, state=OPEN)
        .filter(meeting__body_id__in=list(starts))
        .order_by()
        .values_list("meeting__body_id", "meeting__start_date")
    ):
        meeting_pk, start = starts[body_id]
        if held_on < start:
            prep[meeting_pk].open_action_items += 1
    for meeting_pk, rows in forwarded.items():
        prep[meeting_pk].forwarded = rows
    return list(prep.values())


# -- the whole desk ----------------------------------------------------------------------------


@dataclass
class Desk:
    """Everything My desk shows; a section is ``None`` when it does not apply to the reader."""

    is_reporter: bool = False
    is_secretariat: bool = False
    is_chair: bool = False
    reports: ReportsToWrite | None = None
    to_review: int = 0
    action_items: ActionItems | None = None
    invitations: list[Invitation] | None = None
    invitations_total: int = 0
    requests: list[RequestToAnswer] | None = None
    requests_total: int = 0
    follows: NewInFollows | None = None
    rounds: list[RoundStatus] | None = None
    overdue_parties: list[OverdueParty] | None = None
    overdue_items: list[tuple[str, int]] | None = None

    @property
    def overdue_items_total(self) -> int:
        return sum(n for _code, n in self.overdue_items or ())

    has_rates: bool = False
    to_prepare: list[MeetingPrep] | None = None
    chaired: list[MeetingPrep] | None = None
    upcoming: list[Meeting] = field(default_factory=list)

    def _shown(self) -> Iterable[Any]:
        """Every restricted record whose title, figures or counts the page shows."""
        if self.reports:
            for due in self.reports.rounds:
                yield due.round
                for report in due.reports:
                    yield report.instrument
            for report in self.reports.returned:
                yield report.round
                yield report.instrument
        if self.action_items:
            for item in self.action_items.items:
                yield item
                yield item.meeting
        for invitation in self.invitations or ():
            yield invitation.meeting
        for row in self.requests or ():
            yield row.request
        if self.follows:
            yield from self.follows.items
        for status in self.rounds or ():
            yield status.round
            yield from getattr(status.round, "visible_instruments", ())
        for prep in [*(self.to_prepare or ()), *(self.chaired or ())]:
            yield prep.meeting
            yield from prep.missing.rounds_without_snapshot
            for forwarding in prep.forwarded:
                yield forwarding.outcome
        yield from self.upcoming

    @property
    def marking(self) -> str:
        """The page's TLP: the most restrictive of what it shows (a CLEAR desk listing an AMBER
        round is AMBER), so a printed desk carries the right handling instruction."""
        return most_restrictive_tlp(*(getattr(record, "tlp", None) for record in self._shown()))


def desk(*, user: Any) -> Desk:
    """My desk for ``user`` (signed in): the sections of their role, then upcoming meetings."""
    result = Desk()
    if not is_signed_in(user):
        return result
    on = today()
    if is_focal_point(user):
        result.is_reporter = True
        result.reports = reports_to_write(user=user, on=on)
        result.to_review = review_count(user=user)
        result.action_items = party_action_items(user=user, on=on)
        result.invitations, result.invitations_total = invitations_to_answer(user=user)
        result.requests, result.requests_total = requests_to_answer(user=user)
        result.follows = new_in_follows(user=user)
    if can_manage_rounds(user):
        result.is_secretariat = True
        result.rounds = open_rounds(user=user, on=on)
        result.has_rates = any(r.rate is not None for r in result.rounds)
        result.overdue_parties = overdue_parties(result.rounds)
        result.to_review = review_count(user=user)
        result.overdue_items = overdue_action_items(user=user)
        result.to_prepare = meetings_to_prepare(user=user, on=on)
    if is_chair(user):
        result.is_chair = True
        result.chaired = chaired_meetings(user=user, on=on)
    if not result.is_reporter:
        follows = new_in_follows(user=user)
        result.follows = follows if follows.items else None
    if not result.is_secretariat:
        result.upcoming = upcoming_meetings(user=user, on=on)
    return result
