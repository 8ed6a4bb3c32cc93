"""The workbook's ``frameworks`` column: which framework items an activity contributes to.

The mappings themselves live in :mod:`mufakat.frameworks`; this adapter is the only place the
workbook touches them. Without that app installed the column is simply left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps


def enabled() -> bool:
    return apps.is_installed("mufakat.frameworks")


def mappings_of(activities: Iterable[Any]) -> dict[int, tuple[str, ...]]:
    """Activity id → the codes of the framework items it is mapped to."""
    if not enabled():
        return {}
    return {}


def item_codes(*, user: Any) -> dict[str, str]:
    """Code → title of every framework item the reader may map to."""
    if not enabled():
        return {}
    return {}


def apply(*, actor: Any, mappings: dict[Any, tuple[str, ...]]) -> None:
    """Set each activity's framework items to exactly these codes (inside the caller's
    transaction)."""
    if not enabled():
        return
