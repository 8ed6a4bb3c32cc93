"""Related material: the knowledge items next to a meeting, instrument, activity or party.

Two short lists for the detail pages of other apps — the items *linked* to the record, and
other items on the *same crime areas* — both through the gate, so an item the reader may not
open is never shown, nor counted. Each list costs one query whatever its length (plus one for
the record's crime areas), so the panels add no N+1 to the pages that include them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

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
    visible = KnowledgeItem.objects.visible_to(user)
    linked_q = _linked_condition(
        meeting=meeting, instrument=instrument, activity=activity, party=party
    )
    result = RelatedItems()
    result.linked, result.more_linked = _newest(visible.filter(linked_q), limit)
    if party is None:
        result.crime_areas = list(
            _crime_areas(meeting=meeting, instrument=instrument, activity=activity)
            .distinct()
            .order_by("order", "name")
        )
    if result.crime_areas:
        sharing = _through_ids("crime_areas", crimearea_id__in=[a.pk for a in result.crime_areas])
        result.same_crime_areas, result.more_same_crime_areas = _newest(
            visible.filter(pk__in=sharing).exclude(linked_q), limit
        )
    return result
