"""Reads of meetings and outcomes. Every function takes ``user=`` and goes through the gate.

A hidden meeting or outcome is absent from lists and ``None`` from the detail readers, exactly
like a missing one, so callers answer 404 for both.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext

from mufakat.core.visibility import precompiled, user_sharing_group_ids
from mufakat.meetings.models import (
    AgendaItem,
    Forwarding,
    Invitation,
    Meeting,
    Outcome,
    Participant,
)
from mufakat.meetings.trace import (
    MAX_HOPS,
    Chain,
    around_meeting,
    assemble,
    collect,
    forget_hidden_results,
    unique_chains,
)
from mufakat.meetings.trace import visible_forwardings as _visible_forwardings
from mufakat.registry.models import Body, Party


def meetings(
    *,
    user: Any,
    body: str | None = None,
    year: int | None = None,
    host: str | None = None,
    status: str | None = None,
) -> QuerySet[Meeting]:
    """Visible meetings, newest first, filtered by body code, year, host code and status."""
    qs = Meeting.objects.visible_to(user).select_related("body", "host", "chair")
    if body:
        qs = qs.filter(body__code__iexact=body)
    if year:
        qs = qs.filter(start_date__year=year)
    if host:
        qs = qs.filter(host__code__iexact=host)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-start_date", "body__code", "-pk")


def meeting(*, user: Any, pk: int) -> Meeting | None:
    """One visible meeting with its body, host and chair (its SQL compiled once per reader)."""
    found = precompiled(
        "meetings.meeting",
        Meeting,
        user,
        lambda value: meetings(user=user).filter(pk=value).order_by()[:1],
        pk,
    )
    return found[0] if found else None


def _forwardings_prefetch(user: Any) -> Prefetch:
    """Visible forwardings as ``visible_forwardings``; call :func:`_settle` on the results."""
    return Prefetch(
        "forwardings", queryset=_visible_forwardings(user), to_attr="visible_forwardings"
    )


def _settle(rows: list[Outcome]) -> list[Outcome]:
    """Forget resulting outcomes the user may not see, so no template can show them."""
    for row in rows:
        forget_hidden_results(getattr(row, "visible_forwardings", []))
    return rows


def _outcome_rows(user: Any, *, with_meeting: bool = True) -> QuerySet[Outcome]:
    """Visible outcomes with their meeting (unless the caller has it), responsible party and
    instrument (when visible)."""
    from mufakat.workplans.models import Instrument

    joined = ("meeting__body",) if with_meeting else ()
    return (
        Outcome.objects.visible_to(user)
        .select_related(*joined, "responsible", "instrument")
        .annotate(
            instrument_visible=Exists(
                Instrument.objects.visible_to(user).filter(pk=OuterRef("instrument_id"))
            )
        )
    )


def outcomes(*, user: Any, meeting_id: int | None = None) -> QuerySet[Outcome]:
    """Visible outcomes with their visible forwardings (``visible_forwardings``)."""
    qs = _outcome_rows(user).prefetch_related(_forwardings_prefetch(user))
    if meeting_id is not None:
        qs = qs.filter(meeting_id=meeting_id)
    return qs.order_by("meeting__start_date", "meeting_id", "number")


def listed_outcomes(
    *, user: Any, meeting_id: int | None = None, **meeting_filters: Any
) -> QuerySet[Outcome]:
    """The visible outcomes of the meetings the meeting list shows with the same filters (see
    :func:`meetings`), or of one meeting, in the list's order of meetings, then by number; with
    their visible forwardings (call :func:`settle` on each batch of rows)."""
    qs = _outcome_rows(user).prefetch_related(_forwardings_prefetch(user))
    if meeting_id is not None:
        qs = qs.filter(meeting_id=meeting_id)
    if meeting_filters:
        qs = qs.filter(meeting__in=meetings(user=user, **meeting_filters).values("pk"))
    return qs.order_by("-meeting__start_date", "meeting__body__code", "-meeting_id", "number")


def settle(rows: list[Outcome]) -> list[Outcome]:
    """Forget the resulting outcomes of forwardings the user may not see (in memory)."""
    return _settle(rows)


def outcome_list(*, user: Any, meeting_id: int | None = None) -> OutcomePages:
    """The API's list of visible outcomes: each with its meeting and body (its reference) and
    the visible forwardings it lists as ``visible_forwardings`` — where to, status and decision
    note only. Nothing else is read: no responsible party, instrument or resulting outcome,
    whose gates made most of the list's statements."""
    qs = Outcome.objects.visible_to(user).select_related("meeting__body")
    if meeting_id is not None:
        qs = qs.filter(meeting_id=meeting_id)
    return OutcomePages(qs.order_by("meeting__start_date", "meeting_id", "number"), user=user)


class OutcomePages:
    """What the API's pagination takes from :func:`outcome_list`: ``all()`` to count, a slice
    for one page. A page reads its outcomes, then their visible forwardings in one statement.

    On PostgreSQL the page's outcome ids are one array parameter (``= ANY``) rather than the
    ``IN`` list a ``Prefetch`` writes: with a list of fifty, the planner read every outcome a
    signed-in reader may see to check the forwardings' gate (5 ms and more), where the
    array lets it check the few forwardings found (well under 1 ms); and every page size is
    the same prepared statement."""

    def __init__(self, rows: QuerySet[Outcome], *, user: Any) -> None:
        self.rows = rows
        self.user = user

    def all(self) -> QuerySet[Outcome]:
        return self.rows.all()

    def __getitem__(self, index: slice) -> list[Outcome]:
        page = list(self.rows[index])
        onward: dict[int, list[Forwarding]] = {}
        if page:
            for fwd in _forwardings_of(self.user, [row.pk for row in page]):
                onward.setdefault(fwd.outcome_id, []).append(fwd)
        for row in page:
            row.visible_forwardings = onward.get(row.pk, [])  # type: ignore[attr-defined]
        return page


def _forwardings_of(user: Any, outcome_ids: list[int]) -> QuerySet[Forwarding]:
    """The visible forwardings of these outcomes, by their destination's date: where to, status
    and decision note only."""
    rows = (
        Forwarding.objects.visible_to(user)
        .only("id", "outcome_id", "to_meeting_id", "status", "decision_note")
        .order_by("to_meeting__start_date", "pk")
    )
    if connections[rows.db].vendor != "postgresql":
        return rows.filter(outcome_id__in=outcome_ids)
    table = Forwarding._meta.db_table
    return rows.extra(where=[f'"{table}"."outcome_id" = ANY(%s)'], params=[outcome_ids])


def outcome(*, user: Any, pk: int) -> Outcome | None:
    found = _settle(list(outcomes(user=user).filter(pk=pk)))
    return found[0] if found else None


def outcome_trace(*, user: Any, outcome: Outcome) -> list[Chain]:
    """The chains through one (visible) outcome."""
    return collect([outcome], user=user).chains_through(outcome)


def received(*, user: Any, meeting: Meeting) -> list[Forwarding]:
    """Outcomes of earlier meetings forwarded to this one, with what it made of them."""
    return forget_hidden_results(_visible_forwardings(user).filter(to_meeting=meeting))


def visible_forwarding(*, user: Any, outcome_id: int, to_meeting_id: int) -> Forwarding | None:
    found = _visible_forwardings(user).filter(outcome_id=outcome_id, to_meeting_id=to_meeting_id)
    rows = forget_hidden_results(found[:1])
    return rows[0] if rows else None


@dataclass
class MeetingDetail:
    meeting: Meeting
    agenda: list[AgendaItem]
    participants: list[Participant]
    outcomes: list[Outcome]
    received: list[Forwarding]
    chains: list[Chain] = field(default_factory=list)


def meeting_detail(*, user: Any, pk: int, with_chains: bool = True) -> MeetingDetail | None:
    """Everything the meeting page and the API show, in a fixed number of queries."""
    found = meeting(user=user, pk=pk)
    if found is None:
        return None
    own: list[Outcome] = precompiled(
        "meetings.meeting_outcomes",
        Outcome,
        user,
        lambda value: (
            _outcome_rows(user, with_meeting=False).filter(meeting_id=value).order_by("number")
        ),
        found.pk,
    )
    for row in own:
        row.meeting = found  # already read, with its body
    # One gated read: what its outcomes were forwarded to, what it received, and the chains.
    around = around_meeting(found.pk, user=user, hops=MAX_HOPS if with_chains else 1)
    onward: dict[int, list[Forwarding]] = {}
    for fwd in around:
        onward.setdefault(fwd.outcome_id, []).append(fwd)
    for row in own:
        row.visible_forwardings = onward.get(row.pk, [])  # type: ignore[attr-defined]
    incoming = [f for f in around if f.to_meeting_id == found.pk]
    detail = MeetingDetail(
        meeting=found,
        agenda=precompiled(
            "meetings.meeting_agenda",
            AgendaItem,
            user,
            lambda value: AgendaItem.objects.visible_to(user).filter(meeting_id=value),
            found.pk,
        ),
        participants=meeting_participants(user=user, meeting_id=found.pk),
        outcomes=own,
        received=incoming,
    )
    if with_chains:
        seeds = own + [fwd.outcome for fwd in incoming]
        detail.chains = unique_chains(assemble(around, seeds), seeds)
    return detail


def meeting_participants(*, user: Any, meeting_id: int) -> list[Participant]:
    """The participants recorded for a meeting that the reader may see, with party and agency:
    one statement, compiled once per reader."""
    return precompiled(
        "meetings.meeting_participants",
        Participant,
        user,
        lambda value: (
            Participant.objects.visible_to(user)
            .filter(meeting_id=value)
            .select_related("party", "agency")
        ),
        meeting_id,
    )


def later_meetings(*, user: Any, outcome: Outcome) -> QuerySet[Meeting]:
    """Meetings this outcome may still be forwarded to (the service re-checks)."""
    already = Forwarding.objects.filter(outcome=outcome).values("to_meeting_id")
    return (
        Meeting.objects.visible_to(user)
        .filter(start_date__gt=outcome.meeting.start_date)
        .exclude(pk__in=already)
        .select_related("body")
        .order_by("start_date", "body__code")
    )


def filter_choices() -> dict[str, Any]:
    """Bodies and parties for the filter forms (registry records are public)."""
    return {
        "bodies": list(Body.objects.order_by("order", "code").only("code", "name", "short_name")),
        "parties": list(Party.objects.order_by("name").only("code", "name")),
    }


@dataclass
class CalendarMonth:
    month: dt.date
    meetings: list[Meeting]


@dataclass
class CalendarPage:
    """One year of the calendar, and every year the reader has meetings in, with counts."""

    year: int | None
    months: list[CalendarMonth]
    years: list[tuple[int, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.years)


def meeting_years(meetings: QuerySet[Meeting]) -> list[tuple[int, int]]:
    """(year, number of meetings) for a gated queryset, latest year first: one query."""
    rows = (
        meetings.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-year")
    )
    return [(row["year"], row["n"]) for row in rows]


def default_year(years: list[tuple[int, int]], today: dt.date) -> int | None:
    """This year if it has meetings, else the nearest earlier one, else the nearest later one."""
    present = [y for y, _ in years]
    earlier = [y for y in present if y <= today.year]
    if earlier:
        return max(earlier)
    return min(present) if present else None


def calendar(*, user: Any, body: str | None = None, year: int | None = None) -> CalendarPage:
    """One year of visible meetings by month (this year unless ``year``), days in order.

    Two queries however many meetings there are: the counts per year, and the year shown.
    """
    gated = meetings(user=user, body=body)
    years = meeting_years(gated)
    if year is None:
        year = default_year(years, dt.date.today())
    if year is None:
        return CalendarPage(year=None, months=[], years=years)
    rows = list(gated.filter(start_date__year=year).order_by("start_date", "body__code", "pk"))
    months = [
        CalendarMonth(dt.date(year, month, 1), list(group))
        for month, group in itertools.groupby(rows, key=lambda m: m.start_date.month)
    ]
    return CalendarPage(year=year, months=months, years=years)


# -- calendar feeds ----------------------------------------------------------------------------

FEED_KINDS = ("all", "body", "party", "crime_area", "group", "follows")


@dataclass(frozen=True)
class Feed:
    """Which meetings a calendar feed holds (before the gate), and the calendar's name."""

    kind: str
    code: str
    name: str
    #: Narrows the reader's visible meetings; ``None``: all of them.
    condition: Q | None = None

    @property
    def scope(self) -> tuple[str, str, str]:
        return (self.kind, self.code, self.name)


def _participating(party_id: int) -> Q:
    """Meetings a party hosts, chairs, takes part in, or is invited to (with its delegation)."""
    return (
        Q(host_id=party_id)
        | Q(chair_id=party_id)
        | Q(pk__in=Participant.objects.filter(party_id=party_id).values("meeting_id"))
        | Q(pk__in=Invitation.objects.filter(party_id=party_id).values("meeting_id"))
    )


def _of_crime_areas(ids: list[int]) -> Q:
    through = Body.crime_areas.through
    return Q(body_id__in=through.objects.filter(crimearea_id__in=ids).values("body_id"))


def _shared_with(ids: Any) -> Q:
    through = Meeting.sharing_groups.through
    return Q(pk__in=through.objects.filter(sharinggroup_id__in=ids).values("meeting_id"))


def _follows_condition(user: Any) -> Q:
    """Meetings matching any of the user's follows: of a followed body, of a body working on a
    followed crime area, or shared with a followed group they (still) belong to."""
    from mufakat.library.models import Follow

    crime_areas: list[int] = []
    bodies: list[int] = []
    groups: list[int] = []
    for crime_area_id, body_id, group_id in Follow.objects.filter(user_id=user.pk).values_list(
        "crime_area_id", "body_id", "sharing_group_id"
    ):
        if crime_area_id:
            crime_areas.append(crime_area_id)
        if body_id:
            bodies.append(body_id)
        if group_id:
            groups.append(group_id)
    condition = Q(pk__in=[])  # nothing followed: an empty calendar
    if bodies:
        condition |= Q(body_id__in=bodies)
    if crime_areas:
        condition |= _of_crime_areas(crime_areas)
    if groups:
        condition |= _shared_with(user_sharing_group_ids(user).filter(pk__in=groups))
    return condition


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def calendar_feed(*, user: Any, kind: str, code: str = "") -> Feed | None:
    """The feed ``kind`` (of the body, party, crime area or group ``code``) as ``user`` may
    have it; ``None`` when there is no such feed for them (an unknown code, a sharing group
    they are not in, "my follows" without a reader), which answers 404 and names nothing."""
    from mufakat.core.models import SharingGroup
    from mufakat.registry.models import CrimeArea

    if kind == "all":
        return Feed("all", "", gettext("Mufakat meetings"))
    if kind == "body":
        body = Body.objects.filter(code__iexact=code).values_list("pk", "code").first()
        if body is None:
            return None
        name = gettext("Mufakat: %(code)s meetings") % {"code": body[1]}
        return Feed(kind, body[1], name, Q(body_id=body[0]))
    if kind == "party":
        party = Party.objects.filter(code__iexact=code).values_list("pk", "code", "name").first()
        if party is None:
            return None
        name = gettext("Mufakat: meetings of %(party)s") % {"party": party[2]}
        return Feed(kind, party[1], name, _participating(party[0]))
    if kind == "crime_area":
        area = CrimeArea.objects.filter(code__iexact=code).values_list("pk", "code", "name").first()
        if area is None:
            return None
        name = gettext("Mufakat: meetings on %(area)s") % {"area": area[2]}
        return Feed(kind, area[1], name, _of_crime_areas([area[0]]))
    if not _signed_in(user):
        return None
    if kind == "group":
        group = (
            SharingGroup.objects.filter(pk__in=user_sharing_group_ids(user), code__iexact=code)
            .values_list("pk", "code", "name")
            .first()
        )
        if group is None:
            return None
        name = gettext("Mufakat: meetings shared with %(group)s") % {"group": group[2]}
        return Feed(kind, group[1], name, _shared_with([group[0]]))
    if kind == "follows":
        return Feed(kind, "", gettext("Mufakat: meetings I follow"), _follows_condition(user))
    return None


def calendar_follows(*, user: Any) -> Any:
    """The user's follows, each a feed of its own on the subscriptions page."""
    from mufakat.library.follows import follows_of

    return follows_of(user=user)


def ical_meetings(*, user: Any, body: str | None = None, feed: Feed | None = None) -> QuerySet[Any]:
    """The rows of the reader's feed (``ical.FIELDS`` as dicts, no model instances)."""
    from mufakat.meetings import ical

    return (
        _feed_meetings(user=user, body=body, feed=feed)
        .order_by("start_date", "pk")
        .values(*ical.FIELDS)
    )


def _feed_meetings(*, user: Any, body: str | None, feed: Feed | None = None) -> QuerySet[Meeting]:
    from mufakat.meetings import ical

    qs = Meeting.objects.visible_to(user).filter(**ical.in_feed_filter())
    if body:
        qs = qs.filter(body__code__iexact=body)
    if feed is not None and feed.condition is not None:
        qs = qs.filter(feed.condition)
    return qs


def ical_summary(*, user: Any, body: str | None = None, feed: Feed | None = None) -> dict[str, Any]:
    """What the feed's validators are made of, in one aggregate over the reader's meetings."""
    return _feed_meetings(user=user, body=body, feed=feed).aggregate(
        n=Count("pk"),
        latest=Max("updated_at"),
        body_latest=Max("body__updated_at"),
        keys=Sum("pk"),
        versions=Sum("lock_version"),
    )
