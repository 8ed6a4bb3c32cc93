"""Reads of instruments and their parts. Every function takes ``user=`` and goes through the gate.

A hidden record is reported exactly like a missing one (``Http404``); lists and counts never
include what the reader cannot see, and references to hidden meetings or instruments are left
out (or shown as restricted) rather than named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mufakat.core import references
from mufakat.core.models import SharingGroup
from mufakat.core.visibility import precompiled
from mufakat.meetings.models import Meeting, Outcome
from mufakat.registry.models import Agency, CrimeArea, Party
from mufakat.workplans import lineage, versions
from mufakat.workplans.models import (
    Activity,
    Indicator,
    Instrument,
    InstrumentLink,
    InstrumentVersion,
    PriorityArea,
)

SORTS = ("period", "kind", "title")


def _orderings(prefix: str = "") -> dict[str, tuple[Any, ...]]:
    """Newest first by the year an instrument starts (or was adopted: declarations have no
    period); unknown years last on every database; kinds in the order of ``Instrument.Kind``.
    ``prefix`` leads from another model to the instrument (the activities' export)."""
    year = Coalesce(f"{prefix}start_year", ExtractYear(f"{prefix}adopted_on")).desc(nulls_last=True)
    kind_rank = Case(
        *(
            When(**{f"{prefix}kind": value}, then=Value(rank))
            for rank, value in enumerate(Instrument.Kind.values)
        ),
        default=Value(len(Instrument.Kind.values)),
        output_field=IntegerField(),
    )
    title, pk = f"{prefix}title", f"{prefix}pk"
    return {
        "period": (year, title, pk),
        "kind": (kind_rank, year, title, pk),
        "title": (title, pk),
    }


#: How a link reads from its source ("A implements B") and from its target ("B implemented by A").
OUTGOING_LABELS = {
    InstrumentLink.Kind.DERIVES_FROM: gettext_lazy("derives from"),
    InstrumentLink.Kind.IMPLEMENTS: gettext_lazy("implements"),
    InstrumentLink.Kind.SUPERSEDES: gettext_lazy("supersedes"),
    InstrumentLink.Kind.AMENDS: gettext_lazy("amends"),
}


def _get_or_404(qs: QuerySet[Any], **lookup: Any) -> Any:
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def _visible_meetings(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("body")


# -- instruments -------------------------------------------------------------------------------


def instrument_list(
    *, user: Any, q: str = "", kind: str = "", party: str = "", sort: str = "period"
) -> QuerySet[Instrument]:
    """Visible instruments matching the filters; parties prefetched (constant queries)."""
    qs = Instrument.objects.visible_to(user)
    if q.strip():
        term = q.strip()
        qs = qs.filter(
            Q(title__icontains=term) | Q(short_title__icontains=term) | Q(key__icontains=term)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if party.strip():
        qs = qs.filter(
            pk__in=Instrument.parties.through.objects.filter(
                party__code__iexact=party.strip()
            ).values("instrument_id")
        )
    return (
        qs.select_related("extended_at__body")
        .annotate(
            adopted_at_visible=Exists(
                Meeting.objects.visible_to(user).filter(pk=OuterRef("adopted_at_id"))
            )
        )
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.only("code", "name").order_by("code"))
        )
        .order_by(*_orderings().get(sort, _orderings()["period"]))
    )


def _with_facts(qs: QuerySet[Instrument], user: Any, *, links: bool = True) -> QuerySet[Instrument]:
    """The instrument's own facts and direct lineage, in a fixed number of queries. Without
    ``links``, the caller reads one instrument's lineage itself (:func:`_one_with_links`)."""
    visible_meetings = Meeting.objects.visible_to(user)
    qs = (
        qs.select_related("adopted_at__body", "extended_at__body", "owner_party")
        .annotate(
            adopted_at_visible=Exists(visible_meetings.filter(pk=OuterRef("adopted_at_id"))),
            extended_at_visible=Exists(visible_meetings.filter(pk=OuterRef("extended_at_id"))),
        )
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("code")),
            Prefetch(
                "reviewed_at",
                queryset=_visible_meetings(user).order_by("start_date"),
                to_attr="visible_reviews",
            ),
        )
    )
    if not links:
        return qs
    return qs.prefetch_related(
        Prefetch(
            "links_out",
            queryset=InstrumentLink.objects.visible_to(user).select_related("target"),
            to_attr="visible_links_out",
        ),
        Prefetch(
            "links_in",
            queryset=InstrumentLink.objects.visible_to(user).select_related("source"),
            to_attr="visible_links_in",
        ),
    )


def _one_with_links(instrument: Instrument, user: Any) -> Instrument:
    """One instrument's visible links, both ways, in one query rather than a prefetch per
    direction (each plans the gate of the instruments at both ends anew), compiled once per
    reader; the same lists, in the same order, as :func:`_with_facts` prefetches for many."""
    pk = instrument.pk
    found = precompiled(
        "workplans.instrument_links",
        InstrumentLink,
        user,
        lambda value: (
            InstrumentLink.objects.visible_to(user)
            .filter(Q(source_id=value) | Q(target_id=value))
            .select_related("source", "target")
        ),
        pk,
    )
    instrument.visible_links_out = [link for link in found if link.source_id == pk]  # type: ignore[attr-defined]
    instrument.visible_links_in = [link for link in found if link.target_id == pk]  # type: ignore[attr-defined]
    return instrument


def _with_details(
    qs: QuerySet[Instrument], user: Any, *, links: bool = True
) -> QuerySet[Instrument]:
    """Everything the API detail shows (the whole tree), in a fixed number of queries."""
    activities = (
        Activity.objects.visible_to(user)
        .order_by("code")
        .prefetch_related(
            Prefetch("lead_parties", queryset=Party.objects.order_by("code")),
            Prefetch("participating_parties", queryset=Party.objects.order_by("code")),
            Prefetch("indicators", queryset=Indicator.objects.visible_to(user)),
        )
    )
    areas = PriorityArea.objects.visible_to(user).prefetch_related(
        Prefetch("crime_areas", queryset=CrimeArea.objects.order_by("order", "code")),
        Prefetch("activities", queryset=activities),
    )
    return _with_facts(qs, user, links=links).prefetch_related(
        Prefetch("priority_areas", queryset=areas)
    )


def _hide_references(instrument: Instrument) -> Instrument:
    """Meetings the reader may not see are not shown as the place of adoption or extension."""
    instrument.visible_adopted_at = (  # type: ignore[attr-defined]
        instrument.adopted_at if instrument.adopted_at_visible else None  # type: ignore[attr-defined]
    )
    instrument.visible_extended_at = (  # type: ignore[attr-defined]
        instrument.extended_at if instrument.extended_at_visible else None  # type: ignore[attr-defined]
    )
    return instrument


def instrument_by_key(*, user: Any, key: str) -> Instrument:
    """A visible instrument, without its details (for edit pages)."""
    return _get_or_404(Instrument.objects.visible_to(user), key=key)


def instrument_by_id(*, user: Any, pk: int) -> Instrument:
    return _get_or_404(Instrument.objects.visible_to(user), pk=pk)


def instrument_detail(*, user: Any, key: str | None = None, pk: int | None = None) -> Instrument:
    """A visible instrument with parties, meetings, lineage and its whole tree of activities."""
    lookup: dict[str, Any] = {"key": key} if key is not None else {"pk": pk}
    found = _get_or_404(
        _with_details(Instrument.objects.visible_to(user), user, links=False), **lookup
    )
    return _hide_references(_one_with_links(found, user))


def instrument_page(*, user: Any, key: str) -> Instrument:
    """A visible instrument with what its page reads first: facts, parties, meetings and
    direct lineage. Its priority areas and activities are read by :func:`area_summaries` and
    :func:`activity_slice`, a page at a time, so the page costs the same for 10 or 1,500."""
    pk = Instrument.objects.filter(key=key).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404
    return instrument_page_by_id(user=user, pk=pk)


def instrument_page_by_id(*, user: Any, pk: int) -> Instrument:
    """What :func:`instrument_page` gives, by id. Each read is compiled once per reader (the
    key only finds the id: the gated read by id decides, and a hidden instrument is a 404
    like a missing one)."""
    found = precompiled(
        "workplans.instrument_page",
        Instrument,
        user,
        lambda value: (
            _with_facts(Instrument.objects.visible_to(user), user, links=False)
            .prefetch_related(None)
            .filter(pk=value)
            .order_by()
        ),
        pk,
    )
    if not found:
        raise Http404
    instrument = found[0]
    parties = instrument.parties.all()
    parties._result_cache = precompiled(  # what ``Prefetch("parties", …)`` leaves
        "workplans.instrument_parties",
        Party,
        user,
        lambda value: Party.objects.filter(instruments=value).order_by("code"),
        pk,
    )
    parties._prefetch_done = True
    instrument._prefetched_objects_cache = {"parties": parties}
    instrument.visible_reviews = precompiled(
        "workplans.instrument_reviews",
        Meeting,
        user,
        lambda value: (
            _visible_meetings(user).filter(reviewed_instruments=value).order_by("start_date")
        ),
        pk,
    )
    return _hide_references(_one_with_links(instrument, user))


def instruments_with_details(*, user: Any, qs: QuerySet[Instrument]) -> QuerySet[Instrument]:
    """Detail prefetches on an already filtered list (the API list)."""
    return _with_details(qs, user)


def hide_references(instrument: Instrument) -> Instrument:
    return _hide_references(instrument)


@dataclass(frozen=True)
class Relation:
    kind: str
    label: str
    other: Instrument


def relations(instrument: Instrument) -> dict[str, list[Relation]]:
    """Direct lineage of an instrument from ``instrument_detail``, read from both sides."""
    reverse_labels = {
        InstrumentLink.Kind.DERIVES_FROM: _("derived instruments"),
        InstrumentLink.Kind.IMPLEMENTS: _("implemented by"),
        InstrumentLink.Kind.SUPERSEDES: _("superseded by"),
        InstrumentLink.Kind.AMENDS: _("amended by"),
    }
    outgoing = [
        Relation(link.kind, str(OUTGOING_LABELS.get(link.kind, link.kind)), link.target)
        for link in instrument.visible_links_out  # type: ignore[attr-defined]
    ]
    incoming = [
        Relation(link.kind, str(reverse_labels.get(link.kind, link.kind)), link.source)
        for link in instrument.visible_links_in  # type: ignore[attr-defined]
    ]
    return {"outgoing": outgoing, "incoming": incoming}


def lineage_graph(*, user: Any, instrument: Instrument) -> tuple[lineage.Layout, list[Any]]:
    """The visible instruments connected to this one through visible links, laid out.

    Links are visible only when both ends are, so a path through a hidden instrument is cut
    there: nothing beyond it can leak into the graph.
    """
    edges = [
        lineage.Edge(source, target, kind)
        for source, target, kind in InstrumentLink.objects.visible_to(user).values_list(
            "source_id", "target_id", "kind"
        )
    ]
    members, component_edges = lineage.connected(instrument.pk, edges)
    nodes = Instrument.objects.visible_to(user).filter(pk__in=members)
    infos = {
        node.pk: lineage.NodeInfo(
            pk=node.pk,
            title=node.title,
            label=str(node),
            year=node.start_year or (node.adopted_on.year if node.adopted_on else None),
            period=" · ".join(
                part
                for part in (
                    str(node.get_kind_display()),
                    node.period or (str(node.adopted_on.year) if node.adopted_on else ""),
                )
                if part
            ),
            url=node.get_absolute_url(),
        )
        for node in nodes
    }
    labels = {str(k): str(v) for k, v in OUTGOING_LABELS.items()}
    graph = lineage.layout(instrument.pk, infos, component_edges, labels)
    by_pk = {n.info.pk: n.info for n in graph.nodes}
    text = [
        {"source": by_pk[e.edge.source], "label": e.label, "target": by_pk[e.edge.target]}
        for e in graph.edges
    ]
    return graph, text


def outcomes_concerning(*, user: Any, instrument: Instrument) -> list[Outcome]:
    """The visible outcomes about this instrument, with their meeting (compiled once per
    reader)."""
    return precompiled(
        "workplans.outcomes_concerning",
        Outcome,
        user,
        lambda value: (
            Outcome.objects.visible_to(user)
            .filter(instrument_id=value)
            .select_related("meeting__body")
            .order_by("meeting__start_date", "number")
        ),
        instrument.pk,
    )


# -- versions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionEntry:
    version: InstrumentVersion
    changes: list[versions.Change]


def _reference_labels(user: Any, datas: list[dict[str, Any]]) -> versions.Labels:
    """Turn ids stored in snapshots into names, resolving only what the reader may see."""
    meeting_ids: set[int] = set()
    party_ids: set[int] = set()
    group_ids: set[int] = set()
    agency_ids: set[int] = set()
    instrument_ids: set[int] = set()
    for data in datas:
        meeting_ids.update(i for i in (data.get("adopted_at_id"), data.get("extended_at_id")) if i)
        meeting_ids.update(data.get("reviewed_at") or [])
        party_ids.update(data.get("parties") or [])
        if data.get("owner_party_id"):
            party_ids.add(data["owner_party_id"])
        if data.get("owner_agency_id"):
            agency_ids.add(data["owner_agency_id"])
        group_ids.update(data.get("sharing_groups") or [])
        instrument_ids.update(link["target"] for link in data.get("links") or [])
    # Each reference resolves through the one helper: a meeting, instrument or confidential
    # group the reader may not see is shown as restricted, never by its stored name.
    meetings = references.labels(user, Meeting, meeting_ids, label="title")
    parties = references.labels(user, Party, party_ids, label="code")
    agencies = references.labels(user, Agency, agency_ids, label="acronym")
    groups = references.labels(user, SharingGroup, group_ids, label="name")
    instruments = references.labels(user, Instrument, instrument_ids)

    def people(values: Any) -> str:
        return _("%d people") % len(values)

    names = {f.attname: str(f.verbose_name) for f in Instrument._meta.concrete_fields}
    names.update({f.name: str(f.verbose_name) for f in Instrument._meta.many_to_many})
    return versions.Labels(
        field_names=names,
        references={
            "adopted_at_id": references.shown(meetings),
            "extended_at_id": references.shown(meetings),
            "reviewed_at": references.shown_many(meetings, separator="; ", sort=False),
            "parties": references.shown_many(parties),
            "owner_party_id": references.shown(parties),
            "owner_agency_id": references.shown(agencies),
            "sharing_groups": references.shown_many(groups),
            "named_users": people,
        },
        visible_instruments=instruments,
        link_kinds={k: str(v) for k, v in OUTGOING_LABELS.items()},
    )


def version_history(*, user: Any, instrument: Instrument) -> list[VersionEntry]:
    """Versions, newest first, each with what changed since the one before."""
    rows = list(
        InstrumentVersion.objects.visible_to(user)
        .filter(instrument=instrument)
        .select_related("created_by")
        .order_by("number")
    )
    labels = _reference_labels(user, [row.data for row in rows])
    entries = []
    previous: dict[str, Any] | None = None
    for row in rows:
        entries.append(VersionEntry(row, versions.diff(previous, row.data, labels)))
        previous = row.data
    return entries[::-1]


# -- priority areas, activities, indicators, links ---------------------------------------------


def priority_area_by_id(*, user: Any, pk: int) -> PriorityArea:
    return _get_or_404(PriorityArea.objects.visible_to(user).select_related("instrument"), pk=pk)


def _activity_details(user: Any) -> QuerySet[Activity]:
    return (
        Activity.objects.visible_to(user)
        .select_related("priority_area__instrument")
        .prefetch_related(
            Prefetch("lead_parties", queryset=Party.objects.order_by("code")),
            Prefetch("participating_parties", queryset=Party.objects.order_by("code")),
            Prefetch("indicators", queryset=Indicator.objects.visible_to(user)),
            Prefetch(
                "priority_area__crime_areas", queryset=CrimeArea.objects.order_by("order", "code")
            ),
        )
    )


def area_summaries(*, user: Any, instrument: Instrument) -> list[PriorityArea]:
    """The visible priority areas of an instrument, each with the number of its visible
    activities, the years they span and where they stand this year (``status``).

    Two queries whatever the size of the plan (plus one for the crime areas): the counts are
    one grouped aggregate over the gated activities, never a list of them.
    """
    areas: list[Any] = precompiled(
        "workplans.area_summaries",
        PriorityArea,
        user,
        lambda value: (
            PriorityArea.objects.visible_to(user)
            .filter(instrument_id=value)
            .order_by("position", "pk")
        ),
        instrument.pk,
    )
    stats: dict[int, dict[str, Any]] = {}
    if areas:
        _with_crime_areas(areas, instrument.pk)
        # Grouped by area over the instrument's areas; only the visible ones are looked up.
        stats = {
            row["priority_area_id"]: row
            for row in precompiled(
                "workplans.area_activity_counts",
                Activity,
                user,
                lambda value: (
                    Activity.objects.visible_to(user)
                    .filter(
                        priority_area_id__in=PriorityArea.objects.filter(
                            instrument_id=value
                        ).values("pk")
                    )
                    .order_by()
                    .values("priority_area_id")
                    .annotate(
                        n=Count("pk"),
                        first=Min("start_year"),
                        last=Max(Coalesce("end_year", "start_year")),
                    )
                ),
                instrument.pk,
            )
        }
    this_year = timezone.localdate().year
    for area in areas:
        row = stats.get(area.pk, {})
        area.activity_count = row.get("n", 0)
        area.first_year = row.get("first")
        area.last_year = row.get("last")
        area.status, area.status_label = _area_status(
            area.activity_count,
            area.first_year,
            area.last_year,
            this_year,
        )
    return areas


def _with_crime_areas(areas: list[PriorityArea], instrument_id: int) -> None:
    """What ``Prefetch("crime_areas", …)`` leaves on each area, in the order of the registry,
    read in one statement compiled once for everyone (the crime areas are the public
    registry; the areas are those the reader may see)."""
    through = PriorityArea.crime_areas.through
    found: dict[int, list[CrimeArea]] = {}
    for link in precompiled(
        "workplans.area_crime_areas",
        through,
        None,
        lambda value: (
            through.objects.filter(priorityarea__instrument_id=value)
            .select_related("crimearea")
            .order_by("crimearea__order", "crimearea__code", "crimearea_id")
        ),
        instrument_id,
    ):
        found.setdefault(link.priorityarea_id, []).append(link.crimearea)
    for area in areas:
        crime_areas = area.crime_areas.all()
        crime_areas._result_cache = found.get(area.pk, [])
        crime_areas._prefetch_done = True  # type: ignore[attr-defined]
        area._prefetched_objects_cache = {"crime_areas": crime_areas}  # type: ignore[attr-defined]


def _area_status(
    count: int, first: int | None, last: int | None, this_year: int
) -> tuple[str, str]:
    """Where a priority area stands, read from the years of its activities."""
    if not count:
        return "none", _("no activities")
    if first is not None and first > this_year:
        return "planned", _("planned")
    if last is not None and last < this_year:
        return "ended", _("ended")
    if first is None and last is None:
        return "undated", _("no years recorded")
    return "under_way", _("under way")


def activity_slice(
    *, user: Any, instrument_id: int, area_id: int | None, start: int, stop: int
) -> list[Activity]:
    """Rows ``start:stop`` of the visible activities of one visible priority area (``area_id``)
    or of every visible area of the instrument, in the order of the areas and then by code:
    compiled once per reader, kind and slice (the slices of a plan are bounded by its size)."""
    if area_id is None:

        def build(value: int) -> QuerySet[Activity]:
            areas = PriorityArea.objects.visible_to(user).filter(instrument_id=value)
            return Activity.objects.visible_to(user).filter(priority_area_id__in=areas.values("pk"))
    else:

        def build(value: int) -> QuerySet[Activity]:
            return Activity.objects.visible_to(user).filter(priority_area_id=value)

    return precompiled(
        f"workplans.activity_slice.{'all' if area_id is None else 'area'}.{start}.{stop}",
        Activity,
        user,
        lambda value: (
            build(value)
            .only("pk", "code", "title", "start_year", "end_year", "priority_area_id")
            .order_by("priority_area__position", "priority_area_id", "code", "pk")[start:stop]
        ),
        instrument_id if area_id is None else area_id,
    )


def with_party_codes(activities: list[Activity]) -> list[Activity]:
    """Give each activity ``lead_codes`` and ``participant_codes`` ("IDN, JPN"): two queries
    of codes for a page of activities, not a party record per row (the registry is public)."""
    ids = tuple(dict.fromkeys(a.pk for a in activities))
    codes: dict[str, dict[int, list[str]]] = {"lead": {}, "participating": {}}
    for role, through in (
        ("lead", Activity.lead_parties.through),
        ("participating", Activity.participating_parties.through),
    ):
        if not ids:
            continue
        # Compiled once for everyone and page length (the registry is public).
        for activity_id, code in precompiled(
            f"workplans.party_codes.{role}",
            through,
            None,
            lambda *values, through=through: (
                through.objects.filter(activity_id__in=values)
                .order_by("party__code")
                .values_list("activity_id", "party__code")
            ),
            ids,
        ):
            codes[role].setdefault(activity_id, []).append(code)
    for activity in activities:
        activity.lead_codes = ", ".join(codes["lead"].get(activity.pk, []))  # type: ignore[attr-defined]
        activity.participant_codes = ", ".join(codes["participating"].get(activity.pk, []))  # type: ignore[attr-defined]
    return activities


def activity_by_id(*, user: Any, pk: int) -> Activity:
    """A visible activity with its indicators, parties, priority area and instrument."""
    return _get_or_404(_activity_details(user), pk=pk)


def _as_prefetched(obj: Any, name: str, rows: list[Any]) -> None:
    """Leave ``rows`` where ``prefetch_related(name)`` would: ``obj.<name>.all()`` reads them."""
    related = getattr(obj, name).all()
    related._result_cache = rows
    related._prefetch_done = True
    obj._prefetched_objects_cache = {**getattr(obj, "_prefetched_objects_cache", {}), name: related}


def activity_page(*, user: Any, pk: int) -> Activity:
    """What :func:`activity_by_id` gives, each read compiled once per reader (the activity
    and its indicators, through the gate) or once for everyone (its parties and its area's
    crime areas: the registry is public)."""
    found = precompiled(
        "workplans.activity_page",
        Activity,
        user,
        lambda value: (
            Activity.objects.visible_to(user)
            .select_related("priority_area__instrument")
            .filter(pk=value)
            .order_by()
        ),
        pk,
    )
    if not found:
        raise Http404
    activity = found[0]
    for name, through in (
        ("lead_parties", Activity.lead_parties.through),
        ("participating_parties", Activity.participating_parties.through),
    ):
        _as_prefetched(
            activity,
            name,
            precompiled(
                f"workplans.activity_{name}",
                Party,
                None,
                lambda value, through=through: Party.objects.filter(
                    pk__in=through.objects.filter(activity_id=value).values("party_id")
                ).order_by("code"),
                pk,
            ),
        )
    _as_prefetched(
        activity,
        "indicators",
        precompiled(
            "workplans.activity_indicators",
            Indicator,
            user,
            lambda value: Indicator.objects.visible_to(user).filter(activity_id=value),
            pk,
        ),
    )
    area_links = PriorityArea.crime_areas.through
    _as_prefetched(
        activity.priority_area,
        "crime_areas",
        precompiled(
            "workplans.priority_area_crime_areas",
            CrimeArea,
            None,
            lambda value: CrimeArea.objects.filter(
                pk__in=area_links.objects.filter(priorityarea_id=value).values("crimearea_id")
            ).order_by("order", "code"),
            activity.priority_area_id,
        ),
    )
    return activity


def activity_list(
    *, user: Any, instrument: int | None = None, party: str = "", crime_area: str = ""
) -> QuerySet[Activity]:
    """Visible activities, filtered by instrument id, party code (lead or participating) or
    crime area code of their priority area.

    The activities of one instrument come in the order of its priority areas and codes; the
    whole list comes in the order activities were recorded (by id), which the database reads
    a page at a time from its index instead of sorting every visible activity by title, and
    which stays put while a client walks the pages.
    """
    qs = (
        Activity.objects.visible_to(user)
        .select_related("priority_area")
        .prefetch_related(
            Prefetch("lead_parties", queryset=Party.objects.order_by("code").only("code")),
            Prefetch("participating_parties", queryset=Party.objects.order_by("code").only("code")),
            Prefetch("indicators", queryset=Indicator.objects.visible_to(user)),
            Prefetch(
                "priority_area__crime_areas",
                queryset=CrimeArea.objects.order_by("order", "code").only("code"),
            ),
        )
    )
    if instrument is not None:
        qs = qs.filter(priority_area__instrument_id=instrument)
    if party.strip():
        code = party.strip()
        lead = Activity.lead_parties.through.objects.filter(party__code__iexact=code)
        joined = Activity.participating_parties.through.objects.filter(party__code__iexact=code)
        qs = qs.filter(
            Q(pk__in=lead.values("activity_id")) | Q(pk__in=joined.values("activity_id"))
        )
    if crime_area.strip():
        areas = PriorityArea.crime_areas.through.objects.filter(
            crimearea__code__iexact=crime_area.strip()
        )
        qs = qs.filter(priority_area_id__in=areas.values("priorityarea_id"))
    if instrument is not None:
        return qs.order_by("priority_area__position", "priority_area_id", "code", "pk")
    return qs.order_by("pk")


def listed_activities(
    *,
    user: Any,
    instrument_key: str = "",
    q: str = "",
    kind: str = "",
    party: str = "",
    sort: str = "period",
) -> QuerySet[Activity]:
    """The visible activities of the instruments the instrument list shows with the same
    filters (see :func:`instrument_list`), or of one instrument (``instrument_key``): in the
    list's order of instruments, then by priority area and code. Parties, crime areas and
    visible indicators are prefetched (per chunk when iterated in chunks)."""
    instruments: QuerySet[Instrument]
    if instrument_key:
        instruments = Instrument.objects.visible_to(user).filter(key=instrument_key)
    else:
        instruments = instrument_list(user=user, q=q, kind=kind, party=party)
    within = ("priority_area__position", "priority_area_id", "code", "pk")
    orders = _orderings("priority_area__instrument__")
    return (
        activity_list(user=user)
        .select_related("priority_area__instrument")
        .filter(priority_area__instrument__in=instruments.values("pk"))
        .order_by(*orders.get(sort, orders["period"]), *within)
    )


def indicator_by_id(*, user: Any, pk: int) -> Indicator:
    return _get_or_404(
        Indicator.objects.visible_to(user).select_related("activity__priority_area__instrument"),
        pk=pk,
    )


def link_by_id(*, user: Any, pk: int) -> InstrumentLink:
    return _get_or_404(
        InstrumentLink.objects.visible_to(user).select_related("source", "target"), pk=pk
    )


def outgoing_links(*, user: Any, instrument: Instrument) -> list[InstrumentLink]:
    return list(
        InstrumentLink.objects.visible_to(user)
        .filter(source=instrument)
        .select_related("target")
        .order_by("kind", "target__title")
    )


# -- choices for forms -------------------------------------------------------------------------


def meeting_choices(*, user: Any) -> QuerySet[Meeting]:
    return _visible_meetings(user).order_by("-start_date")


def instrument_choices(*, user: Any, exclude: Instrument | None = None) -> QuerySet[Instrument]:
    qs = Instrument.objects.visible_to(user).order_by("title")
    return qs.exclude(pk=exclude.pk) if exclude is not None else qs


def party_choices() -> QuerySet[Party]:
    """The registry is public."""
    return Party.objects.order_by("code")
