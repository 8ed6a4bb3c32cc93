"""Reads of frameworks and of the activities serving them. Every function takes ``user=`` and
goes through the gate: a framework derived from an instrument is visible with its instrument,
a mapping only where both its activity and its item are, and every count counts only those.

Where an activity stands is what monitoring says of it: the progress reports the reader may
see (``monitoring.rollups.visible_reports`` — another party's draft is not among them) of the
latest round that has any, one status per reporting party.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from mufakat.frameworks.models import ActivityMapping, Framework, FrameworkItem
from mufakat.monitoring.rollups import visible_reports
from mufakat.workplans.models import Activity, Instrument, PriorityArea
from mufakat.workplans.selectors import with_party_codes


def _get_or_404(qs: QuerySet[Any], **lookup: Any) -> Any:
    found = qs.filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def _visible_mappings(user: Any) -> QuerySet[ActivityMapping]:
    return ActivityMapping.objects.visible_to(user)


# -- frameworks and items ----------------------------------------------------------------------


def framework_list(*, user: Any) -> list[Framework]:
    """Visible frameworks, reference frameworks first, each with ``item_count``; two queries."""
    frameworks = list(
        Framework.objects.visible_to(user)
        .select_related("instrument")
        .annotate(item_count=Count("items"))
        .order_by("instrument_id", "title")
    )
    reference = [f for f in frameworks if f.instrument_id is None]
    derived = sorted(
        (f for f in frameworks if f.instrument_id is not None), key=lambda f: f.title.lower()
    )
    return reference + derived


def framework_by_key(*, user: Any, key: str) -> Framework:
    return _get_or_404(Framework.objects.visible_to(user).select_related("instrument"), key=key)


def framework_items(*, user: Any, framework: Framework) -> list[FrameworkItem]:
    """The framework's items, each with ``activity_count``: the activities serving it that the
    reader may see (one grouped count over the gated mappings, never a list of them)."""
    items = list(
        FrameworkItem.objects.visible_to(user)
        .filter(framework=framework)
        .select_related("parent")
        .order_by("position")
    )
    counts = dict(
        _visible_mappings(user)
        .filter(item__framework=framework)
        .order_by()
        .values_list("item_id")
        .annotate(n=Count("activity_id"))
    )
    for item in items:
        item.framework = framework
        item.activity_count = counts.get(item.pk, 0)
    return items


def item_by_code(*, user: Any, key: str, code: str) -> FrameworkItem:
    return _get_or_404(
        FrameworkItem.objects.visible_to(user).select_related("framework__instrument"),
        framework__key=key,
        code=code,
    )


def item_choices(*, user: Any) -> list[FrameworkItem]:
    """Every item the reader may see, by framework (the mapping editor's choices)."""
    return list(
        FrameworkItem.objects.visible_to(user)
        .select_related("framework")
        .order_by("framework__instrument_id", "framework__title", "position", "code")
    )


def instruments_to_mirror(*, user: Any) -> QuerySet[Instrument]:
    """Visible instruments with priority areas whose areas are not yet a framework."""
    return (
        Instrument.objects.visible_to(user)
        .filter(
            Exists(PriorityArea.objects.filter(instrument=OuterRef("pk"))),
            framework__isnull=True,
        )
        .order_by("title")
    )


# -- the activities serving an item ------------------------------------------------------------


def item_activities(*, user: Any, item: FrameworkItem) -> QuerySet[Activity]:
    """The visible activities serving ``item``, across the instruments the reader may see, by
    instrument and code (paginate, then :func:`with_row_details` for the page)."""
    serving = _visible_mappings(user).filter(item=item).values("activity_id")
    return (
        Activity.objects.visible_to(user)
        .filter(pk__in=serving)
        .select_related("priority_area__instrument")
        .order_by("priority_area__instrument__title", "priority_area__position", "code", "pk")
    )


@dataclass
class Standing:
    """Where an activity stands: the statuses of the latest round with a report the reader may
    see, one per reporting party."""

    round_title: str = ""
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (party code, status)

    @property
    def common(self) -> str | None:
        """The one status every party reported, if they agree."""
        found = {status for _party, status in self.statuses}
        return found.pop() if len(found) == 1 else None


def with_standing(*, user: Any, activities: Sequence[Activity]) -> list[Activity]:
    """Give each activity ``standing`` (a :class:`Standing`, or None where the reader may see
    no report on it): one query for a page of activities."""
    latest: dict[int, tuple[int, Standing]] = {}
    reports = (
        visible_reports(user)
        .filter(activity__in=[a.pk for a in activities])
        .order_by("activity_id", "-round__due_date", "-round_id", "party__code")
        .values_list("activity_id", "round_id", "round__title", "party__code", "status")
    )
    for activity_id, round_id, round_title, party, status in reports:
        if activity_id not in latest:
            latest[activity_id] = (round_id, Standing(round_title=round_title))
        chosen, standing = latest[activity_id]
        if round_id == chosen:
            standing.statuses.append((party, status))
    for activity in activities:
        found = latest.get(activity.pk)
        activity.standing = found[1] if found else None  # type: ignore[attr-defined]
    return list(activities)


def with_row_details(*, user: Any, activities: Sequence[Activity]) -> list[Activity]:
    """Lead and participating party codes and the standing of a page of activities: three
    queries whatever its length."""
    return with_standing(user=user, activities=with_party_codes(list(activities)))


# -- the mappings of activities ----------------------------------------------------------------


def activity_mappings(*, user: Any, activity: Activity) -> list[ActivityMapping]:
    """The items a visible activity serves, of frameworks the reader may see."""
    return list(
        _visible_mappings(user)
        .filter(activity=activity)
        .select_related("item__framework")
        .order_by("item__framework__instrument_id", "item__framework__title", "item__position")
    )


def items_by_activity(*, user: Any, activity_ids: Iterable[int]) -> dict[int, list[FrameworkItem]]:
    """The items each activity serves (those the reader may see), in one query for a page."""
    ids = sorted(set(activity_ids))
    found: dict[int, list[FrameworkItem]] = defaultdict(list)
    if not ids:
        return found
    for mapping in (
        _visible_mappings(user)
        .filter(activity_id__in=ids)
        .select_related("item__framework")
        .order_by("item__framework__instrument_id", "item__framework__title", "item__position")
    ):
        found[mapping.activity_id].append(mapping.item)
    return found


def instrument_mappings(*, user: Any, instrument: Instrument) -> QuerySet[ActivityMapping]:
    """The mappings of a visible instrument's activities (the API's list of an instrument)."""
    return (
        _visible_mappings(user)
        .filter(activity__priority_area__instrument=instrument)
        .select_related("activity", "item__framework")
        .order_by("activity__priority_area__position", "activity__code", "item__position")
    )


def activity_with_items(*, user: Any, pk: int) -> Activity:
    """A visible activity with ``framework_items`` it serves (the API)."""
    activity = _get_or_404(
        Activity.objects.visible_to(user)
        .select_related("priority_area__instrument")
        .prefetch_related(
            Prefetch(
                "framework_mappings",
                queryset=_visible_mappings(user)
                .select_related("item__framework")
                .order_by("item__framework__title", "item__position"),
                to_attr="visible_mappings",
            )
        ),
        pk=pk,
    )
    return activity


def item_by_pk(*, user: Any, pk: int) -> FrameworkItem:
    return _get_or_404(FrameworkItem.objects.visible_to(user).select_related("framework"), pk=pk)


def counted_markings(*, user: Any, framework: Framework) -> list[str]:
    """The TLP labels of the instruments whose activities the framework page counts (the
    page's marking is the strictest of them)."""
    return list(
        _visible_mappings(user)
        .filter(item__framework=framework)
        .order_by()
        .values_list("activity__priority_area__instrument__tlp", flat=True)
        .distinct()
    )
