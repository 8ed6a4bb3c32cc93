"""The workbook's ``frameworks`` column: the framework items an activity serves (SDG 16
targets, other instruments' priority areas), as the codes of :mod:`mufakat.frameworks`
(``sdg-16 / 16.4``; ``SDG 16.4`` is read too). Several codes in a cell are separated by ``;``.

This adapter is the only place the workbook touches that app; without it installed the column
is simply left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.db import transaction

SEPARATOR = "; "


def enabled() -> bool:
    return apps.is_installed("mufakat.frameworks")


def mappings_of(*, user: Any, activities: Iterable[Any]) -> dict[int, tuple[str, ...]]:
    """Activity id → the codes of the framework items it serves, of those ``user`` may see."""
    activities = list(activities)
    if not enabled() or not activities:
        return {}
    from mufakat.frameworks.models import ActivityMapping

    found: dict[int, list[str]] = {}
    for mapping in (
        ActivityMapping.objects.visible_to(user)
        .filter(activity__in=activities)
        .select_related("item__framework")
    ):
        found.setdefault(mapping.activity_id, []).append(mapping.item.reference)
    return {pk: tuple(sorted(codes)) for pk, codes in found.items()}


def item_codes(*, user: Any) -> dict[str, str]:
    """Code → label and title of every framework item the reader may see (the dropdown)."""
    if not enabled():
        return {}
    from mufakat.frameworks.models import FrameworkItem

    items = (
        FrameworkItem.objects.visible_to(user)
        .select_related("framework")
        .order_by("framework__title", "position", "code")
    )
    return {item.reference: f"{item.label} {item.title}" for item in items}


def resolve(text: str, *, user: Any) -> tuple[str, ...]:
    """The canonical codes of a cell, or the ValidationError naming the first unknown one.

    An instrument named by its key becomes a framework only when the upload is confirmed:
    here that is tried and undone.
    """
    from mufakat.frameworks.services import resolve_item_codes

    if not text.strip():
        return ()
    with transaction.atomic():
        items = resolve_item_codes(text, user=user, mirror=True)
        codes = tuple(sorted(item.reference for item in items))
        transaction.set_rollback(True)
    return codes


def apply(*, actor: Any, mappings: dict[Any, tuple[str, ...]]) -> None:
    """Set each activity's framework items to exactly these codes, inside the caller's
    transaction and version."""
    if not enabled():
        return
    from mufakat.frameworks.services import set_activity_mappings

    for activity, codes in mappings.items():
        set_activity_mappings(actor=actor, activity=activity, items=list(codes), version=False)
