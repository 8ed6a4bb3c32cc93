"""Related material: the knowledge items next to a meeting, instrument, activity or party.

Two short lists for the detail pages of other apps — the items *linked* to the record, and
other items on the *same crime areas* — both through the gate, so an item the reader may not
open is never shown, nor counted. Both lists come from one query whatever their length (each
cut by a window over its own group), plus one for the record's crime areas, so the panels add
no N+1 to the pages that include them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from mufakat.core.visibility import precompiled
from mufakat.library.models import KnowledgeItem
from mufakat.registry.models import CrimeArea

if TYPE_CHECKING:
    from mufakat.meetings.models import Meeting
    from mufakat.registry.models import Party
    from mufakat.workplans.models import Activity, Instrument

DEFAULT_LIMIT = 8


@dataclass
class RelatedItems:
    """What the panel shows; ``more_*`` say a list was cut at the limit (no total is given)."""

    linked: list[KnowledgeItem] = field(default_factory=list)
    same_crime_areas: list[KnowledgeItem] = field(default_factory=list)
    crime_areas: list[CrimeArea] = field(default_factory=list)
    more_linked: bool = False
    more_same_crime_areas: bool = False

    def __bool__(self) -> bool:
        return bool(self.linked or self.same_crime_areas)


def _through_ids(name: str, **lookup: Any) -> QuerySet[Any]:
    """Item ids from an M2M table of KnowledgeItem (a subquery, not a join: no duplicates)."""
    through = getattr(KnowledgeItem, name).through
    return through.objects.filter(**lookup).values("knowledgeitem_id")


def _linked_condition(
    *,
    meeting: Meeting | None,
    instrument: Instrument | None,
    activity: Activity | None,
    party: Party | None,
) -> Q:
    if meeting is not None:
        return Q(meeting_id=meeting.pk)
    if instrument is not None:
        # Material on one of its activities is material on the instrument too.
        return Q(instrument_id=instrument.pk) | Q(
            activity__priority_area__instrument_id=instrument.pk
        )
    if activity is not None:
        return Q(activity_id=activity.pk)
    assert party is not None
    return Q(owner_party_id=party.pk) | Q(pk__in=_through_ids("parties", party_id=party.pk))


def _crime_areas(
    *, meeting: Meeting | None, instrument: Instrument | None, activity: Activity | None
) -> QuerySet[CrimeArea]:
    """The record's crime areas: its body's, its priority areas', its priority area's."""
    if meeting is not None:
        return CrimeArea.objects.filter(bodies__pk=meeting.body_id)
    if instrument is not None:
        return CrimeArea.objects.filter(priority_areas__instrument_id=instrument.pk)
    if activity is not None:
        return CrimeArea.objects.filter(priority_areas__pk=activity.priority_area_id)
    return CrimeArea.objects.none()


def _newest(qs: QuerySet[KnowledgeItem], limit: int) -> tuple[list[KnowledgeItem], bool]:
    rows = list(qs.select_related("owner_party").order_by("-published_at", "-pk")[: limit + 1])
    return rows[:limit], len(rows) > limit


def _newest_of_both(
    visible: QuerySet[KnowledgeItem], linked_q: Q, area_ids: Any, limit: int
) -> tuple[list[KnowledgeItem], list[KnowledgeItem]]:
    """The newest ``limit + 1`` linked items and the newest ``limit + 1`` others on the areas,
    in one query: each row knows which list it belongs to and its rank there."""
    return _split(_newest_of_both_rows(visible, linked_q, area_ids, limit))


def _split(rows: Iterable[KnowledgeItem]) -> tuple[list[KnowledgeItem], list[KnowledgeItem]]:
    linked: list[KnowledgeItem] = []
    others: list[KnowledgeItem] = []
    for row in rows:
        (linked if row.is_linked else others).append(row)  # type: ignore[attr-defined]
    return linked, others


def _newest_of_both_rows(
    visible: QuerySet[KnowledgeItem], linked_q: Q, area_ids: Any, limit: int
) -> QuerySet[KnowledgeItem]:
    """``area_ids``: a list of ids or a subquery of them."""
    newest = (F("published_at").desc(), F("pk").desc())
    return (
        visible.filter(linked_q | Q(pk__in=_through_ids("crime_areas", crimearea_id__in=area_ids)))
        .annotate(
            is_linked=Case(
                When(linked_q, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .annotate(rank=Window(RowNumber(), partition_by=[F("is_linked")], order_by=newest))
        .filter(rank__lte=limit + 1)
        .select_related("owner_party")
        .order_by(*newest)
    )


def _related_to_meeting(*, user: Any, meeting: Meeting, limit: int) -> RelatedItems:
    """:func:`related_items` for a meeting, the page read most: its two statements compiled
    once per reader (:func:`~mufakat.core.visibility.precompiled`), the body's crime areas
    named by a subquery in the second, the same rows as the ids the first reads."""
    result = RelatedItems()
    result.crime_areas = precompiled(
        "library.meeting_crime_areas",
        CrimeArea,
        user,
        lambda body_id: (
            CrimeArea.objects.filter(bodies__pk=body_id).distinct().order_by("order", "name")
        ),
        meeting.body_id,
    )
    if not result.crime_areas:
        visible = KnowledgeItem.objects.visible_to(user)
        result.linked, result.more_linked = _newest(visible.filter(meeting_id=meeting.pk), limit)
        return result

    def build(meeting_id: int, body_id: int) -> QuerySet[KnowledgeItem]:
        areas = CrimeArea.objects.filter(bodies__pk=body_id).values("pk")
        visible = KnowledgeItem.objects.visible_to(user)
        return _newest_of_both_rows(visible, Q(meeting_id=meeting_id), areas, limit)

    rows = precompiled(
        f"library.related_to_meeting.{limit}",
        KnowledgeItem,
        user,
        build,
        (meeting.pk, meeting.body_id),
    )
    linked, others = _split(rows)
    result.linked, result.more_linked = linked[:limit], len(linked) > limit
    result.same_crime_areas, result.more_same_crime_areas = others[:limit], len(others) > limit
    return result


def related_items(
    *,
    user: Any,
    meeting: Meeting | None = None,
    instrument: Instrument | None = None,
    activity: Activity | None = None,
    party: Party | None = None,
    limit: int = DEFAULT_LIMIT,
) -> RelatedItems:
    """Visible items linked to exactly one given record, and others sharing its crime areas.

    For a party, "linked" means owned by or concerning it; a party has no crime areas.
    """
    given = [r for r in (meeting, instrument, activity, party) if r is not None]
    if len(given) != 1:
        raise TypeError("related_items() takes exactly one of meeting, instrument, activity, party")
    if meeting is not None:
        return _related_to_meeting(user=user, meeting=meeting, limit=limit)
    visible = KnowledgeItem.objects.visible_to(user)
    linked_q = _linked_condition(
        meeting=meeting, instrument=instrument, activity=activity, party=party
    )
    result = RelatedItems()
    if party is not None:
        result.linked, result.more_linked = _newest(visible.filter(linked_q), limit)
        return result
    areas = _crime_areas(meeting=meeting, instrument=instrument, activity=activity)
    result.crime_areas = list(areas.distinct().order_by("order", "name"))
    if not result.crime_areas:
        result.linked, result.more_linked = _newest(visible.filter(linked_q), limit)
        return result
    area_ids = [a.pk for a in result.crime_areas]
    linked, others = _newest_of_both(visible, linked_q, area_ids, limit)
    result.linked, result.more_linked = linked[:limit], len(linked) > limit
    result.same_crime_areas, result.more_same_crime_areas = others[:limit], len(others) > limit
    return result
